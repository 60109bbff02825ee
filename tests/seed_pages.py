"""The three seed articles (examples/korea) as a publisher would serve them: HTML pages with a
title, a link, an outlet and a publication time, for the feed, WARC and URL readers' tests."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "korea"


@dataclass(frozen=True, slots=True)
class SeedPage:
    name: str
    host: str
    url: str
    title: str
    published: str  # ISO 8601 with offset
    rfc822: str  # the same time as RSS writes it
    paragraphs: tuple[str, ...]

    def body_html(self) -> str:
        return "".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)

    def page(self) -> str:
        """A whole page: the date in article:published_time, the body inside <article>."""
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(self.title)}</title>"
            f"<meta property='og:title' content='{html.escape(self.title, quote=True)}'>"
            f"<meta property='article:published_time' content='{self.published}'>"
            f"</head><body><header><nav><a href='/'>Home</a></nav></header><article>"
            f"<h1>{html.escape(self.title)}</h1>{self.body_html()}</article>"
            "<footer>Copyright the publisher</footer></body></html>"
        )


def _paragraphs(name: str, skip_lines: int) -> tuple[str, ...]:
    """The file's body lines: the page furniture before ``skip_lines`` and repeated titles left out."""
    lines = (EXAMPLE / name).read_text(encoding="utf-8").splitlines()
    title = lines[skip_lines - 1].strip() if skip_lines else ""
    body = lines[skip_lines:]
    return tuple(
        line.strip() for line in body if len(line.split()) >= 8 and not line.startswith(title or "\0")
    )


SEEDS = (
    SeedPage(
        "hani",
        "english.hani.co.kr",
        "https://www.english.hani.co.kr/arti/english_edition/e_northkorea/924146.html",
        "Bromance between Trump and Kim losing steam",
        "2020-01-13T17:42:00+09:00",
        "Mon, 13 Jan 2020 17:42:00 +0900",
        _paragraphs("000_0886afd3a58f5a8e.txt", 1),
    ),
    SeedPage(
        "globaltimes",
        "globaltimes.cn",
        "https://www.globaltimes.cn/content/1176797.shtml",
        "Trump-Kim relationship has no impact on denuclearization stance: experts",
        "2020-01-13T19:03:00+08:00",
        "Mon, 13 Jan 2020 19:03:00 +0800",
        _paragraphs("002_002ef481e214e12f.txt", 0),
    ),
    SeedPage(
        "diplomat",
        "thediplomat.com",
        "https://thediplomat.com/2020/01/trump-kim-relationship-no-longer-sufficient/",
        "Trump-Kim Relationship No Longer Sufficient for US-North Korea Diplomacy: NK Official",
        "2020-01-13T06:10:00+00:00",
        "Mon, 13 Jan 2020 06:10:00 +0000",
        _paragraphs("004_aecc216984b620f9.txt", 9),
    ),
)
