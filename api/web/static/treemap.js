// The budget picture as a squarified treemap, drawn as plain SVG, with every part listed beside it:
// 歲出 work plans → branch plans → 用途別 → grants (or → projects), and 歲入 款 → 目 → 節.
const REST_COLOUR = "#9aa4b1";  // what the grant rows leave over of a line: grey, not a colour of its own item
const PALETTE = ["#1f5f99", "#2f8f6f", "#b5651d", "#7a4f9a", "#a33b4a", "#3c7f8c", "#6b7d2a", "#8c5a3c"];

function squarify(items, x, y, w, h) {
  // items: [{value, ...}] sorted descending; returns [{item, x, y, w, h}]
  const out = [];
  let rest = items.filter((i) => i.value > 0);
  const total = rest.reduce((s, i) => s + i.value, 0);
  if (!total) return out;
  const scale = (w * h) / total;
  let row = [];
  const worst = (r, side) => {
    const s = r.reduce((a, i) => a + i.value * scale, 0);
    const max = Math.max(...r.map((i) => i.value * scale)), min = Math.min(...r.map((i) => i.value * scale));
    return Math.max((side * side * max) / (s * s), (s * s) / (side * side * min));
  };
  const layoutRow = (r) => {
    const s = r.reduce((a, i) => a + i.value * scale, 0);
    if (w >= h) {
      const cw = s / h; let cy = y;
      r.forEach((i) => { const ch = (i.value * scale) / cw; out.push({ item: i, x, y: cy, w: cw, h: ch }); cy += ch; });
      x += cw; w -= cw;
    } else {
      const ch = s / w; let cx = x;
      r.forEach((i) => { const cw = (i.value * scale) / ch; out.push({ item: i, x: cx, y, w: cw, h: ch }); cx += cw; });
      y += ch; h -= ch;
    }
  };
  while (rest.length) {
    const side = Math.min(w, h);
    const next = rest[0];
    if (!row.length || worst(row.concat([next]), side) <= worst(row, side)) { row.push(next); rest = rest.slice(1); }
    else { layoutRow(row); row = []; }
  }
  if (row.length) layoutRow(row);
  return out;
}

// What is on screen, so a unit switch or a resize redraws the same level instead of the top.
// `split`: a branch plan splits by 用途別 (its lines, which lead on to grants) or by 計畫項目 (its projects).
const view = { node: null, trail: [], split: "lines", side: "expenditure" };
const SIDES = { expenditure: "歲出預算結構", revenue: "歲入預算結構" };
const HINTS = {
  expenditure: "工作計畫 → 分支計畫 → 用途別科目 → 補助、捐助、委辦；分支計畫也可改看計畫項目。面積與本年度預算數成比例；點選方塊或右側清單向下展開，最底層開啟實體頁。",
  revenue: "歲入來源別：款 → 目 → 節。面積與本年度預算數成比例；點選方塊或右側清單向下展開，最底層開啟實體頁。",
};

function shownChildren(node) {
  const parts = view.split === "projects" && node.projects ? node.projects : node.children || [];
  return parts.slice().sort((a, b) => b.value - a.value);
}

function open(svg, item, node, trail) {
  if (item.children && item.children.length) { view.split = "lines"; drawTreemap(svg, item, trail.concat([node])); }
  else if (item.projects && item.projects.length) { view.split = "projects"; drawTreemap(svg, item, trail.concat([node])); }
  else if (item.iri) location.href = "/entity?iri=" + encodeURIComponent(item.iri);
}

function drawList(svg, node, trail, children) {
  // Every part of the level, however small its tile: name, amount, share, and the same click as its tile.
  const list = document.getElementById("treemap-list");
  list.innerHTML = "";
  const total = node.value || children.reduce((s, c) => s + c.value, 0);
  children.forEach((item, index) => {
    const row = list.insertRow();
    row.dataset.iri = item.iri || "";
    row.className = item.rest ? "rest" : "";
    const name = row.insertCell();
    const swatch = document.createElement("span");
    swatch.className = "swatch"; swatch.style.background = item.rest ? REST_COLOUR : PALETTE[index % PALETTE.length];
    name.append(swatch);
    if (item.kind) { const badge = document.createElement("span"); badge.className = "badge"; badge.textContent = item.kind; name.append(badge); }
    if (item.iri || (item.children && item.children.length)) {
      const link = document.createElement("a"); link.href = "#"; link.textContent = item.name;
      link.addEventListener("click", (e) => { e.preventDefault(); open(svg, item, node, trail); });
      name.append(link);
    } else name.append(item.name);
    const amount = row.insertCell(); amount.className = "amount"; amount.textContent = formatAmount(item.value, currentUnit());
    const share = row.insertCell(); share.className = "share";
    const percent = total ? (100 * item.value) / total : 0;
    share.textContent = !total ? "" : percent > 0 && percent < 0.1 ? "<0.1%"
      : percent.toLocaleString("zh-TW", { maximumFractionDigits: 1, minimumFractionDigits: 1 }) + "%";
  });
}

function drawSplit(svg, node, trail) {
  const split = document.getElementById("split");
  split.hidden = !(node.projects && node.projects.length && node.children && node.children.length);
  split.querySelectorAll("button").forEach((b) => {
    b.classList.toggle("on", b.dataset.split === view.split);
    b.onclick = () => { view.split = b.dataset.split; drawTreemap(svg, node, trail); };
  });
}

function drawTreemap(svg, node, trail) {
  view.node = node; view.trail = trail;
  if (!(node.projects && node.projects.length)) view.split = "lines";
  if (!(node.children && node.children.length) && node.projects) view.split = "projects";
  const W = svg.clientWidth || 1000, H = svg.clientHeight || 520;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.innerHTML = "";
  const children = shownChildren(node);
  const cells = squarify(children, 0, 0, W, H);
  const ns = "http://www.w3.org/2000/svg";
  cells.forEach((cell, index) => {
    const g = document.createElementNS(ns, "g");
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", cell.x); rect.setAttribute("y", cell.y);
    rect.setAttribute("width", Math.max(cell.w, 0)); rect.setAttribute("height", Math.max(cell.h, 0));
    rect.setAttribute("fill", cell.item.rest ? REST_COLOUR : PALETTE[index % PALETTE.length]);
    rect.setAttribute("data-iri", cell.item.iri || "");
    const title = document.createElementNS(ns, "title");
    title.textContent = `${cell.item.name}\n${formatAmount(cell.item.value, currentUnit())}`;
    rect.append(title);
    rect.addEventListener("click", () => open(svg, cell.item, node, trail));
    g.append(rect);
    if (cell.w > 70 && cell.h > 28) {
      const label = document.createElementNS(ns, "text");
      label.setAttribute("x", cell.x + 6); label.setAttribute("y", cell.y + 18);
      label.textContent = cell.item.name.slice(0, Math.floor(cell.w / 13));
      const amount = document.createElementNS(ns, "text");
      amount.setAttribute("x", cell.x + 6); amount.setAttribute("y", cell.y + 34);
      amount.textContent = formatAmount(cell.item.value, currentUnit());
      g.append(label, amount);
    }
    svg.append(g);
  });
  drawList(svg, node, trail, children);
  drawSplit(svg, node, trail);
  const crumbs = document.getElementById("crumbs");
  crumbs.innerHTML = "";
  trail.concat([node]).forEach((step, i, all) => {
    const link = document.createElement("a");
    link.href = "#"; link.textContent = step.name;
    link.addEventListener("click", (e) => { e.preventDefault(); view.split = "lines"; drawTreemap(svg, step, all.slice(0, i)); });
    crumbs.append(link);
    if (i < all.length - 1) crumbs.append(" › ");
  });
  const total = document.createElement("span");
  total.className = "amount crumb-total"; total.textContent = " " + formatAmount(node.value, currentUnit());
  crumbs.append(total);
  if (node.iri) {
    const openLink = document.createElement("a");
    openLink.href = "/entity?iri=" + encodeURIComponent(node.iri); openLink.textContent = " (開啟)";
    crumbs.append(openLink);
  }
  svg.dataset.drawn = String(cells.length);
  svg.dataset.side = view.side;
}

async function loadSide(svg, side) {
  const status = document.getElementById("chart-status");
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams({ side });
  if (params.get("book")) query.set("book", params.get("book"));
  view.side = side; view.split = "lines";
  document.getElementById("chart-title").textContent = SIDES[side];
  document.getElementById("chart-hint").textContent = HINTS[side];
  document.querySelectorAll("#sides button").forEach((b) => b.classList.toggle("on", b.dataset.side === side));
  delete svg.dataset.drawn;
  let tree;
  try {
    // A page may name its own feed (the national treemap, /national); else the book's, on this side.
    const response = await fetch(svg.dataset.source || "/api/budget-tree?" + query.toString());
    tree = await response.json();
    if (!response.ok) throw new Error(tree.detail || response.statusText);
  } catch (error) {
    status.innerHTML = "";
    const message = document.createElement("span");
    message.className = "error"; message.textContent = "無法載入預算資料：" + error.message;
    status.append(message);
    return;
  }
  if (!tree.children || !tree.children.length) {
    svg.innerHTML = ""; document.getElementById("treemap-list").innerHTML = "";
    status.textContent = "尚無預算資料：請先匯入預算書。"; return;
  }
  status.textContent = "";
  drawTreemap(svg, tree, []);
}

document.addEventListener("DOMContentLoaded", async () => {
  const svg = document.getElementById("treemap");
  const side = new URLSearchParams(location.search).get("side") === "revenue" ? "revenue" : "expenditure";
  document.querySelectorAll("#sides button").forEach((b) => b.addEventListener("click", () => {
    const params = new URLSearchParams(location.search); params.set("side", b.dataset.side);
    history.replaceState(null, "", "/budget?" + params.toString());
    loadSide(svg, b.dataset.side);
  }));
  await loadSide(svg, side);
  const redraw = () => view.node && drawTreemap(svg, view.node, view.trail);
  document.querySelectorAll(".unit-toggle button").forEach((b) => b.addEventListener("click", redraw));
  let pending;
  window.addEventListener("resize", () => { clearTimeout(pending); pending = setTimeout(redraw, 150); });
});
