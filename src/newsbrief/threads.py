"""One BLAS/OpenMP thread per worker process.

Every process pool newsbrief starts (batch summaries, the server's model process, Dask workers)
runs on few cores: with default BLAS threads, two worker processes ran 3x slower than one process.
The variables must be set before numpy loads in the child, so they are set while it starts.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager

SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


@contextmanager
def single_thread_env() -> Iterator[None]:
    """Set the thread variables while child processes start (they inherit them); restore after."""
    saved = {k: os.environ.get(k) for k in SINGLE_THREAD}
    os.environ.update(SINGLE_THREAD)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def limit_this_process() -> None:
    """In a worker: one thread from here on, also for BLAS libraries already loaded."""
    os.environ.update(SINGLE_THREAD)
    if importlib.util.find_spec("threadpoolctl") is not None:
        importlib.import_module("threadpoolctl").threadpool_limits(1)
