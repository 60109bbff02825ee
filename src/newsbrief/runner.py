"""The batch runner: a directory of JSONL shards in, stories, briefs and a collection out.

Pipeline: ingest + clean + fingerprint + hash terms (per shard, in parallel) → document frequencies
(summed) → vectorize → link copies → cluster (central, batch mode, deterministic) → one brief per
story (in parallel) → ``stories.jsonl``, ``briefs.jsonl``, ``news.sqlite``.

Why this split: everything that depends on one article alone runs where the shard is read, and
returns compact results; only clustering needs every article at once and runs in the client. The
local engine runs the very same functions in order, so both engines write byte-identical files.
With ``engine="dask"`` the runner starts a LocalCluster (one thread per worker process, BLAS
threads pinned to one) or connects to ``scheduler``; going multi-node changes only that address.
Models (MiniLM, used by briefs) load lazily once per worker process.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsbrief.cluster import (
    ClusterOptions,
    StoryGroup,
    Total,
    cluster_vectors,
    make_groups,
    pool_vectors,
)
from newsbrief.collection import write_clustered
from newsbrief.dedupe import find_duplicates
from newsbrief.errors import ConfigError, InputError
from newsbrief.ingest import (
    JSONL_SUFFIXES,
    Skip,
    is_article_file,
    read_file,
    walk,
)
from newsbrief.ingest_feed import FEED_SUFFIXES
from newsbrief.ingest_warc import WARC_SUFFIX
from newsbrief.language import not_english
from newsbrief.model import Article
from newsbrief.order import canonical_order, timestamp
from newsbrief.output import (
    check_output_folder,
    fresh_folder,
    output_folder,
    publish_folder,
    write_atomic,
)
from newsbrief.pipeline import BriefOptions
from newsbrief.signals import sigint_ignored
from newsbrief.store import Prepared, iso_time, prepare
from newsbrief.threads import single_thread_env
from newsbrief.window import in_order

ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How the runner runs; the results do not depend on ``engine``, ``scheduler`` or ``workers``."""

    engine: str = "local"
    scheduler: str | None = None
    workers: int = 2
    briefs: bool = True
    brief: BriefOptions = field(default_factory=BriefOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)


@dataclass(frozen=True, slots=True)
class ShardResult:
    prepared: tuple[Prepared, ...]
    skipped: tuple[str, ...]
    notes: tuple[str, ...] = ()  # summary lines (a WARC archive's pages read and records skipped)


@dataclass(frozen=True, slots=True)
class Clustered:
    """A whole set after dedupe and clustering; ``articles`` in canonical order."""

    prepared: tuple[Prepared, ...]
    links: dict[str, str]
    stories: tuple[StoryGroup, ...]
    totals: dict[str, Total]  # each story's sum of centred rows (``termvectors.Total``), by story id
    df: np.ndarray[Any, np.dtype[np.int64]]
    documents: int
    center: np.ndarray[Any, np.dtype[np.float64]]  # sum of the uncentred unit rows (see cluster)


@dataclass(frozen=True, slots=True)
class RunReport:
    articles: int
    copies: int
    stories: int
    briefs: int
    skipped: tuple[str, ...]


# Shards: JSONL collections, WARC archives (CC-NEWS), feeds (read by content, as `brief` reads them).
def shard_paths(corpus: str | os.PathLike[str]) -> list[str]:
    """The shards under ``corpus`` (a directory, or one file), sorted: the input order.

    A shard is a JSONL file (.jsonl, .ndjson, either gzipped), a WARC archive (.warc, .warc.gz) or a
    feed (.rss, .atom, .rdf, .xml).
    """
    return find_shards(corpus)[0]


def find_shards(corpus: str | os.PathLike[str]) -> tuple[list[str], list[str]]:
    """``(shard_paths(corpus), one "path: reason; skipped" line for each shard-named entry that
    cannot be read as a file)``: a broken link or a named pipe (``ingest.walk``)."""
    root = Path(corpus)
    if root.is_file():
        return [str(root)], []
    if not root.is_dir():
        raise InputError(f"no such file or directory: {root}")
    found, unreadable = walk(root, _is_shard)
    # pages, texts and JSON arrays beside the shards: `brief` and `ingest` read them, `run` does not
    others, _ = walk(root, lambda p: not _is_shard(p) and is_article_file(p))
    if not found:
        also = (
            f"; it holds {len(others)} other article files: `newsbrief ingest` reads those" if others else ""
        )
        raise InputError(
            f"directory {root} contains no shards (.jsonl, .ndjson, .jsonl.gz, .warc, .warc.gz, "
            f"{', '.join(sorted(FEED_SUFFIXES))}){also}"
        )
    lines = [f"{skip.where}: {skip}; skipped" for skip in unreadable]
    lines += [
        f"{p}: not a shard (run reads JSON lines, WARC and feeds; `newsbrief ingest` reads this); skipped"
        for p in others
    ]
    return found, sorted(lines)


def _is_shard(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in JSONL_SUFFIXES | FEED_SUFFIXES or name.endswith(
        (WARC_SUFFIX, f"{WARC_SUFFIX}.gz", *(f"{s}.gz" for s in JSONL_SUFFIXES))
    )


def parse_shard(path: str) -> ShardResult:
    """Read, clean and prepare one shard; unusable lines are reported, never fatal."""
    prepared: list[Prepared] = []
    skipped: list[str] = []
    # the very reader `brief` uses, streaming (one line or one archived page at a time)
    notes: list[str] = []
    for item in read_file(path, report=notes.append):
        if isinstance(item, Skip):
            skipped.append(f"{item.where or path}: {item}; skipped")
        elif item.language != "en":
            skipped.append(f"{item.source}: {not_english(item.language)}; skipped")
        else:
            prepared.append(prepare(item))
    return ShardResult(tuple(prepared), tuple(skipped), tuple(notes))


def cluster_prepared(prepared: Sequence[Prepared], options: ClusterOptions | None = None) -> Clustered:
    """Dedupe and cluster a whole set (batch mode): independent of input order and sharding."""
    opts = options or ClusterOptions()
    unique: dict[str, Prepared] = {}
    for p in prepared:
        unique.setdefault(p.article.id, p)
    items = list(unique.values())
    times = [timestamp(p.article.published) for p in items]
    ordered = [items[i] for i in canonical_order([p.article.id for p in items], times)]
    links = find_duplicates(
        [p.article.id for p in ordered],
        [p.print for p in ordered],
        [p.article.text for p in ordered],
        apart={p.article.id for p in ordered if p.debris},  # stays a story of its own
    )
    originals = [p for p in ordered if p.article.id not in links]
    terms = [p.terms for p in originals]
    rows, df, center = pool_vectors(terms, opts)
    articles = [p.article for p in originals]
    groups = cluster_vectors(rows, [timestamp(a.published) for a in articles], opts)
    stories = make_groups(articles, rows, groups)
    return Clustered(
        prepared=tuple(ordered),
        links=links,
        stories=tuple(stories),
        totals={s.id: rows.total(g) for s, g in zip(stories, groups, strict=True)},
        df=df,
        documents=len(terms),
        center=center,
    )


def story_lines(clustered: Clustered) -> list[str]:
    """The lines of ``stories.jsonl``: copies listed apart, outlets counted over originals only.

    Articles and copies are indexed once for all stories: looking them up by scanning the whole set
    for each story cost stories x articles (738 x 100k at the 100k benchmark).
    """
    by_id = {p.article.id: p.article for p in clustered.prepared}
    copies: dict[str, list[str]] = {}
    for copy, original in clustered.links.items():
        copies.setdefault(original, []).append(copy)
    lines: list[str] = []
    for story in clustered.stories:
        members = [by_id[i] for i in story.article_ids]
        dated = [d for a in members if (d := a.published) is not None]
        record = {
            "id": story.id,
            "title": story.title,
            "first_seen": iso_time(min(dated, key=lambda d: timestamp(d) or 0.0)) if dated else None,
            "last_seen": iso_time(max(dated, key=lambda d: timestamp(d) or 0.0)) if dated else None,
            "articles": list(story.article_ids),
            "copies": sorted(c for i in story.article_ids for c in copies.get(i, ())),
            "outlets": len({a.outlet for a in members}),
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def brief_line(story_id: str, title: str, articles: Sequence[Article], options: BriefOptions) -> str:
    """A line of ``briefs.jsonl``: ``collection.story_brief`` (the brief every adapter gives a stored
    story) as compact JSON. Runs on the workers, which send back the line, not the object."""
    from newsbrief.collection import story_brief

    return json.dumps(story_brief(story_id, title, articles, options).to_dict(), ensure_ascii=False)


@contextmanager
def _dask_client(options: RunOptions) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ConfigError("the dask engine needs `dask[distributed]` installed") from exc
    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()  # type: ignore[no-untyped-call]
        return
    # Worker processes inherit both: one BLAS thread each (no oversubscription), and Ctrl-C left to
    # this process, which stops them and says "interrupted" instead of each printing a traceback.
    with single_thread_env(), sigint_ignored():
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=options.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # None still binds 8787 (and warns when it is taken)
            silence_logs=50,
        )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


class _Engine:
    """Maps a function over items, in order: serially, or on a Dask client."""

    def __init__(self, client: Any = None) -> None:
        self.client = client

    def map(self, fn: Callable[..., Any], *iterables: Sequence[Any]) -> list[Any]:
        """``[fn(*args) for args in zip(*iterables)]``, on the Dask workers when there is a client.

        On Dask, at most two tasks per worker thread are in flight, and results are fetched one at
        a time in input order, each future released as soon as its result is in: the worker then
        drops its copy. A ``gather`` of every future would make the client receive every serialized
        result at once, on top of the objects it decodes them into, while the workers still held
        theirs; bounding the submissions also keeps large arguments (a story's articles, for its
        brief) from sitting in the scheduler all at once.
        """
        if self.client is None:
            return [fn(*args) for args in zip(*iterables, strict=True)]
        window = 2 * max(1, sum(self.client.nthreads().values()))
        client = self.client
        return list(
            in_order(
                lambda args: client.submit(fn, *args, pure=False),
                _take,
                zip(*iterables, strict=True),
                window,
            )
        )


def _take(future: Any) -> Any:
    """The future's result; releasing it at once lets its worker forget the result."""
    try:
        return future.result()
    finally:
        future.release()


def run(
    corpus: str | os.PathLike[str],
    out: str | os.PathLike[str],
    options: RunOptions | None = None,
    *,
    log: Callable[[str], None] | None = None,
) -> RunReport:
    """Run the whole pipeline over ``corpus`` and write ``stories.jsonl``, ``briefs.jsonl`` and
    ``news.sqlite`` into ``out`` (created if missing; earlier outputs are replaced atomically)."""
    opts = options or RunOptions()
    if opts.engine not in ENGINES:
        raise ConfigError(f"unknown engine {opts.engine!r}; choose one of: {', '.join(ENGINES)}")
    if opts.workers < 1:
        raise ConfigError("--workers must be at least 1")
    if opts.briefs:
        from newsbrief.summarize import get_summarizer

        # an unknown name fails now, not after hours of reading and clustering a large corpus
        get_summarizer(opts.brief.summarizer)
    say = log or (lambda _msg: None)
    shards, unreadable = find_shards(corpus)
    target = output_folder(out)
    # an output folder inside the corpus holds the last run's stories.jsonl and briefs.jsonl:
    # outputs, never shards
    shards = [s for s in shards if not Path(s).resolve().is_relative_to(target)]
    if not shards:
        raise InputError(f"no shards in {corpus} besides the output folder {target}")
    check_output_folder(target, OUTPUTS)
    fresh = fresh_folder(target)
    try:
        with _dask_client(opts) if opts.engine == "dask" else _null() as client:
            report = _run(_Engine(client), shards, corpus, fresh, opts, say, unreadable)
        publish_folder(fresh, target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return report


OUTPUTS = ("stories.jsonl", "briefs.jsonl", "news.sqlite")
MAX_SKIPS_SHOWN = 20


def _run(
    engine: _Engine,
    shards: Sequence[str],
    corpus: str | os.PathLike[str],
    folder: Path,
    opts: RunOptions,
    say: Callable[[str], None],
    unreadable: Sequence[str] = (),
) -> RunReport:
    results: list[ShardResult] = engine.map(parse_shard, shards)
    skipped = (*unreadable, *(s for r in results for s in r.skipped))
    prepared = [p for r in results for p in r.prepared]
    for note in (n for r in results for n in r.notes):
        say(note)
    for line in skipped[:MAX_SKIPS_SHOWN]:
        say(line)
    if len(skipped) > MAX_SKIPS_SHOWN:
        say(f"... and {len(skipped) - MAX_SKIPS_SHOWN} more lines skipped")
    if not prepared:
        raise InputError(f"no usable articles in {corpus} ({_skips(skipped)})")
    say(f"read {len(prepared)} articles from {len(shards)} shards ({_skips(skipped)})")
    first: dict[str, str] = {}
    repeats = [
        p.article for p in prepared if first.setdefault(p.article.id, p.article.source) != p.article.source
    ]
    if repeats:  # clustering keeps the first of each id: said, as `brief` says each duplicate
        shown = "; ".join(f"{a.source} repeats {first[a.id]}" for a in repeats[:3])
        more = f"; and {len(repeats) - 3} more" if len(repeats) > 3 else ""
        n = len(repeats)
        say(
            f"{n} article{'' if n == 1 else 's'} repeat{'s' if n == 1 else ''} an article id read before, the first kept: {shown}{more}"
        )
    clustered = cluster_prepared(prepared, opts.cluster)
    say(f"{len(clustered.links)} copies linked; {len(clustered.stories)} stories")

    write_atomic(folder / "stories.jsonl", "".join(line + "\n" for line in story_lines(clustered)))
    write_clustered(
        folder / "news.sqlite",
        clustered.prepared,
        clustered.links,
        [(s.id, s.title, s.first_seen, s.last_seen, s.article_ids) for s in clustered.stories],
        clustered.totals,
        clustered.df,
        clustered.documents,
        center=clustered.center,
    )

    briefs: list[str] = []
    if opts.briefs:
        by_id = {p.article.id: p.article for p in clustered.prepared}
        copies: dict[str, list[str]] = {}
        for copy, original in clustered.links.items():
            copies.setdefault(original, []).append(copy)
        stories = list(clustered.stories)
        # a brief sees a story's copies too, and counts them as copies (as `brief PATHS` does)
        briefs = engine.map(
            brief_line,
            [s.id for s in stories],
            [s.title for s in stories],
            [[by_id[c] for i in s.article_ids for c in (i, *copies.get(i, ()))] for s in stories],
            [opts.brief] * len(stories),
        )
    write_atomic(folder / "briefs.jsonl", "".join(line + "\n" for line in briefs))
    return RunReport(
        articles=len(clustered.prepared),
        copies=len(clustered.links),
        stories=len(clustered.stories),
        briefs=len(briefs),
        skipped=skipped,
    )


def _skips(skipped: Sequence[str]) -> str:
    if not skipped:
        return "no line skipped"
    shown = "listed above" if len(skipped) <= MAX_SKIPS_SHOWN else f"the first {MAX_SKIPS_SHOWN} listed above"
    return f"{len(skipped)} {'line' if len(skipped) == 1 else 'lines'} skipped, {shown}"


@contextmanager
def _null() -> Iterator[None]:
    yield None
