// The SPARQL page: example queries ready to run; results as a table.
async function loadExamples() {
  const select = document.getElementById("examples");
  const response = await fetch("/api/queries");
  const examples = await response.json();
  examples.forEach((q) => { const o = document.createElement("option"); o.value = q.name; o.textContent = q.title; o.dataset.text = q.text; select.append(o); });
  select.addEventListener("change", () => { const o = select.selectedOptions[0]; if (o && o.dataset.text) document.getElementById("sparql").value = o.dataset.text; });
  if (examples.length && !document.getElementById("sparql").value) { select.selectedIndex = 1; document.getElementById("sparql").value = examples[0].text; }
}
async function runQuery(event) {
  event.preventDefault();
  const status = document.getElementById("query-status");
  const wrap = document.getElementById("results");
  wrap.innerHTML = ""; status.textContent = "執行中…";
  const started = performance.now();
  const response = await fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" }, body: document.getElementById("sparql").value });
  const text = await response.text();
  if (!response.ok) { status.innerHTML = ""; const e = document.createElement("pre"); e.className = "error"; e.textContent = text; status.append(e); return; }
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
      else td.textContent = cell.value;
    });
  });
  wrap.append(table);
}
document.addEventListener("DOMContentLoaded", () => { loadExamples(); document.getElementById("query-form").addEventListener("submit", runQuery); });
