"""Summary support and the claims read one alignment: a sentence has one outlet count everywhere."""

from __future__ import annotations

from datetime import datetime

from newsbrief.model import Article, Brief
from newsbrief.pipeline import BriefOptions, make_brief

WHEN = datetime(2024, 2, 12, 9, 0)
STORY = [
    (
        "hani.example",
        "Twelve people were killed when a fire swept through the Acme textile factory in Harbour City on Monday.\n"
        "Firefighters needed five hours to bring the blaze at the Acme textile factory under control.\n"
        "The factory's owner, Tom Reyes, said the building had passed its last safety inspection in 2023.",
    ),
    (
        "dailycourant.example",
        "A fire swept through the Acme textile factory in Harbour City on Monday, killing 12 people.\n"
        "It took firefighters five hours to bring the blaze at the Acme textile factory under control.\n"
        "Workers said the emergency exits of the factory had been locked for months.",
    ),
    (
        "tribune.example",
        "Twelve people died on Monday in a fire at the Acme textile factory in Harbour City, police said.\n"
        "The mayor of Harbour City promised an inquiry into the fire at the Acme textile factory.",
    ),
]


def _counts_agree(brief: Brief) -> None:
    """Every place a sentence appears — summary, agree claim, unique claim — shows one count."""
    shown: dict[tuple[str, int], set[int]] = {}
    for s in brief.summary.sentences:
        c = s.citations[0]
        shown.setdefault((c.article_id, c.sentence_index), set()).add(len(s.support))
    for claim in brief.claims:
        if claim.status in ("agree", "unique"):
            c = claim.citations[0]
            shown.setdefault((c.article_id, c.sentence_index), set()).add(len(claim.outlets))
    assert shown
    for where, counts in shown.items():
        assert len(counts) == 1, f"sentence {where} is shown with outlet counts {sorted(counts)}"


def test_one_count_per_sentence_on_a_multi_outlet_story() -> None:
    articles = [
        Article(id=f"s{k}", text=text, title="Factory fire", outlet=outlet, published=WHEN)
        for k, (outlet, text) in enumerate(STORY)
    ]
    brief = make_brief(articles, BriefOptions(words=80))
    _counts_agree(brief)
    assert any(len(s.support) == 3 for s in brief.summary.sentences), "the death toll is told by all three"
    agreed = [c for c in brief.claims if c.status == "agree"]
    assert any(len(c.outlets) == 3 for c in agreed)
    for s in brief.summary.sentences:
        assert not set(s.related) & set(s.evidence)


def test_one_count_per_sentence_on_the_bundled_example(seed_brief: Brief) -> None:
    _counts_agree(seed_brief)


def test_a_different_fact_is_no_support_in_the_bundled_example(seed_brief: Brief) -> None:
    """The advisor's "no longer valid" is not backed by a sentence that only describes the offer."""
    for s in seed_brief.summary.sentences:
        if "no longer valid" in s.text:
            assert len(s.support) == 1
