"""``newsbrief serve`` as a user runs it: a real process, a real socket, a real Ctrl-C; a file that
is not a collection and an exposed address without a token are refused before it binds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from interrupt import interrupt_when
from newsbrief.cli import cli


def test_ctrl_c_stops_serve_with_one_line_and_status_130(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    status, after, before = interrupt_when(["serve", "--db", str(db), "--port", "0", "--no-warm"], "serving")
    assert before[-1].startswith(f"newsbrief: serving {db} on http://127.0.0.1:")  # the bound port
    assert (status, after) == (130, "newsbrief: interrupted\n")


def test_a_file_that_is_not_a_collection_is_refused_at_start(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all\n" * 100)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    for path, reason in (
        (text, "is not a newsbrief collection"),
        (other, "is an SQLite file but not a newsbrief collection"),
        (tmp_path, "is a directory"),
    ):
        result = CliRunner().invoke(cli, ["serve", "--db", str(path), "--port", "0"])
        assert result.exit_code == 2, result.output
        assert reason in result.output and str(path) in result.output
        assert "serving" not in result.output and "Traceback" not in result.output


def test_binding_beyond_loopback_needs_a_token_or_insecure(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(tmp_path / "n.sqlite"), "--host", "0.0.0.0"], env={"NEWSBRIEF_TOKEN": ""}
    )
    assert result.exit_code == 2
    assert "--token" in result.output and "--insecure" in result.output
    assert not (tmp_path / "n.sqlite").exists()  # refused before anything was made


def test_an_address_that_cannot_be_served_on_is_one_line_before_anything_starts(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for args, reason in (
            (["--port", str(port)], f"cannot serve on 127.0.0.1:{port}: Address already in use"),
            (["--host", "no-such-host.invalid", "--insecure"], "cannot serve on no-such-host.invalid: "),
        ):
            result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "n.sqlite"), *args])
            assert result.exit_code == 2, result.output
            assert f"newsbrief: error: {reason}" in result.output
            assert "serving" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "n.sqlite").exists()  # refused before anything was made
