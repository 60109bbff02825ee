from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "korea"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def seed_articles():  # type: ignore[no-untyped-def]
    from newsbrief.ingest import load_articles

    return load_articles(EXAMPLE)


@pytest.fixture(scope="session")
def seed_brief(seed_articles):  # type: ignore[no-untyped-def]
    from newsbrief.pipeline import make_brief

    return make_brief(seed_articles)
