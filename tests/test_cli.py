"""The command line as a user runs it: real files, real exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsbrief.cli import cli
from newsbrief.model import Brief

BODY = "The regional parliament approved the new water law on Tuesday after a long debate. Farmers said it helps."


def put(path: Path, content: str | bytes) -> str:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return str(path)


def run(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input)


def test_markdown_brief_of_the_example(example_dir: Path) -> None:
    result = run("brief", str(example_dir))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Bromance between Trump and Kim losing steam")
    assert "## Summary" in out and "## Sources" in out
    assert "[1]" in out and "[2]" in out and "[3]" in out
    assert "of 3 outlets" in out


def test_json_output_is_the_full_model(example_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    result = run("brief", str(example_dir), "--format", "json", "-o", str(out), "--words", "80")
    assert result.exit_code == 0, result.output
    brief = Brief.from_dict(json.loads(out.read_text()))
    assert brief.summary.words <= 80
    assert not list(tmp_path.glob(".*tmp"))


def test_html_output_links_citations_to_source_sentences(example_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert run("brief", str(example_dir), "-f", "html", "-o", str(out)).exit_code == 0
    page = out.read_text()
    assert page.startswith("<!doctype html>")
    import re

    targets = re.findall(r'href="#(s\d+-\d+)"', page)
    assert targets
    for target in targets:
        assert f'id="{target}"' in page


def test_failed_run_leaves_no_output_file(tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    out.write_text("previous brief\n")
    result = run("brief", str(tmp_path / "missing"), "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text() == "previous brief\n"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: str(d / "missing.txt"), "no such file or directory"),
        (lambda d: str(d), "contains no article files"),
        (lambda d: put(d / "empty.txt", ""), "empty file"),
        (lambda d: put(d / "x.txt", b"\x00\x01\x02" * 100), "binary file"),
        (lambda d: put(d / "bad.json", '{"title": "x", '), "malformed JSON"),
        (
            lambda d: put(
                d / "de.txt", "Der Landtag hat das neue Gesetz am Dienstag beschlossen, sagte die Regierung."
            ),
            "no English articles",
        ),
    ],
)
def test_bad_input_gives_one_line_and_status_2(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run("brief", setup(tmp_path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsbrief: error: ") and message in lines[0]
    assert "Traceback" not in result.output


def test_malformed_line_warns_or_fails_under_strict(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n{oops\n")
    lenient = run("brief", str(path))
    assert lenient.exit_code == 0
    assert f"newsbrief: warning: {path}:2: malformed JSON" in lenient.stderr
    strict = run("brief", str(path), "--strict")
    assert strict.exit_code == 2 and f"{path}:2: malformed JSON" in strict.stderr


def test_stdin(tmp_path: Path) -> None:
    result = run("brief", "-", input=BODY.encode())
    assert result.exit_code == 0
    assert "water law" in result.stdout


def test_bad_option_value_is_a_usage_error(example_dir: Path) -> None:
    result = run("brief", str(example_dir), "--words", "0")
    assert result.exit_code == 2 and "--words" in result.stderr


def test_every_command_has_help_text() -> None:
    def walk(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
        found = []
        for name, command in group.commands.items():
            found.append((prefix + name, command))
            if isinstance(command, click.Group):
                found += walk(command, prefix + name + " ")
        return found

    for name, command in walk(cli):
        assert command.help, f"command {name!r} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"option {param.opts} of {name!r} has no help text"


def test_module_entry_point_exits_2_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsbrief", "brief", str(tmp_path / "nothing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"newsbrief: error: no such file or directory: {tmp_path / 'nothing'}"
    assert proc.stdout == ""


def test_unwritable_output_fails_before_any_work(example_dir: Path, tmp_path: Path) -> None:
    result = run("brief", str(example_dir), "-o", str(tmp_path / "missing" / "brief.md"))
    assert result.exit_code == 2
    assert "directory" in result.stderr and "does not exist" in result.stderr
    result = run("brief", str(example_dir), "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr
