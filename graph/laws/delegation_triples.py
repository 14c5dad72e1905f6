"""Delegation edges as RDF: regulation eli:based_on the parent statute article, with the clause as evidence.

regulation  eli:based_on  provision-of-parent (or the parent statute when the clause names no article)
regulation  bud:delegationStatement  statement
statement   a bud:DelegationStatement; bud:regulation regulation; bud:parentAuthority provision-or-statute;
            bud:parentStatute parent; bud:parentArticleLabel "第9條第2項"@zh-Hant; bud:clause clause@zh-Hant;
            bud:clauseProvision the regulation's article holding the clause
parent / provisions are described as graph.laws.triples describes cited ones (bud:Statute, bud:Provision,
eli:is_part_of, bud:text from the corpus). Unresolved parents get bud:unresolved and the name as written.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef

from graph import iris
from graph.laws.chain import delegation_steps
from graph.laws.corpus import CorpusLaw, LawCorpus, corpus_or_none
from graph.laws.in_force import article_label
from graph.laws.index import LAW_ALL_URL, LAW_SINGLE_URL
from graph.laws.normalise import statute_key
from graph.laws.triples import Triple
from graph.namespaces import BUD, ELI, RDF, RDFS


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh-Hant")


def _law_triples(law: CorpusLaw) -> Iterator[Triple]:
    node = iris.statute_iri(law.pcode)
    yield node, RDF.type, BUD.Statute
    yield node, RDF.type, ELI.LegalResource
    yield node, RDFS.label, _zh(law.name)
    yield node, ELI.title, _zh(law.name)
    yield node, BUD.pcode, Literal(law.pcode)
    yield node, ELI.id_local, Literal(law.pcode)
    yield node, RDFS.seeAlso, URIRef(LAW_ALL_URL.format(pcode=law.pcode))
    if law.repealed:
        yield node, BUD.repealed, Literal(True)


def _provision_triples(corpus: LawCorpus, law: CorpusLaw, article: str) -> Iterator[Triple]:
    node = iris.provision_iri(law.pcode, article)
    statute = iris.statute_iri(law.pcode)
    yield node, RDF.type, BUD.Provision
    yield node, RDF.type, ELI.LegalResourceSubdivision
    yield node, BUD.articleOf, statute
    yield node, ELI.is_part_of, statute
    yield node, BUD.articleNumber, Literal(article)
    yield node, RDFS.label, _zh(law.name + article_label(article))
    yield node, RDFS.seeAlso, URIRef(LAW_SINGLE_URL.format(pcode=law.pcode, flno=article))
    text = corpus.article_text(law.pcode, article)
    if text:
        yield node, BUD.text, _zh(text)


def delegation_triples(pcode: str, corpus: LawCorpus | None = None) -> Iterator[Triple]:
    """The delegation chain above regulation `pcode` (empty without a corpus or an enabling clause)."""
    corpus = corpus or corpus_or_none()
    if corpus is None:
        return
    for step in delegation_steps(corpus, pcode):
        regulation = iris.statute_iri(step.regulation.pcode)
        yield from _law_triples(step.regulation)
        if step.parent_law is not None:
            parent = iris.statute_iri(step.parent_law.pcode)
            yield from _law_triples(step.parent_law)
            target = parent
            if step.parent_article:
                target = iris.provision_iri(step.parent_law.pcode, step.parent_article)
                yield from _provision_triples(corpus, step.parent_law, step.parent_article)
        else:
            parent = iris.unresolved_statute_iri(statute_key(step.parent_name))
            yield parent, RDF.type, BUD.Statute
            yield parent, RDFS.label, _zh(step.parent_name)
            yield parent, BUD.unresolved, Literal(True)
            target = parent
        yield regulation, ELI.based_on, target
        clause = iris.provision_iri(step.regulation.pcode, step.clause_article)
        yield from _provision_triples(corpus, step.regulation, step.clause_article)
        statement = URIRef(
            f"{regulation}/delegation/" + iris.short_hash("\x1f".join([str(target), step.parent_label]))
        )
        yield regulation, BUD.delegationStatement, statement
        yield statement, RDF.type, BUD.DelegationStatement
        yield statement, BUD.regulation, regulation
        yield statement, BUD.parentAuthority, target
        yield statement, BUD.parentStatute, parent
        if step.parent_label:
            yield statement, BUD.parentArticleLabel, _zh(step.parent_label)
        yield statement, BUD.clause, _zh(step.clause)
        yield statement, BUD.clauseProvision, clause
