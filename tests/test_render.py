"""Rendering details that every format shares."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from newsbrief.model import (
    Article,
    Brief,
    Citation,
    Claim,
    Entity,
    Mention,
    Quote,
    QuoteVariant,
    Stats,
    Story,
    Summary,
    SummarySentence,
    TimelineEvent,
)
from newsbrief.render import render

TEXT = "Jane Roe, the fire chief, spoke on Monday. “The building was empty when the fire started.”"


def _brief(sentence: str) -> Brief:
    article = Article(id="a1", text=TEXT, outlet="Daily <b>Example</b>")
    start = TEXT.index(sentence)
    cite = Citation("a1", 1, start, start + len(sentence))
    quote_start = TEXT.index("“")
    quote = Quote(
        text=TEXT[quote_start:], speaker="Jane Roe", citations=(Citation("a1", 1, quote_start, len(TEXT)),)
    )
    return Brief(
        story=Story(id="s1", article_ids=("a1",), title="Fire <script>alert(1)</script>"),
        articles=(article,),
        summary=Summary(
            (SummarySentence(sentence, (cite,), ("Daily <b>Example</b>",)),), method="test", words=8
        ),
        stats=Stats(articles=1, outlets=1, sentences=2, words=16),
        quotes=(quote,),
    )


def test_a_quoted_summary_sentence_names_its_speaker() -> None:
    brief = _brief("“The building was empty when the fire started.”")
    assert "*(Jane Roe, quoted)*" in render(brief, "md")
    assert '<span class="said">(Jane Roe, quoted)</span>' in render(brief, "html")


def test_no_speaker_note_when_the_sentence_names_the_speaker() -> None:
    brief = _brief("Jane Roe, the fire chief, spoke on Monday.")
    assert "quoted)" not in render(brief, "md")


def test_untrusted_text_is_escaped_in_html() -> None:
    page = render(_brief("Jane Roe, the fire chief, spoke on Monday."), "html")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Example</b>" not in page


def test_one_article_from_one_outlet_is_counted_in_the_singular() -> None:
    brief = _brief("Jane Roe, the fire chief, spoke on Monday.")
    assert "*1 article, 1 outlet" in render(brief, "md")
    assert "1 article · 1 outlet" in render(brief, "html")


# -- hostile metadata ------------------------------------------------------------------------------

PAYLOADS = ('<img src=x onerror="alert(1)">', '"><svg onload="alert(2)">', "<script>alert(3)</script>")
EVIL_URL = "javascript:alert(4)"


def _hostile_brief() -> Brief:
    """A brief with a payload in every field a reader sees: titles, outlets, URLs, text, names, quotes."""
    evil = " ".join(PAYLOADS) + " [click](javascript:alert(5)) <javascript:alert(6)> *x* `y`\n# heading"
    text = f"Jane Roe said {evil} on Monday. “The fire {evil} was out.”"
    first = Article(id="a1", text=text, title=f"Fire {evil}", outlet=f"Daily {evil}", url=EVIL_URL)
    second = Article(id="a2", text=text, title=evil, outlet=evil, url='https://ok.example/"><svg onload=x>')
    cite = Citation("a1", 0, 0, text.index("Monday.") + 7)
    quote = Citation("a1", 1, text.index("“"), len(text))
    return Brief(
        story=Story(id="s1", article_ids=("a1", "a2"), title=f"Story {evil}"),
        articles=(first, second),
        summary=Summary((SummarySentence(text[: cite.end], (cite,), (evil,)),), method="test", words=9),
        stats=Stats(articles=2, outlets=2, sentences=4, words=30),
        entities=(
            Entity(
                name=f"Jane {evil}",
                kind=evil,
                aliases=(evil,),
                titles=(evil,),
                mentions=(Mention(evil, 2),),
                citations=(cite,),
                candidates=(evil,),
            ),
        ),
        quotes=(
            Quote(
                text=evil,
                speaker=evil,
                variants=(
                    QuoteVariant(evil, evil, quote, "full"),
                    QuoteVariant(evil, f"{evil}2", Citation("a2", 1, quote.start, quote.end), "altered"),
                ),
                citations=(quote,),
            ),
        ),
        timeline=(TimelineEvent(date="2024-03-04", precision="day", text=evil, citations=(cite,)),),
        claims=(
            Claim(text=evil, status="agree", outlets=(evil, "b"), citations=(cite,)),
            Claim(text=evil, status="conflict", citations=(cite,), detail=evil),
            Claim(text=evil, status="unique", citations=(cite,)),
        ),
        warnings=(evil,),
    )


class _Markup(HTMLParser):
    """Every element, attribute and link of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name in ("href", "src", "action", "formaction"):
                self.links.append(value or "")


def _markup(page: str) -> _Markup:
    found = _Markup()
    found.feed(page)
    found.close()
    return found


def test_hostile_metadata_is_text_in_markdown() -> None:
    """The Markdown rendered as a reader's viewer would (CommonMark with raw HTML on) has no live
    markup of the article's making and links only to http(s)."""
    from markdown_it import MarkdownIt

    md = render(_hostile_brief(), "md")
    page = MarkdownIt("commonmark", {"html": True}).render(md)
    found = _markup(page)
    assert found.tags <= {"h1", "h2", "h3", "p", "em", "strong", "ul", "ol", "li", "blockquote", "a"}
    assert not any(name.startswith("on") for name in found.attributes)
    assert found.links == ["https://ok.example/%22%3E%3Csvg%20onload=x%3E"]  # the only http(s) URL
    assert page.count("<h1>") == 1  # a "# heading" inside a title stays text
    assert "alert(1)" in page and "&lt;img" in page  # shown as text, not dropped


def test_hostile_metadata_is_text_in_html() -> None:
    page = render(_hostile_brief(), "html")
    found = _markup(page)
    assert not found.tags & {"script", "img", "svg", "iframe", "object", "embed", "form"}
    assert not any(name.startswith("on") for name in found.attributes)
    assert all(link.startswith(("#", "https://")) for link in found.links), found.links
    assert "&lt;img" in page


def test_hostile_metadata_is_data_in_json() -> None:
    brief = _hostile_brief()
    assert json.loads(render(brief, "json")) == brief.to_dict()  # carried exactly, as data


# -- the section model -----------------------------------------------------------------------------

RELATED_TEXT = "The fire destroyed the old mill on Monday. Crews fought it for hours."


def _related_brief() -> Brief:
    """Two outlets: the summary sentence is from the first; the second says part of it (related)."""
    first = Article(id="a1", text=RELATED_TEXT, outlet="Daily")
    second = Article(id="a2", text="A fire broke out at the mill. Nobody was hurt.", outlet="Herald")
    cite = Citation("a1", 0, 0, 42)
    related = Citation("a2", 0, 0, 29)
    sentence = SummarySentence(RELATED_TEXT[:42], (cite,), support=("Daily",), related=(related,))
    return Brief(
        story=Story(id="s1", article_ids=("a1", "a2"), title="Mill fire"),
        articles=(first, second),
        summary=Summary((sentence,), method="test", words=8),
        stats=Stats(articles=2, outlets=2, sentences=4, words=20),
    )


def test_related_citations_are_shown_and_never_counted_as_support() -> None:
    brief = _related_brief()
    md = render(brief, "md")
    assert "[1] — 1 of 2 outlets — related: [2]" in md
    page = render(brief, "html")
    assert '<span class="badge one">1 of 2 outlets</span>' in page  # still one outlet of support
    assert '<span class="related">related: <a class="cite" href="#s2-0"' in page
    found = _markup(page)
    assert "#s2-0" in found.links  # the related sentence is an anchor in the source text
    assert 'id="s2-0"' in page


def test_sections_come_in_page_order_and_both_formats_read_them() -> None:
    from newsbrief.render import Header, SourcesSection, SummarySection, Warnings, sections

    brief = _hostile_brief()
    kinds = [type(s) for s in sections(brief)]
    assert kinds[:3] == [Header, Warnings, SummarySection] and kinds[-1] is SourcesSection
    assert [s.kind for s in sections(brief)] == [
        "header",
        "warnings",
        "summary",
        "entities",
        "quotes",
        "timeline",
        "claims",
        "sources",
    ]
    # every heading of the model is in both formats
    md, page = render(brief, "md"), render(brief, "html")
    for heading in ("Summary", "Entities", "Quotes", "Timeline", "Agreement and conflict", "Sources"):
        assert f"## {heading}" in md and f"<h2>{heading}</h2>" in page
    empty = _related_brief()
    assert [s.kind for s in sections(empty)] == ["header", "summary", "sources"]


def test_html_is_one_well_formed_page_from_the_templates() -> None:
    page = render(_related_brief(), "html")
    assert page.startswith('<!doctype html>\n<html lang="en"><head>') and page.endswith("</html>\n")
    assert "\n" not in page[len("<!doctype html>\n") : page.index("<style>")]  # template layout joined
    assert "{{" not in page and "{%" not in page


def test_templates_are_package_data() -> None:
    from importlib.resources import files
    from pathlib import Path

    names = {p.name for p in files("newsbrief").joinpath("templates").iterdir()}
    assert {"brief.html", "summary.html", "sources.html"} <= names
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates/*.html"' in pyproject


def test_both_formats_say_how_many_entities_they_leave_out() -> None:
    import dataclasses

    from newsbrief.render import MAX_ENTITIES

    cite = Citation("a1", 0, 0, 10)
    many = tuple(Entity(f"Person {k}", "PERSON", citations=(cite,)) for k in range(MAX_ENTITIES + 2))
    brief = dataclasses.replace(_related_brief(), entities=many)
    assert "- … 2 more in the JSON output" in render(brief, "md")
    page = render(brief, "html")
    assert '<li class="src-meta">… 2 more in the JSON output</li>' in page
    assert f"Person {MAX_ENTITIES - 1}<" in page and f"Person {MAX_ENTITIES}<" not in page
