"""Quality table: newsbrief beside the baselines on the two dev sets, each half, and CPU beside sumy.

    NLTK_DATA=../shared/nltk_data .venv/bin/python benchmarks/quality.py [MULTINEWS] [DUC2006] [--systems a,b]

Multi-News (256 words): rouge-score F1. DUC 2006 (250 words): rouge-score F1 and official
ROUGE-1.5.5 recall (when Perl + XML::DOM are present). For newsbrief, each score also comes with its
bootstrap 95% interval and its value on each half of the set (even / odd stories in file order: the
halves settings are chosen and confirmed on, docs/tuning.md). sumy's LexRank joins when sumy and
NLTK's punkt data are present (otherwise the table says so and leaves its column out); CPU per
story (``time.process_time``) of newsbrief beside sumy's, in the same run, gives the CPU ratio, on
each set and on 10-article stories (each DUC 2006 story cut to its first 10 articles). A missing
file is skipped. ``--systems newsbrief`` scores newsbrief alone (every half, intervals and
ROUGE-1.5.5 as usual, CPU without the ratio): under half a CPU minute instead of five and a half
(the baselines, sumy's above all, cost the rest), the loop for trying a change before the full table.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from newsbrief.errors import NewsbriefError
from newsbrief.evaluate import (
    HALVES,
    METRICS,
    REFERENCE,
    SUMY_LEXRANK,
    Story,
    SystemResult,
    add_rouge155,
    check_rouge155,
    evaluate,
    format_table,
    half,
    make_selector,
    mean_interval,
    read_stories,
    rouge155,
    sumy_available,
    system_names,
)

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
TEN = 10  # articles per story for the CPU comparison the speed target is stated on


def sumy_systems() -> list[str]:
    """``[SUMY_LEXRANK]`` when it can run here; otherwise say why and return no system."""
    if not sumy_available():
        print("(sumy is not installed: its LexRank column is skipped; pip install sumy==0.13.0)")
        return []
    try:
        make_selector(SUMY_LEXRANK)
    except NewsbriefError as exc:
        print(f"(sumy's LexRank skipped: {exc})")
        return []
    return [SUMY_LEXRANK]


def cpu_line(results: Sequence[SystemResult], label: str) -> str:
    by_name = {r.system: r for r in results}
    ours = by_name[REFERENCE].cpu_ms_per_story
    line = f"cpu per story, {label}: newsbrief {ours:.1f} ms"
    if SUMY_LEXRANK in by_name:
        theirs = by_name[SUMY_LEXRANK].cpu_ms_per_story
        line += f", sumy's LexRank {theirs:.1f} ms: {theirs / max(ours, 1e-9):.1f}× less CPU"
    return line


def newsbrief_detail(result: SystemResult, stories: Sequence[Story], words: int, *, official: bool) -> None:
    """newsbrief's scores with their 95% intervals, overall and on each half."""
    rows = [("all", list(range(len(stories))))] + [(h, half(range(len(stories)), h)) for h in HALVES]
    for name, idx in rows:
        cells = []
        for m in METRICS:
            i = mean_interval([result.per_story[m][k] for k in idx])
            cells.append(f"{m} {i.diff:.2f} [{i.low:.2f}, {i.high:.2f}]")
        if official:
            r155 = rouge155(
                [result.summaries[k] for k in idx],
                [list(stories[k].refs) for k in idx],
                words,
                intervals=True,
            )
            cells.append(f"R2-155 {r155['R2']:.2f} [{r155['R2-low']:.2f}, {r155['R2-high']:.2f}]")
        print(f"newsbrief {name:>4} ({len(idx):3d} stories): " + "  ".join(cells))


def bench(path: Path, words: int, systems: list[str], *, official: bool) -> None:
    """Print the table of ``systems`` (newsbrief first) on the stories of ``path`` at ``words``."""
    if not path.is_file():
        print(f"{path}: not found; skipped\n")
        return
    stories = list(read_stories(path))
    results = evaluate(stories, words, systems)
    if official:
        try:
            check_rouge155()
            results = add_rouge155(results, stories, words)
        except NewsbriefError as exc:
            print(f"(ROUGE-1.5.5 skipped: {exc})")
            official = False
    print(
        f"{path.name}: {len(stories)} stories, {words} words; rouge-score F1 ×100 (-155: ROUGE-1.5.5 recall)"
    )
    print(format_table(results))
    ours = next(r for r in results if r.system == REFERENCE)
    newsbrief_detail(ours, stories, words, official=official)
    print(
        cpu_line(
            results, f"{path.name} (mean {sum(len(s.docs) for s in stories) / len(stories):.1f} articles)"
        )
    )
    if any(len(s.docs) > TEN for s in stories):
        ten = [Story(s.id, s.docs[:TEN], s.refs) for s in stories]
        sumy = [n for n in systems if n == SUMY_LEXRANK]
        print(
            cpu_line(evaluate(ten, words, [REFERENCE, *sumy]), f"{TEN}-article stories (first {TEN} of each)")
        )
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("multinews", nargs="?", type=Path, default=DATA / "multinews-dev100.jsonl")
    parser.add_argument("duc2006", nargs="?", type=Path, default=DATA / "duc2006.jsonl")
    known = [*system_names(with_sumy=False), SUMY_LEXRANK]
    parser.add_argument(
        "--systems",
        help=f"comma-separated systems to score (newsbrief always comes first); default: all of {', '.join(known)}",
    )
    args = parser.parse_args(argv)
    logging.getLogger("newsbrief").setLevel(logging.ERROR)
    if args.systems:
        asked = [n.strip() for n in args.systems.split(",") if n.strip()]
        unknown = [n for n in asked if n not in known]
        if unknown:
            parser.error(f"unknown system {unknown[0]!r}; choose from: {', '.join(known)}")
        sumy = sumy_systems() if SUMY_LEXRANK in asked else []
        systems = [REFERENCE, *(n for n in asked if n not in (REFERENCE, SUMY_LEXRANK)), *sumy]
    else:
        systems = system_names(with_sumy=False) + sumy_systems()
    bench(args.multinews, 256, systems, official=False)
    bench(args.duc2006, 250, systems, official=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
