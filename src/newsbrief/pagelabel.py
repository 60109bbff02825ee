"""Page elements crawled with an article that state no fact: captions, video and link labels.

A crawl of a news page brings back, inside the article's text, the labels a site prints around its
content: a caption ("Caption The lion was shot …", "Image copyright Reuters"), a video teaser
("Watch the report …", "WATCH: …"), a link label ("Related: …", "Read more: …"), a photo caption
placing people ("Ana Ruiz (left) and Tom Hale …") or the wire-photo caption ("This image provided
by the county jail shows …"). Such a sentence is neither a fact another outlet can confirm
(``align.is_statement``) nor a sentence for a summary (``summarize.ilp``).

A link label needs its colon: without one, "Related to …" and "More than 50 people were hurt"
are sentences of the story. Source of the forms: the page furniture of news sites and wire-photo
captions (AP, Reuters); no corpus's strings.
"""

from __future__ import annotations

import re

__all__ = ["is_page_element"]

_PAGE_ELEMENT = re.compile(
    r"^\s*(?:(?:image|media|photo)\s+)?caption\b|^\s*(?:watch|photo)\b|\bimage\s+copyright\b|"
    r"^\s*(?:related|read\s+more|more|see\s+also|click\s+here)\s*:|"
    r"\((?:left|right|centre|center|pictured|top|bottom)\)|"
    r"^\s*(?:this|the|in\s+this)\s+(?:undated\s+|file\s+|handout\s+)?(?:image|photo|photograph|picture|"
    r"booking\s+photo|mugshot|video\s+still|frame\s+grab)\s+(?:\w+\s+){0,2}?"
    r"(?:provided|released|taken|made|obtained|distributed)\b",
    re.IGNORECASE,
)


def is_page_element(sentence: str) -> bool:
    """Whether ``sentence`` is a caption, video or link label, not reporting. Cost: one regex search."""
    return _PAGE_ELEMENT.search(sentence) is not None
