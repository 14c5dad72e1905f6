"""SPARQL queries against the store: pre-bound prefixes, what a query may not do, results and their formats.

The HTTP API reuses `serialize_result(result, media_type)` for content negotiation; the CLI uses it for
`--format json|xml|csv|tsv|ttl|nt|jsonld` and `format_table` for the terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal as TypingLiteral
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph.iris import base_iri
from graph.namespaces import ONTOLOGY_GRAPH, PREFIXES, XSD

Triple = tuple[Node, Node, Node]


class QueryError(Exception):
    """A query the store will not run: a syntax error (with line and column), an update, a timeout …"""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class QueryTimeout(QueryError):
    """The query ran longer than its time limit."""


@dataclass
class QueryResult:
    """A query's answer: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE), as rdflib terms."""

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False  # the result cap cut it short

    def records(self) -> list[dict[str, object]]:
        """SELECT rows as dicts of Python values (str, Decimal, int, bool, None)."""
        return [{v: python_value(t) for v, t in zip(self.variables, row, strict=True)} for row in self.rows]

    def graph(self) -> Graph:
        graph = Graph()
        bind_prefixes(graph)
        for triple in self.triples:
            graph.add(triple)
        return graph


def python_value(term: Node | None) -> object:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype == XSD.decimal:
            return Decimal(str(term))
        if term.datatype in {XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger}:
            return int(str(term))
        if term.datatype == XSD.boolean:
            return str(term) == "true"
        return str(term)
    return str(term)


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)


# ---------------------------------------------------------------- what a query may do

_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")
_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_IRIS = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_COMMENTS = re.compile(r"#[^\n]*")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked (same length, same line breaks)."""
    text = _STRINGS.sub(_blank, query)
    text = _IRIS.sub(lambda m: "<" + " " * (len(m.group()) - 2) + ">", text)
    return _COMMENTS.sub(_blank, text)


def _keyword(code: str, word: str) -> re.Match[str] | None:
    # A keyword, not a variable (?add), a prefixed name (bud:add, add:x) or part of a longer word.
    return re.search(rf"(?<![\w?$:-]){word}(?![\w:-])", code, flags=re.IGNORECASE)


def _position(query: str, offset: int) -> tuple[int, int]:
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return line, column


def check_query(query: str, *, local_graphs: Iterable[str] = ()) -> None:
    """Refuse what a read-only, local endpoint must not run: updates, SERVICE, LOAD, FROM <elsewhere>."""
    code = _code_only(query)
    for word in _UPDATE_WORDS:
        match = _keyword(code, word)
        if match:
            line, column = _position(query, match.start())
            raise QueryError(
                f"{word.upper()} at line {line}, column {column}: the store is read-only to queries; "
                "change data by ingesting books (`budgetkg ingest BOOK`)",
                line=line,
                column=column,
            )
    # SERVICE and FROM from SPARQL's tokens (graph.query_guard): a regex over blanked text was fooled by
    # an IRI holding a quote (`<urn:x'>`), which made it read the rest of the query as a string.
    from graph.query_guard import lexical_shape

    shape = lexical_shape(query)
    allowed = set(local_graphs) | {ONTOLOGY_GRAPH}
    for iri in (*shape.default_graphs, *shape.named_graphs):
        if not (iri.startswith(base_iri()) or iri in allowed):
            offset = query.find(f"<{iri}>")
            line, column = _position(query, max(query.rfind("FROM", 0, offset), 0)) if offset >= 0 else (1, 1)
            raise QueryError(
                f"FROM <{iri}> at line {line}, column {column}: only this store's graphs can be named "
                f"(IRIs under {base_iri()}); list them with `budgetkg query 'SELECT DISTINCT ?g {{ GRAPH ?g {{}} }}'`",
                line=line,
                column=column,
            )


def declared_prefixes(query: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"PREFIX\s+([\w-]*):", _code_only(query), re.IGNORECASE)}


def with_prefixes(query: str) -> str:
    """The query with PREFIX lines for the pre-bound prefixes it does not declare (for remote stores)."""
    declared = declared_prefixes(query)
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join([*lines, query])


def syntax_error(query: str, message: str) -> QueryError:
    """A parser's message made readable: 'line L, column C', the line itself and a caret."""
    match = re.search(r"(\d+):(\d+)", message)
    detail = re.sub(r"^(?:error at )?\d+:\d+:\s*", "", message.strip())
    detail = re.sub(r"\s+", " ", detail)
    if len(detail) > 160:
        detail = detail[:157] + "…"
    if not match:
        return QueryError(f"SPARQL syntax error: {detail}")
    line, column = int(match.group(1)), int(match.group(2))
    lines = query.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * max(column - 1, 0) + "^"
    return QueryError(
        f"SPARQL syntax error at line {line}, column {column}: {detail}\n  {source}\n  {caret}",
        line=line,
        column=column,
    )


# ---------------------------------------------------------------- serialisation

RESULT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
    "n3": "text/n3",
}
_ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "ttl",
    "turtle": "ttl",
    "application/n-triples": "nt",
    "ntriples": "nt",
    "application/ld+json": "jsonld",
    "json-ld": "jsonld",
    "application/rdf+xml": "xml",
    # SPARQLWrapper's format= values and common media-type aliases
    "sparql-results+json": "json",
    "text/xml": "xml",
    "rdf": "xml",
    "rdf+xml": "xml",
    "rdfxml": "xml",
    "application/x-turtle": "ttl",
    "text/n3": "n3",
    "text/rdf+n3": "n3",
    "application/n3": "n3",
    "text/plain": "nt",
    "n-triples": "nt",
    "application/json-ld": "jsonld",
    "text/tsv": "tsv",
}


def format_name(media_type: str) -> str:
    """A media type or short name → short name (json, xml, csv, tsv, ttl, nt, jsonld)."""
    name = media_type.split(";")[0].strip().lower()
    return _ALIASES.get(name, name)


def serialize_result(result: QueryResult, media_type: str) -> tuple[bytes, str]:
    """A result in a SPARQL results format (SELECT/ASK) or an RDF syntax (CONSTRUCT/DESCRIBE)."""
    name = format_name(media_type)
    if result.kind == "graph":
        if name == "json":
            name = "jsonld"
        if name not in GRAPH_MEDIA_TYPES:
            raise QueryError(
                f"a graph result cannot be written as {media_type}; use one of {', '.join(GRAPH_MEDIA_TYPES)}"
            )
        return serialize_graph(result.triples, name), GRAPH_MEDIA_TYPES[name]
    if name not in RESULT_MEDIA_TYPES:
        raise QueryError(
            f"SELECT/ASK results cannot be written as {media_type}; use one of {', '.join(RESULT_MEDIA_TYPES)}"
        )
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[name]
    return writer(result).encode("utf-8"), RESULT_MEDIA_TYPES[name] + (
        "; charset=utf-8" if name in {"csv", "tsv"} else ""
    )


def serialize_graph(triples: Iterable[Triple], name: str) -> bytes:
    graph = Graph()
    bind_prefixes(graph)
    for triple in triples:
        graph.add(triple)
    rdflib_format = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "n3": "n3"}[
        format_name(name)
    ]
    data = graph.serialize(format=rdflib_format, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    body = {"type": "literal", "value": str(term)}
    if term.language:
        body["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        body["datatype"] = str(term.datatype)
    return body


def _json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False
    )


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype and term.datatype != XSD.string:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _csv(result: QueryResult) -> str:
    # SPARQL 1.1 CSV: plain values, no datatypes or language tags.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        writer.writerows([["" if t is None else str(t) for t in row] for row in result.rows])
    return buffer.getvalue()


_TSV_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _tsv_term(term: Node | None) -> str:
    # SPARQL 1.1 TSV: terms in Turtle syntax, one line per row, so a literal's tabs and line breaks are
    # written as \t, \n, \r (rdflib's n3() would use a multi-line """string""").
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = '"' + "".join(_TSV_ESCAPES.get(c, c) for c in str(term)) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def _tsv(result: QueryResult) -> str:
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def format_table(result: QueryResult, *, max_width: int = 60) -> str:
    """A plain-text table for the terminal; IRIs under the base are shown as id:…, ontology terms as bud:…"""
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return serialize_graph(result.triples, "ttl").decode("utf-8")

    def show(term: Node | None) -> str:
        if term is None:
            return ""
        text = str(term)
        if isinstance(term, URIRef):
            for prefix, namespace in (("id", base_iri()), *PREFIXES.items()):
                if text.startswith(namespace):
                    text = f"{prefix}:{text[len(namespace) :]}"
                    break
        text = text.replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    rows = [[show(t) for t in row] for row in result.rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(result.variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)) for r in rows]
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', truncated' if result.truncated else ''})"
    return "\n".join([*lines, footer])


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
