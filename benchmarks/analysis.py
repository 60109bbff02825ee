"""Seconds per story for the cross-outlet analysis (entities, quotes, timeline, claims).

    .venv/bin/python benchmarks/analysis.py --stories 5

Reads a stories file (one JSON object per line with "docs": [text, ...]); each document becomes an
article of its own outlet, so every pair of articles is a cross-outlet pair (the worst case for the
claim alignment). Models load once, before timing.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsbrief.analyze import analyze
from newsbrief.analyze.context import nlp
from newsbrief.embed import embed
from newsbrief.ingest import Skip, article_from_text
from newsbrief.model import Article
from newsbrief.pipeline import make_docs, order_articles

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "duc2006.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--stories", type=int, default=5)
    args = parser.parse_args()
    nlp()
    embed(["warm up"])
    print(
        f"{'story':<10}{'articles':>9}{'sentences':>10}{'entities':>9}{'quotes':>7}{'events':>7}{'claims':>7}{'seconds':>9}"
    )
    total = 0.0
    count = 0
    with open(args.path, encoding="utf-8") as fh:
        for line in fh:
            if count >= args.stories:
                break
            story = json.loads(line)
            articles: list[Article] = []
            for k, text in enumerate(story["docs"]):
                try:
                    articles.append(
                        article_from_text(text, source=f"{story['id']}:{k}", outlet=f"{story['id']}-{k}")
                    )
                except Skip:
                    continue
            docs = make_docs(order_articles(articles))
            start = time.perf_counter()
            result = analyze(docs)
            seconds = time.perf_counter() - start
            total += seconds
            count += 1
            print(
                f"{'#' + str(count):<10}{len(docs):>9}{sum(len(d.sentences) for d in docs):>10}{len(result.entities):>9}"
                f"{len(result.quotes):>7}{len(result.timeline):>7}{len(result.claims):>7}{seconds:>9.2f}"
            )
    if count:
        print(f"mean seconds per story: {total / count:.2f} over {count} stories")


if __name__ == "__main__":
    main()
