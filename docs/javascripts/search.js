// newsbundle search: a box in the header of every page; results on the search page, from the
// Pagefind index that the build writes to pagefind/ (only the search page loads it).
// Every URL is derived from Material's relative base, so the site works from any folder.
(function () {
  "use strict";
  var config = document.getElementById("__config");
  if (!config) return;
  var root = new URL(JSON.parse(config.textContent).base.replace(/\/?$/, "/"), location.href);
  var searchPage = new URL("search/", root);
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

  function startResults(box) {
    var bundle = new URL("pagefind/", root);
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", bundle).href;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = new URL("pagefind-ui.js", bundle).href;
    script.onload = function () {
      results.textContent = "";
      ui = new PagefindUI({
        element: "#nb-search", bundlePath: bundle.href, baseUrl: root.pathname,
        showImages: false, showSubResults: true, autofocus: !box || !box.value,
        // Weak length normalisation: the page about a person names them most often; by default
        // short quote pages that name them in their title would all come first.
        ranking: { pageLength: 0.1 },
        translations: { placeholder: "Search people, quotes, outlets, claims, article text" },
        processTerm: keepQueryInAddress
      });
      var term = new URLSearchParams(location.search).get("q");
      if (term) ui.triggerSearch(term);
    };
    document.head.appendChild(script);
  }

  var box = headerBox();
  if (box) focusOnSlash(box);
  if (!results) return;
  if (box) {
    box.value = new URLSearchParams(location.search).get("q") || "";
    box.form.addEventListener("submit", function (event) { event.preventDefault(); });
    box.addEventListener("input", function () { if (ui) ui.triggerSearch(box.value); });
  }
  startResults(box);
})();
