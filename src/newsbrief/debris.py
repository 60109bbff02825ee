"""Documents that are not news articles: crawl debris, widget and player chrome, archive notices, stubs.

A crawler that follows a story's links brings back, besides articles, pages that say nothing about
any event: a web archive's notice about its crawls, a social network's location-sharing help text, a
video player's error message, a reprint or cookie notice, a caption, a tweet. Such a page shares no
event with its story, yet the same boilerplate comes back word for word from many unrelated stories,
so the copy detector and the clusterer would glue unrelated stories together through it. Clustering
leaves every document ``reason`` names as a story of its own (``cluster.term_counts`` gives it no
terms; ``dedupe.find_duplicates`` links no copies of it), and the story list can show why.

The rules are news and web conventions, not strings of any one corpus:

* ``short``: under ``MIN_WORDS`` words. Most news formats run longer; what is shorter is usually a
  caption, a tweet, a teaser, a stub or an error page, and carries too few words to place it in a
  story reliably either way. The exception is the wire brief, which opens with a wire dateline
  ("NAIROBI, May 4 (Xinhua) --", "HAVANA (AP) --"): news by its form, so it only needs
  ``MIN_WIRE_WORDS``; and a text under a headline (an ``Article`` with a title) is a news-in-brief
  item by its form, so it needs ``MIN_TITLED_WORDS`` (a crawled caption, tweet or stub comes
  without one).
* ``boilerplate``: most of the text's sentences are site chrome: web-archive and crawl notices,
  social-widget help, media-player errors, reprint, syndication-sales, paywall, cookie and JavaScript
  notices, "page not found". One such sentence in a real article (a trailing "Subscribe to our newsletter") does not
  make it debris; ``BOILERPLATE_SHARE`` of its words must be.
"""

from __future__ import annotations

import re

from newsbrief.model import Article
from newsbrief.text import content_start

MIN_WORDS = 50  # shorter than almost every news format (captions, tweets, teasers are shorter)
MIN_WIRE_WORDS = 20  # a text opening with a wire dateline is a wire brief, news however short
MIN_TITLED_WORDS = 25  # a headlined news-in-brief item runs 25-50 words
BOILERPLATE_SHARE = 0.5  # share of a text's words in chrome sentences that makes it debris

# Families of site chrome, each a phrase a publisher, archive or platform prints around (not in)
# its content. Case-insensitive; matched per sentence.
_CHROME = re.compile(
    r"|".join(
        [
            # web archives and crawlers
            r"\bwayback machine\b",
            r"\binternet archive\b",
            r"\bcrawl(?:s|ed|er|ing)?\b.{0,80}\barchiv",
            r"\barchiv\w*\b.{0,80}\bcrawl",
            # social widgets
            r"\b(?:tweet|post)s? with a location\b",
            r"\blocation information to your (?:tweets|posts)\b",
            r"\blocation history\b",
            r"\badd (?:this|a) (?:tweet|video|post)\b.{0,40}\b(?:website|embed)",
            # media players
            r"\b(?:video|player|transcript|content|media)\b.{0,40}\b(?:could not|couldn't|failed to|"
            r"unable to) (?:be )?(?:load|play)",
            r"\bthis feature is not available\b",
            r"\bis available when the video has been rented\b",
            r"\byour browser does not support\b",
            # reprint, paywall, cookie and script notices
            r"\bthis copy is for your personal,? non-?commercial use\b",
            r"\border (?:presentation-ready copies|reprints)\b",
            # a news service's sales notice, sent down the wire in place of (or after) a story
            r"\bto (?:publish|reprint|purchase) this (?:article|story|material)\b",
            r"\bsyndicat\w*\b.{0,40}\bsales\b",
            r"\bhow to subscribe\b",
            r"\b(?:enable|turn on) javascript\b",
            r"\bjavascript (?:is )?(?:disabled|required)\b",
            r"\bwe use cookies\b",
            r"\b(?:subscribe|sign in|log in) to (?:continue|read)\b",
            # missing pages
            r"\bpage (?:was )?not found\b",
            r"\bpage (?:is )?no longer available\b",
            r"\b404\b.{0,20}\b(?:error|not found)\b",
        ]
    ),
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def reason(article: Article) -> str | None:
    """Why ``article`` is not a news article (``"short"`` or ``"boilerplate"``), or None when it is one.

    Reads the article's text only (not its title: a page's title is often the site's name). Cost:
    one regular-expression pass over the text, well under a millisecond for a typical article.
    """
    return text_reason(article.text, titled=bool(article.title.strip()))


def text_reason(text: str, *, titled: bool = False) -> str | None:
    """``reason`` for a bare text; ``titled``: it stands under a headline."""
    words = len(text.split())
    least = MIN_WIRE_WORDS if content_start(text.lstrip()) else MIN_TITLED_WORDS if titled else MIN_WORDS
    if words < least:
        return "short"
    chrome = sum(len(s.split()) for s in _SENTENCE.findall(text) if _CHROME.search(s))
    if chrome >= BOILERPLATE_SHARE * words:
        return "boilerplate"
    return None
