"""Strip what is not the story from article text, and recover the metadata the text carries.

Order (each step sees the previous step's output):
1. normalize line endings, whitespace and plain-text typography (``quotes'', `` _ `` dashes);
2. read metadata lines ("Posted on : 2020-01-13 17:42 KST", "By Jane Doe, correspondent") and drop them;
3. cut trailing link lists that start at a header such as "Most viewed articles";
4. drop navigation/promo lines, breadcrumbs, credits, captions, and repeats of the headline;
5. cut legal notices shouted in capitals off the start of a paragraph ("COPYRIGHT 1998 BY … NO
   PORTION … MAY BE USED … WITHOUT ATTRIBUTION …"), which wire exports glue onto the first sentence;
6. cut bare photo credits glued onto a line ("… was closed for the day. AP Photo/Dana Whitfield",
   "Lucien Marchetti / AFP / Getty Images The harbour master inspects …"); a line that is only a credit
   goes with the furniture of step 4;
7. split photo captions glued onto the next sentence ("…July 26, 2011The Korean Central…").

The rules are about the *shape* of a line (length, final punctuation, separators, trailing credits,
where it sits), not about any one site's wording, so they carry over to pages not seen before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newsbrief.dates import parse_datetime

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")

# Short lines built from these phrases are site furniture, not reporting, even as full sentences
# ("Click here to watch the video.", "Sign up for our newsletter.").
_PROMO = re.compile(
    r"\b(most (viewed|read|popular|shared|emailed|commented)|recent (features|posts|stories|articles)"
    r"|related (articles?|stories|coverage|content|news|topics)|(read|see) (more|also|next)"
    r"|sign up|subscribe|newsletter|sponsored content|share (this|on|via)"
    r"|follow (us|@\w+)|latest news|click (here|to)|all rights reserved|please direct comments|comments? or questions"
    r"|you (may|might) also like|more from|recommended for you|log ?in|sign in|terms of (use|service)"
    r"|privacy policy|skip to (main )?content|back to top|print this|email this|download (the|our) app"
    r"|listen to (this )?article|editor'?s? picks|don'?t miss)\b"
    r"|^\s*(copyright\b|©)",
    re.IGNORECASE,
)
# A publisher's notice: "Copyright 2024 The Associated Press. All rights reserved. This material
# may not be published, broadcast, rewritten or redistributed." A line that opens with a copyright
# and a year is the notice however long (the promo rule above takes short lines only).
_COPYRIGHT_LINE = re.compile(r"^\s*(?:copyright\b|©|\(c\))\s*(?:©\s*)?(?:19|20)\d\d\b", re.IGNORECASE)
# Words that mark furniture only on a label-like line (no sentence end): reporters write sentences
# about copyright law, a panic button or tobacco advertising, and those must stay.
_PROMO_LABEL = re.compile(
    r"\b(advertisement|advertising|sponsored|copyright|button|trending( now)?|recommended( stories)?"
    r"|cookies?|top stories)\b|©",
    re.IGNORECASE,
)
# A header after which the rest of the page is a list of other articles.
_LIST_HEADER = re.compile(
    r"^\s*(most (viewed|read|popular|shared|emailed)( articles| stories| news)?|related (articles|stories|coverage|news)"
    r"|recommended( for you| stories| articles)?|more (from|stories|news)\b.*|read (more|next)|trending( now)?"
    r"|you (may|might) also like|top stories|latest news|editor'?s? picks)\s*:?\s*$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^\s*((photo|image|picture|video|graphic)s?\s*(credit|courtesy|by|:|copyright|caption)|credit\s*:"
    r"|courtesy( of)?\b|source\s*:|photograph\s*:|file photo\b)",
    re.IGNORECASE,
)
# "... meet at Panmunjom on June 30, 2019. (Reuters)" — a caption ends on a bare credit in parentheses.
_TRAILING_CREDIT = re.compile(
    r"\((?:[A-Z][\w.&'/-]*(?:\s+[\w.,&'/-]+){0,4}|(?i:photo|image|picture)[^)]{0,60})\)\s*$"
)
# A photo credit written bare, the way picture desks sign captions: "AP Photo/Dana Whitfield",
# "Oskar Lindqvist/AFP/Getty Images", "Photograph: Hal Brennan/PA", "Photo by Jane Doe for The Post",
# "Courtesy Nell Ferris", or a picture agency alone ("Getty Images"). Its shape: capitalised names
# joined by slashes, or after a credit label, or ending in a picture agency; never a verb or a
# lower-case word (a few particles aside), never a sentence end.
_AGENCY = (
    r"(?:Getty Images|AFP|AP|Reuters|EPA(?:-EFE)?|PA(?: Wire)?|Shutterstock|Alamy|WireImage|Invision|Pool)"
)
_NAME = r"[A-Z][\w'’&.-]*"
_NAMES = rf"{_NAME}(?:\s+(?:{_NAME}|of|for|the|via|de|da|van|von|del|la|le)){{0,5}}"
_CREDIT = (
    rf"(?:(?:AP\s+)?(?:Photo(?:graph)?s?|Image|Picture|Credit)\s*(?::|\bby\b)\s*|Courtesy(?:\s+of)?\s+)"
    rf"{_NAMES}(?:\s*[/,]\s*{_NAMES})*"  # a labelled credit
    rf"|{_NAMES}(?:\s*/\s*{_NAMES})+"  # names joined by slashes
    rf"|{_AGENCY}"  # a picture agency alone
)
_CREDIT_ONLY = re.compile(rf"^(?:{_CREDIT})$")
# Glued after a sentence end (a quotation's closing mark included) at the end of the line.
_GLUED_CREDIT = re.compile(rf"(?<=[.!?…\"”’])\s+(?:{_CREDIT})$")
# Glued before a caption at the start of the line: "Lucien Marchetti / AFP / Getty Images The
# harbour master inspects ...".
_LEADING_CREDIT = re.compile(rf"^(?:{_NAMES}\s*/\s*)+{_AGENCY}\s+(?=[A-Z])")
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s*[^.!?]{0,60})?$")
_META_DATE = re.compile(
    r"^\s*(?:posted|published|updated|modified|last updated|date|first published)(?:\s+on)?\s*[:\-]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"\s[|»›>•·]\s")
_URL_ONLY = re.compile(r"^\s*(https?://\S+|www\.\S+|\S+@\S+\.\w+)\s*$")
_EMPTY_LINK = re.compile(r"\[\s*\]\s*$")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_TRAILING_DATE = re.compile(rf"{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\s*$|\d{{4}}-\d{{2}}-\d{{2}}\s*$")
# An embedded social-media post keeps its signature: "… see you all at the finish line. — Tess Moreau
# (@TessRunsFar) April 9, 2016". It is somebody's dated words, reporting the story quotes, not a
# caption, though it too ends in a date.
POST_SIGNATURE = re.compile(
    rf"[—–-]\s*(?P<who>[^—–()\n]{{1,80}}?)\s*\(@\w{{1,15}}\)\s*(?P<when>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})\s*$"
)
# A capitalized word starting right after a digit or a lower-case word, with no space: text from two
# page elements run together. Lower-case glue only counts before a common sentence opener, since
# names like "McDonald" or "iPhone" also mix case.
_GLUE = re.compile(
    r"(?<=\d)(?=[A-Z][a-z]+\s)"
    r"|(?<=[a-z]{2})(?=(?:The|A|An|In|On|At|He|She|It|They|We|His|Her|Its|Their|This|That|These|Those|But"
    r"|And|After|Before|When|While|As|According|Officials?)\s)"
)


# What a legal notice says; only cut when it is shouted (see ``_strip_notice``).
_NOTICE = re.compile(
    r"\b(copyright|all rights reserved|no portion|may not be (reproduced|republished|redistributed|used)"
    r"|without (the )?(prior )?(written )?(permission|attribution|consent))\b",
    re.IGNORECASE,
)
_CONTACT_LABEL = frozenset(("Tel", "Fax", "Phone", "E-mail", "Email"))
_NOTICE_MIN_WORDS = 8


# Penn Treebank / DUC typography: ``quotes'' and free-standing _ or -- dashes. Normalized before
# anything else so that quote-balance checks downstream see real quotation marks.
_TYPOGRAPHY = (
    (re.compile(r"``\s?"), "“"),
    (re.compile(r"\s?''"), "”"),
    (re.compile(r"(?<=\s)_(?=\s)|(?<=\s)--(?=\s)"), "—"),
)


def normalize_typography(text: str) -> str:
    """Turn ```` ``quotes'' ```` into curly quotes and free-standing ``_``/``--`` into dashes, and
    drop SGML entity references that no character has (``&QL;``, ``&UR;`` of newswire corpora)
    and the image links embedded posts leave (``pic.twitter.com/…``)."""
    for pattern, replacement in _TYPOGRAPHY:
        text = pattern.sub(replacement, text)
    return _PIC_LINK.sub("", _UNKNOWN_ENTITY.sub(_drop_unknown, text))


# the image link an embedded post leaves in crawled text: "… together. pic.twitter.com/abc123 —"
_PIC_LINK = re.compile(r"\s*\b(?:https?://)?pic\.twitter\.com/\w+")


# an entity reference HTML does not define is markup a newswire export left behind ("&QL;" a
# quad-left, "&UR;" an underline-roman code): no character, nothing a reader should see
_UNKNOWN_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,7});[ \t]?")


def _drop_unknown(m: re.Match[str]) -> str:
    from html.entities import html5

    return m.group(0) if m.group(1) + ";" in html5 else ""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned body text plus what the text said about itself."""

    text: str
    title: str = ""
    published: datetime | None = None
    byline: str = ""
    removed: tuple[str, ...] = ()


def _norm(line: str) -> str:
    return _WS.sub(" ", line).strip()


def _key(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def _words(line: str) -> int:
    return len(line.split())


def is_headline_like(line: str) -> bool:
    """A line that reads as a title: several words, not too long, and not ending like a sentence.

    A period (also one behind a closing quote or bracket: '… “rebuild stronger than ever.”') ends a
    sentence, never a headline. A question or exclamation ends a headline only in Title Case
    ("Who Painted the Town Hall Door?"), the headline style; in sentence case ("Will the town
    ever be rebuilt?") it is the article's first sentence.
    """
    if not 3 <= _words(line) <= 25 or re.search(r"[.,;:…][\"'”’)\]]*\s*$", line):
        return False
    if re.search(r"[!?][\"'”’)\]]*\s*$", line):
        return _title_case(line)
    return True


def _title_case(line: str) -> bool:
    # Words of four letters or more: short function words stay lower case in Title Case too.
    long_words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) >= 4]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words)


def _is_furniture(line: str) -> bool:
    """Navigation, promo, credit, caption and link lines: page parts that are not reporting."""
    n = _words(line)
    terminal = bool(_TERMINAL.search(line))
    if (
        _URL_ONLY.match(line)
        or _EMPTY_LINK.search(line)
        or _CREDIT_LINE.match(line)
        or _CREDIT_ONLY.match(line)
    ):
        return True
    if _BREADCRUMB.search(line) and not terminal and all(_words(p) <= 4 for p in _BREADCRUMB.split(line)):
        return True
    if n <= 14 and (_PROMO.search(line) or (not terminal and _PROMO_LABEL.search(line))):
        return True
    if n <= 60 and _COPYRIGHT_LINE.match(line):
        return True
    if not terminal and n < 3:
        return True  # section labels, buttons, lone names
    if _TRAILING_CREDIT.search(line) and n <= 60:
        return True  # photo caption ending in "(Reuters)"
    if not terminal and _TRAILING_DATE.search(line) and n <= 40 and not POST_SIGNATURE.search(line):
        return True  # caption ending in a date: "X arrives in New York, July 26, 2011"
    return bool(_BYLINE.match(line))


def _strip_notice(line: str) -> tuple[str, str]:
    """Split a line into (text, leading legal notice); the notice is ``""`` when there is none.

    A notice is a run of at least eight words written without lower-case letters (contact labels
    such as "Tel:" allowed) that says "copyright", "no portion … may be used" or the like, up to
    its last word ending in a period: the article's own first words may be capitals too ("NASA'S
    probe …"), so the cut falls at the notice's final sentence end, not where the capitals stop.
    """
    words = line.split(" ")
    run = 0
    for word in words:
        if re.search(r"[a-z]", word) and word.rstrip(":.") not in _CONTACT_LABEL:
            break
        run += 1
    ends = [i for i in range(run) if words[i].endswith(".")]
    if run < _NOTICE_MIN_WORDS or not ends:
        return line, ""
    head = " ".join(words[: ends[-1] + 1])
    if _words(head) < _NOTICE_MIN_WORDS or not _NOTICE.search(head):
        return line, ""
    return " ".join(words[ends[-1] + 1 :]), head


def _strip_credits(line: str) -> tuple[str, list[str]]:
    """Cut a bare photo credit glued before or after the text of ``line``: (text, the credits cut).

    A line that is nothing but a credit is left whole, for the furniture rule to drop.
    """
    credits: list[str] = []
    lead = _LEADING_CREDIT.match(line)
    if lead:
        credits.append(lead.group().strip())
        line = line[lead.end() :]
    trail = _GLUED_CREDIT.search(line)
    if trail:
        credits.append(trail.group().strip())
        line = line[: trail.start()]
    return line, credits


def _split_glued(line: str) -> list[str]:
    """Split a line where two page elements were run together; drop a caption-shaped first part."""
    m = _GLUE.search(line)
    if not m or m.start() < 20:
        return [line]
    head, tail = line[: m.start()].rstrip(), line[m.start() :]
    parts = [] if (_TRAILING_DATE.search(head) or _TRAILING_CREDIT.search(head)) else [head]
    return parts + _split_glued(tail)


# Hard-wrapped plain text (mail, wire copy, fixed-width exports: "textwrap.fill" at 60-80
# columns) breaks every paragraph into lines of a few words. Every rule here reads a line as a
# paragraph, so such a text lost its title and had no sentence that stood alone. A text is taken
# as hard-wrapped when no line is wider than this, (nearly) every break between two lines is one
# the next word forced, and most lines end mid-sentence; a paragraph a line (pages, feeds, most
# files) has wider lines, or breaks where the next word would have fitted.
_WRAP_MAX = 100


def unwrap(text: str) -> str:
    """``text`` with hard-wrapped paragraphs joined into one line each; other text as it is.

    A line break is a wrap when the next line's first word would not have fitted on the line
    within the text's width (the rule every wrapping tool follows); a break before a short line's
    successor (a headline, a paragraph's last line) stays. Cost: one pass over the lines.
    """
    lines = text.split("\n")
    body = [line.rstrip() for line in lines if line.strip()]
    if len(body) < 4:
        return text
    width = max(len(line) for line in body)
    if width > _WRAP_MAX:
        return text

    def wraps(line: str, following: str) -> bool:
        words = following.split()
        return bool(line.strip() and words and len(line.rstrip()) + 1 + len(words[0]) > width)

    pairs = list(zip(lines, [*lines[1:], ""], strict=True))
    breaks = [(line, nxt) for line, nxt in pairs if line.strip() and nxt.strip()]
    open_ended = sum(not _TERMINAL.search(line) for line in body)
    # wrapped: (nearly) every break inside a block is one the next word forced, and most lines stop
    # mid-sentence; lines of their own (a caption, a post, a headline) break where a word would fit
    if len(breaks) < 3 or sum(wraps(*b) for b in breaks) < 0.75 * len(breaks) or open_ended < 0.5 * len(body):
        return text
    out: list[str] = []
    joining = False
    for line, following in pairs:
        out.append(line.strip() if joining else line.rstrip())
        joining = wraps(line, following)
        out.append(" " if joining else "\n")
    return "".join(out[:-1])


def clean_text(raw: str, *, title: str = "") -> Cleaned:
    """Return the story text of ``raw`` and the title/date/byline it carries.

    ``title`` is the known headline (from HTML or JSON metadata); without one, a repeated or
    leading headline-shaped line is taken as the title. Lines equal to the title are removed.
    """
    raw = unwrap(normalize_typography(raw.replace("\r\n", "\n").replace("\r", "\n")))
    lines = [_norm(line) for line in raw.split("\n")]
    lines = [line for line in lines if line]
    removed: list[str] = []
    published: datetime | None = None
    byline = ""

    kept: list[str] = []
    for line in lines:
        meta = _META_DATE.match(line)
        if meta and _words(line) <= 16 and published is None:
            published = parse_datetime(re.split(r"\b(?:modified|updated)\b", meta["rest"], flags=re.I)[0])
            if published is not None:
                removed.append(line)
                continue
        if not byline and _BYLINE.match(line):
            byline = line[3:].strip()
        kept.append(line)

    # Everything after a "Most viewed"-style header in the second half is a list of other stories.
    for i, line in enumerate(kept):
        if i >= len(kept) // 2 and _LIST_HEADER.match(line):
            removed.extend(kept[i:])
            kept = kept[:i]
            break

    if not title:
        # a first line followed by a blank line is a paragraph of its own, as a headline is
        title = _guess_title(kept, alone=bool(re.match(r"[ \t]*\S[^\n]*\n[ \t]*\n", raw.lstrip("\n"))))
    title_key = _key(title)

    out: list[str] = []
    seen: set[str] = set()
    for line in kept:
        line, notice = _strip_notice(line)
        if notice:
            removed.append(notice)
            if not line:
                continue
        line, credits = _strip_credits(line)
        removed.extend(credits)
        key = _key(line)
        if (title_key and key == title_key) or _is_furniture(line) or key in seen:
            removed.append(line)
            continue
        seen.add(key)
        out.extend(_split_glued(line))
    return Cleaned("\n".join(out), title=title, published=published, byline=byline, removed=tuple(removed))


def _sentence_case(line: str) -> bool:
    """A capital first word and a lower-case word after it ("Council approves budget"): menus,
    labels and datelines of three words are in capitals ("Home News World", "Sunday, March 3")."""
    later = line.split()[1:]
    return any(w.isalpha() and w.islower() for w in later)


def _guess_title(lines: list[str], *, alone: bool = False) -> str:
    """The headline of a plain-text page: a headline-shaped line repeated near the top, else the first one.

    The first line is the headline when it has four words or more, or three ('Council approves
    budget') when it is a paragraph of its own (``alone``) in sentence case: shorter lines, and
    three words in capitals, are too often menus, labels and kickers to be taken on shape alone.
    """
    head = lines[:12]
    counts: dict[str, int] = {}
    for line in head:
        counts[_key(line)] = counts.get(_key(line), 0) + 1
    for line in head:
        if counts[_key(line)] > 1 and is_headline_like(line) and not _is_furniture(line):
            return line
    for i, line in enumerate(head[:3]):
        if _is_furniture(line) or _META_DATE.match(line):
            continue
        short_ok = alone and i == 0 and _words(line) == 3 and line[0].isupper() and _sentence_case(line)
        return line if is_headline_like(line) and (_words(line) >= 4 or short_ok) else ""
    return ""
