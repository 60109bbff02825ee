"""Parameter types shared by the command modules (click only, so any of them can import it)."""

from __future__ import annotations

from typing import Any

import click


class NamedPath(click.Path):
    """``click.Path`` that refuses an empty name (``--db ""``, ``--out "$UNSET"``) as a usage error.

    As a path, an empty name is ".", the current folder: ``--db ""`` was reported as "a directory",
    ``--out ""`` wrote the run into the current folder, and ``-o ""`` went to stdout unsaid.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("the name is empty", param, ctx)
        return super().convert(value, param, ctx)


def collection_file() -> NamedPath:
    """The type of every ``--db`` option: a file name, never a folder, never empty."""
    return NamedPath(dir_okay=False)
