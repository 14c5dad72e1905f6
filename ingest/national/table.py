"""What a national file yields: its records, year, source and table, and the helpers the readers share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.amounts import Amount, parse_cell
from ingest.records import Record

DGBAS_EXPENDITURE = "歲出機關別預算表"
DGBAS_REVENUE = "歲入來源別預算表"
DGBAS_FUNCTION = "歲出政事別預算表"
TWBUDGET = "twbudget 歲出預算案"
TABLES = (DGBAS_EXPENDITURE, DGBAS_REVENUE, DGBAS_FUNCTION, TWBUDGET)


@dataclass
class NationalTable:
    """One national file read: `records` in file order, each figure's stage on the record."""

    path: Path
    source: str  # dgbas | twbudget
    table: str  # one of TABLES
    roc_year: int
    stage: str  # the stage of the 本年度 figures
    records: list[Record] = field(default_factory=list)
    year_from: str = "content"  # "content" or "file name" (97–103 print no year)

    @property
    def document(self) -> str:
        return self.path.name

    @property
    def key(self) -> str:
        """A stable identity of the file in the corpus: source/year/table."""
        return f"{self.source}/{self.roc_year}/{self.table}"


def amount(text: str | None, unit: str) -> Amount | None:
    return parse_cell(text, unit) if text else None


def full_agency_name(ministry: str, agency: str) -> str:
    """The agency's full name as its own book prints it: 經濟部主管 + 產業發展署 → 經濟部產業發展署.

    DGBAS prints an agency under a ministry without the ministry's name; the books (and the graph's
    agency IRIs) use the full name. Only a 部's agencies take the prefix (總統府主管's 國史館 does not),
    and never a school or hospital named for itself.
    """
    stem = re.sub(r"主管$", "", ministry)
    if not stem or not agency or agency.startswith(stem) or not stem.endswith("部"):
        return agency
    if agency.startswith("國立") or agency.endswith(("大學", "學校", "醫院", "所屬")):
        return agency
    return stem + agency


def year_from_name(path: Path) -> int | None:
    """97c歲出機關別預算表.xls → 97; tw2025ap.csv → 114; C歲出…xlsx in dgbas/114/ → 114."""
    name = path.name
    match = re.match(r"^tw(\d{4})ap", name)
    if match:
        return int(match.group(1)) - 1911
    match = re.match(r"^(\d{2,3})[cC]", name)
    if match:
        return int(match.group(1))
    if path.parent.name.isdigit():
        return int(path.parent.name)
    return None
