"""A child process that dies with its parent, however the parent ends (``kill -9`` included).

Two mechanisms, because neither is enough alone:

- Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` (through ctypes, no extra package) has the kernel kill
  the child the moment its parent ends. The "parent" is the *thread* that started the child, so
  the server starts its workers from its main thread (``WorkerProcesses.start``).
- Everywhere: a daemon thread that polls ``os.getppid()`` and ends the process once the parent is
  gone (the child has been re-parented to init or a subreaper). Source of the idea: the same
  watchdog uvicorn's and gunicorn's workers keep (``ppid`` checks in their notify loops).

Both are set up first thing in the child; a parent that died before that is caught by comparing
``os.getppid()`` with the pid the parent passed down.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
POLL_SECONDS = 0.5  # how long the watchdog may take to notice; cost: one getppid() per period


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Linux only: ask the kernel to send ``sig`` to this process when its parent thread ends.

    Returns whether the request was accepted (False on other systems or without ``prctl``).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent: int, *, every: float = POLL_SECONDS, kernel: bool = True) -> None:
    """Make this process end when process ``parent`` (the pid it was started by) ends.

    Sets the parent-death signal where the system has one (``kernel``; False leaves the watchdog
    alone, as on other systems), exits at once if the parent is already gone, and starts the
    watchdog thread. Exit status 0: the parent is the one that judges.
    """
    if kernel:
        set_parent_death_signal()
    if os.getppid() != parent:  # the parent ended before the signal was armed
        os._exit(0)
    threading.Thread(target=_watch, args=(parent, every), name="newsbrief-lifeline", daemon=True).start()


def _watch(parent: int, every: float) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)  # no cleanup: the parent that owned this work is gone
