"""``newsbrief serve`` as a user runs it: a real process, a real socket, a real Ctrl-C."""

from __future__ import annotations

from pathlib import Path

from interrupt import interrupt_when


def test_ctrl_c_stops_serve_with_one_line_and_status_130(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    status, after, before = interrupt_when(["serve", "--db", str(db), "--port", "0"], "serving")
    assert before[-1].startswith(f"newsbrief: serving {db} on http://127.0.0.1:")  # the bound port
    assert (status, after) == (130, "newsbrief: interrupted\n")
