"""Quality table: newsbrief beside the baselines on the two dev sets, plus the speed ratio to sumy.

    NLTK_DATA=../shared/nltk_data .venv/bin/python benchmarks/quality.py [MULTINEWS] [DUC2006]

Multi-News (256 words): rouge-score F1. DUC 2006 (250 words): rouge-score F1 and official
ROUGE-1.5.5 recall (when Perl + XML::DOM are present). sumy's LexRank joins when sumy is installed;
its ms/story beside newsbrief's, in the same run, gives the speed ratio. A missing file is skipped.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from newsbrief.errors import NewsbriefError
from newsbrief.evaluate import (
    REFERENCE,
    SUMY_LEXRANK,
    add_rouge155,
    check_rouge155,
    evaluate,
    format_table,
    read_stories,
    system_names,
)

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"


def bench(path: Path, words: int, *, official: bool) -> None:
    if not path.is_file():
        print(f"{path}: not found; skipped\n")
        return
    stories = list(read_stories(path))
    results = evaluate(stories, words, system_names())
    if official:
        try:
            check_rouge155()
            results = add_rouge155(results, stories, words)
        except NewsbriefError as exc:
            print(f"(ROUGE-1.5.5 skipped: {exc})")
    print(
        f"{path.name}: {len(stories)} stories, {words} words; rouge-score F1 ×100 (-155: ROUGE-1.5.5 recall)"
    )
    print(format_table(results))
    by_name = {r.system: r for r in results}
    if SUMY_LEXRANK in by_name:
        ratio = by_name[SUMY_LEXRANK].ms_per_story / max(by_name[REFERENCE].ms_per_story, 1e-9)
        print(f"speed: newsbrief is {ratio:.1f}× faster per story than sumy's LexRank")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("multinews", nargs="?", type=Path, default=DATA / "multinews-dev100.jsonl")
    parser.add_argument("duc2006", nargs="?", type=Path, default=DATA / "duc2006.jsonl")
    args = parser.parse_args(argv)
    logging.getLogger("newsbrief").setLevel(logging.ERROR)
    bench(args.multinews, 256, official=False)
    bench(args.duc2006, 250, official=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
