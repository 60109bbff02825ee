"""Cost of a first brief, as whole processes: CPU seconds, wall seconds and peak memory.

    PYTHONPATH=src .venv/bin/python benchmarks/latency.py [--repeat 3] [--compiled]
        [--baseline-rev 07ead9f --baseline-python /path/to/venv-with-torch/bin/python]

Each case runs ``python -m newsbrief ...`` in a fresh process (models load from nothing, as for a
user at the command line), ``--repeat`` times, the code paths taking turns; the table shows the
median, and a line under each case the CPU seconds of every run. CPU is user + system seconds of the process and its children, peak memory the largest
resident set, both from ``os.wait4``'s rusage. Cases: ``--help``; ``brief`` of the bundled example (3 articles); ``brief``
of a 25-article story, the first story of ../shared/data/duc2006.jsonl written as plain files into
a temporary folder at run time (the data stays outside the repository).

``--compiled`` measures the code byte-compiled, as pip installs it: where PYTHONDONTWRITEBYTECODE
is set (this development machine), a source tree on PYTHONPATH is otherwise compiled again by every
process. With ``--baseline-rev`` the same cases also run on that commit's ``src/`` (taken with ``git
archive`` into a temporary folder) under ``--baseline-python``, which must have that commit's
dependencies (torch and sentence-transformers for commits before the ONNX encoder).
Targets (issue 16): bundled example ≤ 2.0 CPU s and ≤ 400 MB; 25-article story ≤ 5 CPU s and ≤ 600 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next(
    (p / "shared" for p in Path(__file__).resolve().parents if (p / "shared" / "data").is_dir()),
    Path(__file__).resolve().parents[2] / "shared",
)
TARGETS = {"brief example (3 articles)": (2.0, 400), "brief 25-article story": (5.0, 600)}


@dataclass(frozen=True, slots=True)
class Run:
    cpu: float  # user + system seconds
    wall: float
    rss_mb: float


def run_once(python: str, src: Path | None, args: list[str], pycache: Path | None = None) -> Run:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    if pycache is not None:
        # An installed newsbrief is byte-compiled (pip does it); a source tree under
        # PYTHONDONTWRITEBYTECODE is compiled again by every process (~0.15 CPU s): keep the
        # compiled modules of the code measured in a folder of their own instead.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [python, "-m", "newsbrief", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed ({status}):\n{stderr[-2000:]}")
    # ru_maxrss is in kilobytes on Linux
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.cpu for r in runs),
        statistics.median(r.wall for r in runs),
        statistics.median(r.rss_mb for r in runs),
    )


def measure(
    paths: list[tuple[str, str, Path | None]], args: list[str], repeat: int, pycache: Path | None
) -> dict[str, list[Run]]:
    """Every run of each code path, the paths taking turns (A, B, A, B, ...): on a shared
    machine the load drifts over minutes, and turns spread that drift over both paths alike."""
    if pycache is not None:
        for label, python, src in paths:
            run_once(python, src, args, pycache / label)  # unmeasured: compiles what the case imports
    runs: dict[str, list[Run]] = {label: [] for label, _, _ in paths}
    for _ in range(repeat):
        for label, python, src in paths:
            runs[label].append(run_once(python, src, args, pycache / label if pycache else None))
    return runs


def story_dir(folder: Path, data: Path, n: int = 25) -> Path:
    """The first story of ``data`` with at least ``n`` docs, as docK.txt files in ``folder``."""
    with data.open(encoding="utf-8") as f:
        for line in f:
            docs = json.loads(line)["docs"]
            if len(docs) >= n:
                for k, text in enumerate(docs[:n]):
                    (folder / f"doc{k}.txt").write_text(text, encoding="utf-8")
                return folder
    raise SystemExit(f"{data}: no story with {n} articles")


def baseline_src(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--python", default=sys.executable, help="interpreter of the code measured (default: this one)"
    )
    ap.add_argument("--baseline-rev", help="a commit to measure the same way, e.g. 07ead9f")
    ap.add_argument("--baseline-python", help="an interpreter with that commit's dependencies")
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "duc2006.jsonl")
    ap.add_argument(
        "--compiled",
        action="store_true",
        help="measure byte-compiled code, as installed (one unmeasured run per case compiles it "
        "into a temporary folder); without it, modules compile as the environment says",
    )
    ap.add_argument("--case", action="append", help="only the cases whose name holds this text (repeatable)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "--help": ["--help"],
            "brief example (3 articles)": ["brief", str(ROOT / "examples" / "korea")],
            "brief 25-article story": ["brief", str(Path(tmp) / "story")],
        }
        cases = {
            name: cmd for name, cmd in cases.items() if not args.case or any(c in name for c in args.case)
        }
        if "brief 25-article story" in cases:  # the data set is read only when the case runs
            (Path(tmp) / "story").mkdir()
            story_dir(Path(tmp) / "story", args.data)
        paths: list[tuple[str, str, Path | None]] = [("this tree", args.python, ROOT / "src")]
        if args.baseline_rev:
            if not args.baseline_python:
                raise SystemExit("--baseline-rev needs --baseline-python")
            (Path(tmp) / "base").mkdir()
            paths.append(
                (args.baseline_rev, args.baseline_python, baseline_src(args.baseline_rev, Path(tmp) / "base"))
            )

        print(
            f"median of {args.repeat} runs; load average at start {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        print(f"{'case':<28} {'code':<10} {'CPU s':>7} {'wall s':>7} {'peak MB':>8}  target")
        pycache = Path(tmp) / "pycache" if args.compiled else None
        for name, cmd in cases.items():
            measured = measure(paths, cmd, args.repeat, pycache)
            for label, _, _ in paths:
                r = median_run(measured[label])
                target = TARGETS.get(name)
                verdict = ""
                if target and label == "this tree":
                    ok = r.cpu <= target[0] and r.rss_mb <= target[1]
                    verdict = f"≤ {target[0]:.1f} s, ≤ {target[1]} MB: {'met' if ok else 'NOT met'}"
                print(f"{name:<28} {label:<10} {r.cpu:7.2f} {r.wall:7.2f} {r.rss_mb:8.0f}  {verdict}")
            # each run's CPU, in the order they ran: the spread says how far the medians can be trusted
            for label, _, _ in paths:
                print(
                    f"{'':<28} {label:<10} CPU s of each run: {' '.join(f'{x.cpu:.2f}' for x in measured[label])}"
                )


if __name__ == "__main__":
    main()
