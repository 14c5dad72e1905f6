"""The hierarchy inside the first column of 補助/捐助/委辦經費分析表, read from label patterns.

Levels, outermost first: 合計; a recipient class (`1.對團體之捐助`); an object class (`4040對國內團體之捐助`);
a work plan (`(1)5726102000` or `1.5726102000`, its name on the same or the next row) and its 節 (a bare
`3708012501`); a plan
(`(1)智慧杆產業推動暨城市智慧基建計畫 01`); an item (`[1]補助直轄市政府`). Which levels appear differs
between 補助, 捐助 and 委辦 and between books; a row's parent is simply the nearest row above it of an
outer level, so a block continuing on the next spread without its heading stays in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.parsers._grant_table import TableRow
from ingest.parsers._grant_text import fold, join_wrapped, repair_name, repair_wrap, split_spill

TOTAL, GROUP, OBJECT_CLASS, WORK_PLAN, SUB_WORK_PLAN, PLAN, ITEM, OTHER = range(8)

_WORK_PLAN = re.compile(r"^(?:[(（](?P<p>\d+)[)）]|(?P<n>\d+)[.．])\s*(?P<code>\d{10})\s*(?P<name>.*)$", re.S)
# A bare code under a numbered one: a 節 (3708012501 測量及方域) under its 目 (3.3708012500 地政業務).
_SUB_WORK_PLAN = re.compile(r"^(?P<code>\d{10})\s*(?P<name>.*)$", re.S)
_GROUP = re.compile(r"^(?P<n>\d+)[.．]\s*(?P<name>\D.*)$", re.S)
_OBJECT_CLASS = re.compile(r"^(?P<code>\d{4})(?!\d)\s*(?P<name>\S.*)$", re.S)
_PLAN = re.compile(r"^[(（](?P<n>\d+)[)）]\s*(?P<name>.*)$", re.S)
_ITEM = re.compile(r"^\[(?P<n>\d+)\]\s*(?P<name>.*)$", re.S)
# A plan's printed code ends its first line: "(1)辦理召開地方自治相關 01\n業務研討會".
_TRAILING_CODE = re.compile(r"\s+(\d{2,3})\s*(?:\n|$)")
_NUMBER_PERIOD = re.compile(
    r"^(\d{2})(?:\s+(\d{2,3}\s*[-－~～]\s*\d{2,3}|經常性|持續性))?(?:\s+(.*))?$", re.S
)
# 計畫起訖年度: "114-117", or 經常性 for a standing programme.
_PERIOD = re.compile(r"^(\d{2,3}\s*[-－~～]\s*\d{2,3}|經常性|持續性)(?:\s+(.*))?$", re.S)


@dataclass
class Node:
    level: int
    token: str
    row: TableRow
    name: str = ""
    code: str = ""  # 10-digit work-plan code or 4-digit object class
    number: str = ""  # printed number/code of an item
    period: str = ""
    recipient: str = ""
    content: str = ""
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def is_item(self) -> bool:
        return self.level >= PLAN

    @property
    def path(self) -> str:
        tokens = []
        node: Node | None = self
        while node is not None and node.level != TOTAL:
            tokens.append(node.token)
            node = node.parent
        return "/".join(reversed(tokens))

    def ancestor(self, *levels: int) -> Node | None:
        """The nearest enclosing row of one of `levels`."""
        node = self.parent
        while node is not None and node.level not in levels:
            node = node.parent
        return node


def _classify(label: str, row: TableRow) -> Node:
    flat = fold(label)
    if flat == "合計":
        return Node(TOTAL, "", row, name="合計")
    if match := _WORK_PLAN.match(label.strip()):
        prefix = f"({match['p']})" if match["p"] else f"{match['n']}."
        return Node(WORK_PLAN, prefix + match["code"], row, name=match["name"].strip(), code=match["code"])
    if match := _SUB_WORK_PLAN.match(label.strip()):
        return Node(SUB_WORK_PLAN, match["code"], row, name=match["name"].strip(), code=match["code"])
    if match := _GROUP.match(label.strip()):
        return Node(GROUP, f"{match['n']}.", row, name=match["name"].strip())
    if match := _OBJECT_CLASS.match(label.strip()):
        return Node(OBJECT_CLASS, match["code"], row, name=match["name"].strip(), code=match["code"])
    if match := _PLAN.match(label.strip()):
        name, code = match["name"].strip(), ""
        if trailing := _TRAILING_CODE.search(name):
            name, code = name[: trailing.start()] + " " + name[trailing.end() :], trailing.group(1)
        return Node(PLAN, f"({match['n']})", row, name=name, code=code, number=match["n"])
    if match := _ITEM.match(label.strip()):
        name, code = match["name"].strip(), ""
        if trailing := _TRAILING_CODE.search(name):
            name, code = name[: trailing.start()] + " " + name[trailing.end() :], trailing.group(1)
        return Node(ITEM, f"[{match['n']}]", row, name=name, code=code, number=match["n"])
    return Node(OTHER, flat[:24], row, name=label.strip())


def _text_parts(cells: list[str]) -> tuple[str, str, list[str]]:
    """(number, period, other non-empty pieces) of an item's text cells."""
    number = period = ""
    pieces: list[str] = []
    for cell in cells:
        text = cell.strip()
        if not text:
            continue
        if not number and not period and (match := _NUMBER_PERIOD.match(text)):
            number, period = match[1], re.sub(r"\s+", "", match[2] or "")
            if match[3]:
                pieces.append(match[3])
            continue
        if not period and (match := _PERIOD.match(text)):
            period = re.sub(r"\s+", "", match[1])
            if match[2]:
                pieces.append(match[2])
            continue
        if period and re.fullmatch(r"\d{2,3}", text):
            continue  # 接受補助機關列入預算年度: the recipient's budget year, not text
        pieces.append(text)
    return number, period, pieces


def _add_text(node: Node, pieces: list[str]) -> None:
    if not pieces:
        return
    if len(pieces) > 1:
        node.recipient = join_wrapped(node.recipient, " ".join(pieces[:-1]))
    node.content = join_wrapped(node.content, pieces[-1])


def build_tree(rows: list[TableRow]) -> list[Node]:
    """Every paired row as a Node linked to its parent, in book order."""
    nodes: list[Node] = []
    stack: list[Node] = []
    current: Node | None = None
    last_item: Node | None = None
    page_of_last_item = None
    for row in rows:
        if not row.paired:
            if current is not None and row.label:
                current.name = join_wrapped(current.name, row.label)
            _, _, pieces = _text_parts(row.texts)
            target = current if current is not None and current.is_item else last_item
            if target is not None:
                _add_text(target, pieces)
            continue
        node = _classify(row.label, row)
        while stack and stack[-1].level >= node.level:
            stack.pop()
        node.parent = stack[-1] if stack else None
        if node.parent is not None:
            node.parent.children.append(node)
        stack.append(node)
        nodes.append(node)
        current = node
        number, period, pieces = _text_parts(row.texts)
        if not node.is_item:
            if last_item is not None:
                _add_text(last_item, pieces)
            continue
        node.number = number or node.code or node.number
        node.period = period
        if pieces and last_item is not None and page_of_last_item is not row.page:
            spill, own = split_spill(pieces[-1], last_item.content)
            if spill:
                last_item.content = join_wrapped(last_item.content, spill)
                pieces[-1] = own
        _add_text(node, [p for p in pieces if p])
        last_item = node
        page_of_last_item = row.page
    _return_heading_text(nodes)
    for node in nodes:
        node.name = repair_name(node.name)
        node.recipient = repair_name(node.recipient)
        node.content = repair_wrap(node.content)
    return nodes


def _return_heading_text(nodes: list[Node]) -> None:
    """Text on a plan row that has items under it is the tail of the item above, cut by the page."""
    last_leaf: Node | None = None
    for node in nodes:
        if node.children and node.content:
            if last_leaf is not None:
                last_leaf.content = join_wrapped(last_leaf.content, node.content)
            node.content = ""
        if node.is_item and not node.children:
            last_leaf = node
