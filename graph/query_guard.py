"""What a public, read-only SPARQL endpoint checks before and after parsing a query.

Three stages, all refusing with `QueryError` (→ HTTP 400):

1. `check_bounds(query, limits)`: a single left-to-right scan of the text (strings, IRIs and comments
   skipped as the SPARQL lexer would) that bounds size, nesting depth and pattern count. It runs before
   any parser sees the query, because pyoxigraph's recursive-descent parser overflows its stack (and the
   process dies) at ~2,500 nested braces, and rdflib's at far fewer.
2. `check_syntax(query)`: Oxigraph's linear-time parser says whether it is SPARQL at all (rdflib's
   backtracking parser can take minutes on some invalid input, so it only ever sees valid queries).
3. `inspect_query(query)`: the query parsed by rdflib's SPARQL grammar; the parse tree, not the text,
   decides whether it names a SERVICE and which graphs its FROM / FROM NAMED clauses ask for. A text
   match is fooled by IRIs holding quotes (`<urn:x'>`), a parser is not.

`checked_iri(text)` validates an IRI taken from a request before it goes into any query as a bound value.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from graph.sparql import QueryError

# SPARQL's lexer, enough of it to tell keywords from names: one token per match, scanned left to right,
# so a quote inside an IRI is part of the IRI and a '#' inside a string is part of the string (the old
# guard blanked strings first and was fooled by `<urn:x'>`).
_NAME_CHAR = "\\w\u00b7-\ufffd"
_TOKENS = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*')"
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<comment>#[^\n\r]*)"
    rf"|(?P<var>[?$][{_NAME_CHAR}]+)"
    rf"|(?P<pname>(?:[{_NAME_CHAR}][{_NAME_CHAR}.-]*)?:(?:[{_NAME_CHAR}:%\\-]|\.(?=[{_NAME_CHAR}:%-]))*)"
    rf"|(?P<word>[A-Za-z_][{_NAME_CHAR}]*)"
    r"|(?P<open>[{(\[])|(?P<close>[})\]])|(?P<sep>[.;,](?![0-9]))"
    r"|(?P<op>\|\||&&|/|\|)",
)


def tokens(query: str) -> list[tuple[str, str]]:
    """(kind, text) of the query's tokens that matter to the guard (comments dropped)."""
    return [(m.lastgroup or "", m.group()) for m in _TOKENS.finditer(query) if m.lastgroup != "comment"]


@dataclass(frozen=True)
class QueryLimits:
    """Bounds on a query's text, checked before parsing. Environment: BUDGETKG_QUERY_MAX_BYTES,
    BUDGETKG_QUERY_MAX_DEPTH, BUDGETKG_QUERY_MAX_PATTERNS."""

    max_bytes: int = field(default_factory=lambda: _env_int("BUDGETKG_QUERY_MAX_BYTES", 64 * 1024))
    max_depth: int = field(default_factory=lambda: _env_int("BUDGETKG_QUERY_MAX_DEPTH", 48))
    max_patterns: int = field(default_factory=lambda: _env_int("BUDGETKG_QUERY_MAX_PATTERNS", 1_000))


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def check_bounds(query: str, limits: QueryLimits | None = None) -> None:
    """Refuse a query too long, too deeply nested or with too many patterns/operators for the parsers."""
    limits = limits or QueryLimits()
    size = len(query.encode("utf-8", errors="surrogatepass"))
    if size > limits.max_bytes:
        raise QueryError(
            f"the query is {size:,} bytes, over the limit of {limits.max_bytes:,} "
            "(BUDGETKG_QUERY_MAX_BYTES); split it or use VALUES sparingly"
        )
    if "\x00" in query:
        raise QueryError("the query contains a NUL character")
    depth = deepest = parts = 0
    for kind, text in tokens(query):
        if kind == "word" and text.upper() == "UNION":
            kind = "op"
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_depth:
                    raise QueryError(
                        f"the query nests brackets more than {limits.max_depth} deep "
                        "(BUDGETKG_QUERY_MAX_DEPTH); flatten it"
                    )
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind in {"sep", "op"}:
            parts += 1
            if parts > limits.max_patterns:
                raise QueryError(
                    f"the query has more than {limits.max_patterns} patterns or operators "
                    "(BUDGETKG_QUERY_MAX_PATTERNS); split it into smaller queries"
                )


@dataclass(frozen=True)
class QueryShape:
    """What the parse tree says about a query: the graphs its dataset clauses name."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def lexical_shape(query: str) -> QueryShape:
    """SERVICE and the dataset clauses read from the token stream: the fast first check, and the answer
    when rdflib's parser cannot parse a query Oxigraph accepts (rdflib fails on nested SERVICE, e.g.)."""
    seen = tokens(query)
    default: list[str] = []
    named: list[str] = []
    for index, (kind, text) in enumerate(seen):
        if kind != "word":
            continue
        word = text.upper()
        if word == "SERVICE":
            raise QueryError("SERVICE: federated queries are not allowed; query only this store's graphs")
        if word == "FROM":
            rest = seen[index + 1 : index + 3]
            is_named = bool(rest) and rest[0][0] == "word" and rest[0][1].upper() == "NAMED"
            target = rest[1] if is_named and len(rest) > 1 else (rest[0] if rest else ("", ""))
            if target[0] != "iri":
                raise QueryError("FROM and FROM NAMED take a full IRI here (<…>), not a prefixed name")
            (named if is_named else default).append(target[1][1:-1])
    return QueryShape(default_graphs=tuple(default), named_graphs=tuple(named))


_PROBE = f"budgetkg_parse_probe_{os.getpid()}_{id(object())}"


def check_syntax(query: str) -> None:
    """Oxigraph's own parser (Rust, linear) decides whether the query is valid SPARQL, before rdflib's
    backtracking parser sees it: rdflib can take minutes on some invalid input (`{SERVICE<>{SERVICE<>{`).

    The query is parsed against an empty in-memory store with a substitution for a variable no query
    names, which pyoxigraph checks after parsing and before evaluating anything."""
    import pyoxigraph as ox

    from graph.namespaces import PREFIXES
    from graph.sparql import syntax_error

    try:
        ox.Store().query(query, prefixes=PREFIXES, substitutions={ox.Variable(_PROBE): ox.Literal("")})
    except SyntaxError as exc:
        raise syntax_error(query, str(exc)) from None
    except (RuntimeError, ValueError, OSError):
        return  # parsed; refused the probe substitution (or failed on the empty store)


class Unparsed(QueryError):
    """rdflib's grammar could not parse the query (its own syntax error, or a construct it lacks)."""


def inspect_query(query: str) -> QueryShape:
    """Parse the query (rdflib's SPARQL 1.1 grammar) and refuse SERVICE, updates and LOAD from the tree.

    Needs a deep stack for nested queries: the query workers call it with a raised recursion limit;
    a RecursionError is reported as too deeply nested."""
    from pyparsing import ParseBaseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(query)
    except ParseBaseException as exc:
        raise Unparsed(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except RecursionError:
        raise Unparsed("rdflib's parser ran out of stack on this query") from None
    default: list[str] = []
    named: list[str] = []
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryError(
                    f"SERVICE <{dict.get(node, 'term')}>: federated queries are not allowed; query only this store's graphs"
                )
            if node.name == "DatasetClause":
                if dict.get(node, "default") is not None:
                    default.append(str(dict.get(node, "default")))
                if dict.get(node, "named") is not None:
                    named.append(str(dict.get(node, "named")))
            stack.extend(dict.values(node))
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif isinstance(node, ParseResults):
            stack.extend(list(node))
    return QueryShape(default_graphs=tuple(default), named_graphs=tuple(named))


def check_dataset(shape: QueryShape, available: set[str]) -> None:
    """Refuse a dataset that names graphs this store does not hold (nothing is fetched from elsewhere)."""
    missing = [g for g in (*shape.default_graphs, *shape.named_graphs) if g not in available]
    if missing:
        raise QueryError(
            f"no graph <{missing[0]}> in this store: FROM, FROM NAMED, default-graph-uri and named-graph-uri "
            "may name only its graphs (list them with SELECT DISTINCT ?g { GRAPH ?g {} })"
        )


_BAD_IRI_CHARS = re.compile(r'[<>"{}|^`\\\x00-\x20\x7f]')


def checked_iri(text: str) -> str:
    """The IRI, if it is one a query can hold as a bound value: absolute, no spaces, quotes, brackets or
    control characters (pyoxigraph's own IRI parser has the last word). Else QueryError."""
    import pyoxigraph as ox

    if not text or len(text) > 2048 or _BAD_IRI_CHARS.search(text) or ":" not in text:
        raise QueryError(f"not an IRI: {text[:80]!r}")
    try:
        ox.NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"not an IRI: {text[:80]!r} ({exc})") from None
    return text


def iri_term(text: str) -> str:
    """A checked IRI written as a SPARQL term (<…>), for VALUES clauses."""
    return f"<{checked_iri(text)}>"
