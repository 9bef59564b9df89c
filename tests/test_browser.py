"""The hostile corpus, built by real ``mkdocs build``, opened page by page in headless Chromium.

Fails if any dialog opens, any script error is logged, any element or attribute
that the templates do not write appears in a page's content, any link leaves
the site through a script scheme, or any usable article of the corpus has no page.
Screenshots of a few pages go to /tmp/screens for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import make_project, run_mkdocs, serve_folder

HOSTILE = Path(__file__).resolve().parent / "hostile"
SCREENS = Path("/tmp/screens")
REPO_DOCS = HOSTILE.parent.parent / "docs"
"""Hand-written pages (e.g. the export's schema): checked for scripts, not against the template whitelist."""

# Everything the templates and the site's Markdown extensions write inside the page content.
CONTENT_TAGS = {
    "article", "div", "p", "a", "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
    "ul", "li", "span", "strong", "em", "details", "summary", "ins", "del", "mark", "blockquote",
    "svg", "title", "text", "rect", "line", "circle", "hr", "br",
}
CONTENT_ATTRIBUTES = {
    "class", "href", "id", "title", "role", "aria-label", "xmlns", "width", "height", "viewbox",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "transform", "text-anchor", "fill-opacity",
    "stroke-width", "style",
    "data-search-exclude", "data-pagefind-body", "data-pagefind-meta",  # what search indexes, and how
}
# Material's own inline scripts start like this; any other inline script came from somewhere else.
THEME_SCRIPTS = ("__md_scope=", "var palette=", "var target=document.getElementById(location.hash")

PAGE_CHECK = """(generated) => {
  const problems = [];
  const content = document.querySelector('.md-content') || document.body;
  // The search page's UI (Pagefind's form and results) is checked by the search test below.
  const ui = el => el.closest('#nb-search') !== null;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) problems.push('event attribute ' + attr.name + ' on ' + el.tagName);
      if (el.matches('#nb-search form.pagefind-ui__form') && attr.value === 'javascript:void(0);') continue;  // Pagefind's own form
      if (/^\\s*(javascript|data|vbscript):/i.test(attr.value) && ['href', 'src', 'action', 'xlink:href', 'formaction'].includes(attr.name.toLowerCase()))
        problems.push('script URL in ' + el.tagName + ' ' + attr.name);
    }
  }
  for (const el of generated ? content.querySelectorAll('*') : []) {
    if (ui(el)) continue;
    const tag = el.tagName.toLowerCase();
    if (!ALLOWED_TAGS.includes(tag)) problems.push('unexpected element <' + tag + '> in content');
    for (const attr of el.attributes) {
      if (!ALLOWED_ATTRS.includes(attr.name.toLowerCase())) problems.push('unexpected attribute ' + attr.name + ' on <' + tag + '>');
    }
    if (el.hasAttribute('style') && tag !== 'th' && tag !== 'td') problems.push('style attribute on <' + tag + '>');
  }
  for (const a of content.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) problems.push('absolute link ' + href);
  }
  for (const s of document.querySelectorAll('script:not([src])')) {
    if (s.id === '__config' && s.type === 'application/json') continue;
    if (!THEME_SCRIPTS.some(p => s.textContent.startsWith(p))) problems.push('inline script ' + s.textContent.slice(0, 60));
  }
  if ([...content.querySelectorAll('script, img, iframe, object, embed, form, input, style, link, meta, base')].some(el => !ui(el)))
    problems.push('active element in content');
  return problems;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus built by the real plugin (not --strict: the corpus is meant to warn)."""
    project = make_project(tmp_path_factory.mktemp("hostile-project"), HOSTILE)
    result = run_mkdocs(project, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def server(hostile_site: Path) -> Iterator[str]:
    with serve_folder(hostile_site) as url:
        yield url


REFUSED: list[str] = []


def _open_context(chromium):
    """A browser context that may only reach the local test server."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", _local_only)
    return context


def _local_only(route) -> None:
    url = route.request.url
    if not url.startswith("http://127.0.0.1:"):
        REFUSED.append(url)  # the site must work offline
        route.abort()
    else:
        route.continue_()


def _watch(page, events: list[str]) -> None:
    page.on("dialog", lambda d: (events.append(f"dialog {d.type}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"page error: {e}"))
    page.on("console", lambda m: events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)


def _check_script() -> str:
    return (PAGE_CHECK.replace("ALLOWED_TAGS", json.dumps(sorted(CONTENT_TAGS)))
            .replace("ALLOWED_ATTRS", json.dumps(sorted(CONTENT_ATTRIBUTES)))
            .replace("THEME_SCRIPTS", json.dumps(THEME_SCRIPTS)))


def _page_urls(site: Path) -> list[str]:
    """Every generated HTML page, as a URL relative to the site root."""
    folders = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return ["404.html"] + [("" if folder == "." else folder + "/") for folder in folders]


def test_no_page_runs_a_script_or_shows_an_element_from_article_text(hostile_site, server, chromium) -> None:
    context = _open_context(chromium)
    page = context.new_page()
    events: list[str] = []
    _watch(page, events)
    handwritten = {p.relative_to(REPO_DOCS).with_suffix("").as_posix() + "/" for p in REPO_DOCS.rglob("*.md")}
    problems: list[str] = []
    urls = _page_urls(hostile_site)
    assert len(urls) > 50
    for url in urls:
        events.clear()
        response = page.goto(server + url, wait_until="load")
        assert response is not None and response.ok, url
        problems += [f"{url}: {p}" for p in events + page.evaluate(_check_script(), url not in handwritten)]
    context.close()
    assert not problems, "\n".join(problems[:40])
    assert not REFUSED, f"pages fetch from outside the site: {sorted(set(REFUSED))[:5]}"


# What Pagefind's UI may write in a result: the page title as a link, excerpts with <mark>ed words.
RESULT_ELEMENTS = {"pagefind-ui__result-title": {"a"}, "pagefind-ui__result-excerpt": {"mark"}}


@pytest.mark.parametrize("query", ["alert", "script", "onerror", "javascript", "img", "iframe"])
def test_search_results_show_hostile_text_as_text(hostile_site, server, chromium, query: str) -> None:
    context = _open_context(chromium)
    page = context.new_page()
    events: list[str] = []
    _watch(page, events)
    page.goto(server, wait_until="load")
    page.keyboard.press("/")  # the header's search box, as a reader would
    page.keyboard.type(query, delay=20)
    page.keyboard.press("Enter")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    page.wait_for_load_state("networkidle")  # every shown result's excerpt has arrived
    for box, allowed in RESULT_ELEMENTS.items():
        found = page.eval_on_selector_all(f".{box} *", "els => els.map(e => [e.tagName.toLowerCase(), "
                                          "[...e.attributes].map(a => a.name)])")
        assert found, box
        assert {tag for tag, _ in found} <= allowed, found
        assert all(set(attributes) <= {"class", "href"} for _, attributes in found), found
    excerpts = " ".join(page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
    assert query in excerpts.lower()  # the hostile words are shown, as text
    assert events + page.evaluate(_check_script(), False) == []
    context.close()


def test_every_usable_article_has_a_page(hostile_site, server, chromium) -> None:
    export = json.loads((hostile_site / "analysis.json").read_text(encoding="utf-8"))
    bundle_files = {str(p.relative_to(HOSTILE)) for p in HOSTILE.rglob("*") if p.is_file() or p.is_symlink()}
    reported = {f["path"] for f in export["files"]}
    assert bundle_files - {"bundle.yml"} <= reported | {"bundle.yml"}, "a file of the corpus is not in the report"
    made = {f["article"] for f in export["files"] if f["article"]}
    assert made == {a["id"] for a in export["articles"]}
    context = _open_context(chromium)
    page = context.new_page()
    for article in export["articles"]:
        response = page.goto(server + article["page"], wait_until="domcontentloaded")
        assert response is not None and response.ok, article["id"]
        assert page.locator("article h1").count() == 1, article["id"]
    context.close()


SCREENSHOTS = {"home": "", "article": "articles/script-tag/", "person": "people/",
               "quotes": "quotes/", "claims": "claims/", "report": "report/"}


def test_screenshots_for_a_person_to_look_at(hostile_site, server, chromium) -> None:
    SCREENS.mkdir(exist_ok=True)
    export = json.loads((hostile_site / "analysis.json").read_text(encoding="utf-8"))
    people = [e for e in export["entities"] if e["type"] == "PERSON" and e["page"]]
    groups = [g for g in export["quote_groups"] if g.get("page")]
    targets = dict(SCREENSHOTS)
    if people:
        targets["person"] = people[0]["page"]
    if groups:
        targets["quote-group"] = groups[0]["page"]
    context = _open_context(chromium)
    page = context.new_page()
    for name, url in targets.items():
        page.goto(server + url, wait_until="load")
        page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
        assert (SCREENS / f"{name}.png").stat().st_size > 5000
    context.close()


def test_the_page_check_catches_an_injection(chromium) -> None:
    """The checks above can fail: a page with injected markup is reported on every count."""
    context = chromium.new_context()
    page = context.new_page()
    events: list[str] = []
    _watch(page, events)
    page.set_content('<div class="md-content"><p>ok</p><img src="x" onerror="alert(1)"><b>XSS</b>'
                     '<a href="javascript:alert(2)">x</a><script>alert(3)</script></div>')
    page.wait_for_timeout(200)
    problems = page.evaluate(_check_script(), True)
    context.close()
    assert any(e.startswith("dialog alert") for e in events)
    assert "event attribute onerror on IMG" in problems
    assert "unexpected element <b> in content" in problems
    assert "script URL in A href" in problems
    assert any(p.startswith("inline script alert(3)") for p in problems)
