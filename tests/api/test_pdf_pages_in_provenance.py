"""Printed page and PDF page are both kept, and links into a PDF use the physical one (issue 20).

The 內政部 114 book prints 「(0801)-048」 (第 48 頁) on the 55th page of its PDF: 歲出機關別預算表 with
3708012900 役政業務 3,486,601 千元. Read through the page-range helper, the row keeps page 48 and pdf_page
55. A PDF cut from pages 53–58 of the book puts the same printed page on its 3rd physical page: ingested
with the CLI, the graph says bud:page 48 and bud:pdfPage 3, and the entity page links to …pdf#page=3.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.settings import Settings
from ingest.book import ParsedBook
from ingest.parsers.expenditure_by_agency import ExpenditureByAgencyParser
from ingest.records import ExpenditureItem, records_of
from tests.ingest.pdf_pages import records_from_pages

CONSCRIPTION = "3708012900"  # 役政業務, printed on 第 48 頁
PRINTED_AMOUNT = Decimal(3_486_601) * 1000
PRINTED_PAGE, PDF_PAGE = 48, 55
FIRST, STOP = 52, 58  # PDF pages 53–58 print pp.46–51


def test_a_row_keeps_its_printed_and_its_pdf_page(moi_pdf: Path) -> None:
    rows = records_of(records_from_pages(moi_pdf, FIRST, STOP, ExpenditureByAgencyParser()), ExpenditureItem)
    [row] = [r for r in rows if r.code == CONSCRIPTION]
    assert row.amount is not None and row.amount.value_ntd == PRINTED_AMOUNT
    assert (row.provenance.page, row.provenance.pdf_page) == (PRINTED_PAGE, PDF_PAGE)
    # Every row of the range: the PDF page is the printed one + 7 (the cover and 目次 are unnumbered).
    assert {r.provenance.pdf_page - r.provenance.page for r in rows if r.provenance.page} == {7}


def test_the_markdown_sample_has_no_pdf_pages(sample_book: ParsedBook) -> None:
    assert {r.provenance.pdf_page for r in sample_book.records} == {None}


@pytest.fixture(scope="module")
def cut_book(moi_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (shutil.which("pdfseparate") and shutil.which("pdfunite")):
        pytest.skip(
            "poppler-utils (pdfseparate, pdfunite) not installed: bash scripts/setup.sh installs them"
        )
    folder = tmp_path_factory.mktemp("cut-pdf")
    subprocess.run(
        ["pdfseparate", "-f", str(FIRST + 1), "-l", str(STOP), str(moi_pdf), str(folder / "p-%d.pdf")],
        check=True,
    )
    pages = [str(folder / f"p-{n}.pdf") for n in range(FIRST + 1, STOP + 1)]
    subprocess.run(["pdfunite", *pages, str(folder / "moi-pp46-51.pdf")], check=True)
    return folder / "moi-pp46-51.pdf"


def test_the_graph_and_the_entity_page_link_to_the_physical_page(
    cut_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["--data", str(data), "ingest", "--no-search", str(cut_book)]) == 0
    capsys.readouterr()
    query = (
        f'SELECT ?x ?page ?pdf WHERE {{ ?x bud:code "{CONSCRIPTION}" ; prov:wasDerivedFrom ?s . '
        "?s bud:page ?page ; bud:pdfPage ?pdf }"
    )
    assert main(["--data", str(data), "query", query, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].endswith(f",{PRINTED_PAGE},3"), lines
    iri = lines[1].split(",")[0]

    with TestClient(create_app(replace(Settings(), data_dir=data))) as client:
        view = client.get("/api/entity", params={"iri": iri}).json()
        [source] = [s for s in view["sources"] if s["page"] == PRINTED_PAGE]
        assert (source["pdf_page"], source["href"]) == (3, f"/documents/{cut_book.name}#page=3")
        page = client.get("/entity", params={"iri": iri}).text
        assert f'href="/documents/{cut_book.name}#page=3"' in page and "第 48 頁" in page
        pdf = client.get(f"/documents/{cut_book.name}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["content-type"] == "application/pdf"
        assert client.get("/documents/..%2Fstore").status_code == 404
