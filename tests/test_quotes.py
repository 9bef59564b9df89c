"""Quotes stage: extraction, speakers, robustness, entity links, grouping and altered quotes.

Expected values were written by reading each sentence, not copied from the program.
"""

from __future__ import annotations

import hashlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analyse.quote_diff import changes_words, key_words, normalise_word, word_diff
from generator.analyse.quotes import extract_quotes, group_quotes, link_speakers, marked_passages
from generator.records import (
    Alias, Article, DiffToken, Entity, EntityMention, Guess, Mention, Quote,
)


def make_article(text: str, article_id: str = "a") -> Article:
    unknown = Guess(None, "not stated")
    return Article(article_id, f"{article_id}.txt", text, unknown, unknown, unknown, unknown, unknown, (),
                   hashlib.sha256(text.encode()).hexdigest())


def mentions_of(doc) -> tuple[Mention, ...]:
    sentences = list(doc.sents)
    return tuple(Mention(e.text, e.label_, e.start_char, e.end_char,
                         next(i for i, s in enumerate(sentences) if s.start <= e.start < s.end))
                 for e in doc.ents)


def quotes_in(nlp, text: str, article_id: str = "a") -> tuple[Quote, ...]:
    doc = nlp(text)
    return extract_quotes(make_article(text, article_id), doc, mentions_of(doc))


def summary(quotes: tuple[Quote, ...]) -> list[tuple[str, str, bool]]:
    return [(q.text, q.speaker_name, q.direct) for q in quotes]


# --------------------------------------------------------------------------- extraction and speakers

EXTRACTION = [
    ('"We will not back down," Mayor Jane Holloway said on Friday.',
     [("We will not back down", "Jane Holloway", True)]),
    ("Jane Holloway said: “The budget is balanced.”",
     [("The budget is balanced.", "Jane Holloway", True)]),
    ("“The budget is balanced,” said Holloway.",
     [("The budget is balanced", "Holloway", True)]),
    ("Councillor Maria Esposito spoke after the vote. “We tried,” she said, “and we failed.”",
     [("We tried, and we failed.", "Maria Esposito", True)]),
    ("Maria Esposito said that the council would appeal the ruling.",
     [("the council would appeal the ruling", "Maria Esposito", False)]),
    ("The bridge will reopen in May, according to Transport Minister Paul Ndiaye.",
     [("The bridge will reopen in May", "Paul Ndiaye", False)]),
    ('Paul Ndiaye said the works would "take time" to finish properly.',
     [('the works would "take time" to finish properly', "Paul Ndiaye", False)]),
    ('Paul Ndiaye said the city would "never again let a bridge fall apart".',
     [('the city would "never again let a bridge fall apart"', "Paul Ndiaye", True)]),
    ("An official said the talks had stalled.",
     [("the talks had stalled", "An official", False)]),
    ('The so-called "reform" was dropped after a week.', []),
    ("The workers’ union rejected the company’s offer on Monday.", []),
    ("Finance Minister Olga Brandt presented the budget. “It is a fair budget,” she said.",
     [("It is a fair budget", "Olga Brandt", True)]),
    ("Spokeswoman Karen Liu spoke first. Then Tom Baker, a lawyer, spoke. “We disagree,” the spokeswoman added.",
     [("We disagree", "Karen Liu", True)]),
    ("“The first part is done,” said Olga Brandt.\n\n“The second part starts in June.”",
     [("The first part is done", "Olga Brandt", True), ("The second part starts in June.", "Olga Brandt", True)]),
    ("Olga Brandt said: “We will cut taxes.\n\n“We will also cut spending.”",
     [("We will cut taxes. We will also cut spending.", "Olga Brandt", True)]),
    ("‘We will not resign,’ the chairman, Peter Hale, told reporters.",
     [("We will not resign", "Peter Hale", True)]),
    ("Sources close to the talks claimed the deal had collapsed.",
     [("the deal had collapsed", "Sources close to the talks", False)]),
    ("The election board was blunt in its findings: “Further discussion is unnecessary.”",
     [("Further discussion is unnecessary.", "The election board", True)]),
    ("“We will appeal,” said Olga Brandt. Later, the official said the appeal had been filed.",
     [("We will appeal", "Olga Brandt", True), ("the appeal had been filed", "the official", False)]),
    ("“They should leave,” the officers who patrolled the square said.",
     [("They should leave", "the officers", True)]),
    # A fragment in the writer's own clause is not a quote of its own, even with a cue after it.
    ("Kim told Putin that Russia would win the struggle to “punish the evil forces,” adding that he was a friend.",
     [("Russia would win the struggle to “punish the evil forces", "Kim", False),
      ("he was a friend", "Kim", False)]),
    # "the former mayor" is not the sitting mayor.
    ("Mayor Lucia Ferrante said the ferry would close. Her predecessor, Tom Ashdown, warned that the "
     "bridge would fill up. The former mayor continued: “I kept that ferry running.”",
     [("the ferry would close", "Lucia Ferrante", False),
      ("the bridge would fill up", "Tom Ashdown", False),
      ("I kept that ferry running.", "Tom Ashdown", True)]),
    # A person's remarks as subject stand for the person; "he" then refers back to him.
    ("Analysts said the deal was near. Mr. Trump’s comments suggested he backed the deal.\n\n"
     "“They have my blessing,” he said.",
     [("the deal was near", "Analysts", False), ("he backed the deal", "Trump", False),
      ("They have my blessing", "Trump", True)]),
    # A name inside the quotation marks (a vocative) is not who "he" is.
    ("Prime Minister Shinzo Abe praised the plan. “Donald,” he said, “you have shown courage.”",
     [("Donald, you have shown courage.", "Shinzo Abe", True)]),
    # Two quote sentences with two cues are two quotes, not one split quote.
    ('"For us, this is about who we are," said Heather Cronk. She added: "This is an existential moment."',
     [("For us, this is about who we are", "Heather Cronk", True),
      ("This is an existential moment.", "Heather Cronk", True)]),
    # "issuing a statement saying …": the one who issued it speaks.
    ("Attorney General Jeff Sessions responded on Monday, issuing a statement saying he had "
     "directed prosecutors to act quickly.",
     [("he had directed prosecutors to act quickly", "Jeff Sessions", False)]),
    # A clause the parser hangs after the cue of a direct quote is the writer's, not a second quote.
    ('"The hour has finally arrived," Mr. Claros said on Sunday as he, other migrants and reporters '
     'gathered in front of a community center.',
     [("The hour has finally arrived", "Claros", True)]),
    # A quote paragraph with no cue after a sentence about a newly named person: that person speaks.
    ("“It is a tough charge,” Mike Pence said.\n\nSenator Mary Walsh rejected that idea.\n\n"
     "“We know she cannot be trusted with secrets.”",
     [("It is a tough charge", "Mike Pence", True),
      ("We know she cannot be trusted with secrets.", "Mary Walsh", True)]),
    # A lead-in ending in a colon, in the paragraph before the quote.
    ("Senator Ted Cruz called the moderators out on it:\n\n“The questions asked in this debate "
     "illustrate why people don’t trust the media.”",
     [("The questions asked in this debate illustrate why people don’t trust the media.", "Ted Cruz", True)]),
    # "sent a text message saying": who sent it.
    ("Bernie Sanders sent a text message to supporters saying: “We were just declared the winner!”",
     [("We were just declared the winner!", "Bernie Sanders", True)]),
    # The parser ends a sentence at "!" or "?": the cue after the closing mark still attributes it.
    ("“Gov. Christie, blink twice if you’re in trouble!” one person tweeted.",
     [("Gov. Christie, blink twice if you’re in trouble!", "one person", True)]),
    ("“Should there be a database that tracks them?” a reporter asked Trump.",
     [("Should there be a database that tracks them?", "a reporter", True)]),
    ("As the analyst David Byler pointed out in December, “The delegates can change the rules.”",
     [("The delegates can change the rules.", "David Byler", True)]),
    # "it" inside the sentence of a named organisation or country is that one.
    ("Israel presented on Monday what it said was evidence that Iran had continued its research.",
     [("what it said was evidence that Iran had continued its research", "Israel", False)]),
    # An indirect question after the verb is no statement.
    ("But the announcement has also revealed how some senior politicians have changed their minds.", []),
    ("Larry Kudlow declined to predict how the president would respond.", []),
    # An unnamed role named in the next sentence as "The spokeswoman, <name>" is that person;
    # "another spokesman" is not the first one.
    ("According to a council spokeswoman, the pool will be sold next spring. The spokeswoman, Dana "
     "Whitcombe, said the council had received several offers.",
     [("the pool will be sold next spring", "Dana Whitcombe", False),
      ("the council had received several offers", "Dana Whitcombe", False)]),
    ("A spokesman said the plant would close. Another spokesman, Tim Brown, said it would not close.",
     [("the plant would close", "A spokesman", False), ("it would not close", "Tim Brown", False)]),
    ('Even before Sanders took the stage, his campaign sent out a text message to supporters saying: '
     '"With your help, we were declared the winner!"',
     [("With your help, we were declared the winner!", "his campaign", True)]),
    # "read" attributes the words of a sign or document.
    ('The plaque read on its front side, "Here lies a hero" and other words.',
     [("Here lies a hero", "The plaque", True)]),
    # A qualified role ("the Florida senator") goes to the holder it fits, not to the last senator.
    ("Vermont Senator Bernie Sanders said the system was rigged. Florida Senator Marco Rubio spoke later. "
     "Then Sanders left. The Florida senator said he felt good about Iowa.",
     [("the system was rigged", "Bernie Sanders", False), ("he felt good about Iowa", "Marco Rubio", False)]),
    # A cue hanging from another verb ("planned to ask") still attributes the quote before it, and
    # "according to" then names the source of that quote, not a statement of its own.
    ('Michael Flynn resigned in February.\n\n"What calls were made to General Flynn?" Robert Mueller planned '
     'to ask, according to the list of questions. "What did you know?"',
     [("What calls were made to General Flynn?", "Robert Mueller", True),
      ("What did you know?", "Robert Mueller", True)]),
    # A clause before a semicolon is not what the verb after it reports.
    ("Japan is worried it will be caught in a trade war; each has threatened the other with tariffs.", []),
    # A person named inside a clause describing the speaker is not who "she" is next.
    ('President Donald Trump spoke on Monday.\n\n"To be honest, it\'s a bit surreal," said Maria Torres, who is '
     'protected by a program that Trump has been trying to end. She said it was the first time she had been '
     'to the border in years.',
     [("To be honest, it's a bit surreal", "Maria Torres", True),
      ("it was the first time she had been to the border in years", "Maria Torres", False)]),
    ('Senator Tim Brown spoke in Ohio.\n\n"We will win," said Ann Lee, whose campaign Brown has attacked for '
     'months. She said the polls were wrong.',
     [("We will win", "Ann Lee", True), ("the polls were wrong", "Ann Lee", False)]),
    # The day right after the cue is when it was said, not part of what was said.
    ("Prime Minister Dan Orr said Monday, the files show the plan was real.",
     [("the files show the plan was real", "Dan Orr", False)]),
    # A word the tokenizer splits at its hyphen ("re-negotiating") is not cut in two.
    ("Governor Tim Brown said he had seen the offer, but would not decide yet — though he said he was "
     "open to re-opening the talks.",
     [("he had seen the offer", "Tim Brown", False), ("he was open to re-opening the talks", "Tim Brown", False)]),
]


@pytest.mark.parametrize("text, expected", EXTRACTION)
def test_extracts_quotes_with_speaker_and_kind(nlp, text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert summary(quotes_in(nlp, text)) == expected


def test_a_verb_inside_quotation_marks_is_not_an_attribution(nlp) -> None:
    text = 'Larry Kudlow said the review was in its early stages, and "I can\'t say what we will do next."'
    assert [q.speaker_name for q in quotes_in(nlp, text)] == ["Larry Kudlow"]


def test_a_quoted_fragment_inside_reported_speech_is_not_a_quote_of_its_own(nlp) -> None:
    text = 'Kate Allen, director of Amnesty, said "thousands of our supporters" will "be making our voices heard".'
    quotes = quotes_in(nlp, text)
    assert [(q.speaker_name, q.text.startswith("thousands"), "heard" in q.text) for q in quotes] == [
        ("Kate Allen", True, True)]


def test_a_name_the_model_labels_person_elsewhere_is_a_person_for_he(nlp) -> None:
    text = ("A Number 10 spokesperson said: “The President will visit on 13 July.”\n\n"
            "President Donald Trump held a rally. In January, Trump cancelled a visit to London, saying he "
            "got a bad deal on the embassy. “Wanted me to cut ribbon-NO!” he tweeted.")
    assert [q.speaker_name for q in quotes_in(nlp, text)][-1] in ("Trump", "Donald Trump")


LABELLED = [
    # A quoted fragment on the object of a labelling or speech verb is a mixed quote of the subject;
    # "U.S. President" ends no sentence, so the fragment is not a stand-alone quote.
    ('Labour Party leader Jeremy Corbyn accused May of bowing to "the whims of a U.S. President."',
     "Jeremy Corbyn", "the whims of a U.S. President"),
    ('Prosecutor Ruth Calloway called the request "a tactic" and left the room.', "Ruth Calloway", "a tactic"),
    ("Kim congratulated Russia for having “stood up against the hegemonic forces” to defend itself.",
     "Kim", "stood up against the hegemonic forces"),
]


@pytest.mark.parametrize("text, speaker, quoted", LABELLED)
def test_quoted_words_on_a_verb_object_are_a_mixed_quote(nlp, text: str, speaker: str, quoted: str) -> None:
    assert [(q.speaker_name, quoted in q.text, q.mixed) for q in quotes_in(nlp, text)] == [(speaker, True, True)]


@pytest.mark.parametrize("text", ['The so-called "reform" was dropped after a week.',
                                  'The company launched its "Go Green" campaign in May.'])
def test_scare_quotes_stay_unattributed(nlp, text: str) -> None:
    assert quotes_in(nlp, text) == ()


def test_he_prefers_the_possessor_of_a_new_sentence_subject_over_the_last_speaker(nlp) -> None:
    text = ("Donald Trump spoke first. “They are using capacity as an excuse,” said lawyer Nicole Ramos.\n\n"
            "Trump's ire at the caravan stems from old concerns. He wants the U.S. to stop releasing migrants "
            "— a practice he and his supporters disparagingly call \"catch and release.\"")
    assert [q.speaker_name for q in quotes_in(nlp, text)] == ["Nicole Ramos", "Trump"]


def test_unresolvable_speaker_keeps_own_words_and_no_offsets(nlp) -> None:
    (quote,) = quotes_in(nlp, "An official said the talks had stalled.")
    assert quote.speaker_start is None and quote.speaker_end is None


def test_resolved_pronoun_points_at_the_antecedent_mention(nlp) -> None:
    text = "Finance Minister Olga Brandt presented the budget. “It is a fair budget,” she said."
    (quote,) = quotes_in(nlp, text)
    assert text[quote.speaker_start : quote.speaker_end] == "Olga Brandt"


def test_pronoun_prefers_a_person_introduced_after_the_last_speaker(nlp) -> None:
    text = ("“We are closing the terminal,” said Mayor Lucy Grant.\n\n"
            "The harbour manager, Owen Pike, was less diplomatic. “You have sold us out,” he said.")
    assert [q.speaker_name for q in quotes_in(nlp, text)] == ["Lucy Grant", "Owen Pike"]


def test_ids_are_numbered_in_text_order_with_offsets_into_the_text(nlp) -> None:
    text = ("Maria Esposito said that the council would appeal the ruling. "
            "“We will win,” she added.")
    quotes = quotes_in(nlp, text, article_id="paper-1")
    assert [q.id for q in quotes] == ["paper-1-q1", "paper-1-q2"]
    assert [q.start < q.end for q in quotes] == [True, True]
    assert quotes[0].end <= quotes[1].start
    assert all(q.text.split()[0] in text[q.start : q.end] for q in quotes)


def test_cue_is_reported_as_written(nlp) -> None:
    quotes = quotes_in(nlp, "“We will act,” Olga Brandt told reporters.")
    assert [q.cue for q in quotes] == ["told reporters"]


def test_doc_of_another_text_is_rejected(nlp) -> None:
    with pytest.raises(ValueError, match="not a parse"):
        extract_quotes(make_article("One text."), nlp("Another text."), ())


# --------------------------------------------------------------------------- bad input


ROBUSTNESS = [
    ('Olga Brandt said "this will never end.\n\nThe next paragraph is plain text. It goes on.', "next paragraph"),
    ("The player is 6'2\" tall and the screen is 5\" wide. Coach Ana Ruiz said “he is ready.”", "tall"),
    ("“They called it a “great success”, but it was not,” said Ana Ruiz. The season ended.", "season"),
    ("“They called it a ‘great success’, but it was not,” said Ana Ruiz. The season ended.", "season"),
    ("”Stray closing mark, said nobody. “", "nobody"),
]


@pytest.mark.parametrize("text, never_quoted", ROBUSTNESS)
def test_bad_marks_never_swallow_the_text(nlp, text: str, never_quoted: str) -> None:
    for quote in quotes_in(nlp, text):
        assert never_quoted not in quote.text


def test_straight_quotes_nest_inside_straight_quotes(nlp) -> None:
    text = ('"Mexico has the power not to let these large "Caravans" of people enter. They must stop them," '
            'Donald Trump tweeted.')
    assert summary(quotes_in(nlp, text)) == [
        ('Mexico has the power not to let these large "Caravans" of people enter. They must stop them',
         "Donald Trump", True)]


def test_a_closing_mark_whose_opening_mark_was_lost_opens_nothing(nlp) -> None:
    text = ('Border chief Rodney Scott spoke on Sunday.\n\nSeveral groups have entered the country illegally," '
            'he said. "In some cases, children were detected."')
    assert [(q.text, q.speaker_name) for q in quotes_in(nlp, text)] == [
        ("Several groups have entered the country illegally", "Rodney Scott"),
        ("In some cases, children were detected.", "Rodney Scott")]


def test_inch_marks_are_not_quotation_marks(nlp) -> None:
    text = "The player is 6'2\" tall and the screen is 5\" wide. Coach Ana Ruiz said “he is ready.”"
    assert summary(quotes_in(nlp, text)) == [("he is ready.", "Ana Ruiz", True)]


def test_nested_quote_stays_inside_its_outer_quote(nlp) -> None:
    text = "“They called it a “great success”, but it was not,” said Ana Ruiz."
    assert summary(quotes_in(nlp, text)) == [("They called it a “great success”, but it was not", "Ana Ruiz", True)]


def test_quote_running_to_the_end_of_the_article_ends_there(nlp) -> None:
    text = "Ana Ruiz said: “It never ends"
    (quote,) = quotes_in(nlp, text)
    assert (quote.text, quote.end) == ("It never ends", len(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "\n\n", '"', "“", "”", "‘", "’", "5", ",", "."]), max_size=60))
def test_passages_are_ordered_and_never_leave_their_paragraph(pieces: list[str]) -> None:
    text = "".join(pieces)
    passages = marked_passages(text)
    for a, b in zip(passages, passages[1:]):
        assert a.end <= b.start
    for p in passages:
        assert 0 <= p.start < p.end <= len(text)
        for (_, end), (start, _) in zip(p.pieces, p.pieces[1:]):
            assert text[end:start].strip(" \n“”\"") == ""  # only a paragraph break and marks between pieces


# --------------------------------------------------------------------------- linking to entities


def quote(qid: str, text: str, speaker: str = "Matthew Miller", direct: bool = True, start: int | None = 0,
          speaker_id: str | None = None, article: str | None = None, mixed: bool = False) -> Quote:
    article = article or qid.split("-q")[0]
    return Quote(qid, article, text, 10, 10 + len(text), direct, "said", speaker,
                 start, None if start is None else start + len(speaker), speaker_id, mixed=mixed)


def entity(eid: str, name: str, mentions: tuple[EntityMention, ...], aliases: tuple[str, ...] = ()) -> Entity:
    articles = tuple(sorted({m.article for m in mentions}))
    return Entity(eid, name, "PERSON", tuple(Alias(a, articles) for a in (name, *aliases)), (), mentions, articles)


def test_link_speakers_by_mention_then_alias_else_none() -> None:
    miller = entity("matthew-miller", "Matthew Miller", (EntityMention("a", "Miller", 100, 106),), ("Miller",))
    kim = entity("kim-jong-un", "Kim Jong Un", (EntityMention("b", "Kim", 5, 8),))
    quotes = (
        quote("a-q1", "We act.", "Miller", start=100),         # offsets inside a mention of Miller
        quote("b-q1", "We wait.", "Matthew Miller", start=400),  # no mention there: alias name
        quote("b-q2", "We watch.", "an official", start=None),   # unresolved
    )
    linked = link_speakers(quotes, (miller, kim))
    assert [q.speaker_id for q in linked] == ["matthew-miller", "matthew-miller", None]


# --------------------------------------------------------------------------- typography and diffs


@pytest.mark.parametrize("uk, us", [
    ("armoured", "armored"), ("programme", "program"), ("centre", "center"), ("travelled", "traveled"),
    ("defence", "defense"), ("organisation", "organization"), ("analysed", "analyzed"), ("Colour", "color"),
    ("won’t", "won't"),
])
def test_british_spelling_and_typography_normalise_alike(uk: str, us: str) -> None:
    assert normalise_word(uk) == normalise_word(us)


@pytest.mark.parametrize("a, b", [("will", "would"), ("ability", "capability"), ("filed", "filled")])
def test_different_words_stay_different(a: str, b: str) -> None:
    assert normalise_word(a) != normalise_word(b)


def test_key_words_ignore_initialism_dots_case_and_dashes() -> None:
    assert key_words("The U.S. — again!") == key_words("the US again")


@pytest.mark.parametrize("reference, version, expected, changed", [
    ("I will remind both countries", "I would remind both countries",
     (DiffToken("equal", "I"), DiffToken("delete", "will"), DiffToken("insert", "would"),
      DiffToken("equal", "remind both countries")), True),
    ("“We won’t hesitate,” – he", '"We won\'t hesitate," — he', (DiffToken("equal", '"We won\'t hesitate," — he'),), False),
    ("armoured vehicles in the centre", "armored vehicles in the center",
     (DiffToken("equal", "armored vehicles in the center"),), False),
    ("to beg Kim Jong Un for help", "to beg Kim Jong-un for help", None, False),
    # A version printing part of the statement: the words around that part are not printed, not
    # deleted; inside it, changed words are still changes.
    ("First, we lied. Even after the deal, we kept going on", "Even after the deal was made, we kept going",
     (DiffToken("omitted", "First, we lied."), DiffToken("equal", "Even after the deal"),
      DiffToken("insert", "was made,"), DiffToken("equal", "we kept going"), DiffToken("omitted", "on")), True),
    ("Frankly, we will win this", "we will win this",
     (DiffToken("omitted", "Frankly,"), DiffToken("equal", "we will win this")), False),
    ("We will remind them", "I will remind them",
     (DiffToken("delete", "We"), DiffToken("insert", "I"), DiffToken("equal", "will remind them")), True),
])
def test_word_diff_and_typography(reference: str, version: str, expected, changed: bool) -> None:
    diff = word_diff(reference, version)
    if expected is not None:
        assert diff == expected
    assert changes_words(diff) is changed


# --------------------------------------------------------------------------- grouping across articles


REMIND_CURLY = "I will remind both countries that any transfer of arms from North Korea to Russia would be in violation of multiple United Nations Security Council resolutions"
REMIND_CHANGED = REMIND_CURLY.replace("I will remind", "I would remind")
ARTICLES = tuple(make_article("x", i) for i in ("a", "b", "c", "d"))


def groups_by_quote(quotes: tuple[Quote, ...]) -> dict[str, str]:
    grouped, _ = group_quotes(quotes, ARTICLES)
    return {q.id: q.group for q in grouped}


def test_same_statement_in_several_articles_is_one_group_and_altered_when_words_change() -> None:
    quotes = (quote("a-q1", REMIND_CURLY, "Miller", speaker_id="miller"),
              quote("b-q1", REMIND_CURLY.replace("’", "'"), "Matthew Miller", speaker_id="miller"),
              quote("c-q1", REMIND_CHANGED, "Miller", speaker_id="miller"))
    grouped, groups = group_quotes(quotes, ARTICLES)
    assert [g.quotes for g in groups] == [("a-q1", "b-q1", "c-q1")]
    (group,) = groups
    assert group.id == "g-a-q1" and group.speaker_id == "miller" and group.altered
    changed = {v.quote: v.changed_words for v in group.versions}
    assert changed == {"a-q1": False, "b-q1": False, "c-q1": True}
    assert {q.group for q in grouped} == {"g-a-q1"}


def test_typography_only_is_not_altered() -> None:
    quotes = (quote("a-q1", "We have vigorously enforced our sanctions against armoured units.", speaker_id="m"),
              quote("b-q1", "We have vigorously enforced our sanctions against armored units", speaker_id="m"))
    _, (group,) = group_quotes(quotes, ARTICLES)
    assert group.altered is False


def test_fragment_of_a_fuller_version_joins_it_unaltered() -> None:
    full = "We will continue to hold accountable the entities that help Russia's military campaign"
    quotes = (quote("a-q1", full, speaker_id="m"), quote("b-q1", "hold accountable", speaker_id="m"))
    _, groups = group_quotes(quotes, ARTICLES)
    assert [(g.quotes, g.altered) for g in groups] == [(("a-q1", "b-q1"), False)]


def test_indirect_paraphrase_joins_the_direct_quote_without_a_diff() -> None:
    quotes = (quote("a-q1", "any transfer of arms from North Korea to Russia would violate multiple Security Council resolutions",
                    direct=False, speaker_id="m"),
              quote("b-q1", REMIND_CURLY, speaker_id="m"))
    _, (group,) = group_quotes(quotes, ARTICLES)
    assert group.reference == "b-q1"
    assert [(v.quote, v.diff, v.changed_words) for v in group.versions] == [("a-q1", (), False), ("b-q1", (), False)]


def test_same_words_from_different_speakers_are_different_statements() -> None:
    quotes = (quote("a-q1", REMIND_CURLY, "Miller", speaker_id="miller"),
              quote("b-q1", REMIND_CURLY, "Sullivan", speaker_id="sullivan"))
    assert groups_by_quote(quotes) == {"a-q1": "g-a-q1", "b-q1": "g-b-q1"}


def test_paraphrases_sharing_only_the_story_s_topic_words_are_different_statements() -> None:
    """"nuclear weapons" is in most quotes of a story about nuclear weapons: it cannot tie two of them."""
    topic = [quote(f"{a}-q{n}", f"The {word} nuclear weapons plan {n} is {word}", direct=False, start=None)
             for a in "abcd" for n, word in enumerate(("old", "new", "bold", "late", "fast"))]
    quotes = (*topic,
              quote("a-q9", "it never sought to develop nuclear weapons", "Iran", direct=False, start=None),
              quote("b-q9", "the regime will use nuclear weapons against its neighbors and never stop",
                    "the statement", direct=False, start=None),
              quote("c-q9", "the inspectors never sought the secret archive of nuclear weapons",
                    "the agency", direct=False, start=None),
              quote("d-q9", "inspectors sought a secret archive in Tehran", "an official", direct=False, start=None))
    groups = groups_by_quote(quotes)
    assert groups["a-q9"] != groups["b-q9"]  # "never", "nuclear", "weapons": one word besides the topic
    assert groups["c-q9"] == groups["d-q9"]  # "inspectors", "sought", "secret", "archive"


def test_unrelated_quotes_are_singleton_groups() -> None:
    quotes = (quote("a-q1", "The harbour will close in March.", speaker_id="m"),
              quote("a-q2", "Nobody asked the fishermen about it.", speaker_id="m"))
    assert groups_by_quote(quotes) == {"a-q1": "g-a-q1", "a-q2": "g-a-q2"}


def test_grouping_does_not_depend_on_input_order() -> None:
    quotes = [quote("a-q1", REMIND_CURLY, speaker_id="m"), quote("b-q1", REMIND_CHANGED, speaker_id="m"),
              quote("c-q1", "The harbour will close in March.", speaker_id="m"),
              quote("d-q1", "hold accountable", speaker_id="m")]
    shuffled = quotes[:]
    random.Random(3).shuffle(shuffled)
    assert group_quotes(tuple(quotes), ARTICLES)[1] == group_quotes(tuple(shuffled), ARTICLES)[1]


def test_quotes_of_unknown_articles_are_rejected() -> None:
    with pytest.raises(ValueError, match="zz"):
        group_quotes((quote("zz-q1", "Hello there everyone."),), ARTICLES)
