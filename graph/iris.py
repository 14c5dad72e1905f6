"""Stable, readable IRIs for everything the graph mints.

IRIs are built from printed codes and the book's identity (agency code or name, ROC year), never
from positions or hashes of parse order, so the same book ingested twice yields the same IRIs.
The base is configurable (env BUDGETKG_BASE_IRI); the default is a placeholder domain that the API
serves under its own host by stripping the base.

Layout (under BASE):
  ontology                 BASE + "ontology#"                    (prefix bud:)
  book                     BASE + "book/{agency}/{roc}"          a BudgetBook (also its named graph)
  agency                   BASE + "agency/{agency}"
  org unit                 BASE + "agency/{agency}/unit/{name}"
  entity of a book         BASE + "{agency}/{roc}/{kind}/{key}"  e.g. …/workplan/5226102200
  object class concept     BASE + "code/object-class/{code}"
  revenue concept          BASE + "code/revenue/{code}"
  statute                  BASE + "eli/tw/{pcode}"
  provision (article)      BASE + "eli/tw/{pcode}/art/{N}[-{M}]"
  unresolved statute       BASE + "eli/tw/unresolved/{slug}"
"""

from __future__ import annotations

import hashlib
import os
import re
from urllib.parse import quote

from rdflib import URIRef

DEFAULT_BASE = "https://budgetkg.tw/id/"


def base_iri() -> str:
    base = os.environ.get("BUDGETKG_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


def ontology_namespace() -> str:
    return "https://budgetkg.tw/ontology#"


def segment(text: str) -> str:
    """A readable IRI path segment: spaces folded, reserved characters percent-encoded, CJK kept."""
    folded = re.sub(r"\s+", "", text.strip())
    # IRIs may carry CJK as is (RFC 3987), which keeps them readable; only ASCII specials are escaped.
    return "".join(c if ord(c) > 127 else quote(c, safe="-_.~()") for c in folded)


def short_hash(text: str, length: int = 10) -> str:
    """A short stable digest for keys that have no printed code (e.g. a row identified by its text)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def agency_key(agency_code: str, agency_name: str) -> str:
    return agency_code or segment(agency_name)


def book_iri(agency: str, roc_year: int) -> URIRef:
    return URIRef(f"{base_iri()}book/{segment(agency)}/{roc_year}")


def agency_iri(agency: str) -> URIRef:
    return URIRef(f"{base_iri()}agency/{segment(agency)}")


def org_unit_iri(agency: str, unit_name: str) -> URIRef:
    return URIRef(f"{base_iri()}agency/{segment(agency)}/unit/{segment(unit_name)}")


def entity_iri(agency: str, roc_year: int, kind: str, *key: str) -> URIRef:
    """An entity stated in one book: kind is a lower-case class name (workplan, branchplan, …)."""
    path = "/".join(segment(part) for part in key if part != "")
    return URIRef(f"{base_iri()}{segment(agency)}/{roc_year}/{kind}/{path}")


def object_class_iri(code: str) -> URIRef:
    return URIRef(f"{base_iri()}code/object-class/{segment(code)}")


def revenue_code_iri(code: str) -> URIRef:
    return URIRef(f"{base_iri()}code/revenue/{segment(code)}")


def statute_iri(pcode: str) -> URIRef:
    return URIRef(f"{base_iri()}eli/tw/{segment(pcode)}")


def provision_iri(pcode: str, article: str) -> URIRef:
    """article as "62" or "62-1" (第62條之1)."""
    return URIRef(f"{base_iri()}eli/tw/{segment(pcode)}/art/{segment(article)}")


def unresolved_statute_iri(name: str) -> URIRef:
    return URIRef(f"{base_iri()}eli/tw/unresolved/{segment(name)}")


def source_iri(document: str, page: int | None, text: str) -> URIRef:
    """The provenance node of a fact: document, page and a digest of the source text."""
    page_part = str(page) if page is not None else "na"
    return URIRef(f"{base_iri()}source/{segment(document)}/{page_part}/{short_hash(text)}")


def is_ours(iri: str) -> bool:
    return iri.startswith(base_iri())


def local_path(iri: str) -> str:
    """The path of one of our IRIs below the base (for serving it under another host)."""
    return iri[len(base_iri()) :] if is_ours(iri) else iri


def function_iri(code: str) -> URIRef:
    """A 政事別 (function of government) concept, e.g. 5226100000 科學支出."""
    return URIRef(f"{base_iri()}code/function/{segment(code)}")


def organization_iri(name: str) -> URIRef:
    """An outside organisation named in a book (a grant recipient), shared across books by its name."""
    return URIRef(f"{base_iri()}org/{segment(name)}")
