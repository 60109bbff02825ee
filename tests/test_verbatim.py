"""The same words in two articles: verbatim copies of sentences, a quote inside a longer quote."""

from __future__ import annotations

from datetime import datetime

from newsbrief.docs import Doc
from newsbrief.model import Article
from newsbrief.pipeline import make_docs
from newsbrief.text import tokens
from newsbrief.verbatim import Copy, Ref, find_copies, quoted_pairs

WHEN = datetime(2024, 2, 12)


def test_a_sentence_copied_inside_a_longer_one_is_found_where_it_sits() -> None:
    texts = [
        "The ferry will resume crossings on Monday morning.",
        "Officials said the ferry will resume crossings on Monday morning after repairs.",
    ]
    docs = make_docs(
        [
            Article(id=f"a{k}", text=t, outlet=f"o{k}.example", title="", published=WHEN)
            for k, t in enumerate(texts)
        ]
    )
    refs = [(0, 0), (1, 0)]
    found = find_copies(docs, refs, texts)
    (copy,) = found[(0, 0)]
    assert copy.ref == (1, 0)
    assert texts[0].lower().rstrip(".") in texts[1][copy.start : copy.end].lower()
    assert (1, 0) not in found


def _pairwise_copies(docs: list[Doc], refs: list[Ref], texts: list[str]) -> dict[Ref, list[Copy]]:
    """The definition ``find_copies`` answers: per sentence of four words or more, per other
    article in order, the first of its sentences whose normalized text contains the sentence's."""
    norm = [" ".join(tokens(t)) for t in texts]
    out: dict[Ref, list[Copy]] = {}
    for k, (n, i) in enumerate(refs):
        if len(norm[k].split()) < 4:
            continue
        for d in sorted({r[0] for r in refs} - {n}):
            hit = next((j for j, r in enumerate(refs) if r[0] == d and norm[k] in norm[j]), None)
            if hit is not None:
                s = docs[d].sentences[refs[hit][1]]
                start = docs[d].article.text.find(texts[k], s.start, s.end)
                span = (s.start, s.end) if start < 0 else (start, start + len(texts[k]))
                out.setdefault((n, i), []).append(Copy(refs[hit], *span))
    return out


def test_copies_are_the_first_holding_sentence_of_each_other_article() -> None:
    articles = [
        "Crews closed the harbor road at dawn. Nobody was hurt in the blast.",
        "Witnesses said crews closed the harbor road at dawn on Friday. Crews closed the harbor road "
        "at dawn. Nobody was hurt.",
        "NOBODY WAS HURT IN THE BLAST, police said. The harbor road at dawn was quiet. Crews closed "
        "the harbor road at dawn.",
        "Crews closed the harbor. Road at dawn stayed shut, and the cleanup went on.",  # across two: no copy
    ]
    docs = make_docs(
        [
            Article(id=f"a{k}", text=t, outlet=f"o{k}.example", title="", published=WHEN)
            for k, t in enumerate(articles)
        ]
    )
    refs = [(n, i) for n in (2, 0, 3, 1) for i in range(len(docs[n].sentences))]  # not in article order
    texts = [docs[n].text(i) for n, i in refs]
    found = find_copies(docs, refs, texts)
    assert found == _pairwise_copies(docs, refs, texts)
    first = texts[refs.index((0, 0))]
    # article 1's first holding sentence; none in article 3, where two sentences hold its words
    assert [c.ref for c in found[(0, 0)]] == [(1, 0), (2, 2)]
    # not written alike there ("crews", no full stop): the whole holding sentence is cited
    assert docs[1].article.text[found[(0, 0)][0].start : found[(0, 0)][0].end] == docs[1].text(0)
    assert docs[2].article.text[found[(0, 0)][1].start : found[(0, 0)][1].end] == first
    assert [c.ref for c in found[(0, 1)]] == [(2, 0)]  # case aside


def test_a_quote_inside_another_outlets_longer_quote_pairs_them_and_one_outlet_never() -> None:
    texts = [
        "“We will reopen the bridge to all traffic in May. We will not raise the tolls,” she said.",
        "“We will reopen the bridge to all traffic in May,” the mayor said.",
        "“We will reopen the bridge to all traffic in May,” she repeated later.",
    ]
    assert quoted_pairs(texts, ["a", "b", "a"], [True, True, True])[0] == {(0, 1), (1, 2)}
    assert quoted_pairs(texts, ["a", "b", "a"], [True, False, True]) == (set(), set())


def test_a_quoted_phrase_inside_another_outlets_quote_pairs_them() -> None:
    texts = [
        "The inspector called the repairs “a reckless gamble” before the council voted.",
        "“It is a reckless gamble with public money,” the inspector told the council.",
        "Critics say the repairs are reckless and a gamble with public money.",
    ]
    # the phrase in quotation marks, not the same words unquoted
    assert quoted_pairs(texts, ["a", "b", "c"], [True, True, True]) == (set(), {(0, 1)})


def test_a_quoted_title_or_a_single_quoted_word_pairs_nothing() -> None:
    texts = [
        "Viewers of “Morning Garden Hour” complained about the new presenter.",
        "“Morning Garden Hour” returns to the schedule in March, the network said.",
        "The mayor said she was “shocked” by the vote.",
        "“I was shocked, and I still am,” the mayor said after the vote.",
    ]
    assert quoted_pairs(texts, ["a", "b", "c", "d"], [True] * 4) == (set(), set())


def test_a_scare_quoted_label_pairs_nothing() -> None:
    texts = [
        "The so-called “peace deal” collapsed within a week of its signing.",
        "“The peace deal gives us nothing we asked for,” the rebel commander said.",
    ]
    assert quoted_pairs(texts, ["a", "b"], [True, True]) == (set(), set())


def test_a_title_with_small_words_pairs_nothing() -> None:
    texts = [
        "The mayor appeared on “Meet the Press” on Sunday to defend the budget.",
        "The union chief said on “Meet the Press” that the budget would fail.",
    ]
    assert quoted_pairs(texts, ["a", "b"], [True, True]) == (set(), set())


def test_the_words_between_two_straight_quotations_are_no_quotation() -> None:
    texts = [
        'He called the plan "sad" and then "a disgrace."',
        'She said "we waited and then the water came" on Monday.',
    ]
    assert quoted_pairs(texts, ["a", "b"], [True, True]) == (set(), set())
