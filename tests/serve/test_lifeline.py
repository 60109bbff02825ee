"""The server's worker processes die with it, even on ``kill -9``, and ignore Ctrl-C (the server
stops them). Real processes: the server, its workers, and a stand-in parent for the watchdog."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from served import SRC, start_server

TOKEN = "s3cret-token"
ARTICLE = {
    "text": "The harbor bridge in Portmere will close for repairs on Monday, city officials said. "
    "The closure is expected to last three weeks while crews replace worn cables.",
    "title": "Bridge closes",
    "outlet": "outlet.example",
    "url": "https://outlet.example/bridge",
}


def children(pid: int) -> list[int]:
    """The pids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def ends(pidfd: int) -> bool:
    """Whether the process ends within a bound that only a broken lifeline reaches; a pidfd turns
    readable when its process exits, so this waits on the event, not on a clock."""
    readable, _w, _x = select.select([pidfd], [], [], 60)
    return bool(readable)


def ignores_sigint(pid: int) -> bool:
    mask = next(
        line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("SigIgn:")
    )
    return bool(int(mask.split()[1], 16) & (1 << (signal.SIGINT - 1)))


def test_workers_ignore_ctrl_c_and_die_with_a_killed_server(tmp_path: Path) -> None:
    server = start_server(tmp_path / "news.sqlite", "--token", TOKEN)
    try:
        workers = [
            pid
            for pid in children(server.proc.pid)
            if "multiprocessing.spawn" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
        ]
        assert len(workers) == 2  # the brief worker and the ingest worker, started with the server
        helpers = children(server.proc.pid)  # the workers and multiprocessing's resource tracker
        pidfds = {pid: os.pidfd_open(pid) for pid in helpers}
        for pid in workers:
            assert ignores_sigint(pid)
            os.kill(pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches every process of the group
        # the ingest worker took the signal and still works
        response = httpx.post(
            f"{server.base}/v1/articles",
            json=[ARTICLE],
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=120,
        )
        assert response.status_code == 200 and response.json()["added"] == 1, response.text

        server.proc.kill()  # SIGKILL: the server runs no cleanup at all
        server.proc.wait()
        for pid, fd in pidfds.items():
            assert ends(fd), f"process {pid} outlived the server"
            os.close(fd)
    finally:
        server.stop()


# A stand-in server: starts a child that calls ``die_with_parent`` with the kernel's signal off (the
# watchdog alone, as on systems without prctl), waits until it is set up, prints its pid and exits.
PARENT = """
import subprocess, sys
child = subprocess.Popen(
    [sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
)
assert child.stdout.readline() == "ready\\n"
print(child.pid, flush=True)
"""
CHILD = """
import os, threading
from newsbrief.serve.lifeline import die_with_parent
die_with_parent(os.getppid(), every=0.05, kernel=False)
print("ready", flush=True)
threading.Event().wait()  # for ever: only the watchdog ends this process
"""


def test_the_watchdog_ends_a_child_whose_parent_is_gone() -> None:
    env = {**os.environ, "PYTHONPATH": SRC}
    parent = subprocess.run(
        [sys.executable, "-c", PARENT, CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    child = int(parent.stdout.strip())
    try:
        fd = os.pidfd_open(child)
    except ProcessLookupError:
        return  # already gone
    try:
        assert ends(fd)
    finally:
        os.close(fd)


def test_a_child_whose_parent_died_before_it_was_set_up_exits_at_once() -> None:
    env = {**os.environ, "PYTHONPATH": SRC}
    code = "from newsbrief.serve.lifeline import die_with_parent; die_with_parent(1); input()"
    done = subprocess.run([sys.executable, "-c", code], env=env, timeout=120, stdin=subprocess.PIPE)
    assert done.returncode == 0
