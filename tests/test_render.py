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
    # every section of the model is in both formats (the page names them as a reader asks)
    md, page = render(brief, "md"), render(brief, "html")
    for heading in ("Summary", "Entities", "Quotes", "Timeline", "Agreement and conflict", "Sources"):
        assert f"## {heading}" in md
    for heading in (
        "Summary",
        "People, places and organizations",
        "Who said what",
        "Chronology",
        "Where the outlets agree and differ",
        "Sources",
    ):
        assert f"<h2>{heading}</h2>" in page or f"<h2>{heading} <span" in page
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
    assert '<p class="src-meta more">… 2 more in the JSON output</p>' in page
    assert f"Person {MAX_ENTITIES - 1}<" in page and f"Person {MAX_ENTITIES}<" not in page


# -- the page a reader reads (issue 14) ---------------------------------------------------------

MILL_A = (
    "Fire crews fought a blaze at the Elm Street mill on Monday. "
    "“We got everyone out in time,” said Dana Kim, the fire chief. "
    "Twelve workers were inside when the alarm sounded. "
    "The mill, on the Tarn River, reopens in May, Kim said."
)
MILL_B = (
    "A fire broke out at the Elm Street mill in Harwick on Monday morning. "
    "Fifteen workers were inside when the alarm sounded, the company said. "
    "“We got everyone out,” Kim told reporters."
)


def _span(text: str, article: str, index: int, sentence: str) -> Citation:
    start = text.index(sentence)
    return Citation(article, index, start, start + len(sentence))


def _mill_brief() -> Brief:
    """Two outlets on one mill fire: a summary sentence from each, a speaker quoted twice (once in
    two wordings), a conflict over how many workers were inside, and entities of every kind."""
    a = Article(id="a1", text=MILL_A, title="Mill fire", outlet="Daily")
    b = Article(id="b1", text=MILL_B, title="Fire at mill", outlet="Herald")
    first = _span(MILL_A, "a1", 0, "Fire crews fought a blaze at the Elm Street mill on Monday.")
    quote_a = _span(MILL_A, "a1", 1, "“We got everyone out in time,” said Dana Kim, the fire chief.")
    twelve = _span(MILL_A, "a1", 2, "Twelve workers were inside when the alarm sounded.")
    reopen = _span(MILL_A, "a1", 3, "The mill, on the Tarn River, reopens in May, Kim said.")
    fifteen = _span(MILL_B, "b1", 1, "Fifteen workers were inside when the alarm sounded, the company said.")
    quote_b = _span(MILL_B, "b1", 2, "“We got everyone out,” Kim told reporters.")
    harwick = _span(MILL_B, "b1", 0, "A fire broke out at the Elm Street mill in Harwick on Monday morning.")
    return Brief(
        story=Story(id="s1", article_ids=("a1", "b1"), title="Mill fire"),
        articles=(a, b),
        summary=Summary(
            (SummarySentence(MILL_A[first.start : first.end], (first,), ("Daily",)),), method="test", words=11
        ),
        stats=Stats(articles=2, outlets=2, sentences=7, words=70, independent_outlets=2),
        entities=(
            Entity(
                "Dana Kim",
                "PERSON",
                mentions=(Mention("Daily", 2), Mention("Herald", 1)),
                citations=(quote_a, reopen, quote_b),
            ),
            Entity("Harwick", "GPE", mentions=(Mention("Herald", 1),), citations=(harwick,)),
            Entity("Tarn River", "LOC", mentions=(Mention("Daily", 1),), citations=(reopen,)),
        ),
        quotes=(
            Quote(
                "We got everyone out in time",
                "Dana Kim",
                (
                    QuoteVariant("We got everyone out in time", "Daily", quote_a, "full"),
                    QuoteVariant("We got everyone out", "Herald", quote_b, "truncated"),
                ),
                (quote_a, quote_b),
            ),
            Quote("The mill reopens in May", "Dana Kim", (), (reopen,)),
        ),
        timeline=(TimelineEvent("2024-05", "month", MILL_A[reopen.start : reopen.end], (reopen,)),),
        claims=(
            Claim(
                "Daily: 12; Herald: 15",
                "conflict",
                ("Daily", "Herald"),
                (twelve, fifteen),
                "number differs: Daily says 12, Herald says 15",
            ),
        ),
    )


def _html_page(brief: Brief) -> str:
    return render(brief, "html")


def test_only_sentences_the_summary_cites_are_tinted() -> None:
    page = _html_page(_mill_brief())
    assert 'class="sent cited" id="s1-0"' in page
    # the quote, the conflict and the entities cite other sentences: none of them is tinted
    assert page.count("sent cited") == 1


def test_places_are_one_group_and_chips_carry_every_mention() -> None:
    page = _html_page(_mill_brief())
    assert page.count("<h3>Places</h3>") == 1
    places = page[page.index("<h3>Places</h3>") : page.index("</ul>", page.index("<h3>Places</h3>"))]
    assert "Harwick" in places and "Tarn River" in places
    # a chip links to the first sentence naming it and lists every one, in source order
    assert 'href="#s1-1" data-anchors="s1-1 s1-3 s2-2"' in page


def test_quotes_are_grouped_by_speaker_with_other_wordings_folded() -> None:
    page = _html_page(_mill_brief())
    assert page.count('<details class="speaker">') == 1
    assert '<strong>Dana Kim</strong> <span class="count">2 quotes</span>' in page
    assert "15 quotes" not in page and "2 quotes · 1 speaker" in page
    variants = page[page.index('<details class="variants">') :]
    assert variants.startswith('<details class="variants"><summary>1 other wording</summary>')
    assert 'truncated in <a class="cite" href="#s2-2"' in variants


def test_a_conflict_shows_both_sentences_side_by_side_in_plain_words() -> None:
    page = _html_page(_mill_brief())
    conflict = page[
        page.index('<li class="conflict">') : page.index("</li>", page.index('<li class="conflict">'))
    ]
    assert "Number differs: Daily says 12, Herald says 15" in conflict
    assert 'href="#s1-2"' in conflict and "Twelve workers were inside when the alarm sounded." in conflict
    assert 'href="#s2-1"' in conflict and "Fifteen workers were inside" in conflict
    assert "cosine" not in page.lower() and "minilm" not in page.lower()


def test_long_sections_are_collapsed_with_counts() -> None:
    page = _html_page(_mill_brief())
    assert '<details class="section"><summary><h2>Who said what</h2>' in page
    assert (
        '<details class="section"><summary><h2>Chronology</h2> <span class="count">1 dated event</span>'
        in page
    )
    assert '<time datetime="2024-05">May 2024</time>' in page


def test_source_list_names_outlet_and_title() -> None:
    page = _html_page(_mill_brief())
    assert (
        '<a class="tab" href="#source-2" data-source="2"><span class="n">[2]</span> '
        '<span class="outlet">Herald</span> <span class="ttl">Fire at mill</span></a>'
    ) in page


def test_static_page_inlines_the_served_stylesheet_and_marks_the_brief() -> None:
    from newsbrief.render_html import brief_markup, stylesheet

    page = _html_page(_mill_brief())
    assert stylesheet() in page and ".sheet" in stylesheet()
    markup = brief_markup(page)
    assert markup.startswith('<div class="brief" id="brief">') and markup.endswith("</div>")
    assert "<script" not in page


def test_header_gives_one_date_for_a_one_day_story() -> None:
    from datetime import UTC, datetime

    from newsbrief.render import Header, sections

    day = datetime(2015, 3, 23, 9, tzinfo=UTC)
    brief = _mill_brief()
    one_day = Brief(
        story=Story("s1", ("a1", "b1"), "Mill fire", day, day.replace(hour=18)),
        articles=brief.articles,
        summary=brief.summary,
        stats=brief.stats,
    )
    header = sections(one_day)[0]
    assert isinstance(header, Header) and header.span == "2015-03-23"
    assert "2015-03-23 – 2015-03-23" not in render(one_day, "html")


def test_many_related_reports_fold_under_a_count() -> None:
    import dataclasses

    brief = _related_brief()
    others = tuple(
        Article(id=f"r{k}", text="A fire broke out at the mill.", outlet=f"Paper {k}") for k in range(5)
    )
    line = brief.summary.sentences[0]
    related = tuple(Citation(a.id, 0, 0, 29) for a in others)
    many = dataclasses.replace(
        brief,
        articles=brief.articles + others,
        summary=dataclasses.replace(brief.summary, sentences=(dataclasses.replace(line, related=related),)),
    )
    page = render(many, "html")
    assert '<details class="related"><summary>related: 5 reports</summary>' in page
    assert page.count('title="related, not counted: ') == 5


def test_an_agreement_of_one_source_carried_verbatim_is_listed_apart() -> None:
    text = "The terminal will open in 2029, the harbour authority said."
    articles = (
        Article(id="w", text=text, outlet="wire.example"),
        Article(id="p", text=text, outlet="paper.example"),
    )
    claim = Claim(
        text=text,
        status="agree",
        outlets=("wire.example",),
        citations=(Citation("w", 0, 0, len(text)), Citation("p", 0, 0, len(text))),
        detail="reported by 1 outlet: wire.example; also carried verbatim by paper.example",
    )
    story = Story(id="s", article_ids=("w", "p"), title="Terminal")
    stats = Stats(articles=2, outlets=2, sentences=2, words=20, independent_outlets=2)
    brief = Brief(
        story=story, articles=articles, summary=Summary((), "newsbrief", 0), stats=stats, claims=(claim,)
    )
    md = render(brief, "md")
    assert "### Carried word for word by several outlets, one source" in md
    assert "### Reported by several outlets" not in md
    assert "Carried word for word by several outlets, one source" in render(brief, "html")


def test_a_sentence_starting_like_a_list_or_heading_stays_one_summary_line() -> None:
    from markdown_it import MarkdownIt

    text = "- Bridge closes for repairs. 2. Ferry runs instead. # Trains are full."
    article = Article(id="a1", text=text, outlet="Daily Example")
    parts = ["- Bridge closes for repairs.", "2. Ferry runs instead.", "# Trains are full."]
    sentences = tuple(
        SummarySentence(p, (Citation("a1", i, text.index(p), text.index(p) + len(p)),), ("Daily Example",))
        for i, p in enumerate(parts)
    )
    brief = Brief(
        story=Story(id="s1", article_ids=("a1",), title="Bridge"),
        articles=(article,),
        summary=Summary(sentences, method="test", words=12),
        stats=Stats(articles=1, outlets=1, sentences=3, words=12),
    )
    page = MarkdownIt("commonmark").render(render(brief, "md"))
    summary = page.split("<h2>Summary</h2>")[1].split("<h2>")[0]
    assert summary.count("<li>") == 3 and "<ol" not in summary and "<h1>" not in summary
    assert "<li>- Bridge closes" in summary and "<li>2. Ferry" in summary and "<li># Trains" in summary


def test_a_title_ending_in_hashes_keeps_them_as_its_heading() -> None:
    from markdown_it import MarkdownIt

    brief = _brief("Jane Roe, the fire chief, spoke on Monday.")
    brief = Brief(
        story=Story(id="s1", article_ids=("a1",), title="Fans vote the bakery #1 #"),
        articles=brief.articles,
        summary=brief.summary,
        stats=brief.stats,
    )
    page = MarkdownIt("commonmark").render(render(brief, "md"))
    assert "<h1>Fans vote the bakery #1 #</h1>" in page


def test_an_outlet_carrying_a_sentence_verbatim_is_text_in_markdown() -> None:
    """The "also carried verbatim by" note names a copy's outlet, which the page chose: inert too."""
    from markdown_it import MarkdownIt

    text = "The harbour terminal will open in 2029, the authority said."
    evil = "Wire <img src=x onerror=alert(1)> `code` [x](javascript:alert(2))"
    articles = (
        Article(id="w", text=text, outlet="wire.example"),
        Article(id="p", text=text, outlet=evil),
    )
    cites = (Citation("w", 0, 0, len(text)), Citation("p", 0, 0, len(text)))
    brief = Brief(
        story=Story(id="s", article_ids=("w", "p"), title="Terminal"),
        articles=articles,
        summary=Summary((SummarySentence(text, cites, ("wire.example",)),), "test", 10),
        stats=Stats(articles=2, outlets=2, sentences=2, words=20, independent_outlets=1),
    )
    md = render(brief, "md")
    page = MarkdownIt("commonmark", {"html": True}).render(md)
    found = _markup(page)
    assert "also carried verbatim by" in md
    assert found.tags <= {"h1", "h2", "p", "em", "strong", "ul", "ol", "li"}
    assert found.links == []
    assert "onerror=alert(1)&gt;" in page and "`code`" in page  # shown as text


def test_a_sentence_opening_with_tildes_is_text_not_a_code_fence() -> None:
    from markdown_it import MarkdownIt

    text = "~~~ Harbour closed after the storm. Ferries run ~~late~~ on time today."
    parts = ["~~~ Harbour closed after the storm.", "Ferries run ~~late~~ on time today."]
    article = Article(id="a1", text=text, outlet="Daily Example")
    sentences = tuple(
        SummarySentence(p, (Citation("a1", i, text.index(p), text.index(p) + len(p)),), ("Daily Example",))
        for i, p in enumerate(parts)
    )
    brief = Brief(
        story=Story(id="s1", article_ids=("a1",), title="~~~ Harbour"),
        articles=(article,),
        summary=Summary(sentences, method="test", words=12),
        stats=Stats(articles=1, outlets=1, sentences=2, words=12),
    )
    md = render(brief, "md")
    page = MarkdownIt("commonmark").render(md)
    gfm = MarkdownIt("commonmark").enable("strikethrough").render(md)
    assert "<pre>" not in page and "<code" not in page
    assert "<li>~~~ Harbour closed after the storm." in page
    assert "<del>" not in gfm and "~~late~~" in gfm
