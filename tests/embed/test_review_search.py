"""Search covers the proposals' text: 「凍結 媒體宣導費」 finds the freezes of media publicity money, each hit
naming its proposal node, which links to the line it freezes."""

from __future__ import annotations

import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from embed.chunks import proposal_chunks
from embed.index import index_dir
from embed.pipeline import index_chunks
from embed.search import search
from graph.review.mapping import proposal_iri, review_graph_iri
from graph.store import open_store
from ingest.review import read_review
from tests.embed.conftest import IndexedSample

# The proposals on the agencies the test store holds (內政部 and 產業發展署): encoding all 1,457 belongs in
# benchmarks/review_bench.py; beside the sample book's own 媒體政策及業務宣導費 passages this is a real contest.
AGENCIES = {"內政部", "產業發展署"}


def test_freezing_media_publicity_finds_the_proposals(
    indexed_sample: IndexedSample, readr_csv: Path, review_data_dir: Path, tmp_path: Path
) -> None:
    # The store with both books and the review, and the sample book's search index beside it.
    data_dir = tmp_path / "search"
    shutil.copytree(review_data_dir, data_dir)
    shutil.copytree(index_dir(indexed_sample.data_dir), index_dir(data_dir))
    table = read_review(readr_csv)
    table = replace(table, proposals=[p for p in table.proposals if p.agency in AGENCIES])
    chunks = proposal_chunks(table)
    assert {c.type for c in chunks} == {"Proposal"} and len({c.iri for c in chunks}) == len(table.proposals)
    # Keyed by the table's graph IRI as the ingest keys it (api.pipeline): the service's start-up repair
    # drops index entries of graphs the store does not hold.
    book = review_graph_iri(table.source, table.roc_year)
    index_chunks(data_dir, table.source, chunks, progress=None, embedder=indexed_sample.embedder, book=book)

    hits = search(data_dir, "凍結 媒體宣導費", k=5, embedder=indexed_sample.embedder)
    proposals = [h for h in hits if h.type == "Proposal"]
    assert proposals, [(h.type, h.label) for h in hits]
    top = proposals[0]
    assert top.document == "temp_A.csv" and top.agency in AGENCIES and "媒體" in top.text
    media_freezes = {str(proposal_iri(114, i)) for i in ("535", "537")}  # 民防 媒體宣導, frozen
    found = [h for h in proposals if h.iri in media_freezes]
    assert found, [(h.label, h.text[:60]) for h in hits]
    assert "凍結" in found[0].text and "全社會防衛韌性訓練工作" in found[0].label

    with open_store(data_dir, read_only=True) as store:
        [row] = store.select(f"SELECT ?line WHERE {{ <{top.iri}> bud:proposalOn ?line }}")
    assert "/內政部/114/" in str(row["line"]) or "/經濟部產業發展署/114/" in str(row["line"])

    # Over HTTP each proposal hit names the line it is on and the amount it freezes.
    with TestClient(create_app(replace(Settings(), data_dir=data_dir))) as client:
        body = client.get("/search", params={"q": "凍結 媒體宣導費", "k": 5}).json()
    on_line = [h for h in body["hits"] if h["iri"] in media_freezes]
    assert on_line and on_line[0]["part_of"] == "全社會防衛韌性訓練工作"
    frozen = {
        str(proposal_iri(114, "535")): 3_920_000,
        str(proposal_iri(114, "537")): 4_027_000,
    }  # temp_A.csv
    assert all(Decimal(h["frozen_ntd"]) == frozen[h["iri"]] for h in on_line)
