"""HTML extraction settings compared on news pages with known must-keep and must-not snippets.

    .venv/bin/python benchmarks/extraction.py [--repeat 3]

Pages: benchmarks/data/extraction/*.html, written for this benchmark in the shapes news sites use
(lead/teaser/standfirst containers outside the article body, related-links boxes, captions, comment
sections, cookie banners, newsletter and share boxes, "more from" teaser lists);
benchmarks/data/extraction/snippets.json lists for each page the snippets a brief must read
("keep") and page furniture it must not ("drop").

For each trafilatura setting (favor_precision / default / favor_recall, each with the fallback
extractors and with ``fast`` = none) and with or without newsbrief's lead step (ingest_html step 2),
the page goes through the same path as ingest: extract_html, then clean_text. Columns: kept = share
of must-keep snippets found in the text, leaked = share of must-not snippets found, ms/page = CPU
time (best of --repeat); raw kept / raw leaked: the same on trafilatura's text before clean_text.
The setting in ingest_html.EXTRACTION is marked with *.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Any

from newsbrief.clean import clean_text
from newsbrief.ingest_html import EXTRACTION, extract_html
from newsbrief.skip import Skip

DATA = Path(__file__).resolve().parent / "data" / "extraction"

SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("favor_precision", {"favor_precision": True}),
    ("favor_precision, fast", {"favor_precision": True, "fast": True}),
    ("default", {}),
    ("default, fast", {"fast": True}),
    ("favor_recall", {"favor_recall": True}),
    ("favor_recall, fast", {"favor_recall": True, "fast": True}),
]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(html: str, settings: dict[str, Any], keep_lead: bool, clean: bool = True) -> str:
    """The article text ingest would brief for ``html`` under ``settings`` ("" when it skips);
    ``clean=False``: trafilatura's text before newsbrief's cleaning."""
    try:
        page = extract_html(html, settings=settings, keep_lead=keep_lead)
    except Skip:
        return ""
    return _norm(clean_text(page.text, title=page.title).text if clean else page.text)


def score(
    pages: dict[str, str],
    snippets: dict[str, dict[str, list[str]]],
    settings: dict[str, Any],
    keep_lead: bool,
    repeat: int,
    clean: bool = True,
) -> tuple[float, float, float, list[str]]:
    kept = keep_total = leaked = drop_total = 0
    misses: list[str] = []
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        texts = {name: page_text(html, settings, keep_lead, clean) for name, html in pages.items()}
        best = min(best, time.process_time() - start)
    for name, text in texts.items():
        for snippet in snippets[name]["keep"]:
            keep_total += 1
            if _norm(snippet) in text:
                kept += 1
            else:
                misses.append(f"{name}: missing {snippet!r}")
        for snippet in snippets[name]["drop"]:
            drop_total += 1
            if _norm(snippet) in text:
                leaked += 1
                misses.append(f"{name}: leaked {snippet!r}")
    return kept / keep_total, leaked / drop_total, 1000 * best / len(pages), misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Timing runs per setting (best counts).")
    parser.add_argument("--details", action="store_true", help="List the missed and leaked snippets.")
    args = parser.parse_args()
    snippets: dict[str, dict[str, list[str]]] = json.loads(
        (DATA / "snippets.json").read_text(encoding="utf-8")
    )
    pages = {name: (DATA / name).read_text(encoding="utf-8") for name in sorted(snippets)}
    page_text(next(iter(pages.values())), {}, True)  # imports and caches outside the timing
    print(
        f"{len(pages)} pages, {sum(len(s['keep']) for s in snippets.values())} must-keep and "
        f"{sum(len(s['drop']) for s in snippets.values())} must-not snippets\n"
    )
    print(f"| {'setting':<24} | lead step | kept | leaked | ms/page | raw kept | raw leaked |")
    print(f"|{'-' * 26}|-----------|------|--------|---------|----------|------------|")
    for label, settings in SETTINGS:
        for keep_lead in (False, True):
            kept, leaked, ms, misses = score(pages, snippets, settings, keep_lead, args.repeat)
            raw_kept, raw_leaked, _, raw_misses = score(pages, snippets, settings, keep_lead, 1, clean=False)
            mark = " *" if settings == EXTRACTION and keep_lead else ""
            lead = "yes" if keep_lead else "no"
            print(
                f"| {label + mark:<24} | {lead:<9} | {kept:.2f} | {leaked:.2f}   | {ms:7.1f} "
                f"| {raw_kept:.2f}     | {raw_leaked:.2f}       |"
            )
            if args.details:
                for miss in misses + [f"(raw) {m}" for m in raw_misses]:
                    print(f"|   {miss}")


if __name__ == "__main__":
    main()
