"""The national tables' 說明 notes are searchable with year and agency filters, hits on the year entity."""

from __future__ import annotations

from pathlib import Path

from api.national_pipeline import ingest_national
from embed.national_chunks import note_chunks
from embed.search import search
from graph.iris import entity_iri
from graph.store import OxigraphStore


def test_a_proposal_note_finds_its_work_plan(shared_dir: Path, tmp_path: Path):
    csv = shared_dir / "corpus" / "twbudget-proposed" / "tw2024ap.csv"
    [result] = ingest_national([csv], tmp_path, store=OxigraphStore(None))
    assert result.ok
    # 半導體 is in the 說明 of two 2024 plans: 經濟部 科技專案 and 國科會 財團法人國家實驗研究院發展計畫
    hits = search(tmp_path, "半導體", k=5, year=2024, mode="keyword")
    assert {h.iri for h in hits[:2]} == {
        str(entity_iri("經濟部", 113, "workplan", "5226014000")),
        str(entity_iri("國家科學及技術委員會", 113, "workplan", "5265013100")),
    }
    only = search(tmp_path, "半導體", k=5, year=113, agency="國家科學及技術委員會", mode="keyword")
    assert only[0].iri == str(entity_iri("國家科學及技術委員會", 113, "workplan", "5265013100"))
    assert all(h.agency == "國家科學及技術委員會" for h in only)
    assert search(tmp_path, "半導體", k=5, year=2023, mode="keyword") == []


def test_boilerplate_and_repeated_notes_are_indexed_once():
    iri = entity_iri("經濟部產業發展署", 114, "workplan", "5726109800")
    note = "本年度預算數678,000千元，係撥補石油基金辦理電動機車產業環境加值補助計畫經費，與上年度同。"
    notes = [
        (iri, "WorkPlan", "第一預備金", "經濟部產業發展署", 114, "仍照上年度預算數編列。", None),
        (iri, "WorkPlan", "經濟特別收入基金", "經濟部產業發展署", 114, note, None),
        (iri, "WorkPlan", "經濟特別收入基金", "經濟部產業發展署", 114, note, None),
    ]
    chunks = note_chunks(notes, "dgbas/114/C歲出機關別預算表.xlsx", "歲出機關別預算表")
    assert len(chunks) == 1 and chunks[0].roc_year == 114 and chunks[0].agency == "經濟部產業發展署"
