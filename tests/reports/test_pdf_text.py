"""The one rule for hostile text: clean, escape, wrap, shrink, ellipsize."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from smartdesk.reports.pdf import fonts
from smartdesk.reports.pdf.text import ELLIPSIS, REPLACEMENT, clean, ellipsize, escape, fit


def test_clean_collapses_white_space_and_control_characters():
    assert clean("  Marie\t\nDubois\x00 ") == "Marie Dubois"
    assert clean(None) == ""
    assert clean(12) == "12"


def test_clean_drops_missing_symbols_and_replaces_missing_letters():
    assert clean("Łukasz 🎉") == "Łukasz"  # a party popper is not in DejaVu: dropped
    assert clean("Ana 👩‍👩‍👧 Silva") == "Ana Silva"  # ZWJ family sequence: dropped
    assert clean("ብርሃን") == REPLACEMENT * 4  # letters no font has (Ge'ez): visibly replaced
    assert clean("王小明") == "王小明"  # Chinese: the fallback font prints it
    assert clean("Żaneta Łęcka İlkay Gündoğan Åsa Ørsted Jürgen Weiß 12 €") == (
        "Żaneta Łęcka İlkay Gündoğan Åsa Ørsted Jürgen Weiß 12 €"
    )


def test_clean_composes_decomposed_accents():
    assert clean("Lemai\u0302tre") == "Lemaître"


def test_escape_is_safe_for_paragraph_markup():
    assert (
        escape('<b>O\'Brien</b> & "Cie"') == "&lt;b&gt;O&#39;Brien&lt;/b&gt; &amp; &quot;Cie&quot;"
    )


def test_fit_wraps_then_shrinks_then_ellipsizes():
    lines, size = fit("Marie Dubois", fonts.BOLD, 20, 500, 1)
    assert (lines, size) == (["Marie Dubois"], 20)
    lines, size = fit("Jean-Philippe Van den Bossche", fonts.BOLD, 20, 200, 2, 10)
    assert len(lines) == 2 and size == 20
    lines, size = fit("A" * 200, fonts.BOLD, 20, 200, 2, 10)
    assert size == 10 and len(lines) == 2 and lines[-1].endswith(ELLIPSIS)
    assert fit("", fonts.BOLD, 20, 200, 2) == ([], 20)


def test_long_e_mail_breaks_after_the_at_sign():
    lines, _size = fit("jp.vandenbossche@cpas-gembloux.be", fonts.CONDENSED, 8.5, 95, 2)
    assert lines == ["jp.vandenbossche@", "cpas-gembloux.be"]


def test_ellipsize_in_a_tiny_box():
    assert ellipsize("Marie", fonts.REGULAR, 10, 1) == ""
    assert ellipsize("Marie", fonts.REGULAR, 10, 1000) == "Marie"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.floats(20, 400), st.integers(1, 3))
def test_fit_never_overflows(text, width, max_lines):
    lines, size = fit(text, fonts.REGULAR, 11, width, max_lines, 7)
    assert len(lines) <= max_lines
    for line in lines:
        assert fonts.string_width(line, fonts.REGULAR, size) <= width + 0.01 or len(line) == 1
