"""CLI commands for the collection features; registered on the main group by ``newsbrief.cli``.

``ingest`` and ``stories`` work on a SQLite collection, ``eval-stories`` scores clustering,
``run`` is the batch runner (local or Dask). Heavy modules load inside the commands, so ``--help``
stays instant.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from newsbrief.cli_types import NamedPath, collection_file


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    group.add_command(ingest)
    group.add_command(upgrade)
    group.add_command(stories)
    group.add_command(eval_stories)
    group.add_command(run)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", required=True, type=collection_file(), help="Collection file (created if missing).")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Articles per transaction.",
)
@click.option("--strict", is_flag=True, help="Fail on the first unusable input instead of skipping it.")
def ingest(paths: tuple[str, ...], db: str, batch_size: int, strict: bool) -> None:
    """Add the articles in PATHS to the collection --db (re-ingesting changes nothing).

    PATHS are read as `brief` reads them: files, directories, feeds, WARC archives, URLs."""
    from newsbrief.collection import CollectionService
    from newsbrief.ingest import LoadOptions, load_articles
    from newsbrief.progress import progress_callback

    articles = load_articles(paths, options=LoadOptions(strict=strict))
    update, close = progress_callback("ingesting")
    try:
        with CollectionService(db, create=True) as collection:
            done = collection.ingest(articles, batch_size=batch_size, progress=update or _batch_log)
    finally:
        close()
    report = done.report
    click.echo(
        f"added {report.added} articles ({report.copies} copies linked, {report.already_stored} already stored); "
        f"{db}: {done.articles} articles, {done.copies} copies, {done.total_stories} stories",
        err=True,
    )


def _batch_log(done: int, total: int) -> None:
    """Progress when stderr is not a terminal: a line per committed batch (a log, not a bar)."""
    import logging

    logging.getLogger("newsbrief").info("ingested %d of %d articles", done, total)


@click.command()
@click.option("--db", required=True, type=collection_file(), help="Collection file.")
def upgrade(db: str) -> None:
    """Bring the collection --db, made by an older newsbrief, to this version's schema.

    `ingest` and `serve` do it themselves; the read-only commands (`stories`, `brief --db`) ask for
    it when the file is too old for them to read."""
    from newsbrief.collection import upgrade_collection
    from newsbrief.store_schema import SCHEMA_VERSION

    done = "upgraded to" if upgrade_collection(db) else "already at"
    click.echo(f"{db}: {done} collection schema {SCHEMA_VERSION}", err=True)


@click.command()
@click.option("--db", required=True, type=collection_file(), help="Collection file.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story instead of a table.")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=None, help="Show at most N stories.")
def stories(db: str, as_json: bool, limit: int | None) -> None:
    """List the stories in --db, newest first."""
    from newsbrief.collection import CollectionService, Page
    from newsbrief.render import plural

    with CollectionService(db) as collection:
        rows = collection.stories(page=Page(limit=limit)).stories
    for row in rows:
        if as_json:
            sys.stdout.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
            continue
        first = row.first_seen.date().isoformat() if row.first_seen else "undated"
        last = row.last_seen.date().isoformat() if row.last_seen else "undated"
        span = first if first == last else f"{first}..{last}"
        copies = f" +{row.copies} {plural(row.copies, 'copy', 'copies')}" if row.copies else ""
        outlets = f"{row.outlets:3d} {plural(row.outlets, 'outlet')}"
        articles = f"{row.articles:4d} {plural(row.articles, 'article')}"
        sys.stdout.write(f"{row.id}  {span:22}  {outlets:12}  {articles:13}{copies}  {row.title}\n")


@click.command("eval-stories")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--half",
    type=click.Choice(["even", "odd"], case_sensitive=False),
    default=None,
    help="Only the stories on even (odd) lines of each file, for the tuning protocol (docs/tuning.md).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Ingest the pool into a fresh collection this many articles at a time (default: batch mode).",
)
def eval_stories(files: tuple[str, ...], as_json: bool, half: str | None, batch_size: int | None) -> None:
    """Pool the docs of stories FILES, cluster them, and score against the stories they came from.

    Several FILES are pooled together into one set."""
    from newsbrief.evaluate_stories import evaluate_stories

    scores = evaluate_stories(files, half=half, batch_size=batch_size)
    if as_json:
        sys.stdout.write(json.dumps(scores.to_dict()) + "\n")
        return
    for key, value in scores.to_dict().items():
        sys.stdout.write(f"{key:18} {value}\n")


@click.command()
@click.argument("corpus")
@click.option("--out", required=True, type=NamedPath(file_okay=False), help="Output directory.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"], case_sensitive=False),
    default="local",
    show_default=True,
    help="Where to run.",
)
@click.option(
    "--scheduler", default=None, help="Dask scheduler address (tcp://host:8786); implies --engine dask."
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True, help="LocalCluster workers."
)
@click.option("--briefs/--no-briefs", default=True, show_default=True, help="Write a brief per story.")
@click.option(
    "-w", "--words", type=click.IntRange(min=10), default=150, show_default=True, help="Summary word budget."
)
@click.option("--summarizer", default="newsbrief", show_default=True, help="Summarization method.")
def run(
    corpus: str,
    out: str,
    engine: str,
    scheduler: str | None,
    workers: int,
    briefs: bool,
    words: int,
    summarizer: str,
) -> None:
    """Run the whole pipeline over the shards in CORPUS (JSONL files, WARC archives, feeds); write
    stories, briefs and a collection."""
    from newsbrief.pipeline import BriefOptions
    from newsbrief.runner import RunOptions
    from newsbrief.runner import run as run_pipeline

    options = RunOptions(
        engine="dask" if scheduler else engine,
        scheduler=scheduler,
        workers=workers,
        briefs=briefs,
        brief=BriefOptions(words=words, summarizer=summarizer),
    )

    def say(msg: str) -> None:
        # what was skipped and how far the run got: quiet under -q, as the other commands' skips are
        if logging.getLogger("newsbrief").isEnabledFor(logging.INFO):
            click.echo(f"newsbrief: {msg}", err=True)

    report = run_pipeline(corpus, out, options, log=say)
    click.echo(
        f"newsbrief: {report.articles} articles, {report.copies} copies, {report.stories} stories, "
        f"{report.briefs} briefs -> {out}",
        err=True,
    )


def brief_story(
    paths: tuple[str, ...],
    db: str | None,
    story_id: str | None,
    output: str | None,
    fmt: str,
    words: int,
    summarizer: str,
) -> None:
    """``newsbrief brief --db FILE --story ID``: the brief of one collection story (copies shown as copies)."""
    from newsbrief.collection import CollectionService
    from newsbrief.errors import ConfigError
    from newsbrief.output import write_atomic
    from newsbrief.pipeline import BriefOptions
    from newsbrief.render import render

    if paths:
        raise ConfigError("give either PATHS or --db/--story, not both")
    if not db or not story_id:
        raise ConfigError("--db and --story go together")
    if output and Path(output).resolve() == Path(db).resolve():
        # the brief would replace the collection (atomically, so wholly): every article lost
        raise ConfigError(f"-o {output} is the collection itself; give another file for the brief")
    with CollectionService(db) as collection:
        brief = collection.brief(story_id, BriefOptions(words=words, summarizer=summarizer))
    result = render(brief, fmt)
    if output:
        write_atomic(output, result)
    else:
        sys.stdout.write(result)
