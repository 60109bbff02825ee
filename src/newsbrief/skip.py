"""``Skip``: the exception every reader raises when one input cannot be used.

Kept apart from ``ingest`` so that the format readers (``decode``, ``ingest_html``, ``ingest_json``)
and the adapters that reuse them (runner, HTTP, batch) share it without importing each other.
"""

from __future__ import annotations


class Skip(Exception):
    """One input cannot be used; the message says why. Logged and skipped, or fatal under --strict.

    ``where`` names the input ("feed.jsonl:3") when the raiser knows it better than the caller.
    """

    where: str | None = None

    def at(self, where: str) -> Skip:
        """This skip, located at ``where`` (returns itself, for ``yield skip.at(...)``)."""
        self.where = where
        return self
