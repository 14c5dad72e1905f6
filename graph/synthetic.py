"""Books made for measuring and testing: a parsed book relabelled as if another agency had published it."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.term import Node

from graph.iris import is_ours, segment
from graph.mapping import BookScope, Triple


def as_another_book(triples: list[Triple], scope: BookScope, tag: str) -> tuple[str, list[Triple]]:
    """The same triples as if another agency had published the book: its own IRIs, shared nodes kept."""
    agency, document = segment(scope.agency), segment(scope.document)

    def move(term: Node) -> Node:
        if isinstance(term, URIRef) and is_ours(str(term)):
            text = (
                str(term)
                .replace(f"/{agency}/", f"/{agency}{tag}/")
                .replace(f"/{document}/", f"/{tag}{document}/")
            )
            text = text.replace(f"/agency/{agency}", f"/agency/{agency}{tag}")
            return URIRef(text)
        return term

    graph = str(move(scope.book))
    return graph, [(move(s), move(p), move(o)) for s, p, o in triples]
