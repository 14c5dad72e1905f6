// Amount formatting shared by every page: values arrive in NT$ 元 (data-ntd) and show in 千元 or 億元.
const UNITS = { "千元": 1e3, "億元": 1e8, "元": 1 };
function currentUnit() { return localStorage.getItem("budgetkg-unit") || "千元"; }
function formatAmount(ntd, unit) {
  const value = Number(ntd) / UNITS[unit];
  const digits = unit === "億元" ? 2 : 0;
  return value.toLocaleString("zh-TW", { minimumFractionDigits: digits, maximumFractionDigits: digits }) + " " + unit;
}
function renderAmounts(root) {
  const unit = currentUnit();
  (root || document).querySelectorAll("[data-ntd]").forEach((el) => { el.textContent = formatAmount(el.dataset.ntd, unit); });
  document.querySelectorAll(".unit-toggle button").forEach((b) => b.classList.toggle("on", b.dataset.unit === unit));
}
function setUnit(unit) { localStorage.setItem("budgetkg-unit", unit); renderAmounts(); }
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".unit-toggle button").forEach((b) => b.addEventListener("click", () => setUnit(b.dataset.unit)));
  renderAmounts();
});
