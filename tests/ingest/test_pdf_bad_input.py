"""Files that are not readable budget-book PDFs fail with one clear BookError, and the CLI prints one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from api.cli import main
from ingest.readers import BookError, read_book


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bad_pdfs")


def _truncated(moi_pdf: Path, bad_dir: Path) -> Path:
    path = bad_dir / "truncated.pdf"
    path.write_bytes(moi_pdf.read_bytes()[:100_000])
    return path


def _encrypted(bad_dir: Path) -> Path:
    path = bad_dir / "encrypted.pdf"
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    pdf.drawString(100, 700, "budget")
    pdf.save()
    return path


def _scanned(bad_dir: Path) -> Path:
    from PIL import Image

    image = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180):
        image.putpixel((x, 40), (0, 0, 0))  # a "scanned" line of ink, no text layer
    path = bad_dir / "scanned.pdf"
    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        pdf.drawImage(ImageReader(image), 50, 300, width=400, height=500)
        pdf.showPage()
    pdf.save()
    return path


def _text_named_pdf(bad_dir: Path) -> Path:
    path = bad_dir / "notes.pdf"
    path.write_text("這不是 PDF，只是文字。\nplain text with a .pdf name\n", encoding="utf-8")
    return path


def test_truncated_pdf_is_reported_as_damaged(moi_pdf: Path, bad_dir: Path) -> None:
    with pytest.raises(BookError, match=r"truncated or damaged"):
        read_book(_truncated(moi_pdf, bad_dir))


def test_encrypted_pdf_is_reported_as_password_protected(bad_dir: Path) -> None:
    with pytest.raises(BookError, match=r"encrypted \(password-protected\)"):
        read_book(_encrypted(bad_dir))


def test_pdf_of_page_images_asks_for_ocr(bad_dir: Path) -> None:
    with pytest.raises(BookError, match=r"no text layer .*OCR"):
        read_book(_scanned(bad_dir))


def test_text_file_named_pdf_is_not_read_as_a_pdf(bad_dir: Path) -> None:
    with pytest.raises(BookError, match=r"has a \.pdf name but is not a PDF"):
        read_book(_text_named_pdf(bad_dir))


@pytest.mark.parametrize("make", ["encrypted", "scanned", "text"])
def test_cli_prints_one_line_and_fails(make: str, bad_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = {"encrypted": _encrypted, "scanned": _scanned, "text": _text_named_pdf}[make](bad_dir)
    status = main(["parse", str(path)])
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("…")]
    assert status != 0
    assert len(err) == 1 and err[0].startswith(f"budgetkg: {path.name}:")
    assert "Traceback" not in err[0]
