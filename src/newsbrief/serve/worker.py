"""The model worker process: briefs are made there, away from the event loop's GIL."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

import anyio

from newsbrief.collection import story_brief
from newsbrief.model import Article
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.render import render
from newsbrief.serve.errors import ApiError
from newsbrief.signals import sigint_ignored
from newsbrief.threads import SINGLE_THREAD, single_thread_env

log = logging.getLogger("newsbrief.serve")
V = TypeVar("V")


_WORKER_NICE = 5  # model work yields the CPU to the event loop when both want it
_spawning = threading.Lock()


def _worker_init() -> None:
    """Runs first in the worker process: one BLAS/model thread, a lower priority, and Ctrl-C left to
    the server (the terminal sends it to the whole process group; the server stops this process).
    The embedding model reads OMP_NUM_THREADS when it loads (newsbrief.embed.threads)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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


class ModelWorker:
    """A process pool for model work, started on first use (or by ``start``) and restarted if it dies.

    Processes are spawned, not forked: the server has threads, and a fork copies their locks in
    whatever state they are. The single-thread BLAS variables are set while the pool starts so the
    child's numpy reads them at import; ``_worker_init`` does the rest.
    """

    def __init__(self, processes: int, warm: bool) -> None:
        self.processes = processes
        self.warm = warm
        self.closing = False
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> ProcessPoolExecutor:
        with _spawning:
            if self._pool is not None:
                return self._pool
            pool = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
            )
            # The first submit starts the processes, with this environment, and with Ctrl-C ignored
            # until ``_worker_init`` runs (a child still importing would print a traceback).
            with single_thread_env(), sigint_ignored():
                warming = pool.submit(_warm_worker if self.warm else int)
            warming.add_done_callback(partial(_log_warm_failure, self))
            self._pool = pool
            return pool

    async def run(self, fn: Callable[..., V], *args: Any) -> V:
        pool = self._pool or await anyio.to_thread.run_sync(self.start)
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, partial(fn, *args))
        except BrokenProcessPool:
            with _spawning:
                if self._pool is pool:
                    self._pool = None
            log.error("the brief worker process stopped; a new one starts on the next request")
            raise ApiError(503, "unavailable", "the brief worker stopped; retry shortly") from None

    def close(self) -> None:
        self.closing = True  # the warm-up that close cuts short is no failure to report
        with _spawning:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        # A brief in progress is not worth waiting for at shutdown: stop the processes.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


def log_refresh_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("making a story's new brief failed: %s", task.exception())


def _log_warm_failure(worker: ModelWorker, future: Any) -> None:
    if worker.closing:
        return
    if not future.cancelled() and future.exception() is not None:
        log.warning("loading the models in the brief worker failed: %s", future.exception())
