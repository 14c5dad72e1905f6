// Tables with class "sortable": a click on a header with data-sort="text|number" sorts the body by that
// column (again: the other way). Cells sort by data-value when they have one (amounts in NT$ 元).
function sortTable(table, index, kind) {
  const body = table.tBodies[0];
  const header = table.tHead.rows[0].cells[index];
  const ascending = header.dataset.order !== "asc";
  Array.from(table.tHead.rows[0].cells).forEach((c) => delete c.dataset.order);
  header.dataset.order = ascending ? "asc" : "desc";
  const key = (row) => {
    const cell = row.cells[index];
    const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    return kind === "number" ? Number(raw) || 0 : raw;
  };
  const rows = Array.from(body.rows).filter((r) => !r.classList.contains("total"));
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const order = kind === "number" ? x - y : String(x).localeCompare(String(y), "zh-Hant");
    return ascending ? order : -order;
  });
  const totals = Array.from(body.rows).filter((r) => r.classList.contains("total"));
  rows.concat(totals).forEach((r) => body.appendChild(r));
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.sortable").forEach((table) => {
    if (!table.tHead) return;
    Array.from(table.tHead.rows[0].cells).forEach((cell, index) => {
      if (!cell.dataset.sort) return;
      cell.classList.add("sort-key");
      cell.setAttribute("role", "button");
      cell.tabIndex = 0;
      const go = () => sortTable(table, index, cell.dataset.sort);
      cell.addEventListener("click", go);
      cell.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
    });
  });
});

// The entity page's raw statements: one button shows and hides them.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button.raw-toggle").forEach((button) => {
    const table = document.getElementById(button.getAttribute("aria-controls"));
    if (!table) return;
    button.addEventListener("click", () => {
      table.hidden = !table.hidden;
      button.setAttribute("aria-expanded", String(!table.hidden));
      button.textContent = table.hidden ? button.dataset.show : button.dataset.hide;
    });
  });
});
