// newsbundle search: a box in the header of every page; results on the search page, from the
// Pagefind bundles that the build writes to pagefind/ (only the search page loads them).
// Every URL is derived from Material's relative base, so the site works from any folder.
(function () {
  "use strict";
  var config = document.getElementById("__config");
  if (!config) return;
  var root = new URL(JSON.parse(config.textContent).base.replace(/\/?$/, "/"), location.href);
  var searchPage = new URL("search/", root);
  var bundles = new URL("pagefind/", root);
  var results = document.getElementById("nb-search");
  var ui = null;

  function headerBox() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".md-search")) return null;  // Material's own search is on
    var form = document.createElement("form");
    form.className = "nb-search-box";
    form.setAttribute("role", "search");
    form.action = searchPage.href;
    form.method = "get";
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = "Search";
    input.autocomplete = "off";
    input.setAttribute("aria-label", "Search the report");
    input.title = "Search the report (press / to start typing)";
    form.appendChild(input);
    header.insertBefore(form, header.querySelector(".md-header__source"));
    return input;
  }

  function focusOnSlash(input) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  function keepQueryInAddress(term) {
    var url = new URL(location.href);
    if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
    history.replaceState(null, "", url.href);
    return term;
  }

  // The build writes one Pagefind bundle per section (pagefind/bundles.json lists them): the
  // first is loaded, the others merged into it, each giving its results their section as a filter
  // and its weight (which puts the scores of bundles of different sizes on one scale).
  function bundleOptions(bundle) {
    // Weak length normalisation: the page about a person names them most often; by default
    // short quote pages that name them in their title would all come first. Pagefind applies
    // ranking to one bundle at a time, so every bundle is given it.
    var options = { bundlePath: new URL(bundle.path, bundles).href, baseUrl: root.pathname,
                    ranking: { pageLength: 0.1 }, indexWeight: bundle.weight };
    if (bundle.section) options.mergeFilter = { section: bundle.section };
    // Claim pages are titled by a claim's words: no title boost there (site_search.py).
    if (bundle.title_boost === false) options.ranking.metaWeights = { title: 0 };
    return options;
  }

  function startResults(box, list) {
    var primary = bundleOptions(list[0]);
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", primary.bundlePath).href;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = new URL("pagefind-ui.js", primary.bundlePath).href;
    script.onload = function () {
      results.textContent = "";
      ui = new PagefindUI({
        element: "#nb-search", bundlePath: primary.bundlePath, baseUrl: primary.baseUrl,
        mergeFilter: primary.mergeFilter, ranking: primary.ranking, indexWeight: primary.indexWeight,
        mergeIndex: list.slice(1).map(bundleOptions),
        showImages: false, showSubResults: true, autofocus: !box || !box.value,
        translations: { placeholder: "Search people, quotes, outlets, claims, article text" },
        processTerm: keepQueryInAddress
      });
      var term = new URLSearchParams(location.search).get("q");
      if (term) ui.triggerSearch(term);
    };
    document.head.appendChild(script);
  }

  function loadBundles(box) {
    fetch(new URL("bundles.json", bundles).href, { cache: "no-cache" })  // rewritten by every build
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (manifest) {
        if (!manifest.bundles.length) throw new Error("no pages indexed");
        startResults(box, manifest.bundles);
      })
      .catch(function (error) { results.textContent = "The search index could not be loaded (" + error.message + ")."; });
  }

  var box = headerBox();
  if (box) focusOnSlash(box);
  if (!results) return;
  if (box) {
    box.value = new URLSearchParams(location.search).get("q") || "";
    box.form.addEventListener("submit", function (event) { event.preventDefault(); });
    box.addEventListener("input", function () { if (ui) ui.triggerSearch(box.value); });
  }
  loadBundles(box);
})();
