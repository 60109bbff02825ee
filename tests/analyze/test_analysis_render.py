"""The analysis sections in every output format."""

from __future__ import annotations

import json

from newsbrief.model import Brief, Summary
from newsbrief.pipeline import make_story
from newsbrief.render import render


def _brief(seed_docs, seed_analysis) -> Brief:  # type: ignore[no-untyped-def]
    from newsbrief.model import Stats

    articles = tuple(d.article for d in seed_docs)
    return Brief(
        story=make_story(articles),
        articles=articles,
        summary=Summary((), method="lead", words=0),
        stats=Stats(len(articles), len({a.outlet for a in articles}), 0, 0),
        entities=seed_analysis.entities,
        quotes=seed_analysis.quotes,
        timeline=seed_analysis.timeline,
        claims=seed_analysis.claims,
    )


def test_sections_in_markdown_html_json(seed_docs, seed_analysis) -> None:  # type: ignore[no-untyped-def]
    brief = _brief(seed_docs, seed_analysis)
    md = render(brief, "md")
    for heading in ("## Entities", "## Quotes", "## Timeline", "## Agreement and conflict"):
        assert heading in md
    page = render(brief, "html")
    assert '<ol class="timeline">' in page and "<table" not in page
    assert 'href="#s' in page
    assert "<script" not in page
    data = json.loads(render(brief, "json"))
    assert data["entities"] and data["quotes"] and data["timeline"] and data["claims"]
    assert Brief.from_dict(data) == brief
    assert render(brief, "json") == render(Brief.from_dict(data), "json")


def test_html_escapes_analysis_text(seed_docs, seed_analysis) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    brief = _brief(seed_docs, seed_analysis)
    evil = replace(brief.quotes[0], text="<script>alert(1)</script>", speaker="<b>x</b>")
    page = render(replace(brief, quotes=(evil,)), "html")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_analysis_is_deterministic(seed_docs, seed_analysis) -> None:  # type: ignore[no-untyped-def]
    from newsbrief.analyze import analyze

    again = analyze(list(seed_docs))  # a second run, same models: the same result
    assert again == seed_analysis
