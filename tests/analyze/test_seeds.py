"""The analysis of the bundled Korea seeds: merges, speakers, dates and a title conflict."""

from __future__ import annotations

from newsbrief.analyze import Analysis
from newsbrief.model import Entity


def _entity(analysis: Analysis, alias: str) -> Entity:
    hits = [e for e in analysis.entities if e.name == alias or alias in e.aliases]
    assert len(hits) == 1, f"{alias!r} is in {len(hits)} entities"
    return hits[0]


def test_spellings_merge(seed_analysis: Analysis) -> None:
    assert _entity(seed_analysis, "Kim Kye-gwan") is _entity(seed_analysis, "Kim Kye Gwan")
    assert _entity(seed_analysis, "Kim Jong-un") is _entity(seed_analysis, "Kim Jong Un")
    trump = _entity(seed_analysis, "Donald Trump")
    assert {"Trump", "Donald J. Trump"} <= {trump.name, *trump.aliases}
    assert len(trump.mentions) == 3


def test_defined_acronym_joins_long_form(seed_analysis: Analysis) -> None:
    assert _entity(seed_analysis, "DPRK") is _entity(seed_analysis, "Democratic People’s Republic of Korea")


def test_three_kims_stay_three_people(seed_analysis: Analysis) -> None:
    names = {_entity(seed_analysis, n).name for n in ("Kim Jong Un", "Kim Kye Gwan", "Kim Yong Chol")}
    assert len(names) == 3
    bare = [e for e in seed_analysis.entities if e.name == "Kim"]
    assert bare and len(bare[0].candidates) >= 3, "a bare 'Kim' is left ambiguous, not guessed"


def test_titles_and_mentions(seed_analysis: Analysis) -> None:
    kkg = _entity(seed_analysis, "Kim Kye Gwan")
    assert any("advisor" in t for t in kkg.titles)
    assert any("official" in t for t in kkg.titles)
    assert len(kkg.mentions) == 3
    assert any("leader" in t for t in _entity(seed_analysis, "Kim Jong Un").titles)


def test_vietnam_quote_is_one_quote_from_two_outlets(seed_analysis: Analysis) -> None:
    hits = [q for q in seed_analysis.quotes if "such negotiations as that in Vietnam" in q.text]
    assert len(hits) == 1
    quote = hits[0]
    assert len({v.outlet for v in quote.variants}) == 2
    assert quote.speaker == _entity(seed_analysis, "Kim Kye Gwan").name
    assert {v.status for v in quote.variants} == {"full", "altered"}


def test_quote_speakers_from_attribution(seed_analysis: Analysis) -> None:
    by_text = {q.text[:30]: q.speaker for q in seed_analysis.quotes}
    assert by_text["The recent North Korean statem"] == "Robert Manning"
    assert by_text["I don’t expect major progress "] == "Ken Gause"  # "He continued, “…”"


def test_timeline_dates_and_precision(seed_analysis: Analysis) -> None:
    events = {(e.date, e.precision): e for e in seed_analysis.timeline}
    assert "Hanoi" in events[("2019-02", "month")].text
    assert "Singapore" in events[("2018-06", "month")].text
    jan11 = events[("2020-01-11", "day")]
    assert len({c.article_id for c in jan11.citations}) >= 2  # "On Jan. 11" and "on Saturday"
    assert not any(e.date.startswith("2018-06-") for e in seed_analysis.timeline)
    dates = [e.date for e in seed_analysis.timeline]
    assert dates == sorted(dates)


def test_compatible_titles_are_no_conflict(seed_analysis: Analysis) -> None:
    """ "advisor for the Ministry of Foreign Affairs" and "senior official" can both be true."""
    hits = [c for c in seed_analysis.claims if c.status == "conflict" and "Kim Kye Gwan" in c.text]
    assert hits == []


def test_every_citation_lies_in_its_sentence(seed_docs, seed_analysis: Analysis) -> None:  # type: ignore[no-untyped-def]
    sentences = {(d.article.id, s.index): s for d in seed_docs for s in d.sentences}
    cites = [c for e in seed_analysis.entities for c in e.citations]
    cites += [c for q in seed_analysis.quotes for c in q.citations]
    cites += [c for t in seed_analysis.timeline for c in t.citations]
    cites += [c for k in seed_analysis.claims for c in k.citations]
    assert cites
    for c in cites:
        s = sentences[(c.article_id, c.sentence_index)]
        assert s.start <= c.start <= c.end <= s.end
