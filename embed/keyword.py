"""Keyword search: BM25 over character uni- and bi-grams, so no word segmenter is needed.

Chinese has no spaces and word segmenters (jieba) cut budget names badly (經濟/部產業/發展署);
character bigrams match any printed phrase and unigrams rescue rare single-character terms.
Latin words and numbers (5G, SGRE, 300,000) are whole tokens. Queries typed in Simplified Chinese
are converted to Traditional (OpenCC s2twp, Taiwan phrasing) before matching, and variant
characters the book mixes (臺/台) are folded on both sides.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

K1 = 1.2
B = 0.75
UNIGRAM_WEIGHT = 0.5  # a shared character is weaker evidence than a shared bigram

_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z]+|[0-9][0-9,.]*")
_FOLD = str.maketrans({"臺": "台", "裏": "裡", "麪": "麵", "着": "著"})


@lru_cache(maxsize=1)
def _converter() -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - a core dependency
        return None
    return opencc.OpenCC("s2twp")


def to_traditional(text: str) -> str:
    """Simplified → Traditional (Taiwan); Traditional text passes through unchanged."""
    converter = _converter()
    return converter.convert(text) if converter is not None else text


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_FOLD)


def tokens(text: str) -> list[tuple[str, float]]:
    """(token, weight) of a normalised text: CJK unigrams and bigrams, Latin words, numbers."""
    out: list[tuple[str, float]] = []
    for run in _TOKEN.findall(normalise(text)):
        if run[0] >= "\u3400":
            out.extend((ch, UNIGRAM_WEIGHT) for ch in run)
            out.extend((run[i : i + 2], 1.0) for i in range(len(run) - 1))
        else:
            out.append((run.replace(",", "").rstrip("."), 1.0))
    return out


class KeywordIndex:
    """An in-memory BM25 index of texts; rebuilt when the search index loads (cheap at book scale)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        postings: dict[str, list[tuple[int, int]]] = {}
        lengths = np.zeros(self.size, dtype=np.float32)
        for doc, text in enumerate(texts):
            counts = Counter(token for token, _weight in tokens(text))
            lengths[doc] = sum(counts.values())
            for token, count in counts.items():
                postings.setdefault(token, []).append((doc, count))
        self._postings = {
            token: (
                np.array([d for d, _ in docs], dtype=np.int64),
                np.array([c for _, c in docs], dtype=np.float32),
            )
            for token, docs in postings.items()
        }
        average = float(lengths.mean()) if self.size else 1.0
        self._norm = K1 * (1 - B + B * lengths / max(average, 1e-9))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text for the query (0 where nothing matches)."""
        scores = np.zeros(self.size, dtype=np.float32)
        weights: dict[str, float] = {}
        for token, weight in tokens(to_traditional(query)):
            weights[token] = max(weights.get(token, 0.0), weight)
        for token, weight in weights.items():
            posting = self._postings.get(token)
            if posting is None:
                continue
            docs, tf = posting
            idf = math.log(1 + (self.size - len(docs) + 0.5) / (len(docs) + 0.5))
            scores[docs] += weight * idf * tf * (K1 + 1) / (tf + self._norm[docs])
        return scores
