"""Search on a built site, measured in real headless Chromium: index size, bytes, time to results.

    python3 benchmarks/search_bench.py build/scale/sites/n1000/site [--query "..." ...]

The site must have been built by newsbundle (its Pagefind bundles in ``pagefind/``, listed in
``pagefind/bundles.json``). The search
page is opened, then each query is typed into it as a reader would (Pagefind's UI waits 300 ms
after the last key before it searches; that wait is part of the times). Without ``--query``,
the queries are the headings of the first person page and the first article page.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import re
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def folder_bytes(folder: Path) -> int:
    """Total size of the files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def index_figures(site: Path) -> dict[str, float]:
    """Pages indexed, bundles, the largest bundle's pages, and the index on disk: all of pagefind/ and
    its data (word index and page fragments of every bundle)."""
    root = site / "pagefind"
    bundles = [root / b["path"] for b in json.loads((root / "bundles.json").read_text(encoding="utf-8"))["bundles"]]
    data = sum(folder_bytes(bundle / part) for bundle in bundles for part in ("index", "fragment", "filter")
               if (bundle / part).exists())
    pages = [_page_count(bundle) for bundle in bundles]
    return {"pages indexed": sum(pages), "bundles": len(bundles), "largest bundle": max(pages),
            "files": sum(1 for path in root.rglob("*") if path.is_file()),
            "pagefind/ MB": folder_bytes(root) / 1e6, "index data MB": data / 1e6}


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def default_queries(site: Path) -> list[str]:
    """The headings of the first person page and of the first article page."""
    queries = []
    for section in ("people", "articles"):
        pages = sorted((site / section).glob("*/index.html"))
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", pages[0].read_text(encoding="utf-8"), re.S) if pages else None
        if heading:
            queries.append(html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip())
    return queries


def timed_query(page: Page, query: str, sent: list[int]) -> tuple[float, int, int]:
    """Seconds from typing ``query`` to the first result's title shown, bytes served meanwhile, results found."""
    box = page.locator(".pagefind-ui__search-input")
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.pagefind-ui__message')")
    del sent[:]
    start = time.perf_counter()
    box.press_sequentially(query, delay=0)
    page.wait_for_function(_RESULTS_SHOWN, arg=query, timeout=120_000)
    seconds = time.perf_counter() - start
    fetched = sum(sent)
    found = re.match(r"[\d,]+", page.locator(".pagefind-ui__message").inner_text())  # "26,393 results"
    return seconds, fetched, int(found.group().replace(",", "")) if found else 0


_RESULTS_SHOWN = """q => {
  const m = document.querySelector('.pagefind-ui__message');
  if (!m || !m.textContent.includes(q) || !/^([\\d,]+|No) results? for/.test(m.textContent)) return false;
  return m.textContent.startsWith('No') || document.querySelector('.pagefind-ui__result-link') !== null;
}"""


def browser_figures(site: Path, queries: list[str]) -> list[str]:
    """Open the search page in Chromium and time each query; one printable line per step."""
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.sent = []  # bytes of each file served: counted here, as the page's workers fetch too
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    lines = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/search/")
            page.wait_for_selector(".pagefind-ui__search-input")
            ready = time.perf_counter() - start
            lines.append(f"search page ready {'':23} {ready:6.2f} s  {sum(httpd.sent) / 1e3:8.1f} KB fetched")
            for n, query in enumerate(queries, 1):
                seconds, size, found = timed_query(page, query, httpd.sent)
                lines.append(f"query {n} {query[:30]!r:34} {seconds:6.2f} s  {size / 1e3:8.1f} KB fetched  {found} results")
            browser.close()
    finally:
        httpd.shutdown()
    return lines


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def copyfile(self, source, outputfile) -> None:
        """Serve the file, counting its bytes."""
        super().copyfile(source, outputfile)
        self.server.sent.append(source.tell())

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        """No request log."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a site folder built by newsbundle")
    parser.add_argument("--query", action="append", help="a query to type (repeatable)")
    args = parser.parse_args()
    if not (args.site / "pagefind" / "bundles.json").exists():
        print(f"{args.site}: no Pagefind bundles (pagefind/bundles.json); build the site with newsbundle first")
        return
    html_pages = sum(1 for _ in args.site.rglob("*.html"))
    print(f"{args.site}: {html_pages} HTML pages")
    for name, value in index_figures(args.site).items():
        print(f"  {name:16} {value:,.2f}" if isinstance(value, float) else f"  {name:16} {value:,}")
    queries = args.query or default_queries(args.site)
    for line in browser_figures(args.site, queries):
        print("  " + line)


if __name__ == "__main__":
    main()
