"""CLI commands for the quality features; registered on the main group by ``newsbrief.cli``."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
