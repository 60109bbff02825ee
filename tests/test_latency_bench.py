"""benchmarks/latency.py: whole processes measured in turns, each run's CPU listed under its case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
SCRIPT = ROOT / "benchmarks" / "latency.py"


def test_a_case_runs_each_code_path_in_turns_without_the_data_it_does_not_need(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--case",
            "help",
            "--repeat",
            "2",
            "--data",
            str(tmp_path / "none.jsonl"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    (row,) = [line for line in lines if line.startswith("--help") and "this tree" in line]
    cpu, wall, peak = (float(x) for x in row.split()[3:6])
    assert min(cpu, wall, peak) > 0
    (runs,) = [line for line in lines if "CPU s of each run:" in line]
    assert len(runs.split(":")[1].split()) == 2
    assert not any("brief" in line for line in lines)  # only the case asked for
