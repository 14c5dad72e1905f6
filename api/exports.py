"""Tables people take away: any JSON list the API serves as CSV (UTF-8 with BOM, so Excel reads Chinese)
or XLSX, through `?format=csv|xlsx` on every `/api/…`, `/search` and `/authority…` route.

`install_exports(app)` adds one middleware: it runs the route as usual (JSON), turns the answer into a
table with `table_of` and writes it with `csv_bytes` / `xlsx_bytes`. A JSON list of objects is the table;
an object's table is its first list of objects (or the one `?table=KEY` names); a tree (the treemap's
`children`) becomes one row per node with its level and path. Nested values are written as JSON.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

TABLE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORTED_PATHS = ("/api/", "/search", "/authority")
PREFERRED_KEYS = ("hits", "rows", "records", "books", "subjects", "children", "items")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_EXCEL_CELL_LIMIT = 32_767


class TableError(Exception):
    """An answer with no table in it (or not the one asked for)."""


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _rows_of(items: list[Any]) -> list[dict[str, Any]]:
    return [item if isinstance(item, dict) else {"value": item} for item in items]


def _tree_rows(node: dict[str, Any], path: list[str], level: int, out: list[dict[str, Any]]) -> None:
    name = str(node.get("name") or node.get("label") or node.get("iri") or "")
    row = {"level": level, "path": " / ".join([*path, name])}
    row.update({k: v for k, v in node.items() if k != "children"})
    out.append(row)
    for child in node.get("children") or []:
        if isinstance(child, dict):
            _tree_rows(child, [*path, name], level + 1, out)


def _is_tree(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("children"), list) and "name" in value


def table_of(answer: Any, key: str | None = None) -> list[dict[str, Any]]:
    """The rows of a JSON answer (see the module docstring)."""
    if isinstance(answer, list):
        return _rows_of(answer)
    if not isinstance(answer, dict):
        raise TableError("this answer is a single value, not a table")
    if key:
        if key not in answer or not isinstance(answer[key], list):
            lists = [k for k, v in answer.items() if isinstance(v, list)]
            raise TableError(f"no list named {key!r} in this answer; choose table= one of {', '.join(lists)}")
        return _rows_of(answer[key])
    if _is_tree(answer):
        rows: list[dict[str, Any]] = []
        _tree_rows(answer, [], 0, rows)
        return rows
    lists = [k for k, v in answer.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
    if not lists:
        return [answer]  # one object: one row
    chosen = next((k for k in PREFERRED_KEYS if k in lists), lists[0])
    return _rows_of(answer[chosen])


def columns_of(rows: list[dict[str, Any]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        for name in row:
            columns.setdefault(name, None)
    return list(columns)


def csv_bytes(rows: list[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    """CSV in UTF-8 with a byte-order mark (Excel otherwise reads Chinese as mojibake), CRLF lines."""
    columns = columns or columns_of(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _excel_value(value: Any) -> Any:
    value = _cell(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    text = str(value)
    if _NUMBER.match(text) and len(text.lstrip("-")) < 16:  # amounts as numbers; long codes stay text
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if text.startswith("0") and len(text) > 1 and "." not in text:
            return text  # codes such as 0508010100 keep their leading zero
        return int(number) if number == number.to_integral_value() else float(number)
    return text[:_EXCEL_CELL_LIMIT]


def xlsx_bytes(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """An Excel workbook, one sheet per entry (amounts as numbers, headers bold, first row frozen)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "Sheet")
        columns = columns_of(rows)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_excel_value(row.get(c)) for c in columns])
        sheet.freeze_panes = "A2"
    if not workbook.sheetnames:
        workbook.create_sheet("Sheet")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(rows: list[dict[str, Any]], fmt: str, name: str) -> Response:
    body = csv_bytes(rows) if fmt == "csv" else xlsx_bytes({name: rows})
    filename = f"budgetkg-{name}.{fmt}"
    return Response(
        body,
        media_type=TABLE_FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _name_for(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path.removeprefix("/api/").strip("/")).strip("-") or "table"


def install_exports(app: FastAPI) -> None:
    """Serve `?format=csv|xlsx` (and `?table=KEY`) on the JSON routes."""

    @app.middleware("http")
    async def tables(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        fmt = request.query_params.get("format", "")
        path = request.url.path
        if fmt not in TABLE_FORMATS or not path.startswith(EXPORTED_PATHS) or request.method != "GET":
            return await call_next(request)
        key = request.query_params.get("table") or None
        kept = [
            (k, v) for k, v in parse_qsl(request.scope["query_string"].decode("latin-1")) if k != "format"
        ]
        request.scope["query_string"] = urlencode(kept).encode("latin-1")
        response = await call_next(request)
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        if response.status_code != 200 or not response.headers.get("content-type", "").startswith(
            "application/json"
        ):
            return Response(body, status_code=response.status_code, headers=dict(response.headers))
        try:
            rows = table_of(json.loads(body), key)
        except TableError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return table_response(rows, fmt, _name_for(path))
