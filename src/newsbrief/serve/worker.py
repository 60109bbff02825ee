"""The server's worker processes: briefs (model work) and API ingest run there, away from the
event loop's GIL, so a cached read is never queued behind CPU work in the serving process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from newsbrief.collection import CollectionService, story_brief
from newsbrief.model import Article
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.render import render
from newsbrief.serve.errors import ApiError
from newsbrief.serve.lifeline import die_with_parent
from newsbrief.signals import sigint_ignored
from newsbrief.threads import SINGLE_THREAD, single_thread_env

log = logging.getLogger("newsbrief.serve")
V = TypeVar("V")


_WORKER_NICE = 5  # worker CPU yields to the event loop when both want it
_spawning = threading.Lock()


def _worker_init(parent: int) -> None:
    """Runs first in a worker process: die with the server (``lifeline``), Ctrl-C left to the server
    (the terminal sends it to the whole process group; the server stops this process), one
    BLAS/model thread and a lower priority. The embedding model reads OMP_NUM_THREADS when it loads
    (newsbrief.embed)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    os.environ.update(SINGLE_THREAD)
    with contextlib.suppress(OSError):  # not allowed here: run at the normal priority
        os.nice(_WORKER_NICE)


_WARM_ARTICLE = Article(
    id="warm",
    text=(
        "The city council in Portmere approved a new budget on Tuesday after a long debate. "
        "Mayor Ana Ruiz said the plan adds money for schools and road repairs. "
        "Critics said the council should have cut spending instead."
    ),
    title="Portmere approves budget",
    outlet="warm.example",
    url="",
    published=None,
    language="en",
)


def _warm_worker() -> None:
    """Load the models (embedding, spaCy) by making one small brief."""
    make_brief([_WARM_ARTICLE], BriefOptions(words=20))


def brief_in_worker(
    story: tuple[str, str] | None,
    articles: Sequence[Article],
    words: int,
    formats: tuple[str, ...],
    notes: tuple[str, ...],
) -> dict[str, bytes]:
    """In the worker: the brief rendered in ``formats`` (rendering is CPU work too). ``story``: the
    stored story's (id, title), briefed as ``collection.story_brief`` does for every adapter; None
    for an ad-hoc brief of posted articles."""
    options = BriefOptions(words=words)
    if story is not None:
        brief = story_brief(story[0], story[1], articles, options)
    else:
        brief = make_brief(articles, options)
    if notes:
        brief = replace(brief, warnings=brief.warnings + notes)
    return {fmt: render(brief, fmt).encode("utf-8") for fmt in formats}


_collections: dict[str, CollectionService] = {}


def ingest_in_worker(path: str, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """In the ingest worker: posted records (``ArticleIn`` dumps) → articles → the collection.

    Returns the ``IngestResult`` fields. Parsing (language identification) and clustering are CPU
    work, which is why they run here and not in a server thread. Raises ``StoreError`` (a read-only
    or damaged file), which the server turns into its JSON error.
    """
    from newsbrief.serve.schema import articles_from_records

    parsed, skipped = articles_from_records(records, where="body")
    service = _collections.get(path)
    if service is None:
        service = _collections[path] = CollectionService(Path(path), create=True)
    done = service.ingest(parsed) if parsed else None
    return {
        "received": len(records),
        "added": done.report.added if done else 0,
        "skipped": skipped,
        "stories": list(done.stories) if done else [],
    }


class WorkerProcesses:
    """A process pool, started by ``start`` (or on first use) and restarted if it dies.

    Processes are spawned, not forked: the server has threads, and a fork copies their locks in
    whatever state they are. They are started from the thread that calls ``start`` (the server's
    main thread): on Linux the kernel kills them when that thread ends (``lifeline``). The
    single-thread BLAS variables are set while the pool starts so the child's numpy reads them at
    import; ``_worker_init`` does the rest.

    ``models``: the processes load the models (brief work); ``warm``: run ``_warm_worker`` at start so the
    models are loaded before the first request.
    """

    def __init__(self, name: str, processes: int, *, models: bool, warm: bool) -> None:
        self.name = name
        self.processes = processes
        self.models = models
        self.warm = warm
        self.closing = False
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> ProcessPoolExecutor:
        with _spawning:
            if self._pool is not None:
                return self._pool
            pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(os.getpid(),),
            )
            # The first submit starts the processes, with this environment, and with Ctrl-C ignored
            # until ``_worker_init`` runs (a child still importing would print a traceback).
            with single_thread_env(), sigint_ignored():
                warming = pool.submit(_warm_worker if self.warm else int)
            warming.add_done_callback(partial(_log_warm_failure, self))
            self._pool = pool
            return pool

    def pids(self) -> list[int]:
        """The pids of the running processes (empty before start)."""
        pool = self._pool
        return sorted(getattr(pool, "_processes", {}) or {}) if pool is not None else []

    async def run(self, fn: Callable[..., V], *args: Any) -> V:
        # started here, on the event loop's thread, not a pool thread that may end (see ``lifeline``)
        pool = self._pool or self.start()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, partial(fn, *args))
        except BrokenProcessPool:
            with _spawning:
                if self._pool is pool:
                    self._pool = None
            log.error("the %s worker process stopped; a new one starts on the next request", self.name)
            raise ApiError(503, "unavailable", f"the {self.name} worker stopped; retry shortly") from None

    def close(self) -> None:
        self.closing = True  # the warm-up that close cuts short is no failure to report
        with _spawning:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        # Work in progress is not worth waiting for at shutdown: stop the processes.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


def log_refresh_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("making a story's new brief failed: %s", task.exception())


def _log_warm_failure(worker: WorkerProcesses, future: Future[Any]) -> None:
    if worker.closing:
        return
    if not future.cancelled() and future.exception() is not None:
        log.warning("starting the %s worker failed: %s", worker.name, future.exception())
