"""Ctrl-C and child processes.

A terminal sends Ctrl-C (SIGINT) to every process of the foreground group: the command and the
worker processes it started (the server's model process, the Dask engine's workers). The command
stops them itself and says "interrupted"; a worker that took the signal too would print its own
KeyboardInterrupt traceback. A child started while SIGINT is ignored inherits that through exec,
and Python then leaves SIGINT ignored in it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while child processes start inside this block, then restore the handler.

    Only the main thread can change a handler; elsewhere this does nothing (the children then rely
    on ignoring SIGINT themselves). A Ctrl-C that arrives inside the block is lost, so keep the block
    to the start of the processes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
