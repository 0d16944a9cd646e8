"""Make any user text printable: clean it, escape it for markup, wrap, shrink or ellipsize it.

One rule everywhere, so a hostile name behaves the same on every document:

* control characters become spaces and runs of white space collapse to one space; format
  characters and variation selectors (ZWJ, soft hyphen, U+FE0F) are removed; the no-break
  spaces French puts before ":", "?", "!", ";" and inside « » (U+00A0, U+202F) are **kept**, so
  a line never starts with "?";
* a character the embedded DejaVu font lacks is **dropped** when it is a symbol, an emoji, a
  format or private-use character (🎉, ZWJ sequences, skin tones); a letter, digit or
  punctuation of another script is printed with the fallback font (Chinese, Japanese, Korean:
  see ``fallback``), or **replaced by U+FFFD "�"** when no font has it, so a name is never
  silently shortened to nothing;
* text that does not fit wraps on words (long words break between characters), shrinks down to
  a minimum size where the layout allows it, and is then cut with an ellipsis "…".
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape as _xml_escape

from smartdesk.reports.pdf.fonts import fallback_covered, register_fonts, string_width

ELLIPSIS = "…"
REPLACEMENT = "\ufffd"
_DROPPED_CATEGORIES = frozenset({"So", "Sk", "Sm", "Sc", "Cf", "Co", "Cn", "Cs", "Mn", "Me"})
_ESCAPES = {'"': "&quot;", "'": "&#39;"}


_CONTROLS = {code: " " for code in (*range(32), 127)}
#: Glue between two words: never a place to break a line, never collapsed into a plain space.
NO_BREAK_SPACES = frozenset("\u00a0\u202f")
# Every other run of white space is one plain space (str.split() would also eat the no-break ones).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")

#: Letters NFKD does not take apart (Ørsted, Œuvray, Łukasz …) and what they become in ASCII.
_LATIN = str.maketrans(
    {"Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ß": "ss", "Æ": "AE",
     "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i", "ẞ": "SS", "Ħ": "H",
     "ħ": "h", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n", "Ð": "D", "ð": "d"}
)  # fmt: skip


def ascii_letters(text: str) -> str:
    """``Łęcka Ørsted`` → ``Lecka Orsted``: accents off, strokes and ligatures spelt out, every
    other non-ASCII character dropped (file names that work on any disk, share or USB key)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN))
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("ascii", "ignore")
        .decode("ascii")
    )


def _collapse(text: str) -> str:
    return _BREAKING_SPACE.sub(" ", text).strip(" ")


def _invisible(char: str, category: str) -> bool:
    """Format characters (ZWJ, soft hyphen, bidi marks) and variation selectors print nothing."""
    code = ord(char)
    return category == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def clean(value: object) -> str:
    """The text as the fonts can print it, on one line (see the module's rule)."""
    if value is None:
        return ""
    text = str(value)
    if text.isascii():
        if text.isprintable() and "  " not in text and text == text.strip():
            return text
        return " ".join(text.translate(_CONTROLS).split())
    covered = register_fonts()
    text = unicodedata.normalize("NFC", text)
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char in NO_BREAK_SPACES:
            out.append(char)
        elif category == "Cc" or char.isspace():
            out.append(" ")
        elif _invisible(char, category):
            continue
        elif ord(char) in covered:
            out.append(char)
        elif category not in _DROPPED_CATEGORIES:
            out.append(char if ord(char) in fallback_covered() else REPLACEMENT)
    return _collapse("".join(out))


def escape(value: object) -> str:
    """Cleaned text, safe inside reportlab Paragraph markup (``<``, ``&`` and quotes escaped)."""
    return _xml_escape(clean(value), _ESCAPES)


def ellipsize(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` (whole text if it fits)."""
    if string_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if string_width(text[:mid].rstrip() + ELLIPSIS, font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return (
        text[:low].rstrip() + ELLIPSIS
        if low
        else (ELLIPSIS if string_width(ELLIPSIS, font, size) <= width else "")
    )


_BREAK_AFTER = frozenset("-@._/+,;")


def _cut_point(piece: str) -> int:
    """Where to cut a piece too long for its line: after "@" if that keeps a third of it, else
    after a hyphen, dot, slash … if that keeps half; 0 means between any two characters."""
    n = len(piece)
    at = piece.rfind("@", 0, n - 1) + 1
    if at >= max(2, n // 3):
        return at
    cut = max((i + 1 for i, ch in enumerate(piece[:-1]) if ch in _BREAK_AFTER), default=0)
    return cut if cut >= max(2, n // 2) else 0


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Cut a word too long for a line (widths add up: the fonts have no kerning here)."""
    pieces: list[str] = []
    current, current_width = "", 0.0
    for char in word:
        char_width = string_width(char, font, size)
        if current and current_width + char_width > width:
            cut = _cut_point(current)
            if cut:
                pieces.append(current[:cut])
                current = current[cut:]
                current_width = string_width(current, font, size)
                if current_width + char_width <= width:
                    current += char
                    current_width += char_width
                    continue
            pieces.append(current)
            current, current_width = char, char_width
        else:
            current += char
            current_width += char_width
    if current:
        pieces.append(current)
    return pieces


def wrap(
    text: str, font: str, size: float, width: float, max_lines: int | None = None
) -> list[str]:
    """Greedy word wrap of cleaned ``text``; stops early once ``max_lines + 1`` lines exist."""
    lines: list[str] = []
    current = ""
    space = string_width(" ", font, size)
    current_width = 0.0
    for word in text.split(" "):
        if not word:
            continue
        word_width = string_width(word, font, size)
        if current and current_width + space + word_width <= width:
            current += " " + word
            current_width += space + word_width
            continue
        if current:
            lines.append(current)
            if max_lines is not None and len(lines) > max_lines:
                return lines
        if word_width <= width:
            current, current_width = word, word_width
        else:
            *full, current = _break_word(word, font, size, width)
            lines.extend(full)
            current_width = string_width(current, font, size)
    if current:
        lines.append(current)
    return lines


def fit(
    text: object,
    font: str,
    size: float,
    width: float,
    max_lines: int = 1,
    min_size: float | None = None,
) -> tuple[list[str], float]:
    """Lines and font size that put ``text`` in ``width`` × ``max_lines``.

    Wraps at ``size``; if that needs too many lines, shrinks by half points down to ``min_size``;
    if it still does not fit, keeps ``max_lines`` lines at ``min_size`` and ends the last one
    with an ellipsis.
    """
    value = clean(text)
    if not value:
        return [], size
    if string_width(value, font, size) <= width:
        return [value], size
    min_size = size if min_size is None else min(min_size, size)
    current = size
    while True:
        lines = wrap(value, font, current, width, max_lines)
        if len(lines) <= max_lines:
            return lines, current
        if current - 0.5 < min_size - 1e-9:
            break
        current -= 0.5
    kept = lines[: max_lines - 1]
    # Lines are consecutive slices of ``value`` (joined by single spaces, or cut inside a word),
    # so the rest starts right after them; the ellipsis then follows the last visible word.
    position = 0
    for line in kept:
        position += len(line)
        if value[position : position + 1] == " ":
            position += 1
    rest = value[position:]
    kept.append(ellipsize(rest, font, current, width))
    return kept, current


def fit_one_line(
    text: object, font: str, size: float, width: float, min_size: float | None = None
) -> tuple[str, float]:
    lines, used = fit(text, font, size, width, 1, min_size)
    return (lines[0] if lines else ""), used
