"""Cell values made safe for spreadsheets, and back.

Formula injection (OWASP "CSV injection"): a text starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return may be run as a formula by the program that opens the file. The cure differs by
format, and each one round-trips exactly through SmartDesk's own readers:

* **xlsx**: the text is always written as a string cell (never ``<f>``) *and* its style carries
  ``quotePrefix``, the flag Excel sets when a user types a leading apostrophe. The cell shows the
  text unchanged (``=SUM(A1)``), stays text if the user edits it, and reads back identical — the
  reader has nothing to strip.
* **csv** has no types, so :func:`safe_cell` prefixes an apostrophe (``'=SUM(A1)``), as OWASP
  advises; :func:`unsafe_cell` removes exactly one. The rule is reversible because a text that
  already starts with apostrophes followed by a risky character gets one more apostrophe:
  ``"'=x"`` is written ``"''=x"``. A name such as ``'s-Gravenbrakel`` is left alone.

OOXML strings cannot hold every character: XML forbids most C0 controls and lone surrogates,
and XML parsers turn a carriage return into a line feed. Excel's own escape ``_xHHHH_`` (ECMA-376
ST_Xstring) carries them; a literal ``_xHHHH`` is protected as ``_x005F_xHHHH``. Excel and
LibreOffice decode it, and :func:`ooxml_unescape` decodes it in SmartDesk's readers.
"""

from __future__ import annotations

import re

#: First characters that make a spreadsheet evaluate a text (OWASP, plus tab and CR).
RISKY_FIRST_CHARACTERS = frozenset("=+-@\t\r")
_CSV_ESCAPED = re.compile(r"'*[=+\-@\t\r]")
_CSV_UNESCAPE = re.compile(r"'+[=+\-@\t\r]")

_OOXML_ESCAPE = re.compile(
    "_(?=x[0-9A-Fa-f]{4})|[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
)
_OOXML_UNESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def is_risky(text: str) -> bool:
    """Would a spreadsheet evaluate this text if typed into a cell?"""
    return bool(text) and text[0] in RISKY_FIRST_CHARACTERS


def safe_cell(value: object) -> object:
    """A value ready for a CSV cell: risky texts get a leading apostrophe (see module doc)."""
    if isinstance(value, str) and value and _CSV_ESCAPED.match(value):
        return "'" + value
    return value


def unsafe_cell(text: str) -> str:
    """Undo :func:`safe_cell` on a text read from CSV."""
    if text.startswith("'") and _CSV_UNESCAPE.match(text):
        return text[1:]
    return text


def _ooxml_token(match: re.Match[str]) -> str:
    char = match.group()
    return "_x005F_" if char == "_" else f"_x{ord(char):04X}_"


def ooxml_escape(text: str) -> str:
    """Text as an OOXML string may carry it (before XML escaping)."""
    if "_" in text or not text.isprintable():
        return _OOXML_ESCAPE.sub(_ooxml_token, text)
    return text


def ooxml_unescape(text: str) -> str:
    """Decode Excel's ``_xHHHH_`` escapes (also found in files Excel saved)."""
    if "_x" in text:
        return _OOXML_UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text
