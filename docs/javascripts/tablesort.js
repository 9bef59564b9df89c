// Click a table header to sort its rows (numbers numerically, text alphabetically); click again to reverse.
// Self-contained: the site loads nothing from other hosts.
(function () {
  function cellValue(row, index) {
    const text = (row.cells[index] ? row.cells[index].textContent : "").trim();
    const number = parseFloat(text.replace(/[,%]/g, ""));
    return /^-?[\d.,]+%?$/.test(text) && !isNaN(number) ? number : text.toLowerCase();
  }

  function sortBy(table, index, descending) {
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = cellValue(a, index), y = cellValue(b, index);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  const sortable = new WeakSet();

  function makeSortable(table) {
    if (sortable.has(table) || !table.tHead || !table.tBodies.length) return;
    sortable.add(table);
    Array.from(table.tHead.rows[0].cells).forEach(function (th, index) {
      th.style.cursor = "pointer";
      th.title = "Sort by this column";
      let descending = false;
      th.addEventListener("click", function () {
        descending = !descending;
        sortBy(table, index, descending);
      });
    });
  }

  function init() { document.querySelectorAll("article table").forEach(makeSortable); }
  if (typeof document$ !== "undefined") { document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
