"""Short made-up stories, one rule each: conflicts, cut quotes, people named by title, dates."""

from __future__ import annotations

from datetime import date

from newsbrief.analyze import Analysis, build_timeline, find_dates
from newsbrief.docs import Doc


def _conflicts(analysis: Analysis, slot: str) -> list[str]:
    return [c.detail for c in analysis.claims if c.status == "conflict" and c.detail.startswith(slot)]


def test_numeric_conflict(fire_analysis: Analysis) -> None:
    (detail,) = _conflicts(fire_analysis, "number")
    assert "12 people" in detail and "15 people" in detail


def test_date_conflict(fire_analysis: Analysis) -> None:
    (detail,) = _conflicts(fire_analysis, "date")
    assert "2021-03-03" in detail and "2021-03-05" in detail


def test_denial(fire_analysis: Analysis) -> None:
    hits = [c for c in fire_analysis.claims if c.status == "conflict" and c.detail.startswith("denial")]
    assert len(hits) == 1
    assert hits[0].text == "beta.example reports a denial of what alpha.example reports as fact"
    assert len(hits[0].outlets) == 2 and len({c.article_id for c in hits[0].citations}) == 2


def test_quote_cut_short_is_truncated(fire_analysis: Analysis) -> None:
    hits = [q for q in fire_analysis.quotes if q.text.startswith("We are still looking")]
    assert len(hits) == 1
    statuses = {v.outlet: v.status for v in hits[0].variants}
    assert statuses == {"alpha.example": "full", "beta.example": "truncated"}
    assert hits[0].speaker == "Jane Roe"


def test_person_named_by_title_after_first_mention(fire_analysis: Analysis) -> None:
    (quote,) = [q for q in fire_analysis.quotes if "every inspection" in q.text]
    assert quote.speaker == "Jane Roe"
    roe = next(e for e in fire_analysis.entities if e.name == "Jane Roe")
    assert "Roe" in roe.aliases
    assert any("police chief" in t.lower() for t in roe.titles)


def test_agreement_counts_outlets(fire_analysis: Analysis) -> None:
    agreed = [c for c in fire_analysis.claims if c.status == "agree"]
    assert agreed and all(len(c.outlets) == 2 for c in agreed)
    assert not any("denied" in c.text for c in agreed)


def test_dates_keep_precision_and_resolve_on_publication() -> None:
    base = date(2020, 1, 13)  # a Monday
    found = {t.date: t.precision for t in find_dates("It happened in June 2018 and on Saturday.", base)}
    assert found == {"2018-06": "month", "2020-01-11": "day"}
    found = {t.date for t in find_dates("Since the summit in February, nothing moved.", base)}
    assert found == {"2019-02"}
    found = {t.date for t in find_dates("The vote is coming up in November.", base)}
    assert found == {"2020-11"}
    assert [t.date for t in find_dates("Sales fell last year.", base)] == ["2019"]
    assert find_dates("It happened on Saturday.", None) == []  # no base: not guessed


def test_undated_article_borrows_the_story_date(seed_docs: list[Doc]) -> None:
    # uncapped: the capped timeline may rank this minor event out
    inferred = [e for e in build_timeline(seed_docs, limit=100) if e.inferred]
    assert any(e.date == "2020-01-08" for e in inferred)  # "January 8" in an undated article


def test_a_bare_weekday_takes_the_tense_of_its_own_verb() -> None:
    friday = date(2024, 3, 1)

    def dates(text: str) -> list[str]:
        return [t.date for t in find_dates(text, friday)]

    assert dates("The bridge will close for repairs on Monday, city officials said.") == ["2024-03-04"]
    assert dates("Officials said the bridge closes on Monday for three weeks.") == ["2024-03-04"]
    assert dates("Repairs will shut the bridge from Monday, the city said on Friday.") == [
        "2024-03-04",
        "2024-03-01",
    ]
    assert dates("The agency issued the statement on Saturday.") == ["2024-02-24"]
    assert dates("On Tuesday, the council voted.") == ["2024-02-27"]


def test_from_looks_ahead_only_when_it_opens_the_date() -> None:
    base = date(2020, 1, 13)  # a Monday
    # "from" a place: the weekday is the one just past
    found = [t.date for t in find_dates("Shoppers were evacuated from the mall on Saturday.", base)]
    assert found == ["2020-01-11"]
    # "from" the date: the weekday ahead
    found = [t.date for t in find_dates("The bridge shuts from Saturday, the city said.", base)]
    assert found == ["2020-01-18"]
