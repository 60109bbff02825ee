"""Bytes to text, and text that was decoded wrongly upstream back to what was written.

Decoding order (the first that applies wins):
1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides; UTF-16 without one (every other byte NUL
   in Latin text) is read as UTF-16, with a warning;
2. binary data (NUL bytes, many control characters) is refused;
3. valid UTF-8 is UTF-8;
4. the charset the transport gave (an HTTP ``Content-Type: text/html; charset=…`` header, kept by a
   WARC record or a fetch), else the charset markup declares for itself (``<meta charset>``,
   ``http-equiv``, ``<?xml encoding>``), in that order as browsers take them (WHATWG HTML,
   "determining the character encoding"), with ``iso-8859-1``/``us-ascii`` read as windows-1252
   as browsers do (WHATWG Encoding Standard), silently: the server or the page said what it is;
5. UTF-8 with a few bad bytes (more valid multi-byte characters than invalid bytes) stays UTF-8 and
   only the bad bytes become U+FFFD: one stray byte must not turn every curly quote into "â€œ";
6. bytes charset_normalizer reads as a multi-byte East Asian charset (GBK, Big5, Shift-JIS, EUC-KR)
   are read in it, with a warning;
7. anything else is a legacy single-byte file: windows-1252 (latin-1 for the bytes it leaves
   undefined), with a warning.

``repair_text`` undoes mojibake made before the bytes reached us (UTF-8 read as windows-1252 and
written out again: "ZoÃ« Falkâ€™s", "â‚¬12"), with ftfy's encoding fixes only: quotes stay curly,
ligatures, widths and line breaks stay as written.
"""

from __future__ import annotations

import codecs
import logging
import re
from functools import lru_cache
from typing import Any

from newsbrief.skip import Skip

log = logging.getLogger("newsbrief")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
# WHATWG: these labels mean windows-1252 on the web (pages that say latin-1 use its 0x80-0x9F quotes).
_WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_SNIFF_BYTES = 4096  # the HTML spec looks for <meta charset> in the first 1024 bytes; pages vary


def decode_bytes(data: bytes, source: str, *, quiet_binary: bool = False, charset: str = "") -> str:
    """Decode article bytes (see the module docstring for the order); warn naming ``source``.

    ``charset`` is the transport's label for the bytes (``http_charset`` of the Content-Type
    header), ``""`` when there was none. Raises ``Skip`` for binary data. Cost: one pass over the
    bytes, two when UTF-8 fails.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_lenient(data, encoding, source, f"{encoding.upper()} (byte-order mark)")
    head = data[:8192]
    utf16 = utf16_without_bom(head)
    if utf16:
        log.warning("%s: UTF-16 without a byte-order mark; read as %s", source, utf16.upper())
        return data.decode(utf16, errors="replace")
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if b"\x00" in head or (head and controls / len(head) > 0.05):
        raise Skip("binary data, not text" if quiet_binary else "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    declared = _codec(charset) or declared_charset(data)
    if declared and declared != "utf-8":
        by = "the server" if _codec(charset) else "the page"
        return _decode_lenient(data, declared, source, f"{declared} (declared by {by})")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if declared == "utf-8" or good > bad:
        log.warning(
            "%s: %d byte%s not valid UTF-8 (first at byte %d) replaced with U+FFFD; the rest read as UTF-8",
            source,
            bad,
            "" if bad == 1 else "s",
            first_bad,
        )
        return text
    guessed = _east_asian(data)
    if guessed:
        log.warning(
            "%s: not valid UTF-8 (byte %d) and no charset declared; read as %s, guessed from the bytes",
            source,
            first_bad,
            guessed.upper(),
        )
        return data.decode(guessed, errors="replace")
    log.warning("%s: not valid UTF-8 (byte %d); read as cp1252", source, first_bad)
    return data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")


def utf16_without_bom(head: bytes) -> str:
    """``"utf-16-le"`` / ``"utf-16-be"`` when ``head`` looks like UTF-16 text without a BOM, else
    ``""``: in text of Latin letters every other byte is NUL (the high byte of each code unit),
    which binary data does not show. Windows tools write such files ("Unicode" exports)."""
    pairs = len(head) // 2
    if pairs < 8 or b"\x00" not in head:
        return ""
    even = head[0 : pairs * 2 : 2].count(0)
    odd = head[1 : pairs * 2 : 2].count(0)
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros > 0.7 * pairs and others < 0.02 * pairs:
            return codec
    return ""


def declared_charset(data: bytes) -> str:
    """The Python codec name a markup document declares for itself (``""`` if none or unknown).

    Only markup counts (the bytes start with ``<`` after white space): a JSON or text file that
    quotes a ``<meta charset>`` tag is not declaring anything.
    """
    head = data[:_SNIFF_BYTES]
    if not head.lstrip().startswith(b"<"):
        return ""
    m = _DECLARED.search(head)
    if not m:
        return ""
    return _codec((m.group(1) or m.group(2)).decode("ascii", errors="replace"))


def http_charset(content_type: str) -> str:
    """The ``charset`` parameter of an HTTP Content-Type header value, as written (``""`` if none):
    ``'text/html; charset="ISO-8859-1"'`` → ``"ISO-8859-1"``; ``decode_bytes`` takes it."""
    m = _HTTP_CHARSET.search(content_type)
    return m.group(1) if m else ""


def _codec(label: str) -> str:
    """The Python codec a charset label names, as ``declared_charset`` reads it (``""`` if unknown)."""
    if not label:
        return ""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return ""
    if name in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
        return "utf-8"  # a page in a byte stream without a BOM that says UTF-16 is UTF-8 (WHATWG)
    return _WEB_ALIASES.get(name, name)


def _decode_lenient(data: bytes, encoding: str, source: str, what: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        log.warning(
            "%s: bytes not valid in %s (first at byte %d) replaced with U+FFFD", source, what, exc.start
        )
        return data.decode(encoding, errors="replace")


# The multi-byte legacy charsets of Chinese, Japanese and Korean text (Python codec names).
_EAST_ASIAN = frozenset(
    [
        "gb2312",
        "gbk",
        "gb18030",
        "hz",
        "big5",
        "big5hkscs",
        "cp950",
        "shift_jis",
        "cp932",
        "shift_jis_2004",
        "shift_jisx0213",
        "euc_jp",
        "euc_jis_2004",
        "euc_jisx0213",
        "iso2022_jp",
        "euc_kr",
        "cp949",
        "johab",
        "iso2022_kr",
    ]
)


def _east_asian(data: bytes) -> str:
    """The codec of ``data`` when charset_normalizer's best guess is a multi-byte East Asian one
    (GBK, Big5, Shift-JIS, EUC-KR, ...), else ``""``.

    Only these guesses are taken: a multi-byte charset leaves a pattern of lead and trail bytes that
    Western text does not make, whereas among the single-byte charsets the guess is often wrong
    (Latin-1 text read as cp1250 "Polish"), so they stay windows-1252 as browsers default.
    Cost: charset_normalizer's probe, a few ms on an article (it samples large files).
    """
    from charset_normalizer import from_bytes  # imported here: only undeclared legacy bytes need it

    best = from_bytes(data).best()
    return best.encoding if best is not None and best.encoding in _EAST_ASIAN else ""


def _cp1252_ok(data: bytes) -> bool:
    # cp1252 leaves five bytes undefined; a file holding one of them is latin-1.
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


@lru_cache(maxsize=1)
def _ftfy_config() -> Any:
    from ftfy import TextFixerConfig

    # Encoding fixes only (fix_encoding, restore_byte_a0, replace_lossy_sequences,
    # decode_inconsistent_utf8, fix_c1_controls, fix_surrogates stay on): everything else changes
    # text that was written that way on purpose.
    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def repair_text(text: str) -> tuple[str, str]:
    """``(repaired text, example)``: mojibake undone by ftfy; ``example`` is ``""`` when nothing changed.

    ``example`` shows the first repaired word ("'ZoÃ«' → 'Zoë'") for a warning. Text with nothing
    but ASCII returns at once; otherwise ftfy costs about a second per megabyte.
    """
    if text.isascii():
        return text, ""
    import ftfy

    fixed: str = ftfy.fix_text(text, _ftfy_config())
    if fixed == text:
        return text, ""
    return fixed, _first_change(text, fixed)


def _first_change(before: str, after: str) -> str:
    i = next(
        (k for k, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    start = max(before.rfind(" ", 0, i), before.rfind("\n", 0, i)) + 1

    def word(text: str) -> str:
        end = len(text)
        for sep in (" ", "\n"):
            k = text.find(sep, i)
            if k != -1:
                end = min(end, k)
        return text[start:end][:40]

    return f"{word(before)!r} → {word(after)!r}"
