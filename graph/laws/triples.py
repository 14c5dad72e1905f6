"""Legal-basis links → RDF triples (prefix bud: = https://budgetkg.tw/ontology#, eli: = ELI ontology).

record  bud:legalBasis / bud:inferredLegalBasis / bud:mentionsStatute  statute-or-provision
record  bud:legalBasisStatement  statement
statement a bud:LegalBasisStatement; bud:subject record; bud:authority statute-or-provision;
          bud:relation "direct|inferred|mention"; bud:evidence "sentence"@zh-Hant; bud:document; bud:page;
          bud:via record* (inferred only)
statute   a bud:Statute, eli:LegalResource; bud:pcode; rdfs:label; eli:title; eli:id_local;
          rdfs:seeAlso <https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=…>; eli:date_document
          unresolved: bud:unresolved true; bud:candidate statute* (closest index names)
provision a bud:Provision, eli:LegalResourceSubdivision; bud:articleOf statute; eli:is_part_of statute;
          bud:articleNumber "62-1"; rdfs:label "預算法第62條之1"; rdfs:seeAlso LawSingle URL; bud:text
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph import iris
from graph.laws.corpus import corpus_or_none
from graph.laws.index import LawIndex, default_index
from graph.laws.links import DIRECT, INFERRED, LegalLink
from graph.laws.resolve import Statute
from graph.namespaces import BUD, DCTERMS, ELI, PROV, RDF, RDFS, XSD

Triple = tuple[Node, Node, Node]

PREDICATE = {DIRECT: BUD.legalBasis, INFERRED: BUD.inferredLegalBasis}


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh-Hant")


def _date(yyyymmdd: str) -> Literal | None:
    try:
        return Literal(date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8])), datatype=XSD.date)
    except (ValueError, IndexError):
        return None


def statute_triples(statute: Statute) -> Iterator[Triple]:
    node = statute.iri
    yield node, RDF.type, BUD.Statute
    yield node, RDF.type, ELI.LegalResource
    yield node, RDFS.label, _zh(statute.name)
    yield node, ELI.title, _zh(statute.name)
    if statute.pcode:
        yield node, BUD.pcode, Literal(statute.pcode)
        yield node, ELI.id_local, Literal(statute.pcode)
        yield node, RDFS.seeAlso, URIRef(statute.url)
        published = _date(statute.law.last_update) if statute.law else None
        if published is not None:
            yield node, ELI.date_document, published
    else:
        yield node, BUD.unresolved, Literal(True)
        for candidate in statute.candidates:
            yield node, BUD.candidate, iris.statute_iri(candidate.pcode)


def provision_triples(statute: Statute, article: str, index: LawIndex) -> Iterator[Triple]:
    node = statute.provision_iri(article)
    if node is None:
        return
    yield node, RDF.type, BUD.Provision
    yield node, RDF.type, ELI.LegalResourceSubdivision
    yield node, BUD.articleOf, statute.iri
    yield node, ELI.is_part_of, statute.iri
    yield node, BUD.articleNumber, Literal(article)
    yield node, RDFS.label, _zh(statute.name + _article_label(article))
    yield node, RDFS.seeAlso, URIRef(statute.article_url(article))
    text = index.article_text(statute.pcode, article) or _corpus_text(statute.pcode, article)
    if text:
        yield node, BUD.text, _zh(text)


def _corpus_text(pcode: str, article: str) -> str:
    """The article's text from the whole-corpus data (issue 12) when data/laws/articles/ lacks the law."""
    corpus = corpus_or_none()
    return corpus.article_text(pcode, article) if corpus is not None else ""


def _article_label(article: str) -> str:
    main, _, sub = article.partition("-")
    return f"第{main}條" + (f"之{sub}" if sub else "")


def link_triples(link: LegalLink, records_iri: dict[str, str] | None = None) -> Iterator[Triple]:
    subject = URIRef(link.subject_iri)
    target = link.target_iri
    yield subject, PREDICATE.get(link.relation, BUD.mentionsStatute), target
    statement = URIRef(
        f"{link.subject_iri}/legal-basis/"
        + iris.short_hash("\x1f".join([str(target), link.relation, link.field, link.evidence, *link.via]))
    )
    yield subject, BUD.legalBasisStatement, statement
    yield statement, RDF.type, BUD.LegalBasisStatement
    if link.relation != INFERRED:
        yield from _citation_triples(statement, subject, link)
    yield statement, BUD.subject, subject
    yield statement, BUD.authority, target
    yield statement, BUD.statute, link.statute.iri
    yield statement, BUD.relation, Literal(link.relation)
    if link.evidence:
        yield statement, BUD.evidence, _zh(link.evidence)
    if link.document:
        yield statement, BUD.document, Literal(link.document)
    if link.page is not None:
        yield statement, BUD.page, Literal(link.page, datatype=XSD.integer)
    if link.article_label:
        yield statement, BUD.articleLabel, _zh(link.article_label)
    for key in link.via:
        via = (records_iri or {}).get(key)
        yield statement, BUD.via, URIRef(via) if via else Literal(key)


def _citation_triples(statement: URIRef, subject: URIRef, link: LegalLink) -> Iterator[Triple]:
    """A statement read from the book is also the ontology's bud:Citation: in its book, from its source.

    The source node is the record's own (same IRI as graph/mapping mints from the provenance).
    """
    yield statement, RDF.type, BUD.Citation
    yield statement, BUD.citedBy, subject
    yield statement, BUD.statuteText, _zh(link.statute_text or link.statute.name)
    if link.agency and link.roc_year is not None:
        book = iris.book_iri(link.agency, link.roc_year)
        yield statement, BUD.inBook, book
        source = iris.source_iri(link.document, link.page, link.source_text)
        yield statement, PROV.wasDerivedFrom, source
        yield source, RDF.type, BUD.SourceReference
        yield source, DCTERMS.isPartOf, book
        if link.document:
            yield source, BUD.document, Literal(link.document)
        if link.page is not None:
            yield source, BUD.page, Literal(link.page, datatype=XSD.integer)


def triples_of(links: Iterable[LegalLink], index: LawIndex | None = None) -> Iterator[Triple]:
    """Triples of links plus each statute and provision they reach, every triple once."""
    index = index or default_index()
    links = list(links)
    subject_iris = {link.subject: link.subject_iri for link in links}
    seen: set[Triple] = set()
    described: set[str] = set()
    for link in links:
        batch: list[Triple] = []
        if link.statute.key not in described:
            described.add(link.statute.key)
            batch.extend(statute_triples(link.statute))
            if (
                link.statute.pcode
            ):  # issue 12: its delegation chain (eli:based_on); imported late, it imports us
                from graph.laws.delegation_triples import delegation_triples

                batch.extend(delegation_triples(link.statute.pcode))
        if link.article and link.statute.key + "#" + link.article not in described:
            described.add(link.statute.key + "#" + link.article)
            batch.extend(provision_triples(link.statute, link.article, index))
        batch.extend(link_triples(link, subject_iris))
        for triple in batch:
            if triple not in seen:
                seen.add(triple)
                yield triple
