"""Long narrative is cut into overlapping windows at sentence ends; nothing is dropped or truncated."""

from __future__ import annotations

from embed.chunks import MAX_CHARS, TARGET_CHARS, book_chunks, split_text

# From a 分支計畫 說明 of the sample: numbered projects in one table cell.
PROJECTS = (
    "3. 亞洲無人機新創計畫133,042千元，係配合政府落實無人機產業發展，以「無人機產業發展專案辦公室」、"
    "「無人機關鍵技術研發」及「無人機產業發展聚落」等推動項目，結合跨部會資源，推動我國無人機產業發展符合政策規劃方向，"
    "以完善整體產業發展環境。\n"
    "5. 國防產業推動系統整合計畫282,758千元，係配合政府落實國防產業發展，以「航太鍛造技術開發」、「軍民通用無人機」、"
    "「大型艦用鋰電池」及「水下無人載具關鍵技術」四項主題作為啟動項目，以軍帶民協助業者發展符合臺灣軍事戰略需求與產業優勢之關鍵技術。\n"
    "12. 普惠科技驅動高齡市場商機計畫205,856千元，係透過盤點高齡科技業者清單與服務之供需落差，釐清產業鏈缺口。"
)


def test_long_text_is_split_at_sentences_with_overlap_and_nothing_lost() -> None:
    windows = split_text(PROJECTS)
    assert len(windows) >= 2
    assert all(len(w) <= MAX_CHARS for w in windows)
    assert windows[0].startswith("3. 亞洲無人機新創計畫133,042千元")
    assert windows[-1].endswith("釐清產業鏈缺口。")
    # Every sentence lands in some window, and consecutive windows share text (the overlap).
    for sentence in ("以完善整體產業發展環境。", "四項主題作為啟動項目", "釐清產業鏈缺口。"):
        assert any(sentence in w for w in windows)
    assert any(windows[i][-20:] in windows[i + 1] for i in range(len(windows) - 1))


def test_a_sentence_longer_than_a_window_is_cut_into_overlapping_pieces() -> None:
    sentence = "推動智慧機械" * 100 + "。"
    windows = split_text(sentence, target=TARGET_CHARS)
    assert all(len(w) <= MAX_CHARS for w in windows)
    assert "".join(windows).count("推動智慧機械") >= 100


def test_the_sample_yields_entity_chunks_and_passages(sample_book) -> None:  # type: ignore[no-untyped-def]
    chunks = book_chunks(sample_book.document, sample_book.records, sample_book.sections)
    types = {c.type for c in chunks}
    assert {"Project", "Resolution", "Passage"} <= types
    assert all(c.roc_year == 114 and c.agency == "經濟部產業發展署" and c.year == 2025 for c in chunks)
    # The book prints "6. 半導體國際連結創新賦能計畫49,000千元" in branch plan 01's 說明.
    talent = [c for c in chunks if "半導體國際連結創新賦能計畫49,000千元" in c.text]
    assert talent and talent[0].page is not None
