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


class SchemaError(InputError):
    """A serialized record (a brief's JSON, a stored article) does not match the data model: a
    wrong type, a missing field or an unknown key. The message names the field path
    (``summary.sentences[2].citations[0].start: expected an integer``)."""


class StoreError(NewsbriefError):
    """The collection file cannot be used: not SQLite, not a newsbrief collection, or a newer schema."""
