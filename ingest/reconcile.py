"""Reconciliation: every printed total in a book is a claim, checked against the rows it sums.

A Check records what was compared, where (section, page, key), the printed and computed values and a
status. `pass` and `rounding` (前年度決算數 subtotals rounded on their own, ±1 千元) are fine;
`explained` is a failure whose cause the book itself shows (a numbered project missing from a 說明
list, with the inferred value); `fail` is unexplained and makes `budgetkg check` exit non-zero.
Checks live in `ingest/checks/`, one module per family, each a function decorated with `@check`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.records import Record

STATUSES = ("pass", "rounding", "explained", "fail")


@dataclass(frozen=True)
class Check:
    """One reconciliation: `printed` (the book's total) against `computed` (the sum of its parts), in `unit`:
    元 for money, else what the table counts (人, 平方公尺, 公升, 件, 項)."""

    name: str
    location: str  # section and key, e.g. "歲出計畫提要 5226102200/01"
    printed: Decimal | None
    computed: Decimal | None
    status: str
    page: int | None = None
    note: str = ""
    family: str = ""
    unit: str = "元"

    @property
    def difference(self) -> Decimal | None:
        if self.printed is None or self.computed is None:
            return None
        return self.printed - self.computed

    @property
    def ok(self) -> bool:
        return self.status != "fail"

    def to_json(self) -> dict[str, object]:
        return {
            "family": self.family,
            "name": self.name,
            "location": self.location,
            "page": self.page,
            "printed": str(self.printed) if self.printed is not None else None,
            "computed": str(self.computed) if self.computed is not None else None,
            "status": self.status,
            "unit": self.unit,
            "note": self.note,
        }


def compare(
    name: str,
    location: str,
    printed: Decimal | None,
    computed: Decimal | None,
    *,
    page: int | None = None,
    tolerance: Decimal = Decimal(0),
    rounding_note: str = "",
    note: str = "",
    unit: str = "元",
) -> Check:
    """A Check from two values in `unit`: equal → pass; within `tolerance` → rounding; else fail."""
    if printed is None or computed is None:
        return Check(name, location, printed, computed, "fail", page, note or "value missing", unit=unit)
    diff = abs(printed - computed)
    if diff == 0:
        return Check(name, location, printed, computed, "pass", page, note, unit=unit)
    if diff <= tolerance:
        return Check(name, location, printed, computed, "rounding", page, rounding_note or note, unit=unit)
    return Check(name, location, printed, computed, "fail", page, note, unit=unit)


@dataclass
class Report:
    """All checks of one book."""

    document: str
    checks: list[Check] = field(default_factory=list)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.status == "fail"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def counts(self) -> dict[str, int]:
        return {status: sum(1 for c in self.checks if c.status == status) for status in STATUSES}


CheckFunction = Callable[[list[Record]], Iterable[Check]]
_REGISTRY: list[tuple[str, CheckFunction]] = []


def check(family: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a reconciliation function under a family name (e.g. "revenue", "plans")."""

    def register(function: CheckFunction) -> CheckFunction:
        _REGISTRY.append((family, function))
        return function

    return register


def _load_checks() -> list[tuple[str, CheckFunction]]:
    import ingest.checks as package

    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{module.name}")
    return list(_REGISTRY)


def reconcile(document: str, records: list[Record]) -> Report:
    """Run every registered check over a book's records."""
    report = Report(document=document)
    for family, function in _load_checks():
        for result in function(records):
            report.checks.append(result if result.family else _with_family(result, family))
    return report


def _with_family(result: Check, family: str) -> Check:
    return Check(
        result.name,
        result.location,
        result.printed,
        result.computed,
        result.status,
        result.page,
        result.note,
        family,
        result.unit,
    )
