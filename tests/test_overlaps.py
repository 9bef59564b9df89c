"""Tests of the overlaps stage on article pairs composed here, with known reuse.

The ``nlp`` fixture (the real spaCy model) comes from ``tests/conftest.py``.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from generator.analyse import overlaps as overlaps_stage
from generator.analyse.overlaps import (
    MAX_ARTICLES_PER_FEATURE,
    find_overlaps,
    find_overlaps_reusing,
    originality,
)
from generator.records import Article, ArticleAnalysis, Guess, Quote, Sentence

SOURCE = " ".join(
    [
        "The city council of Marlow voted on Tuesday to spend four million dollars repairing "
            "the old river bridge.",
        "Engineers had warned last spring that cracks in the main supports were growing "
            "faster than expected.",
        "The bridge carries about twelve thousand vehicles a day between the northern suburbs "
            "and the town centre.",
        "Council members argued for nearly three hours before the budget passed by seven "
            "votes to two.",
        "The two members who opposed the plan said the money should go to a new crossing "
            "further downstream.",
        "Work is due to begin in March and should take around eighteen months to complete.",
        "During the repairs one lane will stay open in each direction, with heavy lorries "
            "sent on a long detour.",
        "Local shop owners fear the detour will keep customers away from the high street for "
            "most of next year.",
        "The regional transport agency has promised to pay a third of the cost if the work "
            "finishes on schedule.",
        "A public meeting about the closures will be held at the town hall next Thursday evening.",
    ]
)

SPUN = " ".join(
    [
        "The town council of Marlow decided on Tuesday to invest four million dollars fixing "
            "the ancient river bridge.",
        "Engineers had cautioned last spring that fractures in the principal supports were "
            "expanding quicker than anticipated.",
        "The bridge handles roughly twelve thousand cars a day between the northern suburbs "
            "and the city centre.",
        "Council members debated for almost three hours before the spending plan passed by "
            "seven votes to two.",
        "The two members who rejected the scheme stated the funds should go to a fresh "
            "crossing further downstream.",
        "Construction is scheduled to commence in March and should last about eighteen months "
            "to finish.",
        "Throughout the repairs one lane will remain open in each direction, with big trucks "
            "sent on a lengthy detour.",
        "Local store owners worry the detour will keep shoppers away from the main street for "
            "much of next year.",
        "The regional transport authority has pledged to cover a third of the expense if the "
            "project ends on time.",
        "A community gathering about the closures will take place at the town hall next "
            "Thursday night.",
    ]
)

OTHER_SAME_STORY = " ".join(
    [
        "Drivers in Marlow face a year of delays after councillors backed a plan to fix the "
            "river bridge.",
        "The vote followed months of complaints from commuters about lane closures and potholes.",
        "Residents interviewed near the bridge were divided, with some saying a new crossing "
            "was overdue.",
        "Councillor Dana Ruiz, who chairs the transport committee, told residents the bridge "
            "was safe for now.",
        "Shops on the high street plan to offer discounts to draw customers during the works.",
        "The council will publish a detailed timetable for the closures before the end of "
            "the month.",
    ]
)

STATEMENT = "We cannot keep patching a bridge that was built for horses and carts"
QUOTE_LINE = f"\u201c{STATEMENT},\u201d said the mayor, Pat Olsen."

INTRO = (
    "Commuters in the north of the county should brace for months of disruption. "
    "Here is what the decision in Marlow means for anyone crossing the river. "
    "The following report was first published by a partner newspaper. "
)


def article(article_id: str, text: str, date: str | None = None) -> Article:
    unknown = Guess(None, "not stated")
    published = Guess(date, "test") if date else unknown
    return Article(
        article_id, f"{article_id}.txt", text, unknown, unknown, unknown, published, unknown, (),
        article_id,
    )


def analysed(nlp, articles: list[Article], quotes: tuple[Quote, ...] = ()) -> tuple:
    """per_article with spaCy content-word lemmas, as the entities stage gives them."""
    per_article = []
    for item in articles:
        doc = nlp(item.text)
        sentences = tuple(
            Sentence(s.start_char, s.end_char, content_lemmas(s)) for s in doc.sents
        )
        mine = tuple(q for q in quotes if q.article == item.id)
        per_article.append(ArticleAnalysis(item.id, sentences, (), (), mine, ()))
    return tuple(articles), tuple(per_article), quotes


def content_lemmas(sentence) -> tuple[str, ...]:
    return tuple(t.lemma_.lower() for t in sentence if t.is_alpha and not t.is_stop)


def quote_in(item: Article, group: str, n: int = 0) -> Quote:
    start = item.text.index(STATEMENT)
    end = start + len(STATEMENT)
    return Quote(
        f"{item.id}-q{n}", item.id, STATEMENT, start, end, True, "said", "Pat Olsen", group=group
    )


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def pair_kinds(nlp, texts: dict[str, str]) -> dict[tuple[str, str], str]:
    overlaps = find_overlaps(*analysed(nlp, [article(k, v) for k, v in texts.items()]))
    return {(o.a, o.b): o.kind for o in overlaps}


def first_sentences(text: str, n: int) -> str:
    return " ".join(re.split(r"(?<=\.) ", text)[:n])


@pytest.mark.parametrize(
    ("copy", "expected"),
    [
        (SOURCE + " This story was shared by the Marlow Courier.", "verbatim"),
        (SOURCE.replace("on Tuesday", "late on Tuesday"), "verbatim"),
        (INTRO + first_sentences(SOURCE, 7), "syndicated"),
        (INTRO + SOURCE, "syndicated"),
        (first_sentences(SOURCE, 9), "verbatim"),
        (f"{first_sentences(OTHER_SAME_STORY, 3)} {first_sentences(SOURCE, 4)} {OTHER_SAME_STORY}",
         "syndicated"),
        (SPUN, "rewrite"),
        (OTHER_SAME_STORY, None),
    ],
    ids=[
        "copy", "edited-copy", "new-intro", "intro-and-full-copy", "tail-cut", "partial-copy",
        "spun", "unrelated-same-story",
    ],
)
def test_pair_kind_of_composed_reuse(nlp, copy: str, expected: str | None) -> None:
    kinds = pair_kinds(nlp, {"a-source": SOURCE, "b-copy": copy})
    assert kinds.get(("a-source", "b-copy")) == expected


def test_same_quote_in_unrelated_articles_is_a_shared_quote_not_reuse(nlp) -> None:
    one = article("one", SOURCE[:300] + " " + QUOTE_LINE + " " + SOURCE[300:])
    two = article("two", OTHER_SAME_STORY[:200] + " " + QUOTE_LINE + " " + OTHER_SAME_STORY[200:])
    quotes = (quote_in(one, "g-mayor"), quote_in(two, "g-mayor"))
    (overlap,) = find_overlaps(*analysed(nlp, [one, two], quotes))
    assert (overlap.kind, overlap.shared_quote_groups) == ("shared-quotes-only", ("g-mayor",))
    passages = [(p.kind, p.quote_group, words(p.a_text)) for p in overlap.passages]
    assert passages == [("quote", "g-mayor", words(STATEMENT))]


def test_a_copied_paragraph_around_a_quote_is_copying_not_quoting(nlp) -> None:
    before, after = first_sentences(SOURCE, 3), SOURCE.split(". ")[3:5]
    paragraph = f"{before} {QUOTE_LINE} {'. '.join(after)}."
    one = article("one", paragraph + " " + SOURCE[600:])
    two = article("two", OTHER_SAME_STORY + " " + paragraph)
    quotes = (quote_in(one, "g"), quote_in(two, "g"))
    (overlap,) = find_overlaps(*analysed(nlp, [one, two], quotes))
    assert overlap.kind == "syndicated"
    assert "quote" not in {p.kind for p in overlap.passages}


def test_a_small_edit_does_not_split_a_copied_passage(nlp) -> None:
    edited = SOURCE.replace("four million dollars", "$4m")
    (overlap,) = find_overlaps(*analysed(nlp, [article("a", SOURCE), article("b", edited)]))
    passages = [(p.a_text, p.b_text) for p in overlap.passages]
    assert passages == [(SOURCE.rstrip("."), edited.rstrip("."))]


def test_passage_offsets_point_at_the_same_words_in_both_articles(nlp) -> None:
    a, b = article("a", SOURCE), article("b", INTRO + first_sentences(SOURCE, 7))
    (overlap,) = find_overlaps(*analysed(nlp, [b, a]))
    assert overlap.passages
    for p in overlap.passages:
        assert a.text[p.a_start : p.a_end] == p.a_text and b.text[p.b_start : p.b_end] == p.b_text
        assert words(p.a_text) == words(p.b_text)
        assert words(p.a_text)[:4] == words(SOURCE)[:4]


def test_rewrite_passages_align_corresponding_sentences(nlp) -> None:
    (overlap,) = find_overlaps(*analysed(nlp, [article("a", SOURCE), article("b", SPUN)]))
    markers = r"Marlow|March|Tuesday|Thursday|seven|twelve|eighteen|third|northern|detour|lane|hall"
    assert len(overlap.passages) >= 5
    assert [p.b_start for p in overlap.passages] == sorted(p.b_start for p in overlap.passages)
    for p in overlap.passages:
        # a spun sentence keeps the names and numbers of the sentence it rewrites
        assert set(re.findall(markers, p.a_text)) == set(re.findall(markers, p.b_text))


def test_score_is_the_share_of_the_shorter_article_covered(nlp) -> None:
    half = first_sentences(SOURCE, 5)
    items = [article("a", SOURCE), article("b", half + " " + OTHER_SAME_STORY)]
    (overlap,) = find_overlaps(*analysed(nlp, items))
    assert overlap.score == pytest.approx(len(half) / len(SOURCE), abs=0.02)


def test_output_is_deterministic_and_independent_of_article_order(nlp) -> None:
    texts = {"c": SOURCE, "a": SPUN, "b": INTRO + first_sentences(SOURCE, 7), "d": OTHER_SAME_STORY}
    items = [article(k, v) for k, v in texts.items()]
    first = find_overlaps(*analysed(nlp, items))
    again = find_overlaps(*analysed(nlp, items[::-1]))
    assert first == again
    assert [(o.a, o.b) for o in first] == sorted((o.a, o.b) for o in first)
    assert all(o.a < o.b for o in first)


def test_boilerplate_in_many_articles_is_not_a_candidate() -> None:
    boilerplate = "Sign up for our newsletter to get the latest local news in your inbox daily."
    items = [
        article(f"n{k:03d}", f"Report {k} covers item {k * 7919} of the survey. {boilerplate}")
        for k in range(MAX_ARTICLES_PER_FEATURE + 5)
    ]
    per_article = tuple(ArticleAnalysis(a.id, (), (), (), (), ()) for a in items)
    assert find_overlaps(tuple(items), per_article, ()) == ()


def test_mismatched_analyses_are_refused(nlp) -> None:
    articles, per_article, quotes = analysed(nlp, [article("a", SOURCE), article("b", SPUN)])
    with pytest.raises(ValueError, match="'b'"):
        find_overlaps(articles, per_article[::-1], quotes)


@pytest.mark.parametrize(
    ("dates", "expected_source", "note_has"),
    [
        (
            ("2024-03-01", "2024-03-02"),
            {"orig": None, "copy": "orig"},
            {"orig": "published first", "copy": "published earlier"},
        ),
        (
            (None, "2024-03-02"),
            {"orig": None, "copy": None},
            {"orig": "dates missing for orig", "copy": "dates missing for orig"},
        ),
        (
            ("2024-03-02", "2024-03-02"),
            {"orig": None, "copy": None},
            {"orig": "same day", "copy": "same day"},
        ),
    ],
)
def test_likely_source_follows_dates(nlp, dates, expected_source, note_has) -> None:
    items = [
        article("orig", SOURCE, dates[0]),
        article("copy", INTRO + first_sentences(SOURCE, 7), dates[1]),
    ]
    result = {o.article: o for o in originality(tuple(items), find_overlaps(*analysed(nlp, items)))}
    assert {k: v.likely_source for k, v in result.items()} == expected_source
    assert all(note_has[k] in result[k].note for k in result)


def test_originality_counts_copied_text_only(nlp) -> None:
    one = article("one", SOURCE[:300] + " " + QUOTE_LINE + " " + SOURCE[300:])
    two = article("two", OTHER_SAME_STORY[:200] + " " + QUOTE_LINE + " " + OTHER_SAME_STORY[200:])
    lone = article("lone", "Heavy rain closed two schools in the valley. Buses run on Friday.")
    items = (one, two, lone)
    quotes = (quote_in(one, "g"), quote_in(two, "g"))
    overlaps = find_overlaps(*analysed(nlp, list(items), quotes))
    result = {o.article: o for o in originality(items, overlaps)}
    assert result["one"].original_share == 1.0
    assert result["one"].quoted_share == pytest.approx(len(STATEMENT) / len(one.text), abs=0.01)
    lone_result = result["lone"]
    assert (lone_result.original_share, lone_result.likely_source, lone_result.note) == (
        1.0, None, "no reuse found",
    )
    copy_items = (article("x", SOURCE), article("y", INTRO + first_sentences(SOURCE, 7)))
    overlaps = find_overlaps(*analysed(nlp, list(copy_items)))
    copied = {o.article: o for o in originality(copy_items, overlaps)}
    new_share = len(INTRO) / len(copy_items[1].text)
    assert copied["y"].original_share == pytest.approx(new_share, abs=0.02)


@pytest.mark.parametrize(
    "copy", [SPUN, INTRO + first_sentences(SOURCE, 7), SOURCE.replace("Tuesday", "Monday")]
)
def test_passages_of_a_pair_do_not_overlap(nlp, copy: str) -> None:
    (overlap,) = find_overlaps(*analysed(nlp, [article("a", SOURCE), article("b", copy)]))
    for side in ("a", "b"):
        spans = sorted(
            (getattr(p, f"{side}_start"), getattr(p, f"{side}_end")) for p in overlap.passages
        )
        assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))


def test_known_verdicts_give_the_same_overlaps_and_only_new_pairs_are_verified(
    nlp, compared
) -> None:
    texts = {"c": SOURCE, "a": SPUN, "b": INTRO + first_sentences(SOURCE, 7), "d": OTHER_SAME_STORY}
    items = [article(k, v) for k, v in texts.items()]
    inputs = analysed(nlp, items)
    grown = analysed(nlp, [*items, article("e", SOURCE.replace("Tuesday", "Monday"))])
    expected, expected_grown = find_overlaps(*inputs), find_overlaps(*grown)
    compared.clear()  # count from here
    first, verdicts = find_overlaps_reusing(*inputs, {})
    assert first == expected and len(compared) == len(verdicts) >= 3
    compared.clear()
    again, verdicts_again = find_overlaps_reusing(*inputs, verdicts)
    assert (again, verdicts_again, compared) == (expected, verdicts, [])
    # a verdict is stored without its passages' texts; reusing it cuts them from the articles again
    assert {p.a_text + p.b_text for v in verdicts.values() if v for p in v.passages} == {""}
    assert all(p.a_text and p.b_text for o in again for p in o.passages)
    result, verdicts_grown = find_overlaps_reusing(*grown, verdicts)
    assert result == expected_grown
    assert compared and all("e" in pair for pair in compared)
    assert len(verdicts_grown) == len(verdicts) + len(compared)


def _quoted_pair(nlp, change: str) -> tuple:
    """Two articles sharing the mayor's quote, with one input of the second changed."""
    one = article("one", SOURCE[:300] + " " + QUOTE_LINE + " " + SOURCE[300:])
    text = OTHER_SAME_STORY[:200] + " " + QUOTE_LINE + " " + OTHER_SAME_STORY[200:]
    if change == "text":
        text += " The mayor left the meeting early."
    two = article("two", text)
    if change == "date and content hash":
        two = replace(two, published=Guess("2024-03-02", "test"), content_hash="changed")
    group = "g-other" if change == "quote group" else "g-mayor"
    articles, per_article, quotes = analysed(
        nlp, [one, two], (quote_in(one, group), quote_in(two, group))
    )
    if change == "sentences":
        shorter = replace(per_article[1], sentences=per_article[1].sentences[:-1])
        per_article = (per_article[0], shorter)
    return articles, per_article, quotes


@pytest.mark.parametrize(
    ("change", "reused"),
    [
        ("nothing", True),
        ("date and content hash", True),  # the comparison reads neither
        ("quote group", False),
        ("text", False),
        ("sentences", False),
    ],
)
def test_a_stored_verdict_is_used_exactly_while_its_inputs_are_unchanged(
    nlp, change: str, reused: bool
) -> None:
    _, verdicts = find_overlaps_reusing(*_quoted_pair(nlp, "nothing"), {})
    (key, verdict), = verdicts.items()
    assert verdict is not None and verdict.kind == "shared-quotes-only"
    wrong = replace(verdict, kind="verbatim", score=0.99)
    changed = _quoted_pair(nlp, change)
    found, new_verdicts = find_overlaps_reusing(*changed, {key: wrong})
    if reused:
        assert [(o.kind, o.score) for o in found] == [("verbatim", 0.99)] and new_verdicts == {key: wrong}
    else:
        assert found == find_overlaps(*changed) and found[0].kind != "verbatim"
        assert key not in new_verdicts
