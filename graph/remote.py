"""A SPARQL server as the store: SPARQL 1.1 Query and Update over HTTP, and the Graph Store Protocol.

`RemoteStore("http://host:7878")` talks to the server's three endpoints, by default named as the
Oxigraph server names them (`/query`, `/update`, `/store`); Fuseki, GraphDB, Virtuoso or QLever give
theirs with `query_url`, `update_url` and `graph_store_url` (or the environment variables
BUDGETKG_STORE_QUERY, BUDGETKG_STORE_UPDATE, BUDGETKG_STORE_GSP).

- A book's named graph is replaced with ONE Graph Store Protocol `PUT` (N-Triples body): the server
  swaps the graph in one transaction, so readers see the old book or the new one, never a mix. The
  shared graph's triples (set semantics, never removed) are added first with one `POST`; if the PUT
  then fails the book's graph is unchanged and the shared graph holds only descriptions of shared
  concepts again.
- Queries see the union of the named graphs as their default graph, as on the embedded store: unless
  the query names its own dataset (FROM / FROM NAMED), each request lists every named graph as both a
  `default-graph-uri` and a `named-graph-uri` (SPARQL 1.1 Protocol §2.1.4), which every server
  honours, with no server-side "union default graph" setting needed. A server that already unions its
  graphs by default (`oxigraph serve --union-default-graph`) is told so with `union_default_graph=True`
  or BUDGETKG_STORE_UNION=1: then the list is not sent (nor fetched first), which on ten books halves
  the time of a query.
- Timeouts: the request carries the caller's deadline as its socket timeout; the server's own
  timeout (`oxigraph serve --timeout-s`) stops the work on its side.

Only the standard library's HTTP client is used; no credentials are sent (put the server behind a
proxy on a private network, as one would an embedded store's directory).
"""

from __future__ import annotations

import json
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.namespaces import PREFIXES, XSD, shared_graph
from graph.sparql import QueryError, QueryResult, Triple, syntax_error, with_prefixes
from graph.store import DEFAULT_TIMEOUT_S, Store, StoreError, from_ox, to_ox

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_WRITE_TIMEOUT_S = 600.0  # a whole book's graph in one request
_PARSER = ox.Store()  # empty, in memory: parses queries (and evaluates them on nothing)
_QUOTED = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
)
_FROM = re.compile(r"(?<![\w?$:-])FROM(?:\s+NAMED)?\s*<", re.IGNORECASE)


def is_remote(location: str | os.PathLike[str] | None) -> bool:
    return str(location or "").startswith(("http://", "https://"))


class RemoteStore(Store):
    """A store served over HTTP by a SPARQL 1.1 server."""

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        query_url: str | None = None,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        union_default_graph: bool | None = None,
    ) -> None:
        base = url.rstrip("/")
        for suffix in ("/query", "/sparql"):  # the query endpoint given: the others sit beside it
            if base.endswith(suffix) and query_url is None:
                query_url, base = base, base[: -len(suffix)]
        self.url = base
        self.query_url = query_url or os.environ.get("BUDGETKG_STORE_QUERY") or f"{base}/query"
        self.update_url = update_url or os.environ.get("BUDGETKG_STORE_UPDATE") or f"{base}/update"
        self.graph_store_url = graph_store_url or os.environ.get("BUDGETKG_STORE_GSP") or f"{base}/store"
        self.read_only = read_only
        self.timeout_s = timeout_s
        if union_default_graph is None:
            union_default_graph = os.environ.get("BUDGETKG_STORE_UNION", "") not in ("", "0")
        self.union_default_graph = union_default_graph
        self.graphs()  # fail now, with a clear message, when nothing answers at the address

    # ------------------------------------------------------------ writing

    def replace_graph(
        self, graph_iri: str, triples: Iterable[Triple], *, shared: Iterable[Triple] = ()
    ) -> int:
        self._writable()
        try:
            body = _ntriples(triples)
            shared_body = _ntriples(shared)
        except (ValueError, TypeError, StoreError) as exc:
            raise StoreError(f"could not write graph <{graph_iri}>; the store is unchanged: {exc}") from exc
        try:
            if shared_body:
                self._graph_store("POST", shared_graph(), shared_body)
            self._graph_store("PUT", graph_iri, body)
        except StoreError as exc:
            raise StoreError(
                f"could not write graph <{graph_iri}>; the book's graph is unchanged: {exc}"
            ) from None
        return self.triple_count(graph_iri)

    def remove_graph(self, graph_iri: str) -> None:
        self._writable()
        self._update(f"DROP SILENT GRAPH <{graph_iri}>")

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(
                f"the store at {self.url} was opened read-only; open it for writing to change it"
            )

    def _graph_store(self, method: str, graph_iri: str, body: bytes) -> None:
        url = f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
        request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": _NTRIPLES})
        self._send(request, _WRITE_TIMEOUT_S)

    def _update(self, update: str) -> None:
        data = urllib.parse.urlencode({"update": update}).encode()
        request = urllib.request.Request(
            self.update_url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        self._send(request, _WRITE_TIMEOUT_S)

    # ------------------------------------------------------------ reading

    def graphs(self) -> list[str]:
        rows = self._select_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri")

    def triple_count(self, graph_iri: str | None = None) -> int:
        where = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "GRAPH ?g { ?s ?p ?o }"
        rows = self._select_raw(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(rows[0]["n"]["value"]) if rows else 0

    def quads(self, graph_iri: str | None = None) -> Iterable[tuple[Node, Node, Node, str]]:
        for graph in [graph_iri] if graph_iri else self.graphs():
            assert graph is not None
            url = f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': graph})}"
            request = urllib.request.Request(url, headers={"Accept": _NTRIPLES})
            data = self._send(request, _WRITE_TIMEOUT_S)
            for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                yield from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object), graph

    def _run(self, sparql: str, cancel: threading.Event, limit: int) -> QueryResult:
        return self._run_over(sparql, cancel, limit, None if _names_dataset(sparql) else self._union())

    def _run_in(
        self, sparql: str, cancel: threading.Event, limit: int, default: list[str], named: list[str]
    ) -> QueryResult:
        # The SPARQL Protocol's own dataset parameters: the server lets them override FROM / FROM NAMED.
        return self._run_over(sparql, cancel, limit, (default, named))

    def _union(self) -> tuple[list[str], list[str]] | None:
        """Every named graph as default and named graph: the union default graph of the embedded store."""
        if self.union_default_graph:
            return None
        names = self.graphs()
        return names, names

    def _run_over(
        self, sparql: str, cancel: threading.Event, limit: int, dataset: tuple[list[str], list[str]] | None
    ) -> QueryResult:
        try:  # parsed here first, so a syntax error reads as on the embedded store
            _PARSER.query(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise syntax_error(sparql, str(exc)) from None
        except (OSError, ValueError, RuntimeError):
            pass  # parsed; evaluating it on no data is not what we asked
        content_type, data = self._post_query(with_prefixes(sparql), dataset=dataset)
        if cancel.is_set():
            return QueryResult(kind="select")
        if content_type.startswith(_RESULTS_JSON) or content_type.startswith("application/json"):
            answer = json.loads(data)
            if "boolean" in answer:
                return QueryResult(kind="ask", boolean=bool(answer["boolean"]))
            variables = list(answer["head"].get("vars", []))
            bindings = answer["results"]["bindings"]
            rows = [tuple(_term(b.get(v)) for v in variables) for b in bindings[:limit]]
            return QueryResult(kind="select", variables=variables, rows=rows, truncated=len(bindings) > limit)
        triples: list[Triple] = []
        for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            if len(triples) >= limit:
                return QueryResult(kind="graph", triples=triples, truncated=True)
            triples.append((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return QueryResult(kind="graph", triples=triples)

    def _select_raw(self, sparql: str) -> list[dict[str, Any]]:
        _, data = self._post_query(sparql, dataset=None)
        bindings: list[dict[str, Any]] = json.loads(data)["results"]["bindings"]
        return bindings

    def _post_query(self, sparql: str, *, dataset: tuple[list[str], list[str]] | None) -> tuple[str, bytes]:
        """POST the query; `dataset` (default graphs, named graphs) goes as default-graph-uri /
        named-graph-uri (SPARQL 1.1 Protocol §2.1.4), else the server's own default dataset applies."""
        fields: list[tuple[str, str]] = [("query", sparql)]
        if dataset is not None:
            default, named = dataset
            fields += [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
        request = urllib.request.Request(
            self.query_url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9",
            },
        )
        with self._open(request, self.timeout_s) as response:
            return str(response.headers.get("Content-Type", "")), response.read()

    # ------------------------------------------------------------ HTTP

    def _send(self, request: urllib.request.Request, timeout: float) -> bytes:
        with self._open(request, timeout) as response:
            data: bytes = response.read()
            return data

    def _open(self, request: urllib.request.Request, timeout: float) -> Any:
        try:
            return urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            if request.full_url.startswith(self.query_url) and exc.code == 400:
                raise QueryError(f"the SPARQL server refused the query: {detail}") from None
            raise StoreError(f"the SPARQL server at {self.url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(
                f"cannot reach the SPARQL server at {self.url} ({reason}); start it, or check "
                "BUDGETKG_STORE / --store"
            ) from None


def _names_dataset(sparql: str) -> bool:
    """True when the query chooses its own dataset (FROM / FROM NAMED outside strings and comments)."""
    return bool(_FROM.search(_QUOTED.sub(" ", sparql)))


def _ntriples(triples: Iterable[Triple]) -> bytes:
    return "".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n" for s, p, o in triples).encode("utf-8")


def _term(binding: dict[str, str] | None) -> Node | None:
    """A SPARQL 1.1 JSON results term as the rdflib term the embedded store gives."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    return Literal(value, datatype=None if datatype in (None, str(XSD.string)) else URIRef(datatype))
