"""What a reader sees of a story before opening it: its title, a one-sentence lead, its time span,
and whether it is a story at all.

One module chooses these so that ``newsbrief stories``, the brief (Markdown, JSON, HTML) and the web
page show the same title. No models: word overlap and a sentence split, a few milliseconds a story.

- ``headline(article)``: the article's own headline without page furniture ("CLOSE", "WATCH:",
  "| Reuters"); for an article without one, its first sentence that reads as a headline (not a
  feature opening such as "It was a grey morning in late March …", not a quotation), shortened.
- ``story_title(articles)``: the headline most outlets share; else the most central headline (the
  one whose words the other articles use most; Google News and Ground News title a cluster after
  one member's headline the same way).
- ``story_lead(articles)``: the most central opening sentence, in full.
- ``time_span(first, last)``: "2015-03-23", or "2015-03-23 to 2015-03-25".
- ``is_junk(articles)``: a lone, short page that is no article ("Tweet with a location …").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from newsbrief import debris
from newsbrief.controls import strip_controls
from newsbrief.model import Article
from newsbrief.order import timestamp
from newsbrief.text import content_start, content_stems, is_standalone, words

TITLE_WORDS = 16  # a headline longer than this is cut (news headlines run 6 to 14 words)
LEAD_WORDS = 45  # a lead longer than this is cut with an ellipsis
_OPENING_SENTENCES = 3  # where a headline or lead is looked for in an article without a title
# A story is titled over its earliest this many articles (canonical order: by date, undated last, then
# id): the reports that named it. Titling costs ~1 ms of CPU an article, and a collection re-titles
# a story whenever it grows, so without a bound one article more would cost a pass over thousands.
TITLE_ARTICLES = 200

# Page furniture before a headline or an opening: video-player and gallery labels (USA Today's
# "CLOSE", "WATCH:", "VIDEO:"), excerpt labels, CNN's "Story highlights", the BBC's player notice.
_FURNITURE = re.compile(
    r"^(?:(?:CLOSE|WATCH|VIDEO|PHOTOS?|GALLERY|LIVE|UPDATED?|BREAKING|EXCLUSIVE|ADVERTISEMENT)\b:?\s+"
    r"|(?:Watch|Video|Photos?|Gallery|Live|Updated?|Breaking|Exclusive):\s+"
    r"|(?:Article Excerpt|Story highlights|Advertisement|Media caption|View (?:Images|Photos|Gallery))\s+"
    r"|Media playback is unsupported on your device\s+)+"
)
# " | Reuters", " - CNN.com", " — The Guardian": a site name after the headline.
_SITE_SUFFIX = re.compile(r"\s+(?:\|\s+.*|[-–—]\s+(?:[A-Z][\w.&']*(?:\s+|$)){1,4})$")
# Openings that lean on what came before (a pronoun, a conjunction) or set a scene: no headline.
_LEANING = re.compile(
    r"^(?:It|He|She|They|We|I|You|This|That|These|Those|There|His|Her|Their|Its|Our|My|And|But|So|Or"
    r"|When|As|If|Now|Yet|Still)\b"
)
_BYLINE_OR_DATE = re.compile(
    r"(?:^By\s|\bby\s+[A-Z][\w.]*\s+(?:Staff|Reporter|Writer)\b|^(?:Published|Posted|Updated)\b"
    r"|\bBy\s+[A-Z][a-z]*\.?\s+[A-Z]|\bSource:|\bPhoto(?:grapher)?\b|\bReprints?\b"
    r"|^(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d)"
)


# Markup that survived cleaning (wire-service codes such as "&UR;" and "&QC;", stray entities) and
# lines mostly in capitals (labels, service slugs): neither is a headline a reader can use.
_MARKUP = re.compile(r"&#?\w{1,8};")


def _unreadable(text: str) -> bool:
    upper = sum(c.isupper() for c in text)
    lower = sum(c.islower() for c in text)
    return bool(_MARKUP.search(text)) or (upper + lower > 0 and upper / (upper + lower) > 0.5)


def _strip(text: str) -> str:
    # control characters and terminal escapes are no part of a headline (an Article built in code
    # has not been through the readers that drop them): two outlets' same headline is one headline
    text = " ".join(strip_controls(text).split())
    return _FURNITURE.sub("", text).strip()


# ", the transit office said on Tuesday": who said it, which a headline leaves out.
_ATTRIBUTION = re.compile(
    r",\s+(?:[\w.'’-]+\s+){0,6}?(?:said|says|announced|reported|confirmed|told\s+[\w]+)"
    r"(?:\s+(?:on|late|early)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?$"
)


def _shorten(sentence: str, limit: int = TITLE_WORDS) -> str:
    """A sentence as a headline: no final period, no closing attribution (", police said"), and past
    ``limit`` words cut with "…" (a cut at a comma reads as a fragment: "Ashgrove Hartley &
    Finch, the investment firm")."""
    text = sentence.strip().rstrip(".")
    bare = _ATTRIBUTION.sub("", text)
    if len(bare.split()) >= 6:
        text = bare
    tokens = text.split()
    if len(tokens) <= limit + limit // 2:
        return " ".join(tokens)
    return " ".join(tokens[:limit]).rstrip(",;:") + "…"


_OPENING_CHARS = 1500  # the article's start that holds its opening sentences: split only that


def _openings(article: Article) -> list[str]:
    """The article's first few sentences, wire dateline and page furniture taken off. Only the
    first ``_OPENING_CHARS`` characters are split (a story list asks for every listed article), and
    a sentence the cut runs through is left out."""
    from newsbrief.split import split_article  # nupunkt: loaded only when an opening is needed

    head = replace(article, text=article.text[:_OPENING_CHARS])
    whole = len(head.text) == len(article.text)
    out = []
    for s in split_article(head)[:_OPENING_SENTENCES]:
        if not whole and s.end >= len(head.text) - 1:
            break
        text = s.text(head)
        text = _strip(text[content_start(text) :])
        if text:
            out.append(text)
    return out


def _headline_like(sentence: str) -> bool:
    return (
        is_standalone(sentence)
        and not _LEANING.match(sentence)
        and not sentence.startswith(("“", '"', "‘", "'"))
        and not _BYLINE_OR_DATE.search(sentence)
        and not _unreadable(sentence)
    )


def _own_headline(article: Article) -> str:
    """The article's title without page furniture, or "" when it has none worth showing."""
    title = _SITE_SUFFIX.sub("", _strip(article.title))
    if words(title) < 2 or _BYLINE_OR_DATE.search(title) or title.endswith(("(", ",")) or _unreadable(title):
        return ""
    return title


def headline(article: Article, words: int = TITLE_WORDS) -> str:
    """The article's headline: its own title cleaned of page furniture, else its first opening
    sentence that reads as a headline, cut after ``words`` words (``_shorten``); "" when it has
    neither."""
    own = _own_headline(article)
    if own:
        return own
    found = next((s for s in _openings(article) if _headline_like(s)), "")
    return _shorten(found, words) if found else ""


class _Usage:
    """Which articles use which content stems (title and first 2,000 characters, each stem counted
    once per article), so that a candidate's centrality costs its own length, not the story's size:
    a 1,000-article story is titled in about a second instead of minutes."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.sets = [set(content_stems(a.title + " " + a.text[:2000])) for a in articles]
        self.df = Counter(stem for used in self.sets for stem in used)

    def centrality(self, text: str, k: int) -> float:
        """How much of ``text`` (offered by article ``k``) the other articles say: the mean, over
        them, of the share of its content stems each uses (article ``k`` itself when it is alone)."""
        own = set(content_stems(text))
        if not own:
            return 0.0
        mine = self.sets[k]
        if len(self.sets) == 1:
            return len(own & mine) / len(own)
        # an integer numerator and one division: the same value whatever the order of the articles
        shared = sum(self.df[stem] - (stem in mine) for stem in own)
        return shared / (len(own) * (len(self.sets) - 1))


OWN_TITLE_BONUS = 0.15  # centrality a publisher's own headline is worth over an opening sentence


def title_key(article: Article) -> tuple[bool, float, str]:
    """An article's place in the canonical order (by date, undated last, then id), as the collection
    stores a story's articles (``Collection.story_articles``)."""
    when = timestamp(article.published)
    return (when is None, when or 0.0, article.id)


def earliest(articles: Sequence[Article], limit: int | None = None) -> list[Article]:
    """The ``limit`` (default ``TITLE_ARTICLES``) earliest of ``articles`` in canonical order
    (``title_key``); all when fewer."""
    limit = TITLE_ARTICLES if limit is None else limit
    if len(articles) <= limit:
        return list(articles)
    return sorted(articles, key=title_key)[:limit]


def story_title(articles: Sequence[Article]) -> str:
    """The story's title: an article headline shared by two or more outlets (the most shared), else
    the most central candidate, where each article offers its own headline (worth
    ``OWN_TITLE_BONUS`` more) and its first opening sentence that reads as a headline. Ties go to
    own headlines, then the shorter, then the alphabetically first, so the order of ``articles``
    never matters. Only the story's ``TITLE_ARTICLES`` earliest articles are read (``earliest``).
    Pages that are no article (``debris.reason``) offer nothing when articles exist.
    When no article offers one, the opening words of the most central article (``_opening_words``),
    so a story without headlines has one title whichever surface shows it; "" only when every text
    is empty.
    """
    articles = earliest(articles)
    # a page too short to be an article (a widget, a notice) offers nothing unless all are such, and
    # has no say in which headline is central either: clustering keeps such a page a story of its
    # own, so a stored story never holds it, and a brief of files that do must title alike
    pages = [a for a in articles if debris.reason(a) is None] or list(articles)
    usage = _Usage(pages)
    owned: dict[str, set[str]] = {}
    candidates: list[tuple[float, int, int, str]] = []
    for k, article in enumerate(pages):
        own = _own_headline(article)
        if own:
            owned.setdefault(own.casefold(), set()).add(article.outlet)
            candidates.append((-usage.centrality(own, k) - OWN_TITLE_BONUS, 0, words(own), own))
        opening = next((s for s in _openings(article) if _headline_like(s)), "")
        if opening:
            short = _shorten(opening)
            candidates.append((-usage.centrality(opening, k), 1, words(short), short))
    shared = [(len(v), key) for key, v in owned.items() if len(v) >= 2]
    if shared:
        most = max(n for n, _ in shared)
        keys = {key for n, key in shared if n == most}
        candidates = [c for c in candidates if c[1] == 0 and c[3].casefold() in keys]
    return min(candidates)[3] if candidates else _opening_words(pages, usage)


def _opening_words(articles: Sequence[Article], usage: _Usage) -> str:
    """The first ``TITLE_WORDS`` words (after a wire dateline such as "WASHINGTON (AP) —") of the
    article whose opening words the others use most (``usage``: over ``articles``); ties to the
    alphabetically first, so neither the order of ``articles`` nor a summary decides it (a brief, a
    batch run and an ingest of the same originals show the same words). "" when every text is empty."""
    scored = []
    for k, article in enumerate(articles):
        text = article.text
        head = text[content_start(text) :].split()
        if head:
            shown = " ".join(head[:TITLE_WORDS]) + ("…" if len(head) > TITLE_WORDS else "")
            scored.append((-usage.centrality(shown, k), shown))
    return min(scored)[1] if scored else ""


def story_lead(articles: Sequence[Article], title: str = "") -> str:
    """One sentence that says what the story is: the most central opening sentence among the
    articles' first few that reads as a headline and is not the title itself; cut after
    ``LEAD_WORDS`` words. "" when none qualifies."""
    usage = _Usage(articles)
    key = title.rstrip(".…").casefold()
    scored = []
    for k, article in enumerate(articles):
        for position, sentence in enumerate(_openings(article)):
            if not _headline_like(sentence) or (key and sentence.casefold().startswith(key)):
                continue
            scored.append((-usage.centrality(sentence, k), position, sentence))
    if not scored:
        return ""
    best = min(scored)[2]
    tokens = best.split()
    return best if len(tokens) <= LEAD_WORDS else " ".join(tokens[:LEAD_WORDS]) + "…"


def time_span(first: datetime | None, last: datetime | None) -> str:
    """The days a story covers: one date when it starts and ends the same day, "" when undated."""
    if first is None or last is None:
        return ""
    a, b = first.date().isoformat(), last.date().isoformat()
    return a if a == b else f"{a} to {b}"


def is_junk(articles: Sequence[Article]) -> bool:
    """Whether a story is no news story: one independent page that clustering also keeps apart as
    no article (``debris.reason``: too short, or mostly site chrome such as a social-media widget,
    a video player's notice, an archive's crawl note).

    ``articles``: the story's original articles (copies left out).
    """
    return len(articles) == 1 and debris.reason(articles[0]) is not None
