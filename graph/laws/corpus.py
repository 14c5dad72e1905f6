"""The whole 全國法規資料庫 as shipped data: every law's facts, enabling clause and article texts.

Two files under data/laws/corpus/ (built by `budgetkg laws update FILE`, see `build_corpus`):
- laws.json.gz — per law: pcode, name, kind (法律 / 命令 / 憲法), date (最新異動日期), repealed (廢止),
  category, former names (沿革 原名稱 → 新名稱), amendment events (date, articles touched), article
  numbers, the enabling clause parsed into parents (graph.laws.enabling) and resolved to pcodes, and
  which chunk of articles.xzchunks holds its texts. Loaded whole (it is small) on first use.
- articles.xzchunks — article texts and 沿革, in independently xz-compressed chunks of a few hundred laws;
  a law's texts cost one chunk's decompression, done on first use and cached.

Sources read: the kong0107/mojLawSplitJSON snapshot (a .tar.xz or folder with FalVMingLing/{pcode}.json,
aliases.json) and the official MOJ bulk download (ChLaw.json / ChOrder.json, or the zip holding them).
"""

from __future__ import annotations

import gzip
import json
import lzma
import re
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from graph.laws.enabling import Clause, Parent, parse_regulation, resolve_parents
from graph.laws.index import DATA_DIR, LawIndexError, article_number, plain_name
from graph.laws.normalise import chinese_number, statute_key

CORPUS_DIR = DATA_DIR / "corpus"
META_FILE = "laws.json.gz"
ARTICLES_FILE = "articles.xzchunks"
CHUNK_CHARS = 1_500_000  # raw characters per compressed chunk: ~40 ms to open one
FORMAT = 1


class CorpusError(LawIndexError):
    """The corpus files are missing, or a source is not in a format we read."""


@dataclass(frozen=True)
class Amendment:
    date: str  # YYYYMMDD
    articles: tuple[str, ...]  # article numbers touched; ("*",) for the whole text (全文)
    note: str = ""


@dataclass(frozen=True)
class Rename:
    former: str
    new: str
    date: str


@dataclass(frozen=True)
class CorpusLaw:
    pcode: str
    name: str
    kind: str  # 法律 | 命令 | 憲法
    date: str  # 最新異動日期 YYYYMMDD
    repealed: bool = False
    category: str = ""
    english: str = ""
    renames: tuple[Rename, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    article_numbers: tuple[str, ...] = ()
    clause: Clause | None = None
    chunk: int = -1

    @property
    def parents(self) -> tuple[Parent, ...]:
        return self.clause.parents if self.clause else ()


# ---------------------------------------------------------------- reading sources


@dataclass
class RawLaw:
    """One law as a source gives it, before parsing."""

    pcode: str
    name: str
    kind: str
    date: str
    repealed: bool
    category: str
    english: str
    history: str
    articles: list[tuple[str, str]]  # (number "62-1", text)


def _pcode_of(url: str) -> str:
    for key, found in parse_qs(urlparse(url).query).items():
        if key.lower() == "pcode" and found:
            return found[0]
    return ""


def _split_json(payload: dict[str, Any]) -> RawLaw | None:
    """A FalVMingLing/{pcode}.json law (keys 法規名稱, 法規網址, 法規內容 …)."""
    pcode = _pcode_of(str(payload.get("法規網址", "")))
    name = str(payload.get("法規名稱", "")).strip()
    if not pcode or not name:
        return None
    articles = []
    for item in payload.get("法規內容") or []:
        number = article_number(str(item.get("條號", "")))
        if number:
            articles.append((number, _clean(str(item.get("條文內容", "")))))
    return RawLaw(
        pcode,
        name,
        str(payload.get("法規性質", "")),
        str(payload.get("最新異動日期", "")),
        str(payload.get("廢止註記", "")).strip() == "廢",
        str(payload.get("法規類別", "")),
        str(payload.get("英文法規名稱", "")),
        _clean(str(payload.get("沿革內容", ""))),
        articles,
    )


def _official_json(item: dict[str, Any]) -> RawLaw | None:
    """One law of the official bulk file (LawLevel, LawName, LawURL, LawArticles …)."""
    pcode = _pcode_of(str(item.get("LawURL", "")))
    name = str(item.get("LawName", "")).strip()
    if not pcode or not name:
        return None
    articles = []
    for article in item.get("LawArticles") or []:
        if str(article.get("ArticleType", "A")) != "A":
            continue  # "C": chapter headings
        number = article_number(str(article.get("ArticleNo", "")))
        if number:
            articles.append((number, _clean(str(article.get("ArticleContent", "")))))
    return RawLaw(
        pcode,
        name,
        str(item.get("LawLevel", "")),
        str(item.get("LawModifiedDate", "")),
        str(item.get("LawAbandonNote", "")).strip() == "廢",
        str(item.get("LawCategory", "")),
        str(item.get("EngLawName", "")),
        _clean(str(item.get("LawHistories", ""))),
        articles,
    )


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _from_payload(payload: Any, origin: str) -> Iterator[RawLaw]:
    if isinstance(payload, dict) and isinstance(payload.get("Laws"), list):
        for item in payload["Laws"]:
            law = _official_json(item)
            if law:
                yield law
    elif isinstance(payload, dict) and "法規名稱" in payload:
        law = _split_json(payload)
        if law:
            yield law
    elif not (isinstance(payload, dict | list)):
        raise CorpusError(f"{origin}: not a law file")


def _loads(data: bytes, origin: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{origin} is not valid JSON ({exc}); re-download it") from exc


def read_source(source: Path) -> tuple[list[RawLaw], dict[str, list[str]]]:
    """Every law of a source, and its aliases ({pcode: [short name …]}) when it has them."""
    if not source.exists():
        raise CorpusError(
            f"{source} not found: give the MOJ bulk zip, ChLaw.json/ChOrder.json or the .tar.xz"
        )
    laws: list[RawLaw] = []
    aliases: dict[str, list[str]] = {}

    def take(name: str, data: bytes) -> None:
        base = name.rsplit("/", 1)[-1]
        if not base.endswith(".json") or base == "index.json":
            return
        payload = _loads(data, name)
        if base == "aliases.json" and isinstance(payload, dict):
            aliases.update({k: [v] if isinstance(v, str) else list(v) for k, v in payload.items()})
            return
        laws.extend(_from_payload(payload, name))

    if source.is_dir():
        for file in sorted(source.rglob("*.json")):
            take(file.as_posix(), file.read_bytes())
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                take(info.filename, archive.read(info))
    elif source.name.endswith((".tar.xz", ".tar.gz", ".tar", ".tgz", ".txz")):
        try:
            with tarfile.open(source) as tar:
                for member in tar:
                    if member.isfile():
                        handle = tar.extractfile(member)
                        if handle is not None:
                            take(member.name, handle.read())
        except (tarfile.TarError, lzma.LZMAError, EOFError) as exc:
            raise CorpusError(f"{source} is not a readable archive ({exc})") from exc
    else:
        take(source.name, source.read_bytes())
    if not laws:
        raise CorpusError(
            f"{source} holds no laws: expected the MOJ bulk format (ChLaw.json/ChOrder.json: "
            "{Laws: [{LawName, LawURL, LawArticles}]}) or FalVMingLing/{pcode}.json files"
        )
    return laws, aliases


# ---------------------------------------------------------------- 沿革: amendments and renames

_ROC_DATE = re.compile(
    r"中華民國([〇零一二三四五六七八九十百]+)年([一二三四五六七八九十]+)月([一二三四五六七八九十]+)日"
)
_RENAME = re.compile(r"原名稱[:：]([^；;）)]+)[；;]新名稱[:：]([^）)]+)[）)]")
_TOUCHED = re.compile(r"(?:修正|增訂|刪除|訂定|發布|公布)[^；;]*?第([0-9\-、,及 ]+)條")


def _roc_date(match: re.Match[str]) -> str:
    year = chinese_number(match.group(1).replace("〇", "零")) + 1911
    return f"{year:04d}{chinese_number(match.group(2)):02d}{chinese_number(match.group(3)):02d}"


def _events(history: str) -> list[str]:
    """The numbered events of a 沿革 ("1.中華民國…", "10. 中華民國…"), lines joined."""
    flat = re.sub(r"\s+", "", history)
    parts = re.split(r"(?:^|(?<=[^0-9第、,]))\d{1,3}\.(?=中華民國)", flat)
    return [p for p in parts if p]


def parse_history(history: str) -> tuple[list[Amendment], list[Rename]]:
    amendments: list[Amendment] = []
    renames: list[Rename] = []
    for event in _events(history):
        found = _ROC_DATE.search(event)
        if not found:
            continue
        date = _roc_date(found)
        touched: list[str] = []
        if "全文" in event or "制定" in event or "訂定發布" in event:
            touched = ["*"]
        for match in _TOUCHED.finditer(event):
            for number in re.split(r"[、,及 ]+", match.group(1)):
                if re.fullmatch(r"\d+(?:-\d+)?", number):
                    touched.append(number)
        amendments.append(Amendment(date, tuple(dict.fromkeys(touched))))
        for rename in _RENAME.finditer(event):
            renames.append(Rename(rename.group(1).strip(), rename.group(2).strip(), date))
    return amendments, renames


# ---------------------------------------------------------------- building


def _name_table(laws: Iterable[RawLaw], aliases: dict[str, list[str]]) -> Callable[[str], str]:
    """name → pcode over current names (the in-force one first), aliases and former names."""
    table: dict[str, str] = {}
    former: dict[str, str] = {}
    ordered = sorted(laws, key=lambda law: law.repealed)  # in force wins a shared name
    for law in ordered:
        base, current = plain_name(law.name)
        table.setdefault(statute_key(law.name), law.pcode)
        if current:
            table[statute_key(base)] = law.pcode
        else:
            table.setdefault(statute_key(base), law.pcode)
        for rename in parse_history(law.history)[1]:
            former.setdefault(statute_key(rename.former), law.pcode)
    for pcode, names in aliases.items():
        for name in names:
            table.setdefault(statute_key(name), pcode)

    def lookup(name: str) -> str:
        key = statute_key(name)
        # 台/臺 are the same character in law names (臺灣省政府 written 台灣省政府)
        for candidate in (key, key.removeprefix("中華民國"), key.replace("台", "臺")):
            if candidate in table:
                return table[candidate]
            if candidate in former:
                return former[candidate]
        return ""

    return lookup


def _clause_json(clause: Clause | None) -> dict[str, Any] | None:
    if clause is None:
        return None
    return {
        "article": clause.article,
        "text": clause.text,
        "parents": [[p.name, p.article, p.label, p.pcode] for p in clause.parents],
        "problem": clause.problem,
        "abbreviations": clause.abbreviations,
    }


def _clause_of(data: dict[str, Any] | None) -> Clause | None:
    if not data:
        return None
    return Clause(
        data["text"],
        data["article"],
        tuple(Parent(*p) for p in data["parents"]),
        data.get("problem", ""),
        dict(data.get("abbreviations", {})),
    )


@dataclass
class BuildReport:
    laws: int
    articles: int
    clauses: int
    parsed: int
    resolved: int
    bytes: int
    out: Path


def build_corpus(
    source: Path, out_dir: Path = CORPUS_DIR, progress: Callable[[str], None] | None = None
) -> BuildReport:
    """Read a source (see `read_source`) and write laws.json.gz + articles.xzchunks into `out_dir`.

    Files are written to temporaries and renamed only when both are complete: a failed run leaves
    the shipped corpus as it was.
    """
    say = progress or (lambda _text: None)
    say(f"reading {source}")
    laws, aliases = read_source(source)
    laws.sort(key=lambda law: law.pcode)
    say(f"{len(laws)} laws read; parsing enabling clauses")
    lookup = _name_table(laws, aliases)
    metas: list[dict[str, Any]] = []
    chunks: list[bytes] = []
    chunk: dict[str, Any] = {}
    size = 0
    clauses = parsed = resolved = 0
    articles = 0

    def flush() -> None:
        nonlocal chunk, size
        if chunk:
            raw = json.dumps(chunk, ensure_ascii=False, separators=(",", ":")).encode()
            chunks.append(lzma.compress(raw, preset=6))
            say(f"compressed chunk {len(chunks)}")
            chunk, size = {}, 0

    for law in laws:
        amendments, renames = parse_history(law.history)
        clause = parse_regulation(law.name, law.articles) if law.kind == "命令" else None
        if clause is not None:
            clause = resolve_parents(clause, lookup)
            clauses += 1
            parsed += bool(clause.parents)
            resolved += bool(clause.parents) and all(p.pcode for p in clause.parents)
        chunk[law.pcode] = {"history": law.history, "articles": law.articles}
        articles += len(law.articles)
        size += len(law.history) + sum(len(t) for _n, t in law.articles)
        metas.append(
            {
                "pcode": law.pcode,
                "name": law.name,
                "kind": law.kind,
                "date": law.date,
                "repealed": law.repealed,
                "category": law.category,
                "english": law.english,
                "renames": [[r.former, r.new, r.date] for r in renames],
                "amendments": [[a.date, ",".join(a.articles)] for a in amendments],
                "articles": ",".join(n for n, _t in law.articles),
                "clause": _clause_json(clause),
                "chunk": len(chunks),
            }
        )
        if size >= CHUNK_CHARS:
            flush()
    flush()

    out_dir.mkdir(parents=True, exist_ok=True)
    offsets = []
    position = 0
    for blob in chunks:
        offsets.append([position, len(blob)])
        position += len(blob)
    meta = {"format": FORMAT, "source": source.name, "chunks": offsets, "aliases": aliases, "laws": metas}
    with tempfile.NamedTemporaryFile(dir=out_dir, delete=False, suffix=".tmp") as handle:
        for blob in chunks:
            handle.write(blob)
        articles_tmp = Path(handle.name)
    with tempfile.NamedTemporaryFile(dir=out_dir, delete=False, suffix=".tmp") as handle:
        with gzip.GzipFile(fileobj=handle, mode="wb", mtime=0) as gz:
            gz.write(json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode())
        meta_tmp = Path(handle.name)
    for temporary in (articles_tmp, meta_tmp):
        temporary.chmod(0o644)  # NamedTemporaryFile makes them private; the corpus is shipped data
    articles_tmp.replace(out_dir / ARTICLES_FILE)
    meta_tmp.replace(out_dir / META_FILE)
    default_corpus.cache_clear()
    total = (out_dir / ARTICLES_FILE).stat().st_size + (out_dir / META_FILE).stat().st_size
    return BuildReport(len(laws), articles, clauses, parsed, resolved, total, out_dir)


# ---------------------------------------------------------------- loading


@dataclass
class LawCorpus:
    """The shipped corpus: law facts at once, article texts chunk by chunk on demand."""

    directory: Path
    laws: Mapping[str, CorpusLaw] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    chunks: list[tuple[int, int]] = field(default_factory=list)
    _names: dict[str, str] = field(default_factory=dict)
    _former: dict[str, str] = field(default_factory=dict)
    _texts: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path = CORPUS_DIR) -> LawCorpus:
        path = directory / META_FILE
        try:
            with gzip.open(path, "rb") as handle:
                meta = json.loads(handle.read())
        except FileNotFoundError as exc:
            raise CorpusError(
                f"law corpus not found in {directory}: build it with "
                "`budgetkg laws update /path/to/moj-laws.tar.xz` (or the MOJ bulk zip)"
            ) from exc
        except (OSError, json.JSONDecodeError) as exc:
            raise CorpusError(
                f"{path} is damaged ({exc}); rebuild it with `budgetkg laws update FILE`"
            ) from exc
        if meta.get("format") != FORMAT:
            raise CorpusError(f"{path} has format {meta.get('format')}, expected {FORMAT}: rebuild it")
        corpus = cls(directory, aliases=meta.get("aliases", {}), chunks=[tuple(c) for c in meta["chunks"]])
        raw = {item["pcode"]: item for item in meta["laws"]}
        corpus.laws = _Laws(raw)
        corpus._index_names(raw.values())
        return corpus

    def _index_names(self, items: Iterable[dict[str, Any]]) -> None:
        for item in sorted(items, key=lambda item: bool(item["repealed"])):
            pcode, name = item["pcode"], item["name"]
            base, current = plain_name(name)
            self._names.setdefault(statute_key(name), pcode)
            if current:
                self._names[statute_key(base)] = pcode
            else:
                self._names.setdefault(statute_key(base), pcode)
            for former, _new, _date in item["renames"]:
                self._former.setdefault(statute_key(former), pcode)
        for pcode, names in self.aliases.items():
            for alias in names:
                self._names.setdefault(statute_key(alias), pcode)

    def lookup(self, name: str) -> CorpusLaw | None:
        """A law by current name or alias (not by a former name: see `renamed_from`)."""
        pcode = self._names.get(statute_key(name))
        return self.laws.get(pcode) if pcode else None

    def renamed(self, name: str) -> CorpusLaw | None:
        """The law now carrying a former name `name` (沿革 原名稱 → 新名稱), if no current law has it."""
        if statute_key(name) in self._names:
            return None
        pcode = self._former.get(statute_key(name))
        return self.laws.get(pcode) if pcode else None

    def _chunk(self, number: int) -> dict[str, Any]:
        found = self._texts.get(number)
        if found is None:
            offset, length = self.chunks[number]
            with open(self.directory / ARTICLES_FILE, "rb") as handle:
                handle.seek(offset)
                blob = handle.read(length)
            try:
                found = json.loads(lzma.decompress(blob))
            except (lzma.LZMAError, json.JSONDecodeError) as exc:
                raise CorpusError(
                    f"{self.directory / ARTICLES_FILE} is damaged ({exc}); rebuild it with `budgetkg laws update FILE`"
                ) from exc
            self._texts[number] = found
        return found

    def articles(self, pcode: str) -> dict[str, str]:
        """{article number: text} of one law ({} for an unknown pcode)."""
        law = self.laws.get(pcode)
        if law is None or law.chunk < 0:
            return {}
        return {number: text for number, text in self._chunk(law.chunk).get(pcode, {}).get("articles", [])}

    def article_text(self, pcode: str, article: str) -> str:
        return self.articles(pcode).get(article, "") if article else ""

    def history(self, pcode: str) -> str:
        law = self.laws.get(pcode)
        return self._chunk(law.chunk).get(pcode, {}).get("history", "") if law and law.chunk >= 0 else ""


class _Laws(Mapping[str, CorpusLaw]):
    """pcode → CorpusLaw, each built from the meta file's row on first access (loading stays ~0.1 s)."""

    def __init__(self, raw: dict[str, dict[str, Any]]) -> None:
        self._raw = raw
        self._built: dict[str, CorpusLaw] = {}

    def __getitem__(self, pcode: str) -> CorpusLaw:
        law = self._built.get(pcode)
        if law is None:
            law = _law_of(self._raw[pcode])
            self._built[pcode] = law
        return law

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, pcode: object) -> bool:
        return pcode in self._raw

    def parents_of(self, pcode: str) -> list[str]:
        """Parent pcodes named by a law's clause, read without building the law."""
        clause = self._raw[pcode].get("clause")
        return [p[3] for p in clause["parents"] if p[3]] if clause else []


def _law_of(item: dict[str, Any]) -> CorpusLaw:
    return CorpusLaw(
        pcode=item["pcode"],
        name=item["name"],
        kind=item["kind"],
        date=item["date"],
        repealed=item["repealed"],
        category=item["category"],
        english=item["english"],
        renames=tuple(Rename(*r) for r in item["renames"]),
        amendments=tuple(Amendment(d, tuple(a.split(",")) if a else ()) for d, a in item["amendments"]),
        article_numbers=tuple(item["articles"].split(",")) if item["articles"] else (),
        clause=_clause_of(item["clause"]),
        chunk=item["chunk"],
    )


@lru_cache(maxsize=1)
def default_corpus() -> LawCorpus:
    """The shipped corpus (loaded once per process, on first use)."""
    return LawCorpus.load()


def corpus_or_none() -> LawCorpus | None:
    """The shipped corpus, or None when it is not built (answers then stop at the regulation)."""
    try:
        return default_corpus()
    except CorpusError:
        return None
