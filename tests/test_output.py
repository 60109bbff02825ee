"""Atomic output files: modes like any new file, links followed, format from the suffix."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbrief.errors import OutputError
from newsbrief.output import check_target, format_for, write_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_0666_minus_umask(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "brief.md"
    write_atomic(out, "hello\n")
    assert out.read_text() == "hello\n" and mode(out) == 0o644
    os.umask(0o077)
    private = tmp_path / "private.md"
    write_atomic(private, "x")
    assert mode(private) == 0o600


def test_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "brief.md"
    out.write_text("old")
    out.chmod(0o640)
    write_atomic(out, "new")
    assert out.read_text() == "new" and mode(out) == 0o640


def test_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real_dir = tmp_path / "shared"
    real_dir.mkdir()
    target = real_dir / "brief.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert not [p for p in real_dir.iterdir() if p.name.endswith(".tmp")]


def test_dangling_symlink_writes_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "later.md")
    write_atomic(link, "made")
    assert link.is_symlink() and (tmp_path / "later.md").read_text() == "made"


def test_check_target_names_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        check_target(tmp_path / "nope" / "brief.md")


def test_a_folder_that_refuses_new_files_is_an_output_error(tmp_path: Path) -> None:
    # /proc/self takes no new files, whoever asks (root passes the permission check, and the
    # temporary file itself is refused); never an "internal error"
    with pytest.raises(OutputError, match=r"cannot write /proc/self/brief\.md: "):
        write_atomic("/proc/self/brief.md", "never written")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_a_folder_without_write_permission_is_named_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match=f"no permission to write in {folder}"):
            check_target(folder / "brief.md")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize(
    ("path", "explicit", "expected"),
    [
        ("brief.html", None, "html"),
        ("brief.HTM", None, "html"),
        ("brief.json", None, "json"),
        ("brief.md", None, "md"),
        ("brief.txt", None, "md"),
        (None, None, "md"),
        ("brief.html", "json", "json"),
    ],
)
def test_format_from_suffix_unless_given(path: str | None, explicit: str | None, expected: str) -> None:
    assert format_for(path, explicit) == expected
