"""The seed bundle's site as a reader sees it, in real headless Chromium.

Screenshots of the main page kinds go to /tmp/screens/seed-*.png for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest


SCREENS = Path("/tmp/screens")


def test_every_highlighted_quote_links_to_a_group_page_with_its_words(reader):
    page, url, export = reader
    groups = {g["id"]: g for g in export["quote_groups"]}
    quotes = {q["id"]: q for q in export["quotes"]}
    for article in export["articles"]:
        page.goto(url + article["page"])
        links = page.eval_on_selector_all("a.nb-quote", "els => els.map(e => [e.textContent, e.href])")
        linked_groups = {href.rstrip("/").rsplit("/", 1)[-1] for _, href in links}
        own = [q for q in quotes.values() if q["article"] == article["id"]]
        outermost = [q for q in own if not any(o is not q and o["start"] <= q["start"] and q["end"] <= o["end"]
                                               and (o["end"] - o["start"]) > (q["end"] - q["start"]) for o in own)]
        for quote in outermost:  # a quote nested in another is highlighted as part of it
            assert any(quote["group"].lower().replace("_", "-") in g for g in linked_groups), quote["id"]
        for text, href in links:
            page.goto(href)
            shown, on_group_page = _words(text), _words(page.inner_text("article"))
            assert len(shown & on_group_page) >= 0.8 * len(shown), (article["id"], text, href)
        assert sum(len(g["quotes"]) for g in groups.values()) == len(quotes)


def _words(text: str) -> set[str]:
    return {w.strip(".,;:!?\"“”‘’'()[]—–-").lower() for w in text.split()} - {""}


def test_person_page_shows_roles_names_and_quotes(reader):
    page, url, export = reader
    miller = next(e for e in export["entities"] if "Matthew Miller" in e["aliases"])
    page.goto(url + miller["page"])
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / "seed-person.png"), full_page=True)
    body = " ".join(page.inner_text("article").split())
    # Read from the seed files by hand: his title in two outlets, his short name, words he said.
    for words in ("State Department spokesperson", "Miller", "hat in hand", "international pariah"):
        assert words in body, words


def test_people_table_sorts_when_a_header_is_clicked(reader):
    page, url, export = reader
    page.goto(url + "people/")
    headers = page.locator("article table th")
    names = [headers.nth(i).inner_text() for i in range(headers.count())]
    column = names.index("Mentions")
    headers.nth(column).click()
    values = page.eval_on_selector_all(
        "article table tbody tr", f"rows => rows.map(r => parseFloat(r.cells[{column}].textContent))")
    assert values == sorted(values, reverse=True) and len(values) > 1
    headers.nth(column).click()
    values = page.eval_on_selector_all(
        "article table tbody tr", f"rows => rows.map(r => parseFloat(r.cells[{column}].textContent))")
    assert values == sorted(values)


@pytest.mark.parametrize("kind", ["home", "article", "outlet", "claim", "quote_group", "overlap"])
def test_each_page_kind_renders_with_a_heading(reader, kind):
    page, url, export = reader
    paths = {"home": "", "article": export["articles"][0]["page"], "outlet": export["outlets"][0]["page"],
             "claim": export["claims"][0]["page"], "quote_group": export["quote_groups"][0]["page"],
             "overlap": export["overlaps"][0]["page"]}
    page.goto(url + paths[kind])
    assert page.locator("article h1").count() == 1
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / f"seed-{kind}.png"), full_page=True)
