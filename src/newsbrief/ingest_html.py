"""An HTML news page → its article text and metadata (trafilatura for the text, htmldate for the time).

Steps, in order:
1. parse with lxml and drop ``<noscript>`` notices ("Please enable JavaScript"): without a script
   engine they are all a script-only page has, and they are never the article;
2. keep the article's own lead: a lead/teaser/standfirst block inside ``<article>`` (or ``<main>``)
   is the story's first paragraph, but trafilatura discards "teaser" classes (elsewhere they are
   links to other stories) and reads only the article-body container when there is one, so such a
   block is moved to the top of that container and its teaser class renamed;
3. trafilatura extracts text and metadata with ``EXTRACTION`` (chosen by benchmarks/extraction.py,
   recorded in docs/extraction.md);
4. the publication time comes from htmldate through trafilatura, asked for the original date with
   time and offset ("2020-01-13T17:42:00+0900"), so JSON-LD ``datePublished`` and
   ``article:published_time`` keep their time and zone;
5. a date htmldate only guessed is dropped: with nothing better, its extensive search returns a
   bare year as 1 January (a copyright line "© 2019", "opened in 1998" in the text) and a year and
   month as the 1st ("2024/03" in a link), written like any full date. So the first of a month at
   midnight without an offset is kept only where the page states that day (``_states_day``:
   "2024-03-01", "March 1, 2024", "1 March 2024", "01.03.2024"...); otherwise the article is
   undated, as the page is, and a dateline in its text ("Posted on : ...", ``clean``) still dates it.

A page with no article text left raises ``Skip`` saying so, and so does a page whose text is
mostly the text of its links (a home or section page of headlines and teasers: ``_mostly_links``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsbrief.skip import Skip

# trafilatura's keyword options: see docs/extraction.md for the table that chose them.
EXTRACTION: dict[str, Any] = {"favor_recall": True}
# htmldate: the first publication (not the last update), searching the text as well as the markup,
# with time and offset kept (its default format is the bare day).
DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
# Class/id tokens that name an article's lead block (news CMS conventions: "teaser", "lead",
# "lede", "intro", "standfirst", "dek", "summary", "kicker-text"...), matched as whole words or
# parts of BEM names ("article__teaser", "story-lead"), not inside longer words ("leaderboard").
_LEAD = re.compile(
    r"(?:^|[\s_-])(teaser|lead|lede|intro|standfirst|dek|summary|abstract|excerpt|subhead(?:line)?)(?:$|[\s_-])",
    re.IGNORECASE,
)
_TEASER = re.compile(r"teaser", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What a page yields: body text (one paragraph a line) and raw metadata strings."""

    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    date: str = ""  # as htmldate wrote it; parsed and checked by the caller


def extract_html(html: str, *, settings: dict[str, Any] | None = None, keep_lead: bool = True) -> HtmlArticle:
    """Extract the article of one page. Raises ``Skip`` when the page holds no article text.

    ``settings`` replaces ``EXTRACTION`` and ``keep_lead=False`` skips step 2 (both for
    benchmarks/extraction.py, which compares them).

    Cost: ~10-50 ms of CPU for a typical page (trafilatura and lxml; imported on first use, ~0.5 s).
    """
    import trafilatura  # imported here: costs ~0.5 s and only HTML input needs it

    tree = _prepare(html, keep_lead=keep_lead)
    if tree is None:
        raise Skip("no article text found in the HTML page (it could not be parsed)")
    links = _link_texts(tree)
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=dict(DATE_PARAMS),
        **(EXTRACTION if settings is None else settings),
    )
    doc = doc.as_dict() if doc is not None and not isinstance(doc, dict) else doc
    if not isinstance(doc, dict) or not _str(doc.get("text")):
        raise Skip("no article text found in the HTML page (only scripts, markup or a JavaScript notice)")
    if _mostly_links(_str(doc.get("text")), links):
        raise Skip(
            "a page of links to other pages (a home or section page: its text is their headlines "
            "and teasers), not an article"
        )
    date = _str(doc.get("date"))
    return HtmlArticle(
        text=_str(doc.get("text")),
        title=_str(doc.get("title")),
        outlet=_str(doc.get("sitename")) or _str(doc.get("hostname")),
        url=_str(doc.get("url")),
        date="" if _guessed(date) and not _states_day(html, date) else date,
    )


# What htmldate writes for a year or a month it found without a day (step 5): the 1st, at midnight,
# without an offset. A stated date can look the same, so it is checked against the page.
_MONTH_START = re.compile(r"(\d{4})-(\d{2})-01(?:T00:00:00)?")
_MONTHS = (
    "jan(?:uary)?",
    "feb(?:ruary)?",
    "mar(?:ch)?",
    "apr(?:il)?",
    "may",
    "june?",
    "july?",
    "aug(?:ust)?",
    "sep(?:t(?:ember)?)?",
    "oct(?:ober)?",
    "nov(?:ember)?",
    "dec(?:ember)?",
)


def _guessed(date: str) -> bool:
    return _MONTH_START.fullmatch(date) is not None


def _states_day(html: str, date: str) -> bool:
    """Whether ``html`` writes the first of the month of ``date`` ("YYYY-MM-01...") as a day:
    ISO or numeric (2024-03-01, 2024/03/01, 20240301, 01.03.2024, 1/3/2024, 3/1/2024) or in words
    (March 1, 2024; Mar. 1st 2024; 1 March 2024)."""
    m = _MONTH_START.match(date)
    if m is None:
        return False
    year, month = m.group(1), int(m.group(2))
    mm = rf"0?{month}"
    name = rf"{_MONTHS[month - 1]}\.?"
    day = r"0?1(?:st)?"
    patterns = (
        rf"{year}[-/.]{month:02d}[-/.]01(?!\d)",
        rf"(?<!\d){year}{month:02d}01(?!\d)",
        rf"(?<!\d)0?1[-/.]{mm}[-/.]{year}",
        rf"(?<!\d){mm}[-/.]0?1[-/.]{year}",
        rf"\b{name}\s+{day}\b,?\s+{year}",
        rf"(?<!\d){day}\s+(?:of\s+)?{name}\b,?\s+{year}",
    )
    return any(re.search(p, html, flags=re.IGNORECASE) for p in patterns)


# Link density, the classic boilerplate signal (Kohlschütter et al., "Boilerplate Detection using
# Shallow Text Features", 2010; trafilatura's own link-density tests): a home or section page is
# headlines and teasers, each the text of a link to its story, while an article's paragraphs are
# text of their own. The text is a list of links when this share of its words is link text, over
# at least ``_LINK_LINES`` lines.
_LINK_SHARE = 0.8
_LINK_LINES = 3
_NO_SPACE = re.compile(r"\s+")


def _link_texts(tree: Any) -> str:
    """The texts of the page's links, without white space, joined by NULs (for ``in`` tests)."""
    texts = (_NO_SPACE.sub("", "".join(a.itertext())) for a in tree.xpath("//a[@href]"))
    return "\0".join(t for t in texts if t)


def _mostly_links(text: str, links: str) -> bool:
    """Whether ``text`` (the extracted lines) is mostly the text of the page's links (see above)."""
    total = linked = lines = 0
    for line in text.split("\n"):
        words = len(line.split())
        total += words
        key = _NO_SPACE.sub("", line.lstrip("-•* "))
        if words and key and key in links:
            linked += words
            lines += 1
    return lines >= _LINK_LINES and linked >= _LINK_SHARE * total


def _prepare(html: str, *, keep_lead: bool) -> Any:
    """The page as an lxml tree with notices removed and the lead kept (steps 1-2 above)."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    for node in tree.xpath("//noscript"):
        _drop(node)
    if keep_lead:
        # <main> only when it holds no <article>: beside an article it also holds lists of other stories
        for container in tree.xpath("//article | //main[not(.//article)]"):
            _keep_lead(container)
    return tree


def _keep_lead(container: Any) -> None:
    from trafilatura.xpaths import BODY_XPATH

    for node in container.iter():
        for attr in ("class", "id"):
            value = node.get(attr)
            if value and _TEASER.search(value) and _LEAD.search(value):
                # inside the article a teaser is its lead; renamed so trafilatura does not drop it
                node.set(attr, _TEASER.sub("lead", value))
    # the body container trafilatura will read: its first body expression that finds one inside
    body = next(
        (found[0] for expr in BODY_XPATH if (found := [n for n in expr(container) if n is not container])),
        None,
    )
    if body is None:
        return
    inside = set(body.iter())
    leads = []
    for node in container.iter():
        if node in inside or node is container or any(a in leads for a in node.iterancestors()):
            continue
        if body in set(node.iter()):
            continue  # an ancestor of the body container
        label = f"{node.get('class', '')} {node.get('id', '')}"
        if _LEAD.search(label) and (node.text_content() or "").strip() and _precedes(node, body):
            leads.append(node)
    for node in reversed(leads):
        _drop(node, keep_tail=True)
        body.insert(0, node)


def _precedes(node: Any, other: Any) -> bool:
    for n in node.getroottree().iter():
        if n is node:
            return True
        if n is other:
            return False
    return False


def _drop(node: Any, keep_tail: bool = True) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if keep_tail and node.tail:
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    node.tail = None
    parent.remove(node)


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
