"""Characters no reader should receive: terminal escapes, control characters, bidi overrides.

Removed from every article as it is read (``records``) and again from whatever a collection gives
back (``store``), since a collection written before they were removed at ingest still holds them.
Standard library only: the store and the server import it without the ingest stack.
"""

from __future__ import annotations

import re

# Terminal escape sequences (CSI "ESC [ ... m", OSC "ESC ] ... BEL"), then any other control
# character but tab and line ends, and the bidi embeddings, overrides and isolates (U+202A-E,
# U+2066-9: "Trojan Source", CVE-2021-42574). None is text a reader sees; printed by `stories` or
# in a Markdown brief, they would recolour or clear the reader's terminal or reverse what follows.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n"})


def strip_controls(text: str) -> str:
    """``text`` without terminal escapes, control characters or bidi overrides (see above);
    vertical tab, form feed and NEL become line breaks. Cost: two regex passes, none for text
    without any of them."""
    if text.isprintable() or not (
        _CONTROLS.search(text) or "\x0b" in text or "\x0c" in text or "\x85" in text
    ):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text)).translate(_BREAKS)
