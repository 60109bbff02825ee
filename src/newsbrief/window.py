"""Bounded parallel map: submit work in order, keep a fixed number of tasks in flight, take the
results back in input order.

The batch summarizer (a multiprocessing pool) and the runner (a Dask client) both stream their
inputs this way, so memory stays bounded whatever the input's length, and the output order does
not depend on which worker finishes first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
F = TypeVar("F")
R = TypeVar("R")


def in_order(
    submit: Callable[[T], F], result: Callable[[F], R], items: Iterable[T], window: int
) -> Iterator[R]:
    """``result(submit(item))`` for each of ``items``, in order, with at most ``window`` (≥ 1)
    submitted tasks not yet taken back. ``submit`` starts a task and returns its handle (a future,
    an ``AsyncResult``); ``result`` waits for one. Lazy: an item is submitted only when the
    consumer has taken enough results to make room for it."""
    pending: deque[F] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())
