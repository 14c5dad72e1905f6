// The search page: query box → /search → entity-linked hits.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== undefined && v !== null) node.setAttribute(k, v); });
  children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return node;
}
// FastAPI's validation errors carry a list of {msg} objects, its other errors a string.
function detailText(detail) {
  if (Array.isArray(detail)) return detail.map((d) => d.msg || JSON.stringify(d)).join("; ");
  return detail ? String(detail) : "";
}
function entityHref(iri) { return "/entity?iri=" + encodeURIComponent(iri); }

async function runSearch(event) {
  if (event) event.preventDefault();
  const q = document.getElementById("q").value.trim();
  const type = document.getElementById("type").value;
  const list = document.getElementById("hits");
  const status = document.getElementById("status");
  list.innerHTML = "";
  if (!q) return;
  status.textContent = "搜尋中…";
  const params = new URLSearchParams({ q, k: "10" });
  if (type) params.set("type", type);
  history.replaceState(null, "", "/?" + params.toString());
  try {
    const response = await fetch("/search?" + params.toString());
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(detailText(body.detail) || response.statusText);
    status.textContent = body.hits.length + " 筆結果";
    body.hits.forEach((hit) => {
      const amount = hit.amount_ntd ? el("span", { class: "amount", "data-ntd": hit.amount_ntd }) : "";
      const frozen = hit.frozen_ntd ? el("span", { class: "frozen" }, "凍結 ", el("span", { class: "amount", "data-ntd": hit.frozen_ntd })) : "";
      // Two hits can share a name (one subsidy under two branch plans): the parent plan tells them apart.
      const partOf = hit.part_of ? el("span", { class: "muted part-of" }, "（" + hit.part_of + "）") : "";
      list.append(el("li", { class: "hit" },
        el("div", {}, el("span", { class: "badge" }, hit.type), el("a", { href: entityHref(hit.iri), class: "hit-link" }, hit.label || hit.iri), partOf, " ", amount, frozen),
        el("p", { class: "snippet" }, hit.text),
        el("div", { class: "muted" }, hit.document + (hit.page ? " · 第 " + hit.page + " 頁" : "") + " · score " + Number(hit.score).toFixed(3))));
    });
    renderAmounts(list);
  } catch (error) {
    status.innerHTML = "";
    status.append(el("span", { class: "error" }, "搜尋失敗：" + error.message));
  }
}
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", runSearch);
  const params = new URLSearchParams(location.search);
  if (params.get("q")) {
    document.getElementById("q").value = params.get("q");
    if (params.get("type")) document.getElementById("type").value = params.get("type");
    runSearch();
  }
});
