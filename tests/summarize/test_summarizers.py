"""Every registered summarizer returns valid picks within budget; the ILP keeps its promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.batch import story_docs
from newsbrief.docs import Budget, Doc
from newsbrief.summarize import get_summarizer, summarizer_names
from newsbrief.summarize.ilp import ConceptILP
from newsbrief.text import is_extractable, words

STORIES = Path(__file__).parents[1] / "data" / "stories.jsonl"


def _bridge() -> list[Doc]:
    import json

    record = json.loads(STORIES.read_text().splitlines()[0])
    return story_docs(record["docs"])


def test_registry_has_the_baselines() -> None:
    assert {"newsbrief", "lead", "lexrank", "textrank"} <= set(summarizer_names())


@pytest.mark.parametrize("name", ["newsbrief", "lead", "lexrank", "textrank"])
@pytest.mark.parametrize("budget", [12, 40, 500])
def test_picks_are_source_spans_within_budget(name: str, budget: int) -> None:
    docs = _bridge()
    picks = get_summarizer(name).select(docs, Budget(budget))
    assert picks
    assert sum(words(p.text(docs)) for p in picks) <= budget or len(picks) == 0
    for p in picks:
        s = docs[p.doc].sentences[p.index]
        assert s.start <= p.start < p.end <= s.end  # a span of one source sentence
    assert len({(p.doc, p.index) for p in picks}) == len(picks)


@pytest.mark.parametrize("name", ["newsbrief", "lead", "lexrank", "textrank"])
def test_overflow_allows_one_more_sentence(name: str) -> None:
    docs = _bridge()
    picks = get_summarizer(name).select(docs, Budget(20, overflow=True))
    total = [words(p.text(docs)) for p in picks]
    assert sum(total) >= 20 or len(picks) == sum(len(d.sentences) for d in docs)
    assert sum(total) - max(total) < 20  # only the last one added runs past the budget


def test_ilp_is_deterministic_and_uses_standalone_sentences() -> None:
    docs = _bridge()
    first = ConceptILP().select(docs, Budget(60, overflow=True))
    assert first == ConceptILP().select(docs, Budget(60, overflow=True))
    for p in first:
        assert is_extractable(p.text(docs))
        assert not p.text(docs).startswith("RIVERTON")  # the dateline is cut off the span


def test_ilp_puts_the_overflowing_sentence_last() -> None:
    docs = _bridge()
    for budget in (25, 33, 47):
        picks = ConceptILP().select(docs, Budget(budget, overflow=True))
        counts = [words(p.text(docs)) for p in picks]
        assert sum(counts[:-1]) < budget  # cutting at the budget cuts only the last sentence


def test_empty_docs_give_no_picks() -> None:
    for name in summarizer_names():
        assert get_summarizer(name).select([], Budget(50)) == []
