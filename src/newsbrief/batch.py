"""Summarize a stories file (one story per JSON line) into one summary line per story.

Pipeline per line: parse JSON → check it is a story (``docs``: list of strings) → normalize the
typography of each doc (DUC ``_`` dashes, ```` `` '' ```` quotes) → ``article_from_text`` (cleaning;
junk docs are skipped) → split → summarize with ``Budget(words, overflow=True)`` → cut at the budget.

The batch streams: lines are read lazily, at most a few stories are in flight, and results are
written in input order as soon as they are ready, so memory does not grow with the file. A line
that cannot be summarized becomes ``{"id": ..., "error": ...}`` and a logged warning; the batch goes on.
"""

from __future__ import annotations

import codecs
import json
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import IO, Any

from newsbrief.docs import Budget, Doc, Pick
from newsbrief.errors import ConfigError, InputError
from newsbrief.ingest import Skip, article_from_record, article_from_text, load_json
from newsbrief.output import atomic_writer
from newsbrief.split import split_article
from newsbrief.summarize import get_summarizer
from newsbrief.threads import limit_this_process, single_thread_env
from newsbrief.window import in_order

log = logging.getLogger("newsbrief")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a stories file is summarized: the word budget, the method and the worker processes."""

    words: int
    summarizer: str = "newsbrief"
    jobs: int = 2  # worker processes; 1 runs in this process

    def __post_init__(self) -> None:
        if self.words < 1:
            raise ConfigError(f"word budget must be at least 1, got {self.words}")
        if self.jobs < 1:
            raise ConfigError(f"jobs must be at least 1, got {self.jobs}")


def story_docs(raw_docs: Sequence[Any], *, source: str = "") -> list[Doc]:
    """The usable docs of one story, in input order; junk docs are logged and skipped.

    Raises ``InputError`` when no doc is usable.
    """
    docs: list[Doc] = []
    reasons: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_docs):
        where = f"{source} doc {i}" if source else f"doc {i}"
        if not isinstance(raw, str):
            reasons.append(f"{where}: expected a string, got {type(raw).__name__}")
            continue
        try:
            # a doc that is HTML (a crawled page, a CMS body) is read through the page extractor,
            # as the same text in an article record is; read as text, its tags made one long
            # "sentence" that no summary could take
            article = (
                article_from_record({"text": raw}, source=where)
                if raw.lstrip().startswith("<")
                else article_from_text(raw, source=where)
            )
        except Skip as skip:
            reasons.append(f"{where}: {skip}")
            continue
        if article.id in seen:
            reasons.append(f"{where}: duplicate of an earlier doc")
            continue
        seen.add(article.id)
        docs.append(Doc(article, split_article(article)))
    for reason in reasons:
        log.info("%s; skipped", reason)
    if not docs:
        detail = f" ({reasons[0]})" if len(reasons) == 1 else ""
        raise InputError(f"no usable docs in the story{detail}")
    return docs


def cut_to_budget(sentences: Sequence[str], words: int) -> list[str]:
    """Keep sentences in order until ``words`` whitespace-separated words; cut the last one if needed."""
    out: list[str] = []
    left = words
    for sentence in sentences:
        tokens = sentence.split()
        if not tokens:
            continue
        if left <= 0:
            break
        if len(tokens) > left:
            out.append(" ".join(tokens[:left]))
            break
        out.append(sentence)
        left -= len(tokens)
    return out


def summarize_docs(docs: Sequence[Doc], words: int, summarizer: str = "newsbrief") -> list[str]:
    """Summary sentences of ``docs`` for the evaluation protocols: overflow the budget, then cut."""
    picks = get_summarizer(summarizer).select(docs, Budget(words, overflow=True))
    return cut_to_budget(picks_text(docs, picks), words)


def picks_text(docs: Sequence[Doc], picks: Sequence[Pick]) -> list[str]:
    """The text of each pick, with line breaks folded (a summary line is one sentence)."""
    return [" ".join(p.text(docs).split()) for p in picks]


def parse_record(line: str) -> dict[str, Any]:
    """The JSON object of one stories-file line; ``InputError`` when it is not one."""
    try:
        record = load_json(line)
    except Skip as skip:
        raise InputError(str(skip)) from skip
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    return record


def record_docs(record: dict[str, Any]) -> list[Any]:
    """The ``docs`` list of a story record; ``InputError`` says what is wrong with it."""
    docs = record.get("docs")
    if not isinstance(docs, list) or not docs:
        raise InputError("no 'docs' (expected a non-empty list of article texts)")
    return docs


def summarize_line(line: str, words: int, summarizer: str, source: str = "") -> dict[str, Any]:
    """The output record of one input line: ``{"id", "summary"}`` or ``{"id", "error"}``.

    ``refs`` and any other keys are never read: a batch cannot peek at the answers.
    """
    story_id: Any = None
    try:
        record = parse_record(line)
        story_id = record.get("id")
        if not isinstance(story_id, str | int | None) or isinstance(story_id, bool):
            # a fractional id (3.7, or 1e400 read as inf) would not come back as the same JSON
            kind = type(story_id).__name__
            story_id = None
            raise InputError(f"'id' must be a string or an integer, not {kind}")
        docs = story_docs(record_docs(record), source=source)
        return {"id": story_id, "summary": "\n".join(summarize_docs(docs, words, summarizer))}
    except InputError as exc:
        return {"id": story_id, "error": str(exc)}


def _work(args: tuple[int, str, int, str, str]) -> tuple[int, dict[str, Any]]:
    lineno, line, words, summarizer, source = args
    return lineno, summarize_line(line, words, summarizer, f"{source}:{lineno}")


def summarize_lines(
    lines: Iterable[str], options: BatchOptions, *, source: str = "<stdin>"
) -> Iterator[dict[str, Any]]:
    """Output records for ``lines``, in order; blank lines are ignored.

    With ``options.jobs > 1`` the stories run in a process pool; at most ``2 × jobs`` stories are
    in flight, so memory stays bounded whatever the length of the input.
    """
    get_summarizer(options.summarizer)  # a bad name fails before any work starts
    numbered = ((n, line) for n, line in enumerate(lines, 1) if line.strip())
    first_line: dict[str, int] = {}  # story id → the line it first came on

    def report(lineno: int, record: dict[str, Any]) -> dict[str, Any]:
        story_id = record.get("id")
        if story_id is not None:
            # both stories are summarized and written, but a reader joining summaries to stories
            # by id would take one for the other: say so
            key = json.dumps(story_id)
            if key in first_line:
                log.warning(
                    "%s:%d: id %s repeats line %d's; both are written", source, lineno, key, first_line[key]
                )
            else:
                first_line[key] = lineno
        return _report(lineno, record, source, options.words)

    if options.jobs == 1:
        for lineno, line in numbered:
            yield report(
                lineno, summarize_line(line, options.words, options.summarizer, f"{source}:{lineno}")
            )
        return
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited threads or locks
    with single_thread_env():
        pool = context.Pool(options.jobs, initializer=limit_this_process)
    try:
        tasks = ((lineno, line, options.words, options.summarizer, source) for lineno, line in numbered)

        def submit(task: tuple[int, str, int, str, str]) -> AsyncResult[tuple[int, dict[str, Any]]]:
            return pool.apply_async(_work, (task,))

        for lineno, record in in_order(submit, AsyncResult.get, tasks, 2 * options.jobs):
            yield report(lineno, record)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _report(lineno: int, record: dict[str, Any], source: str, words: int) -> dict[str, Any]:
    if "error" in record:
        log.warning("%s:%d: %s", source, lineno, record["error"])
    elif not record.get("summary"):
        # the summarizer takes whole sentences only: a budget below the shortest leaves nothing
        log.warning("%s:%d: no sentence fits in %d words; the summary is empty", source, lineno, words)
    return record


def stories_file(path: str | os.PathLike[str]) -> Path:
    """``path`` as a stories file to read; ``InputError`` when it is missing or not a regular file.

    A pipe (``<(zcat stories.jsonl.gz)``) or device is refused by name: the progress count reads
    the file once before the stories are read, which would leave nothing of a pipe to read.
    """
    source = Path(path)
    if source.exists() and not source.is_file():
        raise InputError(f"{source} is not a regular file (a pipe or a device); save the stories to a file")
    if not source.is_file():
        raise InputError(f"no such file: {source}")
    return source


def text_lines(path: Path) -> Iterator[str]:
    """The lines of a UTF-8 stories file, read lazily; a line with bytes that are not UTF-8 has
    them replaced with U+FFFD and a warning names the line (the rest of the story is still usable).

    Lines end at ``\\n`` only, so the numbers match ``count_lines`` and any editor's. A UTF-8
    byte-order mark (which Windows tools write) is dropped: it would make the first line bad JSON.
    """
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if lineno == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                log.warning(
                    "%s:%d: not valid UTF-8 (byte %d of the line); bad bytes replaced with U+FFFD",
                    path,
                    lineno,
                    exc.start,
                )
                yield raw.decode("utf-8", errors="replace")


def count_lines(path: Path) -> int:
    """Number of non-blank lines (for the progress bar); cheap next to summarizing them."""
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def run_batch(
    path: str | os.PathLike[str],
    options: BatchOptions,
    *,
    output: str | os.PathLike[str] | None = None,
    stdout: IO[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Summarize the stories in ``path`` into ``output`` (atomically) or ``stdout``; return the error count."""
    source = stories_file(path)
    if output is not None and Path(output).resolve() == source.resolve():
        # the summaries would replace the stories when the batch ends: the input lost for good
        raise ConfigError(f"-o {output} is the stories file itself; give another file for the summaries")
    total = count_lines(source) if progress else 0
    errors = 0
    with _sink(output, stdout) as out:
        for done, record in enumerate(summarize_lines(text_lines(source), options, source=str(source)), 1):
            errors += "error" in record
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if progress:
                progress(done, total)
    return errors


@contextmanager
def _sink(output: str | os.PathLike[str] | None, stdout: IO[str] | None) -> Iterator[IO[str]]:
    """Stdout, or a temporary file beside ``output`` that replaces it only when the batch succeeds."""
    if output is None:
        if stdout is None:
            import sys

            stdout = sys.stdout
        yield stdout
        stdout.flush()
        return
    with atomic_writer(output) as fh:
        yield fh


__all__ = [
    "BatchOptions",
    "cut_to_budget",
    "run_batch",
    "stories_file",
    "story_docs",
    "summarize_docs",
    "summarize_lines",
    "text_lines",
]
