"""A real ``newsbrief serve`` process on a free loopback port, over a real SQLite file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


@dataclass
class Server:
    """A running server: its process, base URL and the stderr lines it wrote."""

    proc: subprocess.Popen[str]
    port: int
    log: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_server(db: Path, *args: str) -> Server:
    """``newsbrief serve --db DB --port 0 --no-warm ARGS``, returned once it says it is serving
    (the line names the port it bound). stderr keeps being read so the server never blocks on it."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsbrief", "serve", "--db", str(db), "--port", "0", "--no-warm", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    lines: list[str] = []
    for line in proc.stderr:
        lines.append(line)
        found = re.search(r"serving .* on http://127\.0\.0\.1:(\d+)/", line)
        if found:
            server = Server(proc, int(found.group(1)), lines)
            threading.Thread(target=lambda: lines.extend(proc.stderr or ()), daemon=True).start()
            return server
    proc.wait()
    raise AssertionError(f"the server did not start: {''.join(lines)[-2000:]}")


def serving(db: Path, *args: str) -> Iterator[Server]:
    server = start_server(db, *args)
    try:
        yield server
    finally:
        server.stop()
