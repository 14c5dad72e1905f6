"""What the law corpus adds to an entity page (issue 12): article texts and delegation chains.

For a budget line: each legal basis gets the cited article's text and the chain above a regulation
(regulation → parent statute article, with the enabling clause). For a statute or provision page:
its article text, its own enabling clause and parents, and how many regulations rest on it.
"""

from __future__ import annotations

import re
from typing import Any

from graph import iris
from graph.laws.chain import delegation_steps, resting_on
from graph.laws.corpus import LawCorpus, corpus_or_none
from graph.laws.in_force import article_label

MAX_REGULATIONS = 30


def _law_of(iri: str) -> tuple[str, str] | None:
    """(pcode, article) of a statute or provision IRI minted by graph.iris; None for anything else."""
    found = re.fullmatch(re.escape(iris.base_iri()) + r"eli/tw/([^/]+)(?:/art/([^/]+))?", iri)
    return (found.group(1), found.group(2) or "") if found else None


def legal_basis_extras(entry: dict[str, Any], corpus: LawCorpus) -> dict[str, Any]:
    """article_text and delegation of one legal-basis entry of entity_view."""
    found = _law_of(str(entry.get("iri", "")))
    if found is None:
        return {}
    pcode, article = found
    extras: dict[str, Any] = {"delegation": [step.to_json() for step in delegation_steps(corpus, pcode)]}
    if article:
        extras["article_text"] = corpus.article_text(pcode, article)
    return extras


def law_context(iri: str, corpus: LawCorpus) -> dict[str, Any] | None:
    """The law block of a statute or provision page."""
    found = _law_of(iri)
    if found is None:
        return None
    pcode, article = found
    law = corpus.laws.get(pcode)
    if law is None:
        return None
    dependants = resting_on(corpus, pcode)
    direct = sorted(p for p, depth in dependants.items() if depth == 1)
    return {
        "pcode": pcode,
        "name": law.name,
        "kind": law.kind,
        "last_changed": law.date,
        "repealed": law.repealed,
        "article": article,
        "article_label": article_label(article) if article else "",
        "article_text": corpus.article_text(pcode, article) if article else "",
        "enabling_clause": law.clause.text if law.clause else "",
        "delegation": [step.to_json() for step in delegation_steps(corpus, pcode)],
        "regulations_resting_on_it": len(dependants),
        "regulations": [
            {"pcode": p, "name": corpus.laws[p].name, "href": "/entity?iri=" + str(iris.statute_iri(p))}
            for p in direct[:MAX_REGULATIONS]
        ],
    }


def add_law_context(view: Any, corpus: LawCorpus | None = None) -> None:
    """Fill an EntityView's law block and its legal-basis entries' article texts and chains in place."""
    corpus = corpus or corpus_or_none()
    if corpus is None:
        return
    for entry in view.legal_basis:
        entry.update(legal_basis_extras(entry, corpus))
    view.law = law_context(view.iri, corpus)
