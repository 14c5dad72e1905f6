"""READr's table of the 114 committee-stage proposals (readr-data/2025_budget, CC0): temp_A.csv.

One row per proposal. Columns used: ID, 序號, 預算年度, 預算部分, 歲出歲入, category, full_name, result,
提案人, 連署人, place (committee), 日期, 名稱 (sitting), url, action, cost (the line's amount, 元), deleted
(減列, 元), frozen (凍結, 元), last_budget, 內容 (the text), 併案審查註記, item (the budget path), item_note.
"NA" is empty. `action` and `result` may be histories ("減列 > 凍結", "保留 > 通過"): the last step is
the outcome. Proposals negotiated between caucuses (黨團協商新提案, filename "hand") name no agency in
full_name; the code list round2_proposal_mapping.csv beside the table gives it by ID.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ingest.amounts import Amount
from ingest.records import Proposal, Provenance
from ingest.review.base import ReviewError, ReviewReader, ReviewTable

REQUIRED = ("ID", "提案人", "連署人", "action", "deleted", "frozen", "item", "內容")
MAPPING_FILE = "round2_proposal_mapping.csv"
CAUCUS_PLACEHOLDER = "黨團協商新提案"
_CODE_STEP = re.compile(r"^0?(\d{10})\s+(.+)$|^(\d{1,4})\s+(.+)$")


def _cell(row: dict[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    return "" if value == "NA" else value


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r"[;；、,，]", text) if n.strip() and n.strip() != "NA")


def _money(text: str) -> Amount | None:
    """Whole 元 as the table gives them; empty or NA → None."""
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return Amount.of(value, "元")


def parse_path(item: str) -> tuple[tuple[str, str], ...]:
    """`3708012900 役政業務 > 06 全社會防衛韌性訓練工作 > 2000 業務費` → ((code, name), …).

    An 11-digit code with a leading 0 (06303610400) is the 10-digit code; a step without a code (子計畫,
    各項費用彙計表, an agency name) keeps the code empty.
    """
    steps: list[tuple[str, str]] = []
    for part in item.split(">"):
        part = part.strip()
        if not part:
            continue
        match = _CODE_STEP.match(part)
        if match:
            code = match.group(1) or match.group(3)
            name = match.group(2) or match.group(4)
            steps.append((code, name.strip()))
        else:
            steps.append(("", part))
    return tuple(steps)


def _iso_date(text: str) -> str:
    """2024/12/9 or 2024-12-09 → 2024-12-09; anything else → empty."""
    match = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text)
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else ""


def _last_step(history: str) -> str:
    return history.split(">")[-1].strip() if history else ""


class ReadrReader(ReviewReader):
    name = "readr"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        try:
            first = head.decode("utf-8-sig", errors="ignore").splitlines()[0]
        except IndexError:
            return False
        return all(f'"{column}"' in first or f",{column}," in f",{first}," for column in REQUIRED)

    def read(self, path: Path) -> ReviewTable:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReviewError(
                f"{path}: cannot be read as UTF-8 CSV ({exc}); check or re-download it."
            ) from exc
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ReviewError(
                f"{path.name}: missing column(s) {', '.join(missing)}; is this READr's temp_A.csv?"
            )
        mapping = _agency_mapping(path.parent / MAPPING_FILE)
        proposals: list[Proposal] = []
        skipped: list[tuple[int, str]] = []
        years: set[int] = set()
        for number, row in enumerate(reader, start=1):
            if not _cell(row, "ID"):
                skipped.append((number, "no ID"))
                continue
            try:
                proposal = _proposal(row, number, path.name, mapping)
            except ValueError as exc:
                skipped.append((number, str(exc)))
                continue
            proposals.append(proposal)
            years.add(proposal.roc_year)
        if not proposals:
            raise ReviewError(f"{path.name}: no proposal rows read ({len(skipped)} skipped).")
        if len(years) != 1:
            raise ReviewError(
                f"{path.name}: proposals on several budget years {sorted(years)}; split the file."
            )
        return ReviewTable(source=path.name, roc_year=years.pop(), proposals=proposals, skipped=skipped)


def _agency_mapping(path: Path) -> dict[str, str]:
    """ID → full_name from round2_proposal_mapping.csv (empty when the code list is not beside the table)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {r["ID"].strip(): r["full_name"].strip() for r in csv.DictReader(handle) if r.get("ID")}


def _proposal(row: dict[str, str], number: int, source: str, mapping: dict[str, str]) -> Proposal:
    year_text = _cell(row, "預算年度")
    if not year_text.isdigit():
        raise ValueError(f"預算年度 {year_text!r} is not a year")
    proposal_id = _cell(row, "ID")
    agency = _cell(row, "full_name")
    if agency == CAUCUS_PLACEHOLDER or not agency:
        agency = mapping.get(proposal_id, agency)
    action_history = _cell(row, "action")
    result_history = _cell(row, "result")
    item = _cell(row, "item")
    text = _cell(row, "內容")
    side = _cell(row, "歲出歲入").removesuffix("部分")
    return Proposal(
        provenance=Provenance(document=source, page=None, text=text or item, section=f"row {number}"),
        proposal_id=proposal_id,
        number=_cell(row, "序號"),
        row=number,
        roc_year=int(year_text),
        agency=agency,
        agency_group=_cell(row, "category"),
        part=_cell(row, "預算部分"),
        side=side,
        proposers=_names(_cell(row, "提案人")),
        cosigners=_names(_cell(row, "連署人")),
        committee=_cell(row, "place"),
        sitting=_cell(row, "名稱"),
        date=_iso_date(_cell(row, "日期")),
        sitting_url=_cell(row, "url"),
        action=_last_step(action_history),
        action_history=action_history,
        result=_last_step(result_history),
        result_history=result_history,
        line_amount=_money(_cell(row, "cost")),
        cut=_money(_cell(row, "deleted")),
        frozen=_money(_cell(row, "frozen")),
        previous_year_amount=_money(_cell(row, "last_budget")),
        text=text,
        joint_note=_cell(row, "併案審查註記"),
        path=parse_path(item),
        path_text=item,
        item_note=_cell(row, "item_note"),
    )
