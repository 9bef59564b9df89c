"""A small hand-made Analysis (five outlets, five articles) with hostile strings everywhere.

Offsets are computed with ``str.find`` on the texts written here, so they are
right by construction. Every hostile string carries the marker ``XSS`` so the
tests can look for it in rendered output.
"""

from __future__ import annotations

from generator.records import (
    Alias, Analysis, Article, ArticleAnalysis, Bundle, Claim, ClaimSupport, DiffToken, Entity,
    EntityMention, EntityRole, FileReport, Guess, Originality, Outlet, Overlap, Passage, Quote,
    QuoteGroup, QuoteVersion, Sentence,
)

HOSTILE_OUTLET = "Daily [XSS](javascript:alert('XSS-outlet')) <script>alert('XSS-outlet')</script>"
HOSTILE_HEADLINE = "<img src=x onerror=alert('XSS-headline')> Sanctions {{ 7*7 }} **bold** --8<-- \"/etc/passwd\""
HOSTILE_ID = "../../evil <b>XSS</b>"
HOSTILE_PERSON = "Jane <svg onload=alert('XSS-person')> Doe"
HOSTILE_QUOTE = "We will <b>act</b> {% raw %} [click](javascript:alert('XSS-quote')) :smile: $x$ ==m=="
HOSTILE_BOILERPLATE = ("!!! danger \"XSS-admonition\"", "{: onclick=\"alert('XSS-attr')\" }",
                       "*[XSS]: abbr", "---", "title: XSS-front-matter")

TEXT_A = (
    "Washington threatened new sanctions on Monday.\n\n"
    "“Any transfer of arms would violate resolutions,” spokesman Matthew Miller said.\n\n"
    "Miller added that 3 ships were seen."
)
TEXT_B = (
    "The United States threatened new sanctions on Monday.\n\n"
    "“Any transfer of arms would violate several resolutions,” Matthew Miller said.\n\n"
    "Officials said 5 ships were seen."
)
TEXT_C = (
    f"# Title: XSS-heading\n\n"
    f"“{HOSTILE_QUOTE},” said {HOSTILE_PERSON}.\n\n"
    "<script>alert('XSS-text')</script> | table | cell |\n- list XSS\n\n"
    "Matthew Miller did not comment."
)
TEXT_D = "Washington threatened new sanctions on Monday. Kim Jong-un travelled to Vladivostok."
TEXT_E = "“Any transfer of arms would violate resolutions,” Matthew Miller said."


def _guess(value: str | None, source: str) -> Guess:
    return Guess(value, source if value else "not stated")


def _article(aid: str, file: str, text: str, outlet: str | None, headline: str | None,
             published: str | None, boilerplate: tuple[str, ...] = ()) -> Article:
    return Article(aid, file, text, _guess(outlet, "header line 1"), _guess(headline, "header line 2"),
                   _guess(None, ""), _guess(published, "byline"), _guess(None, ""), boilerplate, f"hash-{aid}")


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _sentences(text: str) -> tuple[Sentence, ...]:
    out, start = [], 0
    for chunk in text.replace("\n\n", "  ").split(". "):
        end = start + len(chunk) + 1
        out.append(Sentence(start, min(end, len(text)), ()))
        start = end + 1
    return tuple(out)


def _mentions(aid: str, text: str, name: str) -> tuple[EntityMention, ...]:
    out, after = [], 0
    while name in text[after:]:
        start, end = _span(text, name, after)
        out.append(EntityMention(aid, name, start, end))
        after = end
    return tuple(out)


def _quote(qid: str, aid: str, text: str, words: str, speaker: str, speaker_id: str | None,
           group: str, direct: bool = True) -> Quote:
    start, end = _span(text, words)
    return Quote(qid, aid, words, start, end, direct, "said", speaker, None, None, speaker_id, group)


def hostile_analysis() -> Analysis:
    """The fixture Analysis: articles a, b (a near copy), c (hostile), d (short, no outlet), e (quotes a)."""
    articles = (
        _article("a-wire", "a-wire.txt", TEXT_A, "Wire Service", "US threatens sanctions", "2023-09-11"),
        _article("b-copy", "b-copy.txt", TEXT_B, "Copy Times", "Sanctions threatened", "2023-09-12",
                 ("Learn more", "Share this")),
        _article(HOSTILE_ID, "nested/evil.txt", TEXT_C, HOSTILE_OUTLET, HOSTILE_HEADLINE, None,
                 HOSTILE_BOILERPLATE),
        _article("d-short", "d-short.txt", TEXT_D, None, None, None),
        _article("e-echo", "e-echo.txt", TEXT_E, "Echo News", "Miller on arms", "2023-09-12"),
    )
    quote_a = "Any transfer of arms would violate resolutions"
    quote_b = "Any transfer of arms would violate several resolutions"
    quotes = (
        _quote("a-wire-q1", "a-wire", TEXT_A, quote_a, "Matthew Miller", "matthew-miller", "g1"),
        _quote("b-copy-q1", "b-copy", TEXT_B, quote_b, "Matthew Miller", "matthew-miller", "g1"),
        _quote("e-echo-q1", "e-echo", TEXT_E, quote_a, "Matthew Miller", "matthew-miller", "g1"),
        _quote(f"{HOSTILE_ID}-q1", HOSTILE_ID, TEXT_C, HOSTILE_QUOTE, HOSTILE_PERSON, "jane-doe",
               "g<script>2"),
    )
    groups = (
        QuoteGroup("g1", "matthew-miller", "Matthew Miller", ("a-wire-q1", "b-copy-q1", "e-echo-q1"), "a-wire-q1", (
            QuoteVersion("a-wire-q1", (), False),
            QuoteVersion("e-echo-q1", (DiffToken("equal", quote_a),), False),
            QuoteVersion("b-copy-q1", (DiffToken("equal", "Any transfer of arms would violate"),
                                       DiffToken("insert", "several"), DiffToken("equal", "resolutions")),
                         True)), True),
        QuoteGroup("g<script>2", "jane-doe", HOSTILE_PERSON, (f"{HOSTILE_ID}-q1",), f"{HOSTILE_ID}-q1",
                   (QuoteVersion(f"{HOSTILE_ID}-q1", (), False),), False),
    )
    miller = Entity(
        "matthew-miller", "Matthew Miller", "PERSON",
        (Alias("Matthew Miller", ("a-wire", "b-copy", HOSTILE_ID)), Alias("Miller", ("a-wire",))),
        (EntityRole("spokesman", ("a-wire",)),),
        _mentions("a-wire", TEXT_A, "Matthew Miller") + _mentions("b-copy", TEXT_B, "Matthew Miller")
        + _mentions(HOSTILE_ID, TEXT_C, "Matthew Miller") + _mentions("e-echo", TEXT_E, "Matthew Miller"),
        ("a-wire", "b-copy", HOSTILE_ID, "e-echo"), ("'Miller' is the surname of 'Matthew Miller'",))
    jane = Entity("jane-doe", HOSTILE_PERSON, "PERSON", (Alias(HOSTILE_PERSON, (HOSTILE_ID,)),),
                  (EntityRole("<i>XSS-role</i>", (HOSTILE_ID,)),),
                  _mentions(HOSTILE_ID, TEXT_C, HOSTILE_PERSON), (HOSTILE_ID,))
    washington = Entity("washington", "Washington", "GPE", (Alias("Washington", ("a-wire", "d-short")),), (),
                        _mentions("a-wire", TEXT_A, "Washington") + _mentions("d-short", TEXT_D, "Washington"),
                        ("a-wire", "d-short"))
    kim = Entity("kim-jong-un", "Kim Jong-un", "PERSON", (Alias("Kim Jong-un", ("d-short",)),), (),
                 _mentions("d-short", TEXT_D, "Kim Jong-un"), ("d-short",))
    passage = Passage(*_span(TEXT_A, "threatened new sanctions on Monday."),
                      *_span(TEXT_B, "threatened new sanctions on Monday."),
                      "threatened new sanctions on Monday.", "threatened new sanctions on Monday.")
    rewrite = Passage(*_span(TEXT_A, quote_a), *_span(TEXT_B, quote_b), quote_a, quote_b, "quote")
    overlaps = (
        Overlap("a-wire", "b-copy", "rewrite", 0.62, (passage, rewrite), ("g1",)),
        Overlap("a-wire", "d-short", "verbatim", 0.5, (Passage(
            *_span(TEXT_A, "threatened new sanctions on Monday."),
            *_span(TEXT_D, "threatened new sanctions on Monday."),
            "threatened new sanctions on Monday.", "threatened new sanctions on Monday."),)),
        Overlap(HOSTILE_ID, "a-wire", "none", 0.0, ()),
    )
    originality = (
        Originality("a-wire", 0.4, None, "published first"),
        Originality("b-copy", 0.35, "a-wire", "published a day after a-wire"),
        Originality(HOSTILE_ID, 1.0, None, "<b>XSS-note</b>"),
        Originality("d-short", 0.5, None, "dates missing"),
        Originality("e-echo", 0.0, "a-wire", "published a day after a-wire"),
    )
    claims = (
        Claim("c1", "threatened new sanctions on Monday", ("a-wire", "b-copy", "d-short"), (
            ClaimSupport("a-wire", "Washington threatened new sanctions on Monday.", 0, 46),
            ClaimSupport("b-copy", "The United States threatened new sanctions on Monday.", 0, 53),
            ClaimSupport("d-short", "Washington threatened new sanctions on Monday.", 0, 46)),
            False, omitted_by=(HOSTILE_OUTLET,)),
        Claim("c2", "3 ships were seen", ("a-wire",), (ClaimSupport("a-wire", "Miller added that 3 ships were seen.",
                                                               *_span(TEXT_A, "Miller added that 3 ships were seen.")),),
              True, contradicts=("c3",), conflict="numbers differ: 3 vs 5"),
        Claim("c3", "5 ships were seen", ("b-copy",), (ClaimSupport("b-copy", "Officials said 5 ships were seen.",
                                                               *_span(TEXT_B, "Officials said 5 ships were seen.")),),
              True, contradicts=("c2",), conflict="numbers differ: 5 vs 3"),
        Claim("c<XSS>4", HOSTILE_QUOTE, (HOSTILE_ID,), (ClaimSupport(HOSTILE_ID, HOSTILE_QUOTE,
                                                                     *_span(TEXT_C, HOSTILE_QUOTE)),),
              True, quote_group="g<script>2"),
    )
    outlets = tuple(sorted((Outlet(a.outlet_name, a.outlet_name, (a.id,)) for a in articles),
                           key=lambda o: o.id))
    files = (
        FileReport("a-wire.txt", "ok", "", "a-wire"),
        FileReport("b-copy.txt", "ok", "", "b-copy"),
        FileReport("nested/evil.txt", "warning", "mojibake fixed <script>alert('XSS-reason')</script>", HOSTILE_ID),
        FileReport("d-short.txt", "ok", "", "d-short"),
        FileReport("e-echo.txt", "ok", "", "e-echo"),
        FileReport("empty <img src=x onerror=alert('XSS-file')>.txt", "rejected", "empty file", None),
    )
    per_article = tuple(ArticleAnalysis(a.id, _sentences(a.text), (), (), tuple(q for q in quotes if q.article == a.id), ())
                        for a in articles)
    return Analysis(
        bundle=Bundle("Sanctions story <script>alert('XSS-title')</script>", articles, files),
        per_article=per_article, entities=(miller, jane, washington, kim), quotes=quotes,
        quote_groups=groups, overlaps=overlaps, originality=originality, claims=claims, outlets=outlets,
        warnings=("empty <img src=x onerror=alert('XSS-file')>.txt: empty file",))
