"""CLI commands for the quality features; registered on the main group by ``newsbrief.cli``.

``summarize-batch`` summarizes a stories file line by line; ``eval`` scores newsbrief beside the
baselines. Both are thin: the work is in ``newsbrief.batch`` and ``newsbrief.evaluate``.
"""

from __future__ import annotations

import json
import logging
import os
import sys

import click

from newsbrief.cli_types import NamedPath

log = logging.getLogger("newsbrief")


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    group.add_command(summarize_batch)
    group.add_command(evaluate_command)


@click.command("summarize-batch")
@click.argument("stories", type=click.Path(dir_okay=False))
@click.option("-w", "--words", type=click.IntRange(min=1), required=True, help="Word budget per summary.")
@click.option(
    "-o", "--output", type=NamedPath(dir_okay=False), help="Write to FILE (atomically) instead of stdout."
)
@click.option("--summarizer", default="newsbrief", show_default=True, help="Summarization method.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=2, show_default=True, help="Worker processes."
)
def summarize_batch(stories: str, words: int, output: str | None, summarizer: str, jobs: int) -> None:
    """Summarize each story of STORIES (JSONL: {"id", "docs": [text, ...]}) into one JSON line.

    Output lines are {"id", "summary"} (sentences separated by newlines, at most WORDS words), in
    input order; a story that cannot be read gives {"id", "error"} and a warning, and the batch goes on.
    """
    from newsbrief.batch import BatchOptions, run_batch
    from newsbrief.progress import progress_callback

    cpus = os.cpu_count() or 1
    if jobs > cpus:
        # each worker is a whole interpreter with the models loaded (~1 GB): more than one per CPU
        # only adds memory, and thousands would exhaust it before the first story is done
        log.warning("--jobs %d is more than the %d CPUs here; using %d", jobs, cpus, cpus)
        jobs = cpus
    update, close = progress_callback("summarizing")
    try:
        run_batch(
            stories,
            BatchOptions(words=words, summarizer=summarizer, jobs=jobs),
            output=output,
            progress=update,
        )
    finally:
        close()


@click.command("eval")
@click.argument("stories", type=click.Path(dir_okay=False))
@click.option("-w", "--words", type=click.IntRange(min=1), required=True, help="Word budget per summary.")
@click.option(
    "--system",
    "systems",
    multiple=True,
    help="Systems to score (repeatable); default: newsbrief, lead, lexrank, textrank, and sumy-lexrank if installed.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per system instead of a table.")
@click.option(
    "--rouge155", is_flag=True, help="Add official ROUGE-1.5.5 recall (R1, R2, SU4); needs Perl + XML::DOM."
)
@click.option(
    "--half",
    "which_half",
    type=click.Choice(["even", "odd"], case_sensitive=False),
    help="Score only the even or odd stories (file order, from 0): choose a setting on one, confirm on the other.",
)
def evaluate_command(
    stories: str,
    words: int,
    systems: tuple[str, ...],
    as_json: bool,
    rouge155: bool,
    which_half: str | None,
) -> None:
    """Score newsbrief and baselines on STORIES (JSONL with "docs" and "refs") with ROUGE.

    rouge-score F1 ×100 (stemmed; R1, R2, rougeL), summaries cut at WORDS words, mean over stories;
    Δ columns are paired bootstrap 95% intervals of each system minus newsbrief. With --half,
    only every other story counts (the tuning protocol of docs/tuning.md).
    """
    from newsbrief.errors import InputError
    from newsbrief.evaluate import (
        add_rouge155,
        check_rouge155,
        evaluate,
        format_table,
        half,
        read_stories,
        system_names,
    )
    from newsbrief.progress import progress_callback
    from newsbrief.summarize import get_summarizer

    names = list(systems) or system_names()
    for name in names:
        if name != "sumy-lexrank":
            get_summarizer(name)  # unknown names fail before any work
    if rouge155:
        check_rouge155()
    loaded = list(read_stories(stories))
    if which_half:
        every = len(loaded)
        loaded = half(loaded, which_half)
        if every and not loaded:
            # a file of one story has no odd half: say so, not that it holds no stories
            raise InputError(f"the {which_half} half of {stories} holds no stories ({every} in all)")
    update, close = progress_callback("evaluating")
    try:
        results = evaluate(loaded, words, names, progress=update)
    finally:
        close()
    if rouge155:
        results = add_rouge155(results, loaded, words)
    if as_json:
        for r in results:
            sys.stdout.write(json.dumps(r.to_json()) + "\n")
    else:
        part = f" ({which_half} half)" if which_half else ""
        click.echo(f"{stories}{part}: {len(loaded)} stories, {words} words")
        click.echo(format_table(results))
