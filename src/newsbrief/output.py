"""Write files atomically: a reader (or a crash) never sees a half-written output.

The file behaves like one written with ``open(path, "w")``: a new file gets ``0o666 & ~umask``,
a replaced file keeps its mode, and a symbolic link is followed (the file it points to is replaced,
the link stays a link). Only the write itself differs: a temporary file beside the target, renamed
over it when complete. A folder of outputs is published the same way: built beside the target,
then swapped in by rename (``fresh_folder``, ``publish_folder``).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from newsbrief.errors import ConfigError, OutputError

# The output format a file name implies; an explicit --format wins.
FORMATS_BY_SUFFIX = {".md": "md", ".markdown": "md", ".json": "json", ".html": "html", ".htm": "html"}


def format_for(path: str | os.PathLike[str] | None, explicit: str | None, default: str = "md") -> str:
    """The output format: ``explicit`` when given, else what ``path``'s suffix says, else ``default``.

    ``brief.html`` → "html", ``brief.json`` → "json", ``notes.md`` → "md"; an unknown suffix (or no
    path: stdout) gives ``default``.
    """
    if explicit:
        return explicit
    if path is None:
        return default
    return FORMATS_BY_SUFFIX.get(Path(path).suffix.lower(), default)


def check_target(path: str | os.PathLike[str]) -> Path:
    """The file to write for ``path`` (a symbolic link resolved to its target), checked before any work.

    Raises ``OutputError`` when its directory is missing or may not be written in, or it is a
    directory; ``ConfigError`` when ``path`` is a link loop.
    """
    given = Path(path)
    try:
        target = Path(os.path.realpath(given, strict=False)) if given.is_symlink() else given
    except OSError as exc:  # a symlink loop
        raise ConfigError(f"cannot write {given}: {exc.strerror or exc}") from exc
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {given}: directory {directory} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {given}: it is a directory")
    if not os.access(directory, os.W_OK | os.X_OK):
        # said before the work, not after it (atomic_writer still catches what this cannot see:
        # a read-only file system, or a folder that refuses even its owner)
        raise OutputError(f"cannot write {given}: no permission to write in {directory}")
    return target


def _current_umask() -> int:
    # Linux reports it without changing it (threads writing at the same time are not disturbed);
    # elsewhere the only way to read the umask is to set it and set it straight back.
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_current_umask()


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only when the ``with`` block ends without an error.

    It is a temporary file in the target's directory (so the final rename is atomic on one
    filesystem); on any error it is removed and ``path`` keeps its previous content. Mode and links
    are handled as the module docstring says.
    """
    target = check_target(path)
    mode = _mode_for(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # a folder we may not write in (permissions, a read-only file system)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600 whatever the umask
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (see ``atomic_writer``)."""
    with atomic_writer(path) as fh:
        fh.write(text)


def output_folder(out: str | os.PathLike[str]) -> Path:
    """The folder ``--out`` names, as the path that ``fresh_folder`` and ``publish_folder`` swap.

    A symbolic link is followed (the folder it points to is replaced, the link stays a link, as
    ``atomic_writer`` does for a file), and ``.`` or ``..`` become the folder's real name: renaming
    ``.`` itself fails only after the whole run. Raises ``ConfigError`` when the folder is the
    current directory or holds it: replacing it whole would leave the shell in a deleted folder.
    """
    target = Path(out).resolve()
    here = Path.cwd().resolve()
    if here == target or here.is_relative_to(target):
        raise ConfigError(
            f"--out {out} is the current directory or holds it; the run replaces that folder whole: "
            "give a folder of its own (for example --out out)"
        )
    return target


def check_output_folder(target: Path, outputs: tuple[str, ...]) -> None:
    """``target`` must be missing, empty, or a folder holding only ``outputs`` (an earlier run's):
    it is replaced whole. Raises ``ConfigError`` naming the first foreign files."""
    if target.exists() and not target.is_dir():
        raise ConfigError(f"--out {target} is a file, not a directory")
    if target.is_dir():
        foreign = sorted(p.name for p in target.iterdir() if p.name not in outputs)
        if foreign:
            raise ConfigError(
                f"--out {target} holds other files ({', '.join(foreign[:3])}); "
                "give an empty or new directory, or one of an earlier run"
            )


def fresh_folder(target: Path) -> Path:
    """A new empty folder beside ``target`` (same file system, so the swap is a rename)."""
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=parent))
    except OSError as exc:
        raise ConfigError(f"cannot create output directory {target}: {exc.strerror or exc}") from exc
    mask = os.umask(0)  # mkdtemp makes the folder private; the output folder gets the usual mode
    os.umask(mask)
    fresh.chmod(0o777 & ~mask)
    return fresh


def publish_folder(fresh: Path, target: Path) -> None:
    """Swap the finished folder in: readers see all of the old run's outputs or all of the new one's.

    The earlier folder is renamed aside first, then the new one takes its name, then the old one is
    removed; only a crash between the two renames (microseconds) leaves no ``out``, with both runs'
    complete folders beside it. An interrupted run never touches ``out`` at all.
    """
    old: Path | None = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.absolute().parent))
        os.rename(target, old / target.name)
    os.rename(fresh, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
