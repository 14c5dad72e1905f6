"""Issue 18 attacks 5 and 6 (and issue 15 item 4) against the running service: an upload is refused
before its body is read, reading stops at the limit, and resource-bomb PDFs are refused by the
limited reader; the service answers /healthz after each and the store is unchanged."""

from __future__ import annotations

import contextlib
import socket
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.api.security.live_service import UPLOAD_TOKEN, LiveService
from tests.api.security.pdf_bombs import glyph_bomb, many_pages

MiB = 1024 * 1024
BOUNDARY = "----budgetkg-security"


def _multipart_head(filename: str = "book.pdf") -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()


def _raw_upload(live: LiveService, headers: dict[str, str], send_bytes: int) -> tuple[int, int, float]:
    """Start an upload announcing `headers`, stream up to `send_bytes` of body while the server lets us,
    and return (status, bytes sent, seconds until the answer)."""
    address = urlparse(live.base)
    sock = socket.create_connection((address.hostname, address.port), timeout=20)
    lines = ["POST /documents HTTP/1.1", f"Host: {address.netloc}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    started = time.monotonic()
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    sent = 0
    chunk = _multipart_head() + b"\0" * (256 * 1024)
    sock.setblocking(False)
    answer = b""
    while sent < send_bytes:
        try:
            answer += sock.recv(65536)
            if answer:
                break
        except BlockingIOError:
            pass
        try:
            sent += sock.send(chunk)
        except BlockingIOError:
            time.sleep(0.01)
        except OSError:
            break  # the server closed the connection: it stopped reading
        if time.monotonic() - started > 30:
            break
    sock.setblocking(True)
    sock.settimeout(20)
    while b"\r\n" not in answer:
        data = sock.recv(65536)
        if not data:
            break
        answer += data
    sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, sent, time.monotonic() - started


def _files(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("auth", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": f"Bearer {UPLOAD_TOKEN}"}, 413)],
    ids=["no-token", "wrong-token", "over-the-limit"],
)
def test_a_one_gigabyte_upload_is_refused_before_its_body_is_read(
    live: LiveService, unchanged: int, auth: dict[str, str], status: int
) -> None:
    before = _files(live.tmp_dir) + _files(live.data_dir / "uploads")
    headers = {
        **auth,
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(1024 * MiB),
    }
    answered, sent, seconds = _raw_upload(live, headers, send_bytes=64 * MiB)
    assert answered == status
    assert seconds < 10
    # Nothing of it was written anywhere: not in a temporary file, not under uploads/.
    assert _files(live.tmp_dir) + _files(live.data_dir / "uploads") - before < MiB
    assert sent < 64 * MiB


def test_a_chunked_upload_stops_being_read_at_the_limit(live: LiveService, unchanged: int) -> None:
    headers = {
        "Authorization": f"Bearer {UPLOAD_TOKEN}",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Transfer-Encoding": "chunked",
    }
    address = urlparse(live.base)
    sock = socket.create_connection((address.hostname, address.port), timeout=20)
    head = ["POST /documents HTTP/1.1", f"Host: {address.netloc}", *[f"{k}: {v}" for k, v in headers.items()]]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    piece = _multipart_head() + b"%PDF-1.7\n" + b"\0" * (256 * 1024)
    answer = b""
    sent = 0
    try:
        for _ in range(400):  # up to 100 MB against a 4 MB limit
            sock.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
            sent += len(piece)
            sock.settimeout(0.01)
            with contextlib.suppress(TimeoutError, BlockingIOError):
                answer += sock.recv(65536)
            sock.settimeout(20)
            if answer:
                break
    except OSError:
        pass
    if not answer:
        sock.settimeout(20)
        answer = sock.recv(65536)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 20 * MiB
    assert not list((live.data_dir / "uploads").glob(".incoming-*"))


def test_without_a_token_an_invalid_body_is_401_not_422(live: LiveService, unchanged: int) -> None:
    with live.client() as client:
        no_file = client.post("/documents", data={"nothing": "here"})
        not_multipart = client.post("/documents", content=b"{}", headers={"Content-Type": "application/json"})
    assert no_file.status_code == 401
    assert not_multipart.status_code == 401


def _upload(live: LiveService, name: str, body: bytes) -> tuple[int, str]:
    with live.client(timeout=120) as client:
        response = client.post(
            "/documents",
            files={"file": (name, body, "application/pdf")},
            headers={"Authorization": f"Bearer {UPLOAD_TOKEN}"},
        )
    return response.status_code, response.json()["detail"]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_a_twenty_thousand_page_pdf_is_refused_by_its_page_count(live: LiveService, unchanged: int) -> None:
    body = many_pages(20_000)
    started = time.monotonic()
    status, detail = _upload(live, "pages.pdf", body)
    assert status == 422
    assert "20,000 pages" in detail and "BUDGETKG_UPLOAD_MAX_PAGES" in detail
    assert time.monotonic() - started < 30
    assert not list((live.data_dir / "uploads").glob("pages*"))


def test_a_glyph_bomb_is_refused_by_the_memory_or_time_limit(live: LiveService, unchanged: int) -> None:
    body = glyph_bomb(2_000_000)
    assert len(body) < 8 * 1024  # a few KB that expand to two million glyphs
    rss_before = _rss_mb(live.pid)
    status, detail = _upload(live, "bomb.pdf", body)
    assert status == 422
    assert "BUDGETKG_UPLOAD_MAX_MEMORY_MB" in detail or "BUDGETKG_UPLOAD_READ_TIMEOUT" in detail
    assert "nothing was stored" in detail
    # The service itself never held the glyphs: the reading child did, and it is gone.
    assert _rss_mb(live.pid) - rss_before < 100
    assert not list((live.data_dir / "uploads").glob("bomb*"))
