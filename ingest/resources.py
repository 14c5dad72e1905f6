"""Where the project's shipped data lives (ontology, law index, sample book)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_BOOK = DATA_DIR / "sample" / "moea-ida-114-unit-budget.md"
