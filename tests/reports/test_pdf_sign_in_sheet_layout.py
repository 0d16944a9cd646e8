"""The sign-in sheet against the hand-made Word sheet: wide signatures, e-mails only when asked,
two lines before any "…", the excused listed, no near-empty last page, the certified box,
hyphenated headings in every language, and QR codes a scanner reads at print size."""

from __future__ import annotations

import dataclasses
import importlib
import re
import subprocess

import pytest
import zxingcpp
from pdf_geometry import text_runs, vertical_lines
from pdf_samples import MIDI, SESSION, pages_text, people, read, row
from PIL import Image
from reportlab.lib.units import mm

from smartdesk.i18n import use_locale
from smartdesk.reports.pdf import SignInOptions, sign_in_sheet, styles
from smartdesk.reports.pdf.sign_in_sheet import BOX, SPILL, heading

# The package re-exports the builder under the module's own name: reach the module itself.
sheet_module = importlib.import_module("smartdesk.reports.pdf.sign_in_sheet")


def _signature_widths(data: bytes) -> list[float]:
    """Widths of the columns right of the consent box, from the table's drawn vertical rules."""
    page = read(data).pages[0]
    xs = vertical_lines(page)
    width = float(page.mediabox.width)
    assert abs(xs[-1] - (width - styles.MARGIN)) < 1  # the table's right edge
    return [b - a for a, b in zip(xs, xs[1:], strict=False)]


def test_the_signature_column_is_at_least_45_mm_in_portrait():
    data = sign_in_sheet(MIDI, people(5), None, SignInOptions(lang="fr", emails=True))
    page = read(data).pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)  # portrait
    assert _signature_widths(data)[-1] >= 45 * mm - 0.5


def test_morning_and_afternoon_signatures_turn_the_page_to_landscape_by_itself():
    data = sign_in_sheet(SESSION, people(5), None, SignInOptions(lang="fr", qr_codes=True))
    page = read(data).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    morning, afternoon = _signature_widths(data)[-2:]
    assert morning >= 45 * mm - 0.5 and afternoon >= 45 * mm - 0.5
    text = pages_text(data)[0]
    assert "Signature (matin)" in text and "Signature (après-midi)" in text


def test_e_mails_are_printed_only_when_asked():
    rows = people(3)
    plain = "\n".join(pages_text(sign_in_sheet(MIDI, rows, None, SignInOptions(lang="fr"))))
    assert "@example.be" not in plain and "E-mail" not in plain
    asked = SignInOptions(lang="fr", emails=True)
    text = "\n".join(pages_text(sign_in_sheet(MIDI, rows, None, asked)))
    assert all(f"p{i}@example.be" in text for i in range(3))


def test_a_long_organisation_and_e_mail_wrap_on_two_lines_before_any_ellipsis():
    person = row(
        1,
        "Marie",
        "Dubois",
        organisation="Administration communale de Braives",
        commune="Perwez",
        email="marie.dubois@administration-perwez.be",
    )
    data = sign_in_sheet(MIDI, [person], None, SignInOptions(lang="fr", emails=True))
    runs = [r.text for r in text_runs(read(data).pages[0])]
    assert "…" not in "".join(runs)
    organisation = [r for r in runs if r in person.organisation]
    assert len(organisation) >= 2 and " ".join(organisation) == person.organisation
    mail = [r for r in runs if r in person.email]
    assert len(mail) >= 2 and "".join(mail) == person.email


def test_the_excused_are_listed_after_the_table():
    excused = [row(90, "Chantal", "Wéry"), row(91, "Els", "Van Hove")]
    data = sign_in_sheet(MIDI, people(4), None, SignInOptions(lang="en"), excused=excused)
    last = pages_text(data)[-1]
    assert re.search(r"Excused\s*:\s*Chantal Wéry, Els Van Hove", last)
    assert last.count(BOX) == 4 + 10  # the excused have no row
    assert "Excus" not in "\n".join(pages_text(sign_in_sheet(MIDI, people(4), None)))


def _rows_per_page(data: bytes) -> list[int]:
    """Every row, named or blank, has its consent box."""
    return [text.count(BOX) for text in pages_text(data)]


@pytest.mark.parametrize("count", range(10, 75, 3))
def test_the_last_page_never_holds_only_a_few_rows(count):
    data = sign_in_sheet(MIDI, people(count), None, SignInOptions(lang="fr", blank_rows=10))
    rows = _rows_per_page(data)
    assert sum(rows) >= count + 10  # never fewer blank rows than asked
    blank = sum(rows) - count
    assert f"{blank} lignes vierges" in pages_text(data)[-1]  # the summary counts what is printed
    if len(rows) > 1:
        full = max(rows[1:])
        assert rows[-1] >= SPILL * full, rows
    assert "Total des présents" in pages_text(data)[-1]


def test_the_spill_case_the_issue_saw_is_filled_or_squeezed():
    # Find a count that, at full row height, would put 1 to 3 rows on a last page: the plan must
    # not print it that way.
    base = sign_in_sheet(MIDI, people(1), None, SignInOptions(lang="fr", blank_rows=0))
    first = _rows_per_page(base)
    assert first == [1]
    spilled = []
    for count in range(15, 40):
        rows = _rows_per_page(
            sign_in_sheet(MIDI, people(count), None, SignInOptions(lang="fr", blank_rows=0))
        )
        spilled.append(rows)
        assert len(rows) == 1 or rows[-1] > 3
    assert any(len(rows) == 2 for rows in spilled)


def test_the_certified_box_is_printed_when_asked_and_beside_the_trainer_on_trainings():
    plain = pages_text(sign_in_sheet(MIDI, people(2), None, SignInOptions(lang="fr")))[-1]
    assert "Certifi" not in plain
    asked = SignInOptions(lang="en", certified=True)
    event = "\n".join(pages_text(sign_in_sheet(MIDI, people(2), None, asked)))
    assert "Certified true and correct" in event and "Trainer" not in event
    training = "\n".join(pages_text(sign_in_sheet(SESSION, people(2), None, asked)))
    assert "Certified true and correct" in training
    assert "Trainer's signature (morning)" in training and "Sophie Delvaux" in training


def _heading_lines(label: str, width: float) -> list[str]:
    paragraph = heading(label, width)
    paragraph.wrap(width - 2 * sheet_module.PADDING, 1000)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(str(w) for w in words) for _extra, words in lines]
    return ["".join(f.text for f in line.words) for line in lines]


@pytest.mark.parametrize("lang", ["fr", "nl", "de", "en"])
@pytest.mark.parametrize(
    ("event", "options"),
    [
        (MIDI, SignInOptions()),
        (MIDI, SignInOptions(emails=True, qr_codes=True)),
        (MIDI, SignInOptions(landscape=True, emails=True)),
        (SESSION, SignInOptions(emails=True, qr_codes=True)),
    ],
)
def test_every_heading_breaks_at_a_space_or_a_hyphen_in_every_language(lang, event, options):
    """ "Mit Kontakta / ufnahme": a word cut without a hyphen is the fault; every line of every
    heading ends at a word's end or with the hyphen the dictionary put there."""
    with use_locale(lang):
        half = sheet_module.event_facts.spans_full_day(event)
        wide = options.landscape or half
        columns = sheet_module._columns(half, wide, options)
        width = (297 if wide else 210) * mm - 2 * styles.MARGIN
        for column, w in zip(columns, sheet_module._widths(width, columns), strict=True):
            lines = _heading_lines(column.label, w)
            assert _rebuilds(column.label, lines), (lang, column.label, lines)


def _rebuilds(label: str, lines: list[str]) -> bool:
    """Whether ``lines`` are ``label`` broken only at spaces, after a hyphen of the label, or
    inside a word with a hyphen added."""
    if not lines:
        return label == ""
    first, rest = lines[0], lines[1:]
    if not rest:
        return label == first
    joins = [first + " ", first]  # at a space; after the label's own hyphen
    if first.endswith("-"):
        joins.append(first[:-1])  # a hyphen the dictionary added
    return any(
        label.startswith(prefix) and _rebuilds(label[len(prefix) :], rest) for prefix in joins
    )


@pytest.mark.parametrize("lang", ["fr", "nl", "de", "en"])
def test_the_consent_heading_keeps_its_words_whole(lang):
    """ "Mit Kon-/taktaufnah-/me einver-/standen" in a 17 mm column: the column widens as far as
    its longest word needs (never beyond 26 mm), so every line is whole words."""
    with use_locale(lang):
        columns = sheet_module._columns(False, False, SignInOptions())
        width = 210 * mm - 2 * styles.MARGIN
        widths = dict(
            zip((c.key for c in columns), sheet_module._widths(width, columns), strict=True)
        )
        (consent,) = (c for c in columns if c.key == "consent")
        lines = _heading_lines(consent.label, widths["consent"])
    assert " ".join(lines) == consent.label, lines
    assert 17 * mm <= widths["consent"] <= 26 * mm
    assert widths["signature"] >= 45 * mm - 0.5


def test_the_german_consent_heading_is_printed_in_whole_words():
    data = sign_in_sheet(MIDI, people(2), None, SignInOptions(lang="de"))
    lines = [line.strip() for line in pages_text(data)[0].splitlines()]
    assert not any(re.search(r"\w-$", line) for line in lines)  # no hyphen added anywhere
    heading = " ".join(lines[lines.index("Gemeinde") + 1 :][:3])
    assert heading == "Mit Kontaktaufnahme einverstanden"


def test_qr_codes_on_the_sheet_are_read_by_a_scanner_at_print_size(tmp_path):
    rows = [
        dataclasses.replace(r, check_in_code=f"SD{r.person_id + 1}00{r.person_id}417")
        for r in people(4)
    ]
    data = sign_in_sheet(MIDI, rows, None, SignInOptions(lang="fr", qr_codes=True))
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(data)
    # 150 dpi: a cheap scanner sees about as much as this picture holds.
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p-*.png")))
    found = sorted(r.text for r in zxingcpp.read_barcodes(image))
    assert found == sorted(r.check_in_code for r in rows)
    text = pages_text(data)[0]
    assert "SD1" not in text  # the code is only in the picture, never printed as text
    without = sign_in_sheet(MIDI, rows, None, SignInOptions(lang="fr"))
    pdf.write_bytes(without)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "q")], check=True)
    assert zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("q-*.png")))) == []
