"""SHACL validation of a book's graph (ontology/shapes.ttl) before it is stored, and of the whole store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.term import Node

from graph.namespaces import SH
from ingest.resources import ONTOLOGY_DIR

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    shape: str = ""

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    def summary(self, limit: int = 10) -> str:
        if self.conforms:
            return f"SHACL: conforms ({self.triples} triples)"
        lines = [f"SHACL: {len(self.violations)} violation(s) in {self.triples} triples"]
        lines += [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology and the static code lists: what every book graph is read together with."""
    graph = Graph().parse(ONTOLOGY_DIR / "budget.ttl")
    for path in sorted((ONTOLOGY_DIR / "codelists").glob("*.ttl")):
        graph.parse(path)
    return graph


def ontology_triples() -> list[Triple]:
    return list(ontology_graph())


def validate_triples(triples: Iterable[Triple]) -> ValidationReport:
    """Validate triples against the shapes, reading them with the ontology (subclasses, code lists)."""
    import pyshacl

    data = Graph()
    for triple in triples:
        data.add(triple)
    count = len(data)
    for triple in ontology_graph():
        data.add(triple)
    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, abort_on_first=False
    )
    assert isinstance(results, Graph)
    violations = []
    for result in results.subjects(predicate=SH.resultSeverity):
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=str(results.value(result, SH.resultPath) or ""),
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=str(results.value(result, SH.sourceShape) or ""),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=count)


def with_shared(own: Iterable[Triple], shared: Iterable[Triple]) -> list[Triple]:
    """A book's graph plus the shared-graph triples about nodes it reaches (what it was validated with)."""
    book = list(own)
    by_subject: dict[Node, list[Triple]] = {}
    for triple in shared:
        by_subject.setdefault(triple[0], []).append(triple)
    reached = {t[0] for t in book} | {t[2] for t in book}
    frontier = [n for n in reached if n in by_subject]
    added: list[Triple] = []
    seen: set[Node] = set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in by_subject[node]:
            added.append(triple)
            if triple[2] in by_subject and triple[2] not in seen:
                frontier.append(triple[2])
    return book + added


def is_violation(violation: Violation) -> bool:
    return violation.severity == "Violation"


__all__ = ["URIRef", "ValidationReport", "Violation", "ontology_triples", "validate_triples", "with_shared"]
