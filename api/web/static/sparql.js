// The SPARQL page: example queries ready to run; results as a table; a permalink and a CSV download;
// a notice when the result hit the service's row cap (X-Result-Truncated).
const NUMERIC = /#(decimal|integer|int|long|double|float|nonNegativeInteger|positiveInteger)$/;

function queryText() { return document.getElementById("sparql").value; }

// The address of this page with the query in it: opening it runs the query again.
function permalink(text) { return location.origin + "/query?" + new URLSearchParams({ query: text }).toString(); }

function listQuery(type, book) {
  const inBook = book ? ` ;\n     bud:inBook <${book}>` : "";
  return `SELECT ?x ?label ?amount WHERE {\n  ?x a bud:${type}${inBook} .\n  OPTIONAL { ?x rdfs:label ?label }\n  OPTIONAL { ?x bud:amount ?amount }\n} ORDER BY DESC(?amount) LIMIT 500`;
}

async function loadExamples() {
  const select = document.getElementById("examples");
  const response = await fetch("/api/queries");
  const examples = await response.json();
  examples.forEach((q) => { const o = document.createElement("option"); o.value = q.name; o.textContent = q.title; o.dataset.text = q.text; select.append(o); });
  select.addEventListener("change", () => { const o = select.selectedOptions[0]; if (o && o.dataset.text) document.getElementById("sparql").value = o.dataset.text; });
  const params = new URLSearchParams(location.search);
  const chosen = params.get("example") && examples.find((q) => q.name === params.get("example"));
  if (params.get("query")) { document.getElementById("sparql").value = params.get("query"); return true; }
  if (chosen) { select.value = chosen.name; document.getElementById("sparql").value = chosen.text; return true; }
  if (params.get("type") && /^[A-Za-z]+$/.test(params.get("type"))) {
    document.getElementById("sparql").value = listQuery(params.get("type"), params.get("book")); return true;
  }
  if (examples.length && !queryText()) { select.selectedIndex = 1; document.getElementById("sparql").value = examples[0].text; }
  return false;
}

function showError(status, message) {
  status.innerHTML = ""; const e = document.createElement("pre"); e.className = "error"; e.textContent = message; status.append(e);
}

function showLink(text) {
  const link = document.getElementById("permalink");
  link.href = permalink(text); link.hidden = false;
  history.replaceState(null, "", "/query?" + new URLSearchParams({ query: text }).toString());
}

async function downloadCsv() {
  const status = document.getElementById("query-status");
  const response = await fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", Accept: "text/csv" }, body: queryText() });
  const body = await response.text();
  if (!response.ok) { let m = body; try { m = JSON.parse(body).detail || body; } catch (_) { /* plain text */ } showError(status, m); return; }
  const url = URL.createObjectURL(new Blob(["\ufeff" + body], { type: "text/csv;charset=utf-8" }));  // BOM: Excel reads UTF-8
  const a = document.createElement("a"); a.href = url; a.download = "budgetkg-query.csv"; a.id = "csv-file";
  document.body.append(a); a.click(); setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 1000);
  document.getElementById("csv").dataset.rows = String(body.trim().split(/\r?\n/).length - 1);
}

async function runQuery(event) {
  if (event) event.preventDefault();
  const status = document.getElementById("query-status");
  const wrap = document.getElementById("results");
  const cap = document.getElementById("row-cap");
  wrap.innerHTML = ""; cap.hidden = true; status.textContent = "執行中…";
  const started = performance.now();
  const text = queryText();
  showLink(text);
  let response, body;
  try {
    response = await fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" }, body: text });
    body = await response.text();
  } catch (error) { showError(status, "無法連線：" + error.message); return; }
  if (!response.ok) {
    let message = body;
    try { message = JSON.parse(body).detail || body; } catch (_) { /* not JSON: show the body as it is */ }
    showError(status, message); return;
  }
  const result = JSON.parse(body);
  const ms = Math.round(performance.now() - started);
  if (result.boolean !== undefined) { status.textContent = `ASK → ${result.boolean} (${ms} ms)`; return; }
  const vars = result.head.vars, rows = result.results.bindings;
  status.textContent = `${rows.length} 列 (${ms} ms)`;
  if (response.headers.get("X-Result-Truncated") === "true") {
    cap.textContent = `結果已達服務的上限 ${rows.length.toLocaleString("zh-TW")} 列，以下並非全部結果。請以 LIMIT/OFFSET 分頁、加上篩選條件，或改用聚合（COUNT、SUM）。`;
    cap.hidden = false;
  }
  document.getElementById("csv").hidden = false;
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

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("query-form").addEventListener("submit", runQuery);
  document.getElementById("csv").addEventListener("click", downloadCsv);
  const fromAddress = await loadExamples();
  if (fromAddress) runQuery();
});
