// The budget picture: work plans → branch plans → 用途別 as a squarified treemap, drawn as plain SVG.
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
const view = { node: null, trail: [] };

function drawTreemap(svg, node, trail) {
  view.node = node; view.trail = trail;
  const W = svg.clientWidth || 1000, H = svg.clientHeight || 520;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.innerHTML = "";
  const children = (node.children || []).slice().sort((a, b) => b.value - a.value);
  const cells = squarify(children, 0, 0, W, H);
  const ns = "http://www.w3.org/2000/svg";
  cells.forEach((cell, index) => {
    const g = document.createElementNS(ns, "g");
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", cell.x); rect.setAttribute("y", cell.y);
    rect.setAttribute("width", Math.max(cell.w, 0)); rect.setAttribute("height", Math.max(cell.h, 0));
    rect.setAttribute("fill", PALETTE[index % PALETTE.length]);
    rect.setAttribute("data-iri", cell.item.iri || "");
    const title = document.createElementNS(ns, "title");
    title.textContent = `${cell.item.name}\n${formatAmount(cell.item.value, currentUnit())}`;
    rect.append(title);
    rect.addEventListener("click", () => {
      if (cell.item.children && cell.item.children.length) drawTreemap(svg, cell.item, trail.concat([node]));
      else if (cell.item.iri) location.href = "/entity?iri=" + encodeURIComponent(cell.item.iri);
    });
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
  const crumbs = document.getElementById("crumbs");
  crumbs.innerHTML = "";
  trail.concat([node]).forEach((step, i, all) => {
    const link = document.createElement("a");
    link.href = "#"; link.textContent = step.name;
    link.addEventListener("click", (e) => { e.preventDefault(); drawTreemap(svg, step, all.slice(0, i)); });
    crumbs.append(link);
    if (i < all.length - 1) crumbs.append(" › ");
  });
  const total = document.createElement("span");
  total.className = "amount crumb-total"; total.textContent = " " + formatAmount(node.value, currentUnit());
  crumbs.append(total);
  if (node.iri) {
    const open = document.createElement("a");
    open.href = "/entity?iri=" + encodeURIComponent(node.iri); open.textContent = " (開啟)";
    crumbs.append(open);
  }
  svg.dataset.drawn = String(cells.length);
}

document.addEventListener("DOMContentLoaded", async () => {
  const svg = document.getElementById("treemap");
  const status = document.getElementById("chart-status");
  let tree;
  try {
    const response = await fetch(svg.dataset.source || "/api/budget-tree");
    tree = await response.json();
    if (!response.ok) throw new Error(tree.detail || response.statusText);
  } catch (error) {
    status.innerHTML = "";
    const message = document.createElement("span");
    message.className = "error"; message.textContent = "無法載入預算資料：" + error.message;
    status.append(message);
    return;
  }
  if (!tree.children || !tree.children.length) { status.textContent = "尚無預算資料：請先匯入預算書。"; return; }
  status.textContent = "";
  drawTreemap(svg, tree, []);
  const redraw = () => drawTreemap(svg, view.node, view.trail);
  document.querySelectorAll(".unit-toggle button").forEach((b) => b.addEventListener("click", redraw));
  let pending;
  window.addEventListener("resize", () => { clearTimeout(pending); pending = setTimeout(redraw, 150); });
});
