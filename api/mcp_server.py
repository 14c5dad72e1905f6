"""The knowledge graph as tools for assistants (Model Context Protocol, the official `mcp` SDK).

`budgetkg mcp` serves these tools over stdio (an assistant spawns it) or streamable HTTP. Every answer
names what it found by IRI and says where it is printed (document, printed page, PDF page, source text),
so an assistant can cite the book rather than paraphrase it. The tools answer through the same functions
the HTTP API uses: `Store.query` with the service's time limit and result cap for SPARQL (read-only:
updates, SERVICE and remote FROM are refused there), `embed.search.search`, `api.entity_view`, and
`graph.laws.from_store` for legal authority.

The tool functions are plain methods of `BudgetTools` (testable without a protocol); `build_server`
wraps them as MCP tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from api.entity_view import entity_view
from api.routes.document_files import pdf_href
from api.settings import Settings
from graph.national_series import SeriesPoint, line_stages
from graph.sparql import QueryError
from graph.store import Store

GRANT_KINDS = ("Subsidy", "Donation", "Commission")
GRANT_KIND_NAMES = {"Subsidy": "補助", "Donation": "捐助", "Commission": "委辦"}
MAX_GRANT_ROWS = 500
MAX_SPARQL_ROWS = 1000  # what a tool answer carries; the full result stays available at /sparql

INSTRUCTIONS = """\
budgetkg: Taiwan government budget books (單位預算) as a knowledge graph. Amounts are in NT$ 元 unless a
field says 千元. Cite answers with the `sources` each result carries (document, printed page, source text).
Start with `search` for a question in words, `grants` for 補助/捐助/委辦 totals and their legal basis,
`entity` to read one IRI, `legal_authority` / `cited_by` for what a plan rests on and the reverse,
`series` for a plan's amounts by year and stage, `review` for the Legislative Yuan's resolutions on a
line, and `sparql` for anything else (prefixes bud:, rdfs:,
prov:, eli: are pre-bound).
"""


def _sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _iri(iri: str) -> str:
    return "<" + iri.replace(">", "%3E").replace(" ", "%20") + ">"


def _thousands(value: object) -> str | None:
    """元 → 千元 as printed (the books print 千元)."""
    if value is None:
        return None
    amount = Decimal(str(value)) / 1000
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,}"


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass
class BudgetTools:
    """The tools' logic over one open store (and the data directory holding its search index)."""

    store: Store
    settings: Settings

    # ------------------------------------------------------------ citations

    def sources(self, iris: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Where each entity is printed: document, printed page, PDF page (and its link), source text."""
        wanted = sorted({i for i in iris if i.startswith(("http://", "https://"))})
        found: dict[str, list[dict[str, Any]]] = {i: [] for i in wanted}
        for start in range(0, len(wanted), 200):
            values = " ".join(_iri(i) for i in wanted[start : start + 200])
            rows = self.store.select(
                f"""SELECT DISTINCT ?x ?document ?page ?pdfPage ?text WHERE {{ VALUES ?x {{ {values} }}
                      ?x prov:wasDerivedFrom ?s . OPTIONAL {{ ?s bud:document ?document }}
                      OPTIONAL {{ ?s bud:page ?page }} OPTIONAL {{ ?s bud:pdfPage ?pdfPage }}
                      OPTIONAL {{ ?s bud:sourceText ?text }} }} ORDER BY ?x ?page"""
            )
            for row in rows:
                pdf_page = int(str(row["pdfPage"])) if row["pdfPage"] is not None else None
                document = str(row["document"] or "")
                found[str(row["x"])].append(
                    {
                        "document": document,
                        "page": row["page"],
                        "pdf_page": pdf_page,
                        "href": pdf_href(document, pdf_page) if document.lower().endswith(".pdf") else None,
                        "text": row["text"],
                    }
                )
        return found

    # ------------------------------------------------------------ tools

    def search(
        self,
        query: str,
        k: int = 10,
        type: str | None = None,
        year: int | None = None,
        agency: str | None = None,
    ) -> dict[str, Any]:
        from embed.search import search

        hits = search(
            Path(self.settings.data_dir),
            query,
            k=max(1, min(k, 50)),
            type=type,
            year=year,
            agency=agency,
            store=self.store,
        )
        found = [hit.to_json() for hit in hits]
        cited = self.sources([h["iri"] for h in found])
        for hit in found:
            hit["sources"] = cited.get(hit["iri"], [])
            hit.pop("neighbours", None)
        return {"query": query, "filters": {"type": type, "year": year, "agency": agency}, "hits": found}

    def sparql(self, query: str) -> dict[str, Any]:
        result = self.store.query(
            query, timeout_s=self.settings.query_timeout_s, limit=self.settings.result_limit
        )
        if result.kind == "ask":
            return {"kind": "ask", "boolean": result.boolean}
        if result.kind == "graph":
            triples = [[str(t) for t in triple] for triple in result.triples[:MAX_SPARQL_ROWS]]
            return {
                "kind": "graph",
                "triples": triples,
                "truncated": result.truncated or len(result.triples) > MAX_SPARQL_ROWS,
            }
        records = result.records()
        return {
            "kind": "select",
            "variables": result.variables,
            "rows": [{k: _plain(v) for k, v in r.items()} for r in records[:MAX_SPARQL_ROWS]],
            "truncated": result.truncated or len(records) > MAX_SPARQL_ROWS,
        }

    def entity(self, iri: str) -> dict[str, Any]:
        view = entity_view(self.store, iri)
        if view is None:
            raise QueryError(f"nothing is known about {iri}; find IRIs with the search or grants tools")
        answer = view.to_json()
        answer["facts"] = answer["facts"][:150]
        return {k: _plain(v) if not isinstance(v, list) else v for k, v in answer.items()}

    def legal_authority(self, subject: str) -> dict[str, Any]:
        from graph.laws.from_store import authority_from_store

        return authority_from_store(self.store, subject)

    def cited_by(self, statute: str) -> dict[str, Any]:
        from graph.laws.from_store import cited_by_from_store

        return cited_by_from_store(self.store, statute)

    def grants(
        self,
        agency: str | None = None,
        year: int | None = None,
        kind: str = "Subsidy",
        recipient: str | None = None,
    ) -> dict[str, Any]:
        """補助/捐助/委辦 rows of the books matching agency/year: total, totals by recipient class, each row
        with its legal basis (the text printed in the book and the statutes it resolves to) and source."""
        kind = {v: k for k, v in GRANT_KIND_NAMES.items()}.get(kind, kind)
        if kind not in GRANT_KINDS:
            raise QueryError(
                f"kind must be one of {', '.join(GRANT_KINDS)} (or 補助, 捐助, 委辦), not {kind!r}"
            )
        filters = [f"?g a bud:{kind} ; bud:inBook ?book ; bud:amount ?amount ."]
        filters.append("?book bud:agency ?ag . ?ag rdfs:label ?agencyLabel . ?book bud:rocYear ?rocYear .")
        if agency:
            filters.append(f"FILTER(CONTAINS(STR(?agencyLabel), {_sparql_string(agency)}))")
        if year is not None:
            roc = year - 1911 if year > 1911 else year
            filters.append(f"FILTER(?rocYear = {roc})")
        if recipient:
            filters.append(
                f"?g bud:recipientType ?rtFilter . FILTER(CONTAINS(STR(?rtFilter), {_sparql_string(recipient)}))"
            )
        where = "\n".join(filters)
        rows = self.store.select(
            f"""SELECT ?g ?label ?amount ?book ?agencyLabel ?rocYear ?recipientType ?basisText WHERE {{
                  {where}
                  OPTIONAL {{ ?g rdfs:label ?label }} OPTIONAL {{ ?g bud:recipientType ?recipientType }}
                  OPTIONAL {{ ?g bud:legalBasisText ?basisText }} }} ORDER BY DESC(?amount)""",
            timeout_s=self.settings.query_timeout_s,
        )
        merged: dict[str, dict[str, Any]] = {}
        for row in rows:
            merged.setdefault(
                str(row["g"]),
                {
                    "iri": str(row["g"]),
                    "label": row["label"],
                    "amount_ntd": str(row["amount"]),
                    "amount_thousand": _thousands(row["amount"]),
                    "recipient_type": row["recipientType"],
                    "legal_basis_text": row["basisText"],
                    "book": str(row["book"]),
                    "agency": row["agencyLabel"],
                    "roc_year": row["rocYear"],
                },
            )
        items = list(merged.values())
        statutes = self._statutes([i["iri"] for i in items])
        total = sum((Decimal(i["amount_ntd"]) for i in items), Decimal(0))
        by_recipient: dict[str, Decimal] = {}
        by_statute: dict[str, dict[str, Any]] = {}
        for item in items:
            key = str(item["recipient_type"] or "（未載對象）")
            by_recipient[key] = by_recipient.get(key, Decimal(0)) + Decimal(item["amount_ntd"])
            item["statutes"] = statutes.get(item["iri"], [])
            for statute in item["statutes"]:
                entry = by_statute.setdefault(
                    statute["iri"], {**statute, "rows": 0, "amount_ntd": Decimal(0)}
                )
                entry["rows"] += 1
                entry["amount_ntd"] += Decimal(item["amount_ntd"])
        shown = items[:MAX_GRANT_ROWS]
        cited = self.sources([i["iri"] for i in shown])
        for item in shown:
            item["sources"] = cited.get(item["iri"], [])
        plans = self._plan_legal_basis([i["iri"] for i in items], GRANT_KIND_NAMES[kind])
        books = sorted({(i["book"], i["agency"], i["roc_year"]) for i in items}, key=str)
        return {
            "kind": kind,
            "kind_name": GRANT_KIND_NAMES[kind],
            "filters": {"agency": agency, "year": year, "recipient": recipient},
            "books": [{"iri": b, "agency": a, "roc_year": y} for b, a, y in books],
            "rows_found": len(items),
            "total_ntd": str(total),
            "total_thousand": _thousands(total),
            "by_recipient_type": [
                {"recipient_type": k, "amount_ntd": str(v), "amount_thousand": _thousands(v)}
                for k, v in sorted(by_recipient.items(), key=lambda kv: -kv[1])
            ],
            "legal_basis": [
                {**e, "amount_ntd": str(e["amount_ntd"]), "amount_thousand": _thousands(e["amount_ntd"])}
                for e in sorted(by_statute.values(), key=lambda e: -e["amount_ntd"])
            ],
            "plan_legal_basis": plans,
            "rows": shown,
            "truncated": len(items) > MAX_GRANT_ROWS,
        }

    def _plan_legal_basis(self, grant_iris: list[str], kind_name: str) -> list[dict[str, Any]]:
        """What the grants' work plans (and their branch plans) rest on, direct or inferred, with the
        sentence that says so: a book prints most grants' basis in the plan's 說明, not in the grant row.
        Statements whose sentence speaks of this kind of grant (補助 …) come first."""
        wanted = sorted(set(grant_iris))
        if not wanted:
            return []
        values = " ".join(_iri(i) for i in wanted[:400])
        rows = self.store.select(
            f"""SELECT DISTINCT ?plan ?planLabel ?x ?xLabel ?relation ?law ?lawLabel ?pcode ?evidence ?page WHERE {{
                  {{ SELECT DISTINCT ?plan WHERE {{ VALUES ?g {{ {values} }} ?g bud:workPlan ?plan }} }}
                  ?x bud:partOf* ?plan .
                  ?st a bud:LegalBasisStatement ; bud:subject ?x ; bud:authority ?law ; bud:relation ?relation .
                  FILTER(?relation IN ("direct", "inferred"))
                  OPTIONAL {{ ?plan rdfs:label ?planLabel }} OPTIONAL {{ ?x rdfs:label ?xLabel }}
                  OPTIONAL {{ ?law rdfs:label ?lawLabel }} OPTIONAL {{ ?st bud:evidence ?evidence }}
                  OPTIONAL {{ ?st bud:page ?page }}
                  OPTIONAL {{ ?st bud:statute ?statute . ?statute bud:pcode ?pcode }} }}""",
            timeout_s=self.settings.query_timeout_s,
        )
        merged: dict[tuple[str, str, str], dict[str, Any]] = {}
        for row in rows:
            key = (str(row["x"]), str(row["law"]), str(row["relation"]))
            entry = merged.setdefault(
                key,
                {
                    "work_plan": str(row["plan"]),
                    "work_plan_label": row["planLabel"],
                    "subject": str(row["x"]),
                    "subject_label": row["xLabel"],
                    "relation": row["relation"],
                    "authority": str(row["law"]),
                    "authority_label": row["lawLabel"],
                    "pcode": row["pcode"],
                    "evidence": row["evidence"],
                    "page": row["page"],
                },
            )
            for name, column in (("pcode", "pcode"), ("evidence", "evidence"), ("page", "page")):
                if entry[name] is None and row[column] is not None:
                    entry[name] = row[column]
        found = list(merged.values())
        for entry in found:
            entry["speaks_of_this_kind"] = kind_name in str(entry["evidence"] or "")
        found.sort(
            key=lambda e: (not e["speaks_of_this_kind"], e["relation"] != "direct", str(e["authority_label"]))
        )
        return found[:60]

    def _statutes(self, iris: list[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        wanted = sorted(set(iris))
        for start in range(0, len(wanted), 200):
            values = " ".join(_iri(i) for i in wanted[start : start + 200])
            for row in self.store.select(
                f"""SELECT DISTINCT ?x ?law ?label ?pcode ?url WHERE {{ VALUES ?x {{ {values} }}
                      ?x bud:legalBasis ?law . OPTIONAL {{ ?law rdfs:label ?label }}
                      OPTIONAL {{ ?law bud:pcode ?pcode }} OPTIONAL {{ ?law rdfs:seeAlso ?url }} }}"""
            ):
                entries = found.setdefault(str(row["x"]), [])
                if all(e["iri"] != str(row["law"]) for e in entries):
                    entries.append(
                        {
                            "iri": str(row["law"]),
                            "label": row["label"],
                            "pcode": row["pcode"],
                            "url": row["url"],
                        }
                    )
        return found

    def review(self, line: str) -> dict[str, Any]:
        """The Legislative Yuan's review of a line: resolutions (決議, with frozen or cut amounts, the
        agency's response and letters) concerning a plan given by IRI, code or part of its name, or whose
        text names it (bud:concernsText)."""
        text = _sparql_string(line.strip())
        target = (
            f"VALUES ?x {{ {_iri(line.strip())} }} ?r bud:concerns ?x ."
            if line.strip().startswith(("http://", "https://"))
            else f"""{{ ?r bud:concerns ?x . OPTIONAL {{ ?x bud:code ?code }} OPTIONAL {{ ?x rdfs:label ?xl }}
                      FILTER(STR(COALESCE(?code, "")) = {text} || CONTAINS(STR(COALESCE(?xl, "")), {text})) }}
                 UNION {{ ?r bud:concernsText ?about . FILTER(CONTAINS(STR(?about), {text})) }}"""
        )
        rows = self.store.select(
            f"""SELECT DISTINCT ?r ?label ?x ?xLabel ?type ?kind ?frozen ?cut ?made ?reported ?content ?response
                WHERE {{ ?r a bud:Resolution . {target}
                  OPTIONAL {{ ?r rdfs:label ?label }} OPTIONAL {{ ?x rdfs:label ?xLabel }}
                  OPTIONAL {{ ?r bud:resolutionType ?type }} OPTIONAL {{ ?r bud:resolutionKind ?kind }}
                  OPTIONAL {{ ?r bud:frozenAmount ?frozen }} OPTIONAL {{ ?r bud:cutAmount ?cut }}
                  OPTIONAL {{ ?r bud:resolutionRocYear ?made }} OPTIONAL {{ ?r bud:reportedInRocYear ?reported }}
                  OPTIONAL {{ ?r bud:content ?content }} OPTIONAL {{ ?r bud:response ?response }}
                }} ORDER BY ?label LIMIT 200""",
            timeout_s=self.settings.query_timeout_s,
        )
        if not rows:
            raise QueryError(
                f"no resolution concerns {line!r}; give a plan's IRI, code or name (or search type=Resolution)"
            )
        found: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = found.setdefault(
                str(row["r"]),
                {
                    "iri": str(row["r"]),
                    "label": row["label"],
                    "concerns": [],
                    "type": row["type"],
                    "kind": row["kind"],
                    "frozen_ntd": str(row["frozen"]) if row["frozen"] is not None else None,
                    "cut_ntd": str(row["cut"]) if row["cut"] is not None else None,
                    "resolution_roc_year": row["made"],
                    "reported_in_roc_year": row["reported"],
                    "content": row["content"],
                    "response": (str(row["response"])[:1500] if row["response"] is not None else None),
                },
            )
            if row["x"] is not None and all(c["iri"] != str(row["x"]) for c in entry["concerns"]):
                entry["concerns"].append({"iri": str(row["x"]), "label": row["xLabel"]})
        answer = list(found.values())
        cited = self.sources([r["iri"] for r in answer])
        for entry in answer:
            entry["sources"] = cited.get(entry["iri"], [])[:3]
        frozen = sum((Decimal(r["frozen_ntd"]) for r in answer if r["frozen_ntd"]), Decimal(0))
        return {"query": line, "resolutions": answer, "frozen_total_ntd": str(frozen)}

    def series(self, name_or_code: str) -> dict[str, Any]:
        """A plan's (or any coded line's) amounts by fiscal year and stage, over every book in the store.

        One book prints three stages: 本年度預算數 (the year's proposal, 預算案), 上年度預算數 (last year's
        enacted budget, 法定預算) and 前年度決算數 (final accounts two years back, 決算). With the national tables
        loaded, the line's series adds their observations (DGBAS 法定預算 and 決算, twbudget 預算案), each point
        naming its source."""
        text = _sparql_string(name_or_code.strip())
        rows = self.store.select(
            f"""SELECT ?x ?label ?code ?type ?rocYear ?book ?amount ?previous ?actual WHERE {{
                  ?x bud:inBook ?book ; bud:amount ?amount . ?book bud:rocYear ?rocYear .
                  OPTIONAL {{ ?x bud:code ?code }} OPTIONAL {{ ?x rdfs:label ?label }}
                  FILTER(STR(?code) = {text} || CONTAINS(STR(?label), {text}))
                  OPTIONAL {{ ?x a ?type . FILTER(STRSTARTS(STR(?type), STR(bud:))) }}
                  OPTIONAL {{ ?x bud:previousYearAmount ?previous }} OPTIONAL {{ ?x bud:priorYearActual ?actual }}
                }} ORDER BY ?label ?rocYear LIMIT 200""",
            timeout_s=self.settings.query_timeout_s,
        )
        if not rows:
            raise QueryError(
                f"no coded line matches {name_or_code!r}; give a plan's code or part of its name"
            )
        lines: dict[str, dict[str, Any]] = {}
        for row in rows:
            line = lines.setdefault(
                str(row["x"]),
                {
                    "iri": str(row["x"]),
                    "label": row["label"],
                    "code": row["code"],
                    "type": str(row["type"] or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                    "book": str(row["book"]),
                    "points": [],
                },
            )
            if line["points"]:
                continue
            roc = int(str(row["rocYear"]))
            printed = {
                SeriesPoint(
                    year, stage, int(Decimal(str(value))), str(row["code"] or ""), "", "", "book"
                ): column
                for stage, year, value, column in (
                    ("預算案", roc, row["amount"], "本年度預算數"),
                    ("法定預算", roc - 1, row["previous"], "上年度預算數"),
                    ("決算", roc - 2, row["actual"], "前年度決算數"),
                )
                if value is not None
            }
            # the national observations of the line's series beside the book's columns (graph.national_series,
            # as `budgetkg series` and the entity pages): newest first, as the book prints them
            points = line_stages(self.store, line["iri"], printed, across_years=True)
            for point in sorted(points, key=lambda p: -p.roc_year):
                line["points"].append(
                    {
                        "roc_year": point.roc_year,
                        "stage": f"{point.stage}（{printed[point]}）" if point in printed else point.stage,
                        "amount_ntd": str(point.amount_ntd),
                        "amount_thousand": _thousands(point.amount_ntd),
                        "source": point.source,
                    }
                )
        found = list(lines.values())[:50]
        cited = self.sources([line["iri"] for line in found])
        for line in found:
            line["sources"] = cited.get(line["iri"], [])[:3]
        return {"query": name_or_code, "lines": found}


class _Answering:
    """`BudgetTools` whose errors a user can act on reach the assistant as a tool error with their message
    (a syntax error's line and caret, an unknown statute), not as an internal failure."""

    def __init__(self, tools: BudgetTools) -> None:
        self._tools = tools

    def __getattr__(self, name: str) -> Any:
        from mcp.server.mcpserver.exceptions import ToolError

        from embed.search import SearchError
        from graph.laws.authority import AuthorityQueryError
        from graph.store import StoreError

        method = getattr(self._tools, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except (QueryError, SearchError, AuthorityQueryError, StoreError) as exc:
                raise ToolError(str(exc)) from exc

        return call


def build_server(budget: BudgetTools) -> Any:
    """The MCP server exposing `tools` (an mcp.server.mcpserver.MCPServer)."""
    from mcp.server.mcpserver import MCPServer

    server = MCPServer(name="budgetkg", instructions=INSTRUCTIONS, log_level="WARNING")
    tools: Any = _Answering(budget)

    @server.tool()
    def search(
        query: str, k: int = 10, type: str | None = None, year: int | None = None, agency: str | None = None
    ) -> dict[str, Any]:
        """Hybrid (semantic + keyword) search over the budget books' narrative, in Chinese or English.
        Filters: type (WorkPlan, Project, Subsidy, Donation, Commission, Resolution, RevenueItem …, comma-
        separated), year (ROC 114 or Gregorian 2025), agency (part of its name). Hits carry IRI, page, text."""
        return tools.search(query, k=k, type=type, year=year, agency=agency)

    @server.tool()
    def sparql(query: str) -> dict[str, Any]:
        """Run a read-only SPARQL 1.1 query (SELECT/ASK/CONSTRUCT/DESCRIBE) on the graph, with the same time
        limit and result cap as the /sparql endpoint. Prefixes bud:, rdfs:, prov:, eli:, dcterms: are bound."""
        return tools.sparql(query)

    @server.tool()
    def entity(iri: str) -> dict[str, Any]:
        """Everything about one IRI: label, types, amounts, hierarchy, children, legal basis with evidence,
        LY resolutions concerning it, records resting on it, and the source pages."""
        return tools.entity(iri)

    @server.tool()
    def grants(
        agency: str | None = None,
        year: int | None = None,
        kind: str = "Subsidy",
        recipient: str | None = None,
    ) -> dict[str, Any]:
        """補助 (Subsidy), 捐助 (Donation) or 委辦 (Commission) rows of an agency's books: total (NT$ 元 and
        千元), totals by recipient class (e.g. 直轄市政府), the statutes they rest on, and each row with its
        printed legal basis and source page. year: ROC (114) or Gregorian (2025)."""
        return tools.grants(agency=agency, year=year, kind=kind, recipient=recipient)

    @server.tool()
    def legal_authority(subject: str) -> dict[str, Any]:
        """The statutes and articles a plan, project or grant rests on (direct and inferred), with evidence."""
        return tools.legal_authority(subject)

    @server.tool()
    def cited_by(statute: str) -> dict[str, Any]:
        """Every record resting on a statute (full name, short name or pcode), amounts by agency and year."""
        return tools.cited_by(statute)

    @server.tool()
    def review(line: str) -> dict[str, Any]:
        """The Legislative Yuan's review of a budget line (IRI, code or name): its resolutions, frozen and
        cut amounts, the year each was made and reported in, the agency's response, and the pages."""
        return tools.review(line)

    @server.tool()
    def series(name_or_code: str) -> dict[str, Any]:
        """A plan's amounts by fiscal year and stage (預算案, 法定預算, 決算) across the books in the store and
        the national tables (DGBAS, twbudget) when loaded; each point names its source."""
        return tools.series(name_or_code)

    return server
