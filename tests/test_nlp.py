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
