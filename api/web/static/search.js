// The search page: query box → /search → entity-linked hits, highlighted snippets, facets, pages,
// and "more like this" (/search/similar) from any hit.
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
const PAGE_SIZE = 10;
const FACET_NAMES = { type: "類型", agency: "機關", year: "年度", stage: "階段" };
const FILTERS = ["type", "agency", "year", "stage"];

// The snippet with its matched characters marked, built from the JSON offsets (text nodes only).
function snippet(hit) {
  const p = el("p", { class: "snippet" });
  let last = 0;
  (hit.highlights || []).forEach(([start, end]) => {
    p.append(document.createTextNode(hit.text.slice(last, start)), el("mark", {}, hit.text.slice(start, end)));
    last = end;
  });
  p.append(document.createTextNode(hit.text.slice(last)));
  return p;
}

function currentState() {
  const params = new URLSearchParams(location.search);
  const state = { q: params.get("q") || "", like: params.get("like") || "", page: Number(params.get("page") || 1) };
  FILTERS.forEach((f) => { state[f] = params.get(f) || ""; });
  return state;
}

function go(state) {
  const params = new URLSearchParams();
  if (state.like) params.set("like", state.like); else params.set("q", state.q);
  FILTERS.forEach((f) => { if (state[f]) params.set(f, state[f]); });
  if (state.page > 1) params.set("page", String(state.page));
  history.replaceState(null, "", "/?" + params.toString());
  return load(state);
}

async function runSearch(event) {
  if (event) event.preventDefault();
  const q = document.getElementById("q").value.trim();
  const state = { q, like: "", page: 1, type: document.getElementById("type").value, agency: "", year: "", stage: "" };
  if (!q) { document.getElementById("hits").innerHTML = ""; return; }
  return go(state);
}

async function load(state) {
  const list = document.getElementById("hits");
  const status = document.getElementById("status");
  const facets = document.getElementById("facets");
  const pager = document.getElementById("pager");
  list.innerHTML = ""; facets.innerHTML = ""; pager.innerHTML = "";
  status.textContent = "搜尋中…";
  const params = new URLSearchParams({ k: String(PAGE_SIZE), page: String(state.page) });
  FILTERS.forEach((f) => { if (state[f]) params.set(f, state[f]); });
  let url;
  document.getElementById("type").value = state.type || "";
  if (state.like) { params.set("iri", state.like); url = "/search/similar?" + params.toString(); }
  else { params.set("q", state.q); url = "/search?" + params.toString(); }
  try {
    const response = await fetch(url);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(detailText(body.detail) || response.statusText);
    const first = body.offset + 1, last = body.offset + body.hits.length;
    status.textContent = (state.like ? "與「" + body.query + "」相似：" : "") + body.total + " 筆結果" +
      (body.hits.length ? "（第 " + first + "–" + last + " 筆）" : "");
    body.hits.forEach((hit) => {
      const amount = hit.amount_ntd ? el("span", { class: "amount", "data-ntd": hit.amount_ntd }) : "";
      const frozen = hit.frozen_ntd ? el("span", { class: "frozen" }, "凍結 ", el("span", { class: "amount", "data-ntd": hit.frozen_ntd })) : "";
      // Two hits can share a name (one subsidy under two branch plans): the parent plan tells them apart.
      const partOf = hit.part_of ? el("span", { class: "muted part-of" }, "（" + hit.part_of + "）") : "";
      const like = el("a", { href: "/?like=" + encodeURIComponent(hit.iri), class: "like" }, "相似項目");
      like.addEventListener("click", (e) => { e.preventDefault(); go({ q: "", like: hit.iri, page: 1, type: "", agency: "", year: "", stage: "" }); });
      const where = hit.document + (hit.page ? " · 第 " + hit.page + " 頁" : "") + (hit.roc_year ? " · " + hit.roc_year + " 年度" : "") +
        (hit.stage ? " · " + hit.stage : "") + " · score " + Number(hit.score).toFixed(3) + " · ";
      list.append(el("li", { class: "hit" + (hit.name_match ? " name-" + hit.name_match : "") },
        el("div", {}, el("span", { class: "badge" }, hit.type), el("a", { href: entityHref(hit.iri), class: "hit-link" }, hit.label || hit.iri), partOf, " ", amount, frozen),
        snippet(hit),
        el("div", { class: "muted" }, where, like)));
    });
    renderAmounts(list);
    renderFacets(facets, body.facets || {}, state);
    renderPager(pager, body, state);
  } catch (error) {
    status.innerHTML = "";
    status.append(el("span", { class: "error" }, "搜尋失敗：" + error.message));
  }
}

function renderFacets(root, facets, state) {
  Object.entries(FACET_NAMES).forEach(([name, title]) => {
    const counts = Object.entries(facets[name] || {});
    if (!counts.length) return;
    const group = el("div", { class: "facet", "data-facet": name }, el("strong", {}, title + "："));
    if (state[name]) {
      const clear = el("a", { href: "#", class: "facet-clear" }, "全部");
      clear.addEventListener("click", (e) => { e.preventDefault(); go({ ...state, [name]: "", page: 1 }); });
      group.append(clear, " ");
    }
    counts.slice(0, 12).forEach(([value, count]) => {
      const link = el("a", { href: "#", class: "facet-value" + (state[name] === value ? " on" : "") }, value + " (" + count + ")");
      link.addEventListener("click", (e) => { e.preventDefault(); go({ ...state, [name]: value, page: 1 }); });
      group.append(link, " ");
    });
    root.append(group);
  });
}

function renderPager(root, body, state) {
  const pages = Math.ceil(body.total / PAGE_SIZE);
  if (pages <= 1) return;
  const button = (label, page) => {
    const b = el("button", { type: "button", class: "secondary", "data-page": String(page) }, label);
    b.addEventListener("click", () => go({ ...state, page }));
    return b;
  };
  if (state.page > 1) root.append(button("‹ 上一頁", state.page - 1), " ");
  root.append(el("span", { class: "muted" }, "第 " + state.page + " / " + pages + " 頁"), " ");
  if (state.page < pages) root.append(button("下一頁 ›", state.page + 1));
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", runSearch);
  const state = currentState();
  if (state.q || state.like) {
    document.getElementById("q").value = state.q;
    if (state.type) document.getElementById("type").value = state.type;
    load(state);
  }
});
