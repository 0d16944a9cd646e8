"""Chinese, Japanese and Korean names print with the fallback font instead of "��"."""

from __future__ import annotations

from pdf_samples import MIDI, font_names, pages_text, row

from smartdesk.reports.pdf import BadgeOptions, SignInOptions, badges, fonts, sign_in_sheet
from smartdesk.reports.pdf.fallback import FALLBACK
from smartdesk.reports.pdf.text import clean

CJK = [
    row(1, "小明", "王", organisation="北京大学 & Université", commune="Perwez"),
    row(2, "はると", "佐藤", organisation="東京", commune="Eghezée"),
    row(3, "민준", "김", organisation="서울", commune="Gembloux"),
]


def test_cjk_names_print_on_the_sign_in_sheet_and_badges_with_the_fallback_font_embedded():
    for data in (
        sign_in_sheet(MIDI, CJK, None, SignInOptions(lang="fr")),
        badges(MIDI, CJK, None, BadgeOptions(layout="2x4", lang="fr")),
    ):
        text = "\n".join(pages_text(data))
        for name in ("王", "小明", "北京大学", "佐藤", "はると", "김", "민준"):
            assert name in text, name
        assert "\ufffd" not in text
        embedded = {name for name, is_embedded in font_names(data) if is_embedded}
        assert any(FALLBACK in name for name in embedded)


def test_a_latin_document_does_not_carry_the_fallback_font():
    data = sign_in_sheet(MIDI, [row(1, "Łukasz", "Nowak")], None, SignInOptions(lang="fr"))
    assert not any(FALLBACK in name for name, _embedded in font_names(data))


def test_cjk_characters_are_measured_as_the_fallback_draws_them():
    assert clean("王小明") == "王小明"
    # a Chinese character is one em wide: the layout (fit, wrap, centring) counts it so
    assert abs(fonts.string_width("王", fonts.REGULAR, 10) - 10) < 0.5
    assert clean("🎉 X") == "X"  # an emoji is still dropped, not drawn in the fallback


def test_another_reportlab_version_switches_the_fallback_off(monkeypatch):
    from smartdesk.reports.pdf import fallback

    monkeypatch.setattr(fallback, "RL_VERSIONS", ("0.",))
    assert fallback.coverage.__wrapped__((fonts.REGULAR,), fonts.register_fonts()) == frozenset()
