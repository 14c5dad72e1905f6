"""The triple store seam: one named graph per book, replaced atomically, queried read-only.

`OxigraphStore` (default) keeps the graph on disk under DATA_DIR/store with pyoxigraph; `MemoryStore` is an
rdflib in-memory Dataset with the same interface (tests, and the benchmark's comparison). A remote
SPARQL 1.1 server is the third (`graph.remote.RemoteStore`), chosen with BUDGETKG_STORE=http://….

Queries see the union of all named graphs as their default graph. Triples stated in two graphs (a
shared code-list concept described by two books) come back twice from the union, so the competency
queries aggregate in a sub-select before joining labels.

Timeouts: pyoxigraph has none, but it releases the GIL while evaluating, so the query runs in a worker
thread and the caller stops waiting at the deadline (QueryTimeout). The worker stops at its next
solution; a single long native step (a big aggregate) runs on in the background until it returns.
"""

from __future__ import annotations

import contextlib
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.namespaces import ONTOLOGY_GRAPH, PREFIXES, XSD, shared_graph
from graph.sparql import (
    QueryError,
    QueryResult,
    QueryTimeout,
    Triple,
    bind_prefixes,
    check_query,
    syntax_error,
)

DEFAULT_LIMIT = 10_000
DEFAULT_TIMEOUT_S = 30.0
RDF_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")
_OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class StoreError(Exception):
    """The store cannot be opened or written (message says what to do)."""


class Store(ABC):
    """A set of named graphs (one per book) with read-only SPARQL over their union."""

    @abstractmethod
    def replace_graph(
        self, graph_iri: str, triples: Iterable[Triple], *, shared: Iterable[Triple] = ()
    ) -> int:
        """Remove the graph and load `triples` into it in ONE transaction; returns the graph's triple count.
        `shared` triples are added (set semantics) to the shared graph in the same transaction.
        On any error nothing changes."""

    @abstractmethod
    def remove_graph(self, graph_iri: str) -> None: ...

    @abstractmethod
    def graphs(self) -> list[str]: ...

    def book_graphs(self) -> list[str]:
        """The named graphs of books (not the ontology's or the shared one)."""
        return [g for g in self.graphs() if g not in {ONTOLOGY_GRAPH, shared_graph()}]

    @abstractmethod
    def triple_count(self, graph_iri: str | None = None) -> int:
        """Triples in one graph, or in all graphs together (a triple in two graphs counts twice)."""

    @abstractmethod
    def _run(self, sparql: str, cancel: threading.Event, limit: int) -> QueryResult: ...

    def _run_in(
        self, sparql: str, cancel: threading.Event, limit: int, default: list[str], named: list[str]
    ) -> QueryResult:
        """Run the query over its own dataset (the SPARQL Protocol's default-graph-uri / named-graph-uri,
        or the query's FROM / FROM NAMED): stores that can, say so by overriding this."""
        raise QueryError("this store cannot run a query over a dataset of its own (default-graph-uri)")

    @abstractmethod
    def quads(self, graph_iri: str | None = None) -> Iterable[tuple[Node, Node, Node, str]]: ...

    def close(self) -> None:  # noqa: B027 -- only stores holding files need it
        """Release the store (file locks)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def query(
        self,
        sparql: str,
        *,
        timeout_s: float | None = None,
        limit: int | None = None,
        dataset: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> QueryResult:
        """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query; refuses updates, SERVICE and non-local FROM (QueryError).
        `dataset` (default graphs, named graphs) replaces the query's FROM / FROM NAMED, as the SPARQL
        Protocol's default-graph-uri / named-graph-uri do; every graph it names must be in this store."""
        check_query(sparql, local_graphs=self.graphs())
        if dataset is not None:
            from graph.query_guard import QueryShape, check_dataset

            default, named = list(dataset[0]), list(dataset[1])
            check_dataset(QueryShape(tuple(default), tuple(named)), set(self.graphs()))
        cap = limit if limit is not None else DEFAULT_LIMIT
        deadline = timeout_s if timeout_s is not None else DEFAULT_TIMEOUT_S
        cancel = threading.Event()
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                if dataset is None:
                    outcome["result"] = self._run(sparql, cancel, cap)
                else:
                    outcome["result"] = self._run_in(sparql, cancel, cap, default, named)
            except BaseException as exc:  # handed to the caller's thread
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="sparql-query", daemon=True)
        worker.start()
        worker.join(deadline)
        if worker.is_alive():
            cancel.set()
            raise QueryTimeout(f"the query ran longer than {deadline:g} s; narrow it or raise the timeout")
        if "error" in outcome:
            raise outcome["error"]
        result: QueryResult = outcome["result"]
        return result

    def select(self, sparql: str, **options: Any) -> list[dict[str, object]]:
        """SELECT rows as dicts of Python values (str, Decimal, int, None)."""
        result = self.query(sparql, **options)
        if result.kind != "select":
            raise QueryError("select() needs a SELECT query; use query() for ASK, CONSTRUCT and DESCRIBE")
        return result.records()

    def serialize(self, fmt: str, graph_iri: str | None = None) -> bytes:
        """The store (or one graph) as ttl, nt (graph content only) or trig, nq (with graph names), or jsonld."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
        if graph_iri is not None and graph_iri not in self.graphs():
            raise StoreError(
                f"no graph <{graph_iri}> in the store; list graphs with `budgetkg export --list`"
            )
        dataset = Dataset()
        bind_prefixes(dataset)
        for s, p, o, g in self.quads(graph_iri):
            dataset.graph(URIRef(g)).add((s, p, o))
        rdflib_format = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[
            fmt
        ]
        if fmt in {"ttl", "nt"}:
            merged = Graph()
            bind_prefixes(merged)
            for s, p, o, _g in self.quads(graph_iri):
                merged.add((s, p, o))
            data = merged.serialize(format=rdflib_format, encoding="utf-8")
        else:
            data = dataset.serialize(format=rdflib_format, encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")


# ---------------------------------------------------------------- term conversion


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store the term {term!r}: only IRIs, blank nodes and literals")


def from_ox(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise StoreError(f"unexpected term from the store: {term!r}")


# ---------------------------------------------------------------- Oxigraph (default)


def _bytes(data: bytes | None) -> bytes:
    return data or b""


class OxigraphStore(Store):
    """pyoxigraph on disk (or in memory with path=None)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store at {path}: {exc}. Another budgetkg process may hold it open "
                "(stop it, or open read-only), or the directory is not a store."
            ) from exc
        self.path = path
        self.read_only = read_only

    def replace_graph(
        self, graph_iri: str, triples: Iterable[Triple], *, shared: Iterable[Triple] = ()
    ) -> int:
        graph = ox.NamedNode(graph_iri)
        try:
            lines = [f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples]
            shared_lines = [f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in shared]
        except (ValueError, TypeError, StoreError) as exc:
            raise StoreError(f"could not write graph <{graph_iri}>; the store is unchanged: {exc}") from exc
        # One SPARQL update is one transaction: the old graph goes and the new arrives together or not at all.
        body = f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}"
        if shared_lines:
            body += f"\nGRAPH <{shared_graph()}> {{\n" + "\n".join(shared_lines) + "\n}"
        update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ {body} }}"
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"could not write graph <{graph_iri}>; the store is unchanged: {exc}") from exc
        return self.triple_count(graph_iri)

    def remove_graph(self, graph_iri: str) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self, graph_iri: str | None = None) -> int:
        if graph_iri is None:
            query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        solutions = self._store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        return int(next(iter(solutions))["n"].value)

    def quads(self, graph_iri: str | None = None) -> Iterable[tuple[Node, Node, Node, str]]:
        graph = ox.NamedNode(graph_iri) if graph_iri else None
        for quad in self._store.quads_for_pattern(None, None, None, graph):
            if isinstance(quad.graph_name, ox.NamedNode):
                yield (
                    from_ox(quad.subject),
                    from_ox(quad.predicate),
                    from_ox(quad.object),
                    quad.graph_name.value,
                )

    def serialize(self, fmt: str, graph_iri: str | None = None) -> bytes:
        """Oxigraph's own writers: an order of magnitude faster than rdflib's on a whole book."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
        if graph_iri is not None and graph_iri not in self.graphs():
            raise StoreError(
                f"no graph <{graph_iri}> in the store; list graphs with `budgetkg export --list`"
            )
        rdf_format = _OX_FORMATS[fmt]
        source = ox.NamedNode(graph_iri) if graph_iri else None
        if fmt in {"ttl", "nt"}:
            if source is not None:
                return _bytes(self._store.dump(format=rdf_format, from_graph=source, prefixes=PREFIXES))
            merged = ox.Store()
            merged.extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in self._store.quads_for_pattern(None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph)
            )
            return _bytes(merged.dump(format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=PREFIXES))
        if source is not None:
            subset = ox.Store()
            subset.extend(self._store.quads_for_pattern(None, None, None, source))
            return _bytes(subset.dump(format=rdf_format, prefixes=PREFIXES))
        return _bytes(self._store.dump(format=rdf_format, prefixes=PREFIXES))

    def _run(self, sparql: str, cancel: threading.Event, limit: int) -> QueryResult:
        try:
            answer = self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise syntax_error(sparql, str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None
        return oxigraph_result(answer, limit, cancel)

    def _run_in(
        self, sparql: str, cancel: threading.Event, limit: int, default: list[str], named: list[str]
    ) -> QueryResult:
        try:
            answer = self._store.query(
                sparql,
                prefixes=PREFIXES,
                default_graph=[ox.NamedNode(g) for g in default],
                named_graphs=[ox.NamedNode(g) for g in named],
            )
        except SyntaxError as exc:
            raise syntax_error(sparql, str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None
        return oxigraph_result(answer, limit, cancel)

    def flush(self) -> None:
        """Write the store's log out to its tables: readers opening it next (the query workers) start in
        milliseconds instead of replaying the log (seconds after an ingest)."""
        if self.path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            with contextlib.suppress(OSError, RuntimeError):
                self._store.flush()
        del self._store


def oxigraph_result(answer: Any, limit: int, cancel: threading.Event | None = None) -> QueryResult:
    """pyoxigraph's answer as a QueryResult of rdflib terms, cut at `limit` rows or triples (or at `cancel`)."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[tuple[Node | None, ...]] = []
        for solution in answer:
            if cancel is not None and cancel.is_set():
                break
            if len(rows) >= limit:
                return QueryResult(kind="select", variables=variables, rows=rows, truncated=True)
            rows.append(tuple(None if solution[v] is None else from_ox(solution[v]) for v in variables))
        return QueryResult(kind="select", variables=variables, rows=rows)
    triples: list[Triple] = []
    for triple in answer:
        if cancel is not None and cancel.is_set():
            break
        if len(triples) >= limit:
            return QueryResult(kind="graph", triples=triples, truncated=True)
        triples.append((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return QueryResult(kind="graph", triples=triples)


# ---------------------------------------------------------------- rdflib in memory


class MemoryStore(Store):
    """rdflib Dataset in memory: same interface, for tests and the benchmark comparison."""

    def __init__(self) -> None:
        self._dataset = Dataset(default_union=True)
        self._lock = threading.Lock()

    def replace_graph(
        self, graph_iri: str, triples: Iterable[Triple], *, shared: Iterable[Triple] = ()
    ) -> int:
        new = Graph(identifier=URIRef(graph_iri))
        extra = Graph()
        try:
            for triple in triples:
                new.add(triple)
            for triple in shared:
                extra.add(triple)
        except Exception as exc:
            raise StoreError(f"could not build graph <{graph_iri}>; the store is unchanged: {exc}") from exc
        with self._lock:
            self._dataset.remove_graph(URIRef(graph_iri))
            target = self._dataset.graph(URIRef(graph_iri))
            for triple in new:
                target.add(triple)
            common = self._dataset.graph(URIRef(shared_graph()))
            for triple in extra:
                common.add(triple)
        return len(new)

    def remove_graph(self, graph_iri: str) -> None:
        with self._lock:
            self._dataset.remove_graph(URIRef(graph_iri))

    def graphs(self) -> list[str]:
        return sorted(
            str(g.identifier)
            for g in self._dataset.graphs()
            if isinstance(g.identifier, URIRef) and str(g.identifier) != "urn:x-rdflib:default" and len(g)
        )

    def triple_count(self, graph_iri: str | None = None) -> int:
        if graph_iri is not None:
            return len(self._dataset.graph(URIRef(graph_iri)))
        return sum(len(self._dataset.graph(URIRef(g))) for g in self.graphs())

    def quads(self, graph_iri: str | None = None) -> Iterable[tuple[Node, Node, Node, str]]:
        for g in [graph_iri] if graph_iri else self.graphs():
            for s, p, o in self._dataset.graph(URIRef(g)):
                yield s, p, o, g

    def _run(self, sparql: str, cancel: threading.Event, limit: int) -> QueryResult:
        from pyparsing import ParseException

        try:
            answer = self._dataset.query(sparql, initNs=PREFIXES)
        except ParseException as exc:
            raise syntax_error(sparql, f"{exc.lineno}:{exc.col}: {exc.msg}") from None
        except Exception as exc:
            raise QueryError(f"the query failed: {exc}") from None
        if answer.type == "ASK":
            return QueryResult(kind="ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            variables = [str(v) for v in answer.vars or []]
            rows: list[tuple[Node | None, ...]] = []
            for row in answer:
                if cancel.is_set():
                    break
                if len(rows) >= limit:
                    return QueryResult(kind="select", variables=variables, rows=rows, truncated=True)
                assert isinstance(row, tuple)
                rows.append(tuple(row))
            return QueryResult(kind="select", variables=variables, rows=rows)
        triples = [t for t in answer if isinstance(t, tuple)][:limit]
        return QueryResult(kind="graph", triples=triples)  # type: ignore[arg-type]


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / "store"


def open_store(data_dir: Path, *, read_only: bool = False) -> Store:
    """The default store under DATA_DIR/store (created on first write), or the SPARQL server that
    BUDGETKG_STORE (or `budgetkg --store URL`) names."""
    chosen = _chosen_store(data_dir, read_only)
    if chosen is not None:
        return chosen
    path = store_path(data_dir)
    if read_only and not path.exists():
        raise StoreError(
            f"no store at {path}; ingest a book first (`budgetkg --data {data_dir} ingest BOOK`)"
        )
    return OxigraphStore(path, read_only=read_only)


StoreFactory = Callable[[Path], Store]


# ---------------------------------------------------------------- choosing the store (issue 16)

STORE_ENV = "BUDGETKG_STORE"
RemoteFactory = Callable[[Path, bool], Store]
_remote_factory: RemoteFactory | None = None


def use_remote_factory(factory: RemoteFactory | None) -> None:
    """Open every data directory's store through `factory(data_dir, read_only)` (None: back to the
    default). The tests' second run uses it to give each data directory its own SPARQL server."""
    global _remote_factory
    _remote_factory = factory


def remote_location() -> str | None:
    """The SPARQL server's URL when BUDGETKG_STORE names one."""
    location = os.environ.get(STORE_ENV, "").strip()
    return location if location.startswith(("http://", "https://")) else None


def store_exists(data_dir: Path) -> bool:
    """Whether there is a store to read: always for a SPARQL server, else DATA_DIR/store exists."""
    return remote_location() is not None or store_path(data_dir).exists()


def _chosen_store(data_dir: Path, read_only: bool) -> Store | None:
    location = remote_location()
    if location is None:
        if _remote_factory is not None:
            return _remote_factory(Path(data_dir), read_only)
        if os.environ.get(STORE_ENV, "").strip():
            raise StoreError(
                f"{STORE_ENV}={os.environ[STORE_ENV]!r} is not a SPARQL server URL; give http://host:port "
                "(an Oxigraph server) or unset it to use the store under the data directory"
            )
        return None
    from graph.remote import RemoteStore

    return RemoteStore(location, read_only=read_only)
