"""Typed budget records: the contract between reading a book and everything downstream.

Every record is a frozen dataclass named as the book names things, carries a `Provenance`
(document, printed page, source text) and money as `Amount` (printed text, unit, exact NT$ value).
Codes are kept exactly as printed (strings, leading zeros kept). Graph mapping, law linking and
search consume these types only; no later stage reads the book again.

Field conventions
- `code`: the printed code ("5226102200", "01", "2039"); `work_plan_code` links to a WorkPlan.
- `amount`: this year's budget (本年度預算數); `previous_year_amount`: 上年度預算數;
  `prior_year_actual`: 前年度決算數; `change`: 本年度與上年度比較.
- `legal_basis_text`: the legal basis exactly as written (依據「…」, 法令依據 …), for graph/laws.
- `roc_year`: ROC calendar year (114 → Gregorian 2025: `gregorian(roc_year)`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from ingest.amounts import Amount

ROC_EPOCH = 1911


def gregorian(roc_year: int) -> int:
    """ROC (民國) year → Gregorian year: 114 → 2025."""
    return roc_year + ROC_EPOCH


@dataclass(frozen=True)
class Provenance:
    """Where a fact was read: document name, printed page number (None if unnumbered), source text."""

    document: str
    page: int | None
    text: str
    section: str = ""
    # issue 20: the physical page of a PDF (1-based, as viewers and #page=N count), beside the printed `page`
    pdf_page: int | None = None


@dataclass(frozen=True, kw_only=True)
class Record:
    """Base of every record. `type` in JSON is the class name."""

    provenance: Provenance
    kind: ClassVar[str] = "record"

    @property
    def type(self) -> str:
        return type(self).__name__


# ---------------------------------------------------------------- the book and its organisation


@dataclass(frozen=True, kw_only=True)
class BudgetBook(Record):
    """The book itself (單位預算): its agency, fiscal year and table of contents."""

    title: str
    agency: str
    roc_year: int
    document: str
    budget_kind: str = "單位預算"
    parent_agency: str = ""
    contents: tuple[tuple[str, str], ...] = ()  # (section title, printed page range) from 目次
    # issue 14: whose book it is (ingest/book_kind.py): central | 直轄市 | 縣市, 中央政府 | 臺北市 | …
    government_level: str = "central"
    government: str = "中央政府"
    fund: str = ""  # the fund a 附屬單位預算 budgets (農業特別收入基金)


@dataclass(frozen=True, kw_only=True)
class Agency(Record):
    """The agency (機關) the book budgets, with its statutory duties (法定職掌)."""

    name: str
    code: str = ""  # 歲出機關別 code, e.g. "0026100000"
    parent_name: str = ""  # 主管, e.g. 經濟部主管
    parent_code: str = ""
    duties: tuple[str, ...] = ()
    legal_basis_text: str = ""  # e.g. 依據本署組織法第二條規定…


@dataclass(frozen=True, kw_only=True)
class OrgUnit(Record):
    """An organisational unit (內部分層業務 / 承辦單位), e.g. 產業政策組, with its duties."""

    name: str
    number: str = ""
    duties: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PolicyPriority(Record):
    """施政目標與重點: one 重要計畫項目 of a 工作計畫 with its 實施內容."""

    work_plan_name: str
    name: str
    content: str
    goal: str = ""  # the 年度施政目標 it serves, where stated


@dataclass(frozen=True, kw_only=True)
class PastPerformance(Record):
    """以前年度計畫實施成果: what a plan achieved in 前年度 or 上年度已過期間."""

    period: str  # "前年度" | "上年度已過期間"
    roc_year: int
    work_plan_name: str
    name: str
    text: str


@dataclass(frozen=True, kw_only=True)
class BudgetNarrative(Record):
    """A passage of 預算總說明 not captured by a more specific record (kept for search)."""

    heading: str
    text: str


# ---------------------------------------------------------------- revenue


@dataclass(frozen=True, kw_only=True)
class RevenueItem(Record):
    """A row of 歲入來源別預算表: 款/項/目/節 with its 10-digit code.

    `level` is one of 款, 項, 目, 節; `parent_code` is the code of the row it sums into.
    """

    code: str
    name: str
    level: str
    number: str = ""  # the printed 款/項/目/節 number
    parent_code: str = ""
    amount: Amount
    previous_year_amount: Amount | None = None
    prior_year_actual: Amount | None = None
    change: Amount | None = None
    note: str = ""  # 說明
    # issue 14: 本年度預算數 split as 經常門 | 資本門 (臺北市's 歲入預算表 / 歲出預算表); None where not printed
    current_amount: Amount | None = None
    capital_amount: Amount | None = None


@dataclass(frozen=True, kw_only=True)
class RevenueExplanation(Record):
    """歲入項目說明提要表: contents, legal basis and responsible units of one revenue item."""

    code: str  # the 細目/節 code it explains
    name: str
    parent_code: str = ""
    amount: Amount
    content: str = ""  # 一、項目內容
    legal_basis_text: str = ""  # 二、法令依據
    responsible_units: tuple[str, ...] = ()
    calculation: str = ""  # 金額及說明 column text


# ---------------------------------------------------------------- expenditure


@dataclass(frozen=True, kw_only=True)
class ExpenditureItem(Record):
    """A row of 歲出機關別預算表: 款/項/目/節 or a 政事別 group (科學支出), with its code.

    `level` is 款, 項, 目, 節 or 政事別; rows without a printed amount (a 主管 heading) keep amount None.
    """

    code: str
    name: str
    level: str
    number: str = ""
    parent_code: str = ""
    amount: Amount | None
    previous_year_amount: Amount | None = None
    prior_year_actual: Amount | None = None
    change: Amount | None = None
    note: str = ""
    # issue 14: 本年度預算數 split as 經常門 | 資本門 (臺北市's 歲入預算表 / 歲出預算表); None where not printed
    current_amount: Amount | None = None
    capital_amount: Amount | None = None


@dataclass(frozen=True, kw_only=True)
class WorkPlan(Record):
    """工作計畫 of 歲出計畫提要及分支計畫概況表, e.g. 5226102200 工業技術升級輔導."""

    code: str
    name: str
    amount: Amount
    contents: tuple[str, ...] = ()  # 計畫內容 items as printed (numbering stripped)
    expected_results: str = ""  # 預期成果
    function_code: str = ""  # 政事別 code (e.g. 5226100000 科學支出) where known


@dataclass(frozen=True, kw_only=True)
class BranchPlan(Record):
    """分支計畫 of a work plan, e.g. "01 發展新興與高科技產業"."""

    work_plan_code: str
    number: str  # "01"
    name: str
    amount: Amount
    responsible_units: tuple[str, ...] = ()
    description: str = ""  # 說明


@dataclass(frozen=True, kw_only=True)
class LineItem(Record):
    """A branch plan's amount for one 用途別科目 (object class), e.g. 2039 委辦費.

    `level` 1 is a first-level class (x000), 2 a second-level one (xxxx).
    """

    work_plan_code: str
    branch_number: str
    object_class_code: str
    object_class_name: str
    level: int
    amount: Amount


@dataclass(frozen=True, kw_only=True)
class Project(Record):
    """A named project inside a branch plan's 說明: "5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元"."""

    work_plan_code: str
    branch_number: str
    number: str  # as printed, e.g. "5"
    name: str
    amount: Amount | None
    description: str = ""
    inferred: bool = False  # True when the book omits it and arithmetic supplied the amount


@dataclass(frozen=True, kw_only=True)
class ObjectClass(Record):
    """A 用途別科目 as a code-list concept (1000 人事費, 2039 委辦費 …)."""

    code: str
    name: str
    level: int
    parent_code: str = ""


@dataclass(frozen=True, kw_only=True)
class CrossTabCell(Record):
    """One cell of an analytical cross-table: 各項費用彙計表, 歲出一級用途別科目分析表, 資本支出分析表,
    人事費彙計表, 歲出按職能及經濟性綜合分類表, 媒體政策及業務宣導費彙計表 …

    `table` names the table; `row_code`/`row_name` and `column` locate the cell. Cells are checks and
    cross-views of entities other records state; printed totals are kept with `is_total`.
    """

    table: str
    row_code: str
    row_name: str
    column: str
    amount: Amount
    column_code: str = ""  # e.g. the work-plan code heading a column of 各項費用彙計表
    is_total: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class OrganisationPlanShare(Record):
    """One organisation's part of a work plan, branch plan or 用途別 line, from the 附錄's repeated
    歲出計畫提要及分支計畫概況表 (本部, 國土測繪中心, 土地重劃工程處 …).

    A share, not a plan: the main body's WorkPlan/BranchPlan/LineItem already holds the combined
    figure, so shares must never be summed with them.
    """

    organisation: str
    work_plan_code: str
    work_plan_name: str
    branch_number: str = ""  # empty for the work-plan level
    branch_name: str = ""
    object_class_code: str = ""  # empty unless a 用途別 line
    amount: Amount


# ---------------------------------------------------------------- grants


@dataclass(frozen=True, kw_only=True)
class Grant(Record):
    """A row of 補助/捐助/委辦經費分析表. Subclasses say which."""

    work_plan_code: str
    work_plan_name: str = ""
    plan_name: str  # 補助計畫 / 捐助計畫 / 委辦計畫 name as printed (line-wrap spaces repaired)
    number: str = ""  # the row's printed code/number (e.g. "03")
    object_class_code: str = ""  # 4040, 4035, 2039, 4005 …
    recipient_type: str = ""  # e.g. 補助直轄市政府, 對團體之捐助
    recipient: str = ""  # 捐助對象 / 接受補助機關
    content: str = ""  # 補助/捐助/委辦內容
    legal_basis_text: str = ""  # 依據「…」 as written
    period: str = ""  # 計畫起訖年度, e.g. "114-117"
    amount: Amount
    components: tuple[tuple[str, Amount], ...] = ()  # (column heading, amount): 經常門人事費 …


@dataclass(frozen=True, kw_only=True)
class Subsidy(Grant):
    """補助 (subsidy to governments, funds or others)."""


@dataclass(frozen=True, kw_only=True)
class Donation(Grant):
    """捐助 (donation to domestic or foreign bodies or individuals)."""


@dataclass(frozen=True, kw_only=True)
class Commission(Grant):
    """委辦 (commissioned work)."""


@dataclass(frozen=True, kw_only=True)
class MultiYearPlan(Record):
    """跨年期計畫概況表 row: a plan funded over several years (amounts usually in 億元)."""

    name: str
    period: str  # "114-118"
    start_roc_year: int | None = None
    end_roc_year: int | None = None
    total_amount: Amount
    yearly_amounts: tuple[tuple[str, Amount], ...] = ()  # (column heading, amount)
    amount: Amount | None = None  # this year's
    note: str = ""  # 備註 (approval letters, where budgeted)
    work_plan_name: str = ""  # 編列於「工業管理」科目


# ---------------------------------------------------------------- Legislative Yuan and letters


@dataclass(frozen=True, kw_only=True)
class OfficialLetter(Record):
    """An official letter (函) cited: issuer, date and 文號."""

    issuer: str = ""
    date: str = ""  # ISO yyyy-mm-dd (Gregorian)
    roc_date: str = ""  # as printed, e.g. 113年1月10日
    number: str = ""  # 文號, e.g. 院臺環字第1121047045號
    text: str = ""


@dataclass(frozen=True, kw_only=True)
class Resolution(Record):
    """A 決議 / 附帶決議 / 注意事項 of the Legislative Yuan and how the agency handled it.

    `item` is the 項次 as printed (not unique across sections); `section` the heading it sits under
    (e.g. 通案決議部分, 歲出部分第13款第2項). `kinds` lists 凍結 / 刪減 / 附帶決議 … as recognised.
    """

    section: str
    item: str
    sequence: int  # position in the report, unique within the book
    content: str
    response: str = ""  # 辦理情形
    resolution_type: str = ""  # 決議 | 附帶決議 | 注意事項
    kinds: tuple[str, ...] = ()
    frozen_amount: Amount | None = None
    cut_amount: Amount | None = None
    roc_year: int | None = None  # the budget year the resolution was made on
    concerns: tuple[str, ...] = ()  # names or codes of the plans/items it is about
    letters: tuple[OfficialLetter, ...] = ()
    deadline: str = ""


# ---------------------------------------------------------------- people, vehicles, offices, travel


@dataclass(frozen=True, kw_only=True)
class Personnel(Record):
    """Staffing (預算員額): a category (職員, 技工, 工友, 聘用, 約僱 …) with this and last year's count."""

    category: str
    count: int
    previous_count: int | None = None
    unit_name: str = ""  # the budget row it is counted under (一般行政)
    unit_code: str = ""
    annual_cost: Amount | None = None


@dataclass(frozen=True, kw_only=True)
class Vehicle(Record):
    """公務車輛明細表 row."""

    vehicle_type: str
    count: int
    plate: str = ""
    seats: int | None = None
    acquired: str = ""  # 購置年月 as printed (ROC), e.g. "108.09"
    engine_cc: int | None = None
    fuel_litres: Decimal | None = None
    fuel_cost: Amount | None = None
    maintenance_cost: Amount | None = None
    other_cost: Amount | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Office(Record):
    """現有辦公房舍明細表 row (辦公房屋, 宿舍 …) with tenure and area."""

    category: str
    tenure: str  # 自有 | 無償借用 | 有償租用或借用 | 合計
    units: str = ""
    area_m2: Decimal | None = None
    acquisition_cost: Amount | None = None
    deposit: Amount | None = None
    rent: Amount | None = None
    maintenance_cost: Amount | None = None
    organisation: str = ""  # whose table: 內政部彙編, 內政部國土測繪中心 … (one table per organisation)


@dataclass(frozen=True, kw_only=True)
class TravelPlan(Record):
    """派員出國 / 赴大陸 plan row: where, why, how long, how many, how much."""

    category: str  # 出國 | 赴大陸
    number: str
    name: str
    purpose_type: str = ""  # 開會, 考察 … or 定期會議
    destination: str = ""
    agenda: str = ""
    days: int | None = None
    persons: int | None = None
    amount: Amount | None = None
    components: tuple[tuple[str, Amount], ...] = ()
    budget_item: str = ""  # 歸屬預算科目
    field_code: str = ""  # 領域代碼


# ---------------------------------------------------------------- legal citations


@dataclass(frozen=True, kw_only=True)
class Citation(Record):
    """A statute (and article) cited as written, with the sentence that cites it.

    `subject` names the record it belongs to as "Type:key" (see `record_key`).
    """

    subject: str
    statute_text: str
    article_text: str = ""
    evidence: str


# ---------------------------------------------------------------- helpers

RECORD_TYPES: dict[str, type[Record]] = {}


def _collect(cls: type[Record]) -> None:
    RECORD_TYPES[cls.__name__] = cls
    for sub in cls.__subclasses__():
        _collect(sub)


_collect(Record)


def record_key(record: Record) -> str:
    """A stable, readable key of a record within its book ("WorkPlan:5226102200", "BranchPlan:5226102200/01")."""
    r: Any = record
    name = record.type
    if isinstance(record, WorkPlan | RevenueItem | RevenueExplanation | ExpenditureItem | ObjectClass):
        return f"{name}:{r.code}"
    if isinstance(record, BranchPlan):
        return f"{name}:{r.work_plan_code}/{r.number}"
    if isinstance(record, LineItem):
        return f"{name}:{r.work_plan_code}/{r.branch_number}/{r.object_class_code}"
    if isinstance(record, Project):
        return f"{name}:{r.work_plan_code}/{r.branch_number}/{r.number}"
    if isinstance(record, Grant):
        # One plan can be granted under several object classes (4040 and 4045): the class keeps keys unique.
        return f"{name}:{r.work_plan_code}/{r.number or r.plan_name}/{r.recipient_type}/{r.object_class_code}"
    if isinstance(record, Resolution):
        return f"{name}:{r.sequence}"
    if isinstance(record, Agency | OrgUnit | MultiYearPlan | BudgetBook):
        return f"{name}:{getattr(r, 'name', '') or r.title}"
    if isinstance(record, CrossTabCell):
        return f"{name}:{r.table}/{r.row_code or r.row_name}/{r.column_code or r.column}"
    if isinstance(record, OfficialLetter):
        return f"{name}:{r.number or r.roc_date}"
    # No printed code: a digest of the record's content is stable across runs (hash() is not).
    digest = hashlib.sha1(
        json.dumps(to_json(record), ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    return f"{name}:{record.provenance.page}:{digest[:10]}"


def to_json(record: Record) -> dict[str, Any]:
    """A record as a JSON-ready dict with a `type` field; Decimals become strings."""
    body = {f.name: _jsonable(getattr(record, f.name)) for f in dataclasses.fields(record)}
    return {"type": record.type, **body}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Amount):
        return {"printed": value.printed, "unit": value.unit, "value_ntd": str(value.value_ntd)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, Record):
            return to_json(value)
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


def dumps(records: list[Record]) -> str:
    """JSON Lines: one record per line."""
    return "\n".join(json.dumps(to_json(r), ensure_ascii=False) for r in records)


def records_of(records: list[Record], cls: type[Any]) -> list[Any]:
    """The records of one type (subclasses included), in book order."""
    return [r for r in records if isinstance(r, cls)]


__all__ = [name for name in RECORD_TYPES] + [
    "Amount",
    "Provenance",
    "dumps",
    "field",
    "gregorian",
    "record_key",
    "records_of",
    "to_json",
]


# ---------------------------------------------------------------- issue 13: the Legislative Yuan's review


@dataclass(frozen=True, kw_only=True)
class Proposal(Record):
    """A committee-stage proposal (提案) on a budget line: cut (減列), freeze (凍結) or both.

    Read from a review table (READr's temp_A.csv); `provenance` names the file, its `row` (1 = the first
    data row after the header) and the 內容 cell as text. `path` is the budget path it names, one (code,
    name) per level as printed (`3708012900 役政業務 > 06 全社會防衛韌性訓練工作 > 2000 業務費`): work plan
    (10 digits, or a 節 code under it), branch plan (2–3 digits), 用途別 (4 digits), or a name only
    (子計畫). `action`/`result` are the final step of what may be a history (`減列 > 凍結`, `保留 > 通過`),
    kept whole in `action_history`/`result_history`.
    """

    proposal_id: str  # READr's ID
    number: str = ""  # 序號 in the sitting's record
    row: int
    roc_year: int
    agency: str  # full_name: the agency (or fund) the proposal is on
    agency_group: str = ""  # category: 內政部, 原民會 … (READr's grouping)
    part: str = ""  # 預算部分 as printed
    side: str = ""  # 歲出 | 歲入
    proposers: tuple[str, ...] = ()
    cosigners: tuple[str, ...] = ()
    committee: str = ""  # place: 內政委員會, 院會 …
    sitting: str = ""  # 名稱: 第11屆第2會期內政委員會第12次全體委員會議
    date: str = ""  # ISO yyyy-mm-dd
    sitting_url: str = ""
    action: str  # 凍結 | 減列 | 減列、凍結
    action_history: str = ""
    result: str = ""  # 通過 | 保留 | 撤案
    result_history: str = ""
    line_amount: Amount | None = None  # cost: the amount of the line the proposal names
    cut: Amount | None = None  # deleted (減列數)
    frozen: Amount | None = None  # frozen (凍結數)
    previous_year_amount: Amount | None = None  # last_budget
    text: str = ""  # 內容
    joint_note: str = ""  # 併案審查註記
    path: tuple[tuple[str, str], ...] = ()
    path_text: str = ""  # item as printed
    item_note: str = ""


RECORD_TYPES["Proposal"] = Proposal
__all__ += ["Proposal"]

# ---------------------------------------------------------------- issue 11: the national tables
# DGBAS 中央政府總預算 tables and the twbudget proposals, read into the books' own record types
# (subclasses, so every consumer of ExpenditureItem/RevenueItem still sees them) plus what a
# national row says that a book row does not: its year, stage, source, agency and 主管.

STAGES = ("預算案", "法定預算", "決算")  # proposed, enacted, final accounts


@dataclass(frozen=True)
class TableProvenance(Provenance):
    """Where a figure of a spreadsheet or CSV was read: file (`document`), sheet, 1-based row, cell text."""

    sheet: str = ""
    row: int = 0


@dataclass(frozen=True, kw_only=True)
class NationalExpenditureItem(ExpenditureItem):
    """A row of DGBAS 歲出機關別預算表 or of a twbudget proposal.

    `stage` is the stage of `amount` (法定預算 for DGBAS, 預算案 for twbudget); `previous_year_amount`
    is the previous year's 法定預算 as restated in this table, `prior_year_actual` the 決算 of
    `roc_year` − 2 (DGBAS prints it from 112 on).
    """

    roc_year: int
    stage: str
    source: str  # "dgbas" | "twbudget"
    agency_code: str = ""  # 00XXYY0000 of the row's agency (項)
    agency_name: str = ""  # as printed (產業發展署)
    ministry_code: str = ""  # 00XX000000 (款, 主管)
    ministry_name: str = ""  # 經濟部主管
    function_name: str = ""  # 政事別 (科學支出)
    path: str = ""  # twbudget's 款.項.目.節 reference


@dataclass(frozen=True, kw_only=True)
class NationalRevenueItem(RevenueItem):
    """A row of DGBAS 歲入來源別預算表; `stage` as for NationalExpenditureItem."""

    roc_year: int
    stage: str
    source: str = "dgbas"


for _cls in (NationalExpenditureItem, NationalRevenueItem):
    RECORD_TYPES[_cls.__name__] = _cls
__all__ += ["STAGES", "NationalExpenditureItem", "NationalRevenueItem", "TableProvenance"]
