// The SPARQL page: example queries ready to run; results as a table.
const NUMERIC = /#(decimal|integer|int|long|double|float|nonNegativeInteger|positiveInteger)$/;
async function loadExamples() {
  const select = document.getElementById("examples");
  const response = await fetch("/api/queries");
  const examples = await response.json();
  examples.forEach((q) => { const o = document.createElement("option"); o.value = q.name; o.textContent = q.title; o.dataset.text = q.text; select.append(o); });
  select.addEventListener("change", () => { const o = select.selectedOptions[0]; if (o && o.dataset.text) document.getElementById("sparql").value = o.dataset.text; });
  if (examples.length && !document.getElementById("sparql").value) { select.selectedIndex = 1; document.getElementById("sparql").value = examples[0].text; }
}
function showError(status, message) {
  status.innerHTML = ""; const e = document.createElement("pre"); e.className = "error"; e.textContent = message; status.append(e);
}
async function runQuery(event) {
  event.preventDefault();
  const status = document.getElementById("query-status");
  const wrap = document.getElementById("results");
  wrap.innerHTML = ""; status.textContent = "執行中…";
  const started = performance.now();
  let response, text;
  try {
    response = await fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" }, body: document.getElementById("sparql").value });
    text = await response.text();
  } catch (error) { showError(status, "無法連線：" + error.message); return; }
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).detail || text; } catch (_) { /* not JSON: show the body as it is */ }
    showError(status, message); return;
  }
  const body = JSON.parse(text);
  const ms = Math.round(performance.now() - started);
  if (body.boolean !== undefined) { status.textContent = `ASK → ${body.boolean} (${ms} ms)`; return; }
  const vars = body.head.vars, rows = body.results.bindings;
  status.textContent = `${rows.length} 列 (${ms} ms)`;
  const table = document.createElement("table"); table.className = "results";
  const head = table.insertRow(); vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.append(th); });
  rows.forEach((row) => {
    const tr = table.insertRow();
    vars.forEach((v) => {
      const td = tr.insertCell(); const cell = row[v];
      if (!cell) return;
      if (cell.type === "uri") { const a = document.createElement("a"); a.href = "/entity?iri=" + encodeURIComponent(cell.value); a.textContent = cell.value.replace(/^.*\/id\//, ""); td.append(a); }
      else if (NUMERIC.test(cell.datatype || "") && cell.value !== "" && !Number.isNaN(Number(cell.value))) {
        // Amounts are NT$ 元 with up to 13 digits: group them so they can be read; the exact value stays in the tooltip.
        td.className = "num"; td.title = cell.value;
        td.textContent = Number(cell.value).toLocaleString("zh-TW", { maximumFractionDigits: 6 });
      }
      else td.textContent = cell.value;
    });
  });
  wrap.append(table);
}
document.addEventListener("DOMContentLoaded", () => { loadExamples(); document.getElementById("query-form").addEventListener("submit", runQuery); });
