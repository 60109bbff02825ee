"""Alignment of facts across outlets: precision / recall on the labelled dev pairs, and its cost.

    PYTHONPATH=src .venv/bin/python benchmarks/align.py [--half even|odd|all] [--stories 2] [--skip-quality]

Quality: every labelled story of ../shared/data/support-dev.jsonl is briefed (docs as docK.txt,
exactly as ../shared/tools/score_support.py does, whose scoring code is imported from there at run
time) and the brief's links are scored: precision (SAME share of labelled links), different
(DIFFERENT share), recall (SAME pairs linked), unlabelled (links the labels cannot judge).
Halves: the labelled stories in sorted-id order, even or odd positions (the tuning protocol).
Cost: CPU seconds of ``align`` on the first DUC 2006 stories (25 articles each, every article its
own outlet: the worst case), models loaded before timing. The "before" rows are the build before
the alignment (commit 66942c7), "round 1" the first alignment (a1a26d9), "round 2" the build before
the one-hop rule (07ead9f), all measured the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

from newsbrief.align import align
from newsbrief.embed import embed
from newsbrief.ingest import Skip, article_from_text
from newsbrief.model import Article
from newsbrief.pipeline import make_docs, order_articles

# ../shared next to the repository (a worktree may sit one level deeper)
SHARED = next(
    (p / "shared" for p in Path(__file__).resolve().parents if (p / "shared" / "data").is_dir()),
    Path(__file__).resolve().parents[2] / "shared",
)
BEFORE = {  # commit 66942c7, before the alignment, the same scoring (fastscore support --half even / odd)
    "even": {"precision": 0.577, "different": 0.225, "recall": 0.500, "links": 71, "unlabelled": 0.0},
    "odd": {"precision": 0.622, "different": 0.200, "recall": 0.667, "links": 45, "unlabelled": 0.0},
}
ROUND1 = {  # commit a1a26d9, the first alignment (same ≥ 1.95), the same scoring
    "even": {"precision": 0.897, "different": 0.0, "recall": 0.427, "links": 42, "unlabelled": 0.071},
    "odd": {"precision": 0.900, "different": 0.0, "recall": 0.643, "links": 31, "unlabelled": 0.032},
}
ROUND2 = {  # commit 07ead9f, same ≥ 1.82 with the value and polarity fixes, the same scoring
    "even": {"precision": 0.870, "different": 0.0, "recall": 0.488, "links": 50, "unlabelled": 0.080},
    "odd": {"precision": 0.909, "different": 0.0, "recall": 0.714, "links": 35, "unlabelled": 0.057},
}


def _brief_in_process(args: list[str], **_: Any) -> types.SimpleNamespace:
    from click.testing import CliRunner

    from newsbrief.cli import cli

    res = CliRunner().invoke(cli, args[1:], catch_exceptions=True)
    return types.SimpleNamespace(returncode=res.exit_code, stdout=res.stdout, stderr="")


def quality(half: str) -> dict[str, Any]:
    sys.path.insert(0, str(SHARED / "tools"))
    import score_support  # type: ignore[import-not-found]

    score_support.subprocess.run = _brief_in_process
    with open(SHARED / "data" / "support-dev.jsonl", encoding="utf-8") as fh:
        pairs = [json.loads(line) for line in fh]
    ids = sorted({p["story"] for p in pairs})
    keep = set(ids if half == "all" else ids[0::2] if half == "even" else ids[1::2])
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        for p in pairs:
            if p["story"] in keep:
                tmp.write(json.dumps(p) + "\n")
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            out: dict[str, Any] = score_support.score(
                "newsbrief", str(SHARED / "data" / "multinews-dev100.jsonl"), tmp.name
            )
    finally:
        Path(tmp.name).unlink()
    return out


def cost(stories: int) -> list[tuple[int, int, float]]:
    embed(["warm up"])
    rows = []
    with open(SHARED / "data" / "duc2006.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if len(rows) >= stories:
                break
            story = json.loads(line)
            articles: list[Article] = []
            for k, text in enumerate(story["docs"]):
                with contextlib.suppress(Skip):
                    articles.append(article_from_text(text, source=f"{story['id']}:{k}", outlet=f"d{k}"))
            docs = make_docs(order_articles(articles))
            align(docs[:1] + docs[:1])  # imports and lazy loads outside the timing
            start = time.process_time()
            align(docs)
            rows.append((len(docs), sum(len(d.sentences) for d in docs), time.process_time() - start))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("even", "odd", "all"), default="all")
    parser.add_argument("--stories", type=int, default=2, help="DUC 2006 stories to time")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    halves = ("even", "odd") if args.half == "all" else (args.half,)
    if not args.skip_quality:
        print(
            f"{'half':<6}{'':>8}{'links':>7}{'precision':>11}{'different':>11}{'recall':>8}{'unlabelled':>12}"
        )
        for h in halves:
            q = quality(h)
            for name, row in (
                ("before", BEFORE[h]),
                ("round 1", ROUND1[h]),
                ("round 2", ROUND2[h]),
                ("now", q),
            ):
                print(
                    f"{h if name == 'before' else '':<6}{name:>8}{row['links']:>7}{row['precision']:>11.3f}"
                    f"{row['different']:>11.3f}{row['recall']:>8.3f}{row['unlabelled']:>12.3f}"
                )
    print(f"{'DUC story':<10}{'articles':>9}{'sentences':>10}{'align CPU s':>13}")
    for k, (n, s, sec) in enumerate(cost(args.stories)):
        print(f"{'#' + str(k + 1):<10}{n:>9}{s:>10}{sec:>13.2f}")


if __name__ == "__main__":
    main()
