"""benchmarks/quality.py: the quick loop scores newsbrief alone; a wrong system name is a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
SCRIPT = ROOT / "benchmarks" / "quality.py"
STORIES = ROOT / "tests" / "data" / "stories.jsonl"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False
    )


def test_systems_newsbrief_scores_newsbrief_alone_with_its_halves(tmp_path: Path) -> None:
    out = _run(str(STORIES), str(tmp_path / "missing.jsonl"), "--systems", "newsbrief")
    assert out.returncode == 0, out.stderr
    table = out.stdout.splitlines()
    rows = [
        line.split()[0]
        for line in table
        if line.split() and line.split()[0] in ("newsbrief", "lead", "lexrank")
    ]
    assert set(rows) == {"newsbrief"}  # no baseline was run
    assert any(line.startswith("newsbrief even") for line in table)
    assert any(line.startswith("newsbrief  odd") for line in table)
    assert "sumy" not in out.stdout  # no ratio without sumy's column
    assert "missing.jsonl: not found; skipped" in out.stdout


def test_unknown_system_is_named_in_the_error() -> None:
    out = _run(str(STORIES), "--systems", "newsbrief,lexrnak")
    assert out.returncode == 2
    assert "unknown system 'lexrnak'" in out.stderr
    assert "Traceback" not in out.stderr
