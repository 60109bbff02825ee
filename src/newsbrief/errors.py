"""One root exception with a family beneath it (as httpx does).

Library code raises these with a message a user can act on; the CLI prints the message on one line
and exits with status 2. Anything else escaping is a bug.
"""

from __future__ import annotations


class NewsbriefError(Exception):
    """Root of every error newsbrief raises on purpose."""


class InputError(NewsbriefError):
    """The articles given cannot be used: missing, empty, unreadable, malformed or not English."""


class ConfigError(NewsbriefError):
    """An option or combination of options is invalid."""


class OutputError(NewsbriefError):
    """The result could not be written."""
