"""Every registered summarizer returns valid picks within budget; the ILP keeps its promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.batch import story_docs, summarize_docs
from newsbrief.docs import Budget, Doc
from newsbrief.summarize import get_summarizer, summarizer_names
from newsbrief.summarize.ilp import ConceptILP, ILPOptions, phrase_bigrams
from newsbrief.text import is_extractable, stem, words

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


@pytest.mark.parametrize("name", ["lead", "lexrank", "textrank"])
def test_overflow_allows_one_more_sentence(name: str) -> None:
    docs = _bridge()
    picks = get_summarizer(name).select(docs, Budget(20, overflow=True))
    total = [words(p.text(docs)) for p in picks]
    assert sum(total) >= 20 or len(picks) == sum(len(d.sentences) for d in docs)
    assert sum(total) - max(total) < 20  # only the last one added runs past the budget


@pytest.mark.parametrize("budget", [12, 25, 33, 47, 60, 250])
def test_ilp_never_runs_past_the_budget_so_no_sentence_is_cut(budget: int) -> None:
    """The summary is whole sentences even when the caller allows an overflowing one to cut."""
    docs = _bridge()
    picks = ConceptILP().select(docs, Budget(budget, overflow=True))
    assert sum(words(p.text(docs)) for p in picks) <= budget
    summary = summarize_docs(docs, budget)  # the evaluation and summarize-batch path: cut at the budget
    assert summary == [" ".join(p.text(docs).split()) for p in picks]  # nothing was cut


def test_ilp_is_deterministic_and_uses_standalone_sentences() -> None:
    docs = _bridge()
    first = ConceptILP().select(docs, Budget(60, overflow=True))
    assert first == ConceptILP().select(docs, Budget(60, overflow=True))
    for p in first:
        assert is_extractable(p.text(docs))
        assert not p.text(docs).startswith("RIVERTON")  # the dateline is cut off the span


def test_ilp_fills_the_budget_with_whole_sentences() -> None:
    """A story with more text than budget leaves no room for one more of its sentences."""
    docs = _bridge()
    for budget in (25, 33, 47):
        picks = ConceptILP().select(docs, Budget(budget))
        used = sum(words(p.text(docs)) for p in picks)
        chosen = {(p.doc, p.index) for p in picks}
        rest = [
            words(d.text(i))
            for k, d in enumerate(docs)
            for i in range(len(d.sentences))
            if (k, d.sentences[i].index) not in chosen and is_extractable(d.text(i))
        ]
        assert all(n > budget - used for n in rest)


def _story(*texts: str) -> list[Doc]:
    return story_docs(list(texts))


def test_ilp_tells_a_fact_once_and_spends_the_words_on_a_new_one() -> None:
    """Two outlets state the same fact; the other facts are each told by two outlets as well.
    Redundancy never pays: the summary takes the shared fact once, then a different one."""
    fact = "Flood waters forced nine thousand residents of Port Alder to leave their homes on Monday."
    same = "Nine thousand residents of Port Alder were forced to leave their homes by flood waters on Monday."
    other = "The regional governor declared a state of emergency and asked the army for rescue boats."
    other2 = "The regional governor asked the army for rescue boats after declaring a state of emergency."
    docs = _story(f"{fact}\n{other}", f"{same}\n{other2}")
    picks = ConceptILP().select(docs, Budget(words(fact) + words(other2) + 2))
    texts = [p.text(docs) for p in picks]
    assert len(texts) == 2
    assert sum(t in (fact, same) for t in texts) == 1
    assert sum(t in (other, other2) for t in texts) == 1


def test_empty_docs_give_no_picks() -> None:
    for name in summarizer_names():
        assert get_summarizer(name).select([], Budget(50)) == []


def test_ilp_preselects_sentences_by_concept_weight_per_word() -> None:
    """Only ``max_candidates`` sentences enter the program: a short sentence dense with the story's
    shared facts enters before a long one that covers a little more weight in many more words."""
    short = "Flood waters forced residents of Port Alder to leave their homes."
    long_ = (
        "Flood waters forced residents of Port Alder to leave their homes, and the regional governor, "
        "who had spent the weekend touring farms in the hills north of the river valley with local "
        "officials and reporters from several newspapers, declared a state of emergency."
    )
    docs = _story(
        f"{short}\nThe regional governor declared a state of emergency.",
        f"{long_}\nRescue boats reached Port Alder on Tuesday morning.",
        "Residents of Port Alder said flood waters rose overnight.\nThe army sent rescue boats.",
    )
    ilp = ConceptILP(ILPOptions(max_candidates=1))
    cands = ilp._candidates(docs)
    weights = ilp._weights(docs, cands)
    by_text = {docs[c.doc].article.text[c.start : c.end]: c for c in cands}

    def total(text: str) -> float:
        return sum(weights.get(k, 0.0) for k in by_text[text].concepts)

    assert total(long_) > total(short)  # the long sentence covers more weight in all
    kept = ilp._prune(cands, weights)
    assert [docs[c.doc].article.text[c.start : c.end] for c in kept] == [short]


def test_ilp_weighs_a_concept_by_outlets_stating_it_and_how_early() -> None:
    """Two outlets each state both facts; the fact one of them leads with weighs more than the fact
    both leave to their third sentence, and a fact one outlet states once weighs nothing."""
    docs = _story(
        "Flood waters cut off Port Alder on Monday.\n"
        "The town has two thousand residents.\n"
        "The army sent rescue boats to the valley.",
        "Heavy rain fell across the region for a week.\n"
        "Forecasters had warned of rising rivers.\n"
        "The army sent rescue boats after flood waters cut off Port Alder.",
    )
    ilp = ConceptILP()
    weights = ilp._weights(docs, ilp._candidates(docs))
    assert weights[("port", "alder")] == 2 * (1 + 1 / 1)  # two outlets; one leads with it
    assert weights[("rescu", "boat")] == 2 * (1 + 1 / 3)  # two outlets; third sentence at best
    assert ("heavi", "rain") not in weights  # stated in one sentence only


def test_concepts_are_bigrams_inside_one_phrase() -> None:
    """A comma, dash, bracket or quotation mark ends a phrase: the words either side of it are no
    concept; a word hyphen and an abbreviation's full stop do not end one."""
    concepts = phrase_bigrams(
        'In Syria, Russia said "the talks" -- which U.S. officials (and al-Assad) had sought - failed.'
    )
    assert ("syria", "russia") not in concepts  # across a comma
    assert ("said", "the") not in concepts  # across a quotation mark
    assert ("talk", "which") not in concepts  # across a double hyphen
    assert ("offici", "and") not in concepts  # across a bracket
    assert ("sought", "fail") not in concepts  # across a spaced hyphen
    assert {("russia", "said"), ("s", "offici"), ("al", "assad")} <= concepts
    assert ("the", "talk") in concepts and ("in", "syria") in concepts
    # a single quotation mark is no break: it doubles as the apostrophe
    assert (stem("alder's"), "mayor") in phrase_bigrams("Port Alder's mayor and Port Alder’s mayor met.")


def test_a_pair_that_recurs_only_across_a_comma_is_no_shared_concept() -> None:
    """Two outlets list the same places; the pair made by the list's comma is not a fact they share."""
    docs = _story(
        "Storms hit Port Alder, Kessing and the valley towns on Monday.\nPower was cut for a day.",
        "Rivers rose in Port Alder, Kessing and three other towns.\nSchools closed on Tuesday.",
    )
    ilp = ConceptILP()
    weights = ilp._weights(docs, ilp._candidates(docs))
    assert ("port", "alder") in weights
    assert ("alder", "kess") not in weights


def test_a_caption_or_page_label_is_never_a_summary_sentence() -> None:
    """Captions and video or link labels crawled with an article state nothing a reader asked for;
    a sentence that only opens with one of their words ("More than", "Related to") still counts."""
    docs = _story(
        "Caption Wildlife officers shot the escaped lion near the park on Monday.\n"
        "Wildlife officers shot the escaped lion after it injured a man near the park.\n"
        "Watch the report on the escaped lion from our wildlife reporter tonight.\n"
        "Ranger Mary Otieno (left) and her team tracked the escaped lion near the park.\n"
        "This image provided by the wildlife service shows the escaped lion in the park.",
        "More than 50 people saw the escaped lion near the park before officers shot it.\n"
        "Related to the escape is a broken fence that wildlife officers found near the park.\n"
        "Read more: the escaped lion and other stories from the park this week.",
    )
    texts = [docs[c.doc].article.text[c.start : c.end] for c in ConceptILP()._candidates(docs)]
    assert texts == [
        "Wildlife officers shot the escaped lion after it injured a man near the park.",
        "More than 50 people saw the escaped lion near the park before officers shot it.",
        "Related to the escape is a broken fence that wildlife officers found near the park.",
    ]
    picks = ConceptILP().select(docs, Budget(250))
    assert {p.text(docs) for p in picks} == set(texts)
