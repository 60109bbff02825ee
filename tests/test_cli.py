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
    assert out.startswith(
        "# Trump-Kim Relationship No Longer Sufficient for US-North Korea Diplomacy: NK Official"
    )
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


# ---------------------------------------------------------------------------------------------
# issue 10: every bad input a clear answer, every output file like any other

LONG = (
    "The regional parliament approved the new water law on Tuesday after a debate that lasted eleven hours. "
    "Farmers' groups said on Wednesday that the law would protect their supplies during the long summer droughts."
)


def test_html_suffix_without_format_writes_html(example_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert run("brief", str(example_dir), "-o", str(out)).exit_code == 0
    assert out.read_text().startswith("<!doctype html>")
    as_json = tmp_path / "brief.json"
    assert run("brief", str(example_dir), "-o", str(as_json)).exit_code == 0
    assert json.loads(as_json.read_text())["schema"] == "newsbrief.brief/1"
    forced = tmp_path / "forced.html"
    assert run("brief", str(example_dir), "-o", str(forced), "-f", "md").exit_code == 0
    assert forced.read_text().startswith("# ")


def test_output_mode_follows_umask_and_links_are_followed(example_dir: Path, tmp_path: Path) -> None:
    import os
    import stat

    real = tmp_path / "real"
    real.mkdir()
    (real / "brief.md").write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(real / "brief.md")
    old = os.umask(0o022)
    try:
        assert run("brief", str(example_dir), "-o", str(link)).exit_code == 0
        fresh = tmp_path / "fresh.md"
        assert run("brief", str(example_dir), "-o", str(fresh)).exit_code == 0
    finally:
        os.umask(old)
    assert link.is_symlink() and (real / "brief.md").read_text().startswith("# Trump-Kim")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


def test_word_budget_below_every_sentence_says_the_minimum(tmp_path: Path) -> None:
    result = run("brief", put(tmp_path / "law.txt", LONG), "--words", "10")
    assert result.exit_code == 2
    assert "--words 10 is smaller than the shortest sentence a summary can use (17 words)" in result.stderr
    assert "use --words 17 or more" in result.stderr
    assert run("brief", str(tmp_path / "law.txt"), "--words", "17").exit_code == 0


def test_edge_dates_and_nested_json_are_skips_not_crashes(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": LONG,
                "url": "https://www.riverpost.example/1",
                "date_publish": "9999-12-31T23:59:59+14:00",
            }
        ),
        json.dumps(
            {"text": BODY, "url": "https://valleynews.example/2", "published": "0001-01-01T00:00:00+05:00"}
        ),
        "[" * 100_000 + "]" * 100_000,
        json.dumps(
            {"text": LONG + " It passed.", "source_domain": "www.metro.example", "date": "2024-03-05 11:00"}
        ),
    ]
    path = put(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    out = tmp_path / "brief.json"
    result = run("brief", path, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert f"{path}:1: date field 'date_publish' '9999-12-31T23:59:59+14:00' is implausible" in result.stderr
    assert f"{path}:2: date field 'published' '0001-01-01T00:00:00+05:00' is implausible" in result.stderr
    assert f"{path}:3: JSON nested too deeply" in result.stderr
    brief = json.loads(out.read_text())
    assert sorted(a["outlet"] for a in brief["articles"]) == [
        "metro.example",
        "riverpost.example",
        "valleynews.example",
    ]
    dates = [a["published"] for a in brief["articles"] if a["published"]]
    assert dates == ["2024-03-05T11:00:00+00:00"]
    assert brief["story"]["first_seen"] == brief["story"]["last_seen"] == "2024-03-05T11:00:00+00:00"


def test_mojibake_record_gives_a_clean_brief(tmp_path: Path) -> None:
    record = {
        "title": "Mayor ZoÃ« Falk unveils flood plan",
        "maintext": "Mayor ZoÃ« Falkâ€™s flood plan will cost â‚¬12 million, the council said on Monday. "
        "The money will pay for new dikes along the river and a pumping station near the harbour.",
        "url": "https://riverpost.example/1",
    }
    path = put(tmp_path / "feed.jsonl", json.dumps(record) + "\n")
    result = run("brief", path)
    assert result.exit_code == 0, result.output
    assert "Zoë Falk’s flood plan will cost €12 million" in result.stdout
    assert "Ã" not in result.stdout and "â€" not in result.stdout
    assert f"{path}:1: repaired mis-decoded characters" in result.stderr


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps({"text": LONG}) + "\n").encode()))
    result = run("brief", str(path))
    assert result.exit_code == 0, result.output
    assert "water law" in result.stdout


def test_json_array_in_jsonl_is_explained(tmp_path: Path) -> None:
    result = run("brief", put(tmp_path / "feed.jsonl", json.dumps([{"text": LONG}], indent=2)))
    assert result.exit_code == 2
    assert "this is a JSON array; use .json for it, or write one object per line" in result.stderr


def test_script_only_page_is_a_clear_error(tmp_path: Path) -> None:
    page = Path(__file__).parent / "data" / "ingest" / "script_only.html"
    result = run("brief", str(page))
    assert result.exit_code == 2
    assert "no article text found in the HTML page" in result.stderr
    assert "enable JavaScript" not in result.stdout


def test_run_skips_a_deeply_nested_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"text": LONG, "url": "https://riverpost.example/1"}), "[" * 100_000 + "]" * 100_000]
    shard = put(corpus / "shard.jsonl", "\n".join(lines) + "\n")
    result = run("run", str(corpus), "--out", str(tmp_path / "out"), "--no-briefs")
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "JSON nested too deeply to be a record; skipped" in result.stderr
    assert "(1 line skipped, listed above)" in result.stderr
    from newsbrief.runner import parse_shard

    assert parse_shard(shard).skipped == (f"{shard}:2: JSON nested too deeply to be a record; skipped",)


def test_command_modules_do_not_import_the_main_cli_module() -> None:
    # newsbrief.cli attaches them; importing it back from them would be an import cycle
    code = (
        "import sys, newsbrief.cli_collection, newsbrief.cli_quality, newsbrief.cli_serve; "
        "print('newsbrief.cli' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_brief_written_into_the_folder_it_briefs_is_not_read_back(
    example_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "korea"
    folder.mkdir()
    for path in example_dir.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    out = folder / "brief.md"  # a .md file is an article suffix: the second run would read the first brief
    first = run("brief", str(folder), "-o", str(out))
    assert first.exit_code == 0, first.output
    text = out.read_text()
    second = run("brief", str(folder), "-o", str(out))
    assert second.exit_code == 0, second.output
    assert out.read_text() == text and "*3 articles, 3 outlets" in text
    assert f"{out}: left out, it is this command's output" in second.stderr
