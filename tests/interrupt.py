"""Ctrl-C as a terminal sends it: SIGINT to the command's whole process group, workers included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def interrupt_when(args: list[str], ready: str, *, timeout: float = 300) -> tuple[int, str, list[str]]:
    """Run ``python -m newsbrief ARGS``, wait for a stderr line containing ``ready``, then send SIGINT
    to its process group; return (exit status, stderr after the signal, stderr lines before it)."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsbrief", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own group, as a terminal's foreground job has
        # a test runner may have been started with SIGINT ignored, which children would inherit
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stderr is not None
    before: list[str] = []
    try:
        for line in proc.stderr:
            before.append(line)
            if ready in line:
                break
        else:
            raise AssertionError(f"never ready; stderr: {''.join(before)[-2000:]}")
        os.killpg(proc.pid, signal.SIGINT)
        _out, after = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode, after, before
