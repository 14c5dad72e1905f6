"""Mutated books for the fuzz tests: the sample's Markdown and a small printed PDF, damaged as files are
in the wild (truncated, lines shuffled or dropped, a huge cell, deep nesting, bytes flipped or moved).

Each mutation is a hypothesis strategy drawing a kind and a random source, so a failing case shrinks to
a short kind + seed and replays exactly.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from hypothesis import strategies as st

from ingest.resources import SAMPLE_BOOK

MARKDOWN_KINDS = ("truncate", "shuffle", "drop", "huge_cell", "deep_nesting", "garble", "duplicate")
PDF_KINDS = ("truncate", "shuffle", "flip", "huge_stream", "deep_nesting", "drop_xref")

# Outcomes per test, printed at the end of a run with -s and recorded in BENCHMARKS.md.
OUTCOMES: dict[str, Counter[str]] = {}


def sample_lines() -> list[str]:
    return SAMPLE_BOOK.read_text(encoding="utf-8").splitlines(keepends=True)


def mutate_markdown(lines: list[str], kind: str, rng: random.Random) -> bytes:
    lines = list(lines)
    if kind == "truncate":  # cut anywhere, even inside a UTF-8 character
        data = "".join(lines).encode("utf-8")
        return data[: rng.randrange(1, len(data))]
    if kind == "shuffle":  # a run of lines (pages, table rows) moved out of order
        start = rng.randrange(len(lines))
        stop = min(len(lines), start + rng.randrange(2, 400))
        block = lines[start:stop]
        rng.shuffle(block)
        lines[start:stop] = block
    elif kind == "drop":
        for _ in range(rng.randrange(1, 60)):
            del lines[rng.randrange(len(lines))]
    elif kind == "huge_cell":  # one table cell of up to a million characters
        rows = [i for i, line in enumerate(lines) if line.startswith("|") and line.count("|") > 2]
        row = rng.choice(rows)
        cells = lines[row].rstrip("\n").split("|")
        filler = rng.choice(["9", "一", "計畫", "1,234,", "<br>", "&amp;", "|"])
        cells[rng.randrange(1, len(cells) - 1)] = filler * rng.randrange(10_000, 1_000_000 // len(filler))
        lines[row] = "|".join(cells) + "\n"
    elif kind == "deep_nesting":  # nested HTML in a cell, or nested quotes/lists, thousands deep
        depth = rng.randrange(100, 20_000)
        row = rng.randrange(len(lines))
        shape = rng.choice(["html", "quote", "list", "brackets"])
        if shape == "html":
            nested = "<ul><li>" * depth + "計畫" + "</li></ul>" * depth
            lines[row] = f"| {nested} | 1,000 |\n"
        elif shape == "quote":
            lines.insert(row, ">" * depth + " 工作計畫\n")
        elif shape == "list":
            lines[row:row] = [" " * (2 * i) + "- 分支計畫\n" for i in range(min(depth, 3000))]
        else:
            lines.insert(row, "(" * depth + "1" + ")" * depth + "\n")
    elif kind == "garble":  # bytes that are not UTF-8, NULs, control characters
        data = bytearray("".join(lines).encode("utf-8"))
        for _ in range(rng.randrange(1, 200)):
            data[rng.randrange(len(data))] = rng.choice([0, 0xFF, 0xC3, 0x0C, 0x1B, ord("|")])
        return bytes(data)
    elif kind == "duplicate":  # a stretch of pages printed twice
        start = rng.randrange(len(lines))
        stop = min(len(lines), start + rng.randrange(10, 800))
        lines[stop:stop] = lines[start:stop]
    return "".join(lines).encode("utf-8")


def mutate_pdf(data: bytes, kind: str, rng: random.Random) -> bytes:
    if kind == "truncate":
        return data[: rng.randrange(1, len(data))]
    buffer = bytearray(data)
    if kind == "shuffle":  # blocks of the file moved (objects out of their xref offsets)
        size = rng.randrange(64, 4096)
        blocks = [buffer[i : i + size] for i in range(0, len(buffer), size)]
        head, rest = blocks[:1], blocks[1:]
        for _ in range(rng.randrange(1, 8)):
            i, j = rng.randrange(len(rest)), rng.randrange(len(rest))
            rest[i], rest[j] = rest[j], rest[i]
        return b"".join(bytes(b) for b in head + rest)
    if kind == "flip":
        for _ in range(rng.randrange(1, 100)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
        return bytes(buffer)
    if kind == "huge_stream":  # a content stream's text repeated into megabytes
        at = buffer.find(b"stream")
        at = at if at >= 0 else rng.randrange(len(buffer))
        return (
            bytes(buffer[:at])
            + b"stream\n"
            + b"BT (x) Tj ET\n" * rng.randrange(10_000, 200_000)
            + bytes(buffer[at:])
        )
    if kind == "deep_nesting":  # arrays/dictionaries nested thousands deep inside an object
        depth = rng.randrange(100, 50_000)
        nested = rng.choice([b"[" * depth + b"]" * depth, b"<<" * depth + b">>" * depth])
        at = buffer.find(b"obj")
        at = at + 3 if at >= 0 else rng.randrange(len(buffer))
        return bytes(buffer[:at]) + b" " + nested + b" " + bytes(buffer[at:])
    # drop_xref: the cross-reference table and trailer gone (a download cut short at the end)
    at = buffer.rfind(b"xref")
    return bytes(buffer[: at if at > 0 else len(buffer) // 2])


@st.composite
def markdown_books(draw: st.DrawFn, kinds: tuple[str, ...] = MARKDOWN_KINDS) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(kinds))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    return kind, mutate_markdown(_LINES, kind, rng)


@st.composite
def pdf_books(draw: st.DrawFn, seed: bytes) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(PDF_KINDS))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    return kind, mutate_pdf(seed, kind, rng)


def printed_pdf(path: Path, pages: int = 3) -> Path:
    """A few of the sample's table pages printed as a budget book prints them (tests/ingest's printer)."""
    from ingest.book import parse_book
    from ingest.layout import section_kind
    from tests.ingest.test_pdf_equivalence import _render

    book = parse_book(SAMPLE_BOOK)
    chosen = [
        p for p in book.document.pages if p.tables and not p.blank and p.number and section_kind(p.title)
    ][:pages]
    _render(chosen, book.document.agency, path)
    return path


def record(test: str, outcome: str) -> None:
    OUTCOMES.setdefault(test, Counter())[outcome] += 1


_LINES = sample_lines()
