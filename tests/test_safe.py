"""Escaping and slug functions, checked with hand tables and with hypothesis."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.safe import escape_markdown, slugify, unique_slugs

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# The site's extensions plus every extension an attacker could hope to reach.
HOSTILE_EXTENSIONS = [
    "toc", "tables", "attr_list", "md_in_html", "admonition", "abbr", "footnotes", "def_list",
    "pymdownx.snippets", "pymdownx.emoji", "pymdownx.arithmatex", "pymdownx.mark",
    "pymdownx.caret", "pymdownx.tilde", "pymdownx.magiclink", "pymdownx.betterem",
    "pymdownx.critic", "pymdownx.keys", "pymdownx.tasklist", "pymdownx.superfences",
    "pymdownx.inlinehilite", "pymdownx.details", "pymdownx.smartsymbols", "pymdownx.tabbed",
]

ATTACKS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>bold</b>",
    "[click](javascript:alert(1))", "![img](x.png)", "*em* _em_ **strong**", "# heading",
    "- item", "1. item", "| a | b |\n|---|---|", "--8<-- \"secret.txt\"", "!!! note \"x\"",
    "{: onclick=\"alert(1)\" }", ":smile:", "$x^2$", "==mark==", "^^ins^^", "~~del~~",
    "*[HTML]: Hyper", "[^1]", "[^1]: note", "{{ 7*7 }}", "{% raw %}", "---\ntitle: x\n---",
    "Title: meta", "`code`", "    indented", "> quote", "<!-- c -->", "&amp; &#60; &lt;",
    "https://example.com", "a@b.example", "\x02wzxhzdk:0\x03", "{++ins++}", "++ctrl+alt++",
    "<https://example.com>", "[x]: https://example.com", "Term\n:   def", "???+ note",
    "\u2028line\u2029para", "(c) --> 1/2", "- [x] task", "\\*", "=== \"Tab\"",
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _visible(text: str) -> str:
    """What a reader should see: the text with control characters and line breaks as spaces."""
    shown = "".join(" " if unicodedata.category(c) in {"Cc", "Cs", "Zl", "Zp", "Zs"} else c
                    for c in text)
    return " ".join(shown.split())


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory):
    snippets = tmp_path_factory.mktemp("snippets")
    (snippets / "secret.txt").write_text("SECRET-FILE-CONTENT")
    md = markdown.Markdown(extensions=HOSTILE_EXTENSIONS, extension_configs={
        "pymdownx.snippets": {"base_path": [str(snippets)], "check_paths": False}})

    def _render(source: str) -> _Collector:
        md.reset()
        collector = _Collector()
        collector.feed(md.convert(source))
        return collector
    return _render


CONTEXTS = [  # (template, tags the template itself creates, text the template itself shows)
    ("{}", ["p"], ""),
    ("# {}", ["h1"], ""),
    ("- {}", ["ul", "li"], ""),
    ("| h |\n|---|\n| {} |", ["table", "thead", "tr", "th", "tbody", "tr", "td"], "h"),
    ("[{}](page.md)", ["p", "a"], ""),
    ("<div markdown>\n{}\n</div>", ["div", "p"], ""),
    ("<ins>{}</ins> x", ["p", "ins"], ""),
]


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("template,tags,shown", CONTEXTS)
def test_attack_renders_as_its_own_text(render, attack: str, template: str, tags: list[str],
                                        shown: str) -> None:
    page = render(template.format(escape_markdown(attack)))
    assert page.tags == tags
    expected = _visible(f"{shown} {attack}") + (" x" if template.endswith(" x") else "")
    assert _visible("".join(page.text)) == expected


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_inside_an_attribute_stays_in_the_attribute(render, attack: str) -> None:
    page = render(f'<div title="{escape_markdown(attack)}">x</div>')
    assert page.tags == ["div"]
    assert [(name, _visible(value)) for name, value in page.attrs] == [("title", _visible(attack))]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(), st.sampled_from(ATTACKS)), max_size=6).map("".join))
def test_any_text_renders_to_exactly_its_text(render, text: str) -> None:
    page = render(escape_markdown(text))
    assert page.tags == (["p"] if _visible(text) else [])
    assert _visible("".join(page.text)) == _visible(text)
    assert "SECRET-FILE-CONTENT" not in "".join(page.text) or "SECRET-FILE-CONTENT" in text


@pytest.mark.parametrize("text,expected", [
    ("<b>hi</b>", "&lt;b&gt;hi&lt;&#47;b&gt;"),
    ("a & b", "a &amp; b"),
    ('say "x"', "say &quot;x&quot;"),
    ("line one\nline two", "line one line two"),
    ("  padded\t", " padded "),
    ("a\n\n    b", "a b"),
    ("{{ x }}", "&#123;&#123; x &#125;&#125;"),
    ("Zoë", "Zoë"),
])
def test_escape_markdown_examples(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_escaped_text_is_not_rendered_again_by_jinja() -> None:
    env = jinja2.Environment(autoescape=False)
    env.filters["md"] = escape_markdown
    out = env.from_string("{{ x|md }}").render(x="{{ 7*7 }} {% if true %}yes{% endif %} {# c #}")
    assert not {"{{", "{%", "{#", "}}", "%}"} & {out[i:i + 2] for i in range(len(out))}
    assert env.from_string(out).render() == out


@pytest.mark.parametrize("text,expected", [
    ("Matthew Miller", "matthew-miller"),
    ("Zoë Łukasz", "zoe-lukasz"),
    ("Straße", "strasse"),
    ("../../etc/passwd", "etc-passwd"),
    ("  Kim   Jong-un ", "kim-jong-un"),
    ("U.S. State Department", "u-s-state-department"),
])
def test_slugify_examples(text: str, expected: str) -> None:
    assert slugify(text) == expected


@pytest.mark.parametrize("text", ["", "...", "/", "Владимир Путин", "金正恩", "..\\.."])
def test_slugify_never_empty_for_unwritable_names(text: str) -> None:
    assert SLUG.match(slugify(text))


def test_slugify_keeps_different_non_latin_names_apart() -> None:
    assert slugify("Владимир Путин") != slugify("Ким Чен Ын")
    assert slugify("Путин said") != slugify("Лавров said")


def test_slugify_cuts_long_names_at_a_word_boundary() -> None:
    assert slugify("alpha beta gamma delta", max_len=13) == "alpha-beta"


@given(st.text(), st.integers(min_value=8, max_value=80))
def test_slugify_properties(text: str, max_len: int) -> None:
    slug = slugify(text, max_len=max_len)
    assert SLUG.match(slug)
    assert len(slug) <= max_len
    assert slug == slugify(text, max_len=max_len)
    assert Path(slug).name == slug and ".." not in slug


def test_slugify_rejects_too_small_max_len() -> None:
    with pytest.raises(ValueError, match="3"):
        slugify("x", max_len=3)


def test_unique_slugs_suffixes_collisions_in_sorted_order() -> None:
    assert unique_slugs(["a b", "A B", "a-b"]) == {"A B": "a-b", "a b": "a-b-2", "a-b": "a-b-3"}


def test_unique_slugs_skips_reserved_and_natural_suffixes() -> None:
    slugs = unique_slugs(["index", "Index", "x", "X", "x 2"], reserved=["index"])
    assert slugs == {"Index": "index-2", "index": "index-3", "X": "x", "x": "x-3", "x 2": "x-2"}


@given(st.lists(st.text(max_size=12), max_size=30), st.randoms())
def test_unique_slugs_is_injective_and_order_independent(names: list[str], rnd) -> None:
    slugs = unique_slugs(names, max_len=10, reserved=["index"])
    shuffled = list(names)
    rnd.shuffle(shuffled)
    assert set(slugs) == set(names)
    assert len(set(slugs.values())) == len(slugs)
    assert "index" not in slugs.values()
    assert all(SLUG.match(s) and len(s) <= 10 for s in slugs.values())
    assert unique_slugs(shuffled, max_len=10, reserved=["index"]) == slugs
