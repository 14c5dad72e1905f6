"""Random and grammar-built-then-mutated SPARQL sent to the running service (hypothesis): no answer is a
5xx, the process never dies, no query reaches the loopback canary, and the store is unchanged."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.security.live_service import Listener, LiveService

EXAMPLES = 200
PREDICATES = ["bud:amount", "bud:code", "bud:partOf", "rdfs:label", "a", "bud:inBook", "?p", "<urn:x'>"]
TOKENS = [
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "'",
    '"',
    '"""',
    "<",
    ">",
    "#",
    "\\",
    "\x00",
    "\\u0000",
    ".",
    ";",
    ",",
    "SERVICE",
    "GRAPH",
    "FROM",
    "LOAD",
    "INSERT",
    "OPTIONAL",
    "UNION",
    "?x",
    "$y",
    "_:b",
    "^^",
    "@zh",
    "臺灣",
    "\u202e",
    "\ud7ff",
    "\n",
    "\t",
    "||",
    "&&",
    "!",
    "/",
    "|",
    "*",
    "+",
    "?",
]


@st.composite
def _term(draw: st.DrawFn) -> str:
    return draw(
        st.sampled_from(
            [
                "?s",
                "?o",
                "?x",
                "?y",
                "bud:WorkPlan",
                "<https://budgetkg.tw/id/x>",
                "<urn:a'b>",
                '"預算"',
                '"a\\"b"@zh',
                "12",
                "1.5e3",
                "true",
                "_:b1",
                "[]",
                '"""x\ny"""',
            ]
        )
    )


@st.composite
def _pattern(draw: st.DrawFn, canary: int, depth: int = 0) -> str:
    choice = draw(st.integers(0, 9 if depth < 3 else 2))
    triple = f"{draw(_term())} {draw(st.sampled_from(PREDICATES))} {draw(_term())} ."
    if choice <= 2:
        return triple
    inner = draw(_pattern(canary, depth + 1))
    if choice == 3:
        return f"OPTIONAL {{ {inner} }}"
    if choice == 4:
        return f"{{ {inner} }} UNION {{ {draw(_pattern(canary, depth + 1))} }}"
    if choice == 5:
        return f"FILTER({draw(_term())} {draw(st.sampled_from(['=', '!=', '<', '>']))} {draw(_term())})"
    if choice == 6:
        return f"SERVICE {draw(st.sampled_from(['', 'SILENT ']))}<http://127.0.0.1:{canary}/sparql> {{ {inner} }}"
    if choice == 7:
        return f"GRAPH ?g {{ {inner} }}"
    if choice == 8:
        n = draw(st.integers(1, 80))  # crosses the nesting limit now and then
        return "{ " * n + inner + " }" * n
    return f"VALUES ?v {{ {draw(_term())} }} BIND(STR(?v) AS ?w)"


@st.composite
def grammar_query(draw: st.DrawFn, canary: int) -> str:
    patterns = " ".join(draw(st.lists(_pattern(canary), min_size=1, max_size=4)))
    form = draw(
        st.sampled_from(["SELECT *", "SELECT DISTINCT ?s", "ASK", "CONSTRUCT { ?s ?p ?o }", "DESCRIBE ?s"])
    )
    dataset = draw(st.sampled_from(["", f"FROM <http://127.0.0.1:{canary}/g> ", "FROM NAMED <urn:g> "]))
    prefix = draw(st.sampled_from(["", "PREFIX x: <urn:x'> ", "BASE <http://127.0.0.1/> "]))
    tail = "" if form == "ASK" else f" LIMIT {draw(st.integers(0, 20))}"
    return f"{prefix}{form} {dataset}WHERE {{ {patterns} }}{tail}"


@st.composite
def mutated(draw: st.DrawFn, canary: int) -> str:
    text = draw(grammar_query(canary))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.integers(0, 3))
        if action == 0:
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif action == 1:
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif action == 2:
            text = text[:at] + text[at : at + 12] * draw(st.integers(2, 30)) + text[at:]
        else:
            text = text.swapcase()
    return text


def _queries(canary: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
        st.lists(st.sampled_from(TOKENS), max_size=60).map(" ".join),
        grammar_query(canary),
        mutated(canary),
        mutated(canary),
    )


def test_fuzzed_sparql_never_crashes_connects_or_5xxs(live: LiveService, listener: Listener) -> None:
    before = live.triples()
    statuses: dict[int, int] = {}

    with live.client(timeout=30) as client:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(query=_queries(listener.port), via_get=st.booleans())
        def probe(query: str, via_get: bool) -> None:
            if via_get:
                response = client.get("/sparql", params={"query": query})
            else:
                response = client.post(
                    "/sparql",
                    content=query.encode("utf-8", errors="surrogatepass"),
                    headers={"Content-Type": "application/sparql-query"},
                )
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert response.status_code < 500, (query, response.text[:300])
            assert live.process.poll() is None, query

        probe()
    time.sleep(0.5)
    assert listener.connections == []
    assert live.triples() == before
    assert sum(statuses.values()) >= EXAMPLES
    print(f"fuzz: {sum(statuses.values())} queries, statuses {dict(sorted(statuses.items()))}")
