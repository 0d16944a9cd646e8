"""Print and preview, driven as a user would: the preview shows the PDF's pages, an option
change builds it again, Save as PDF writes the file, Print sends every page to a printer."""

from __future__ import annotations

import datetime as dt
import gc
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter

from smartdesk.services import events, printing, trainings
from smartdesk.ui import tasks
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs import print_dialog
from smartdesk.ui.dialogs.print_dialog import PrintDialog


def _midi(db):
    return next(e for e in events.list_events(db) if e.kind.value == "midi_du_smart")


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _open(qtbot, db, kind, record_id, **options) -> PrintDialog:
    dialog = PrintDialog(AppContext(db), kind, record_id, **options)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready, timeout=20_000)
    qtbot.waitUntil(lambda: dialog.preview.rendered_pages() != [], timeout=10_000)
    return dialog


@pytest.fixture(autouse=True)
def _settle(qtbot):
    """Leave no render or print job running, and no PDF waiting for the collector, for the
    tests that follow (the None reference count test counts every object freed)."""
    yield
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=30_000)
    gc.collect()


@pytest.fixture
def no_dialogs(monkeypatch):
    shown = []
    monkeypatch.setattr("smartdesk.ui.errors.show_error", lambda parent, msg, *a: shown.append(msg))
    return shown


def test_the_preview_shows_every_page_and_follows_landscape(qtbot, demo_db, no_dialogs):
    midi = _midi(demo_db)
    dialog = _open(qtbot, demo_db, "attendance", midi.id)
    expected = _pages(dialog.pages.data)
    assert expected >= 2
    assert dialog.preview.page_count() == expected
    assert dialog.status.text() == f"{expected} pages"
    width, height = dialog.preview.pages.sizes[0]
    assert height > width
    first = dialog.preview.image(0)
    assert first is not None and first.height() > first.width()

    builds = dialog.builds
    qtbot.mouseClick(dialog.options_form.landscape, Qt.MouseButton.LeftButton)
    assert not dialog.ready  # the buttons wait for the PDF of the new options
    qtbot.waitUntil(lambda: dialog.ready and dialog.builds > builds, timeout=20_000)
    qtbot.waitUntil(lambda: dialog.preview.rendered_pages() != [], timeout=10_000)
    width, height = dialog.preview.pages.sizes[0]
    assert width > height
    image = dialog.preview.image(0)
    assert image.width() > image.height()
    assert dialog.preview.page_count() == _pages(dialog.pages.data)


def test_typing_blank_rows_rebuilds_once_with_more_pages(qtbot, demo_db, no_dialogs):
    midi = _midi(demo_db)
    dialog = _open(qtbot, demo_db, "attendance", midi.id)
    before, builds = dialog.preview.page_count(), dialog.builds
    spin = dialog.options_form.blank_rows
    spin.selectAll()
    qtbot.keyClicks(spin, "120")
    qtbot.keyClick(spin, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: dialog.ready and dialog.builds > builds, timeout=20_000)
    assert dialog.preview.page_count() > before
    assert dialog.builds == builds + 1  # debounced: one PDF for the whole number


def test_save_as_pdf(qtbot, demo_db, tmp_path, monkeypatch, no_dialogs):
    midi = _midi(demo_db)
    dialog = _open(qtbot, demo_db, "attendance", midi.id)
    offered = []

    def fake_save(parent, caption, path, filters):
        offered.append(path)
        return str(tmp_path / "feuille"), filters

    monkeypatch.setattr(print_dialog.QFileDialog, "getSaveFileName", fake_save)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "feuille.pdf"
    qtbot.waitUntil(lambda: target.exists() and tasks.running_tasks() == 0, timeout=10_000)
    assert offered[0].endswith(printing.file_name(demo_db, "attendance", midi.id))
    reader = PdfReader(target)
    assert len(reader.pages) == dialog.preview.page_count()
    assert midi.title in reader.pages[0].extract_text()
    assert no_dialogs == []


def test_save_into_a_missing_folder_says_so_in_one_sentence(
    qtbot, demo_db, tmp_path, monkeypatch, no_dialogs
):
    dialog = _open(qtbot, demo_db, "agenda", _midi(demo_db).id)
    target = tmp_path / "gone" / "agenda.pdf"
    monkeypatch.setattr(print_dialog.QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: no_dialogs != [], timeout=10_000)
    assert "does not exist" in no_dialogs[0] and "\n" not in no_dialogs[0]
    assert not target.exists()


def test_print_sends_every_page_to_the_printer(qtbot, demo_db, tmp_path, monkeypatch, no_dialogs):
    midi = _midi(demo_db)
    dialog = _open(qtbot, demo_db, "attendance", midi.id)
    out = tmp_path / "printed.pdf"

    class FakePrintDialog:
        """The system dialog, answered "Print" with a PDF printer (no real printer here)."""

        def __init__(self, printer, parent):
            self.printer = printer

        def setMinMax(self, low, high):
            assert (low, high) == (1, dialog.preview.page_count())

        def setOption(self, *args):
            pass

        def exec(self):
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            self.printer.setResolution(150)
            return print_dialog.QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_dialog, "QPrintDialog", FakePrintDialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sent to the printer" in dialog.status.text(), timeout=30_000)
    reader = PdfReader(out)
    assert len(reader.pages) == dialog.preview.page_count()
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3  # A4 portrait


def test_print_a_page_range(qtbot, demo_db, tmp_path, no_dialogs):
    dialog = _open(qtbot, demo_db, "attendance", _midi(demo_db).id, blank_rows=60)
    assert dialog.preview.page_count() >= 3
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    task = dialog.print_to(printer)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.result == 2
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 2


def test_certificates_for_selected_people(qtbot, demo_db, no_dialogs):
    training = trainings.list_trainings(demo_db)[0]
    dialog = _open(qtbot, demo_db, "certificates", training.id)
    form = dialog.options_form
    qtbot.waitUntil(lambda: form.people_loaded)
    everyone = dialog.preview.page_count()
    assert everyone == form.people.rowCount() >= 2
    builds = dialog.builds
    qtbot.mouseClick(form.selected, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.select_none, Qt.MouseButton.LeftButton)
    form.people.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: dialog.ready and dialog.builds > builds, timeout=20_000)
    assert dialog.preview.page_count() == 1
    assert form.chosen_people() == [form.people.item(0).data(Qt.ItemDataRole.UserRole + 1)]


@pytest.mark.parametrize("kind", ["badges", "agenda"])
def test_other_event_documents_open(qtbot, demo_db, kind, no_dialogs):
    dialog = _open(qtbot, demo_db, kind, _midi(demo_db).id)
    assert dialog.preview.page_count() == _pages(dialog.pages.data) >= 1


def test_escape_closes(qtbot, demo_db, no_dialogs):
    dialog = _open(qtbot, demo_db, "agenda", _midi(demo_db).id)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_open_print_dialog_on_a_missing_event_says_so(qtbot, demo_db, no_dialogs):
    assert print_dialog.open_print_dialog(None, AppContext(demo_db), "attendance", 9999) is None
    assert len(no_dialogs) == 1


def test_zoom_to_actual_size_renders_again(qtbot, demo_db, no_dialogs):
    dialog = _open(qtbot, demo_db, "agenda", _midi(demo_db).id)
    fit_width = dialog.preview.image(0).width()
    qtbot.mouseClick(dialog.actual_size, Qt.MouseButton.LeftButton)
    expected = round(dialog.preview.pages.sizes[0][0] * dialog.preview.logicalDpiX() / 72)
    qtbot.waitUntil(
        lambda: (
            dialog.preview.image(0) is not None
            and abs(dialog.preview.image(0).width() - expected) <= 2
        ),
        timeout=10_000,
    )
    assert dialog.preview.image(0).width() != fit_width


def _rebuilt_after_click(qtbot, dialog, box) -> str:
    builds = dialog.builds
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ready and dialog.builds > builds, timeout=20_000)
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(dialog.pages.data)).pages)


def test_sign_in_options_e_mails_certified_box_and_qr_codes(qtbot, demo_db, no_dialogs):
    dialog = _open(qtbot, demo_db, "attendance", _midi(demo_db).id, lang="en")
    form = dialog.options_form
    before = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(dialog.pages.data)).pages)
    assert "E-mail" not in before and "Certified" not in before
    assert "E-mail" in _rebuilt_after_click(qtbot, dialog, form.emails)
    assert "Certified true and correct" in _rebuilt_after_click(qtbot, dialog, form.certified)
    assert "Code" in _rebuilt_after_click(qtbot, dialog, form.qr_codes)
    options, _extra = form.options()
    assert options.emails and options.certified and options.qr_codes


def test_badge_qr_codes_are_offered_except_on_table_tents(qtbot, demo_db, no_dialogs):
    dialog = _open(qtbot, demo_db, "badges", _midi(demo_db).id)
    form = dialog.options_form
    assert form.qr_codes.isEnabled()
    form.layout_choice.setCurrentIndex(form.layout_choice.findData("tent"))
    assert not form.qr_codes.isEnabled()


def test_certificates_are_issued_on_the_applications_today(qtbot, demo_db, no_dialogs):
    """The clock is set to the Midi du Smart's day (tests/ui/conftest.py): the issue date
    offered and printed is that day, not the computer's."""
    training = next(t for t in trainings.list_trainings(demo_db) if t.title == "Communication web")
    dialog = _open(qtbot, demo_db, "certificates", training.id, lang="en")
    assert dialog.options_form.issued_on.date() == QDate(2020, 2, 6)
    options, _extra = dialog.options_form.options()
    assert options.issued_on == dt.date(2020, 2, 6)
    text = PdfReader(io.BytesIO(dialog.pages.data)).pages[0].extract_text()
    assert "Issued in Braives on 6 February 2020" in text


@pytest.mark.parametrize("lang", ["fr", "nl", "de", "en"])
def test_every_check_box_lines_up_beside_the_labels(qtbot, demo_db, no_dialogs, lang):
    """The longest one ("Cadre « Certifié conforme » pour l’organisateur") was pushed under the
    labels to the left margin for want of room."""
    from smartdesk import i18n

    i18n.set_locale(lang)  # tests/conftest.py puts English back
    dialog = _open(qtbot, demo_db, "attendance", _midi(demo_db).id)
    form = dialog.options_form
    boxes = [form.landscape, form.names, form.emails, form.certified, form.qr_codes]
    lefts = {box.mapTo(form, box.rect().topLeft()).x() for box in boxes}
    assert len(lefts) == 1 and lefts.pop() > 0
    assert all(box.width() >= box.sizeHint().width() for box in boxes)  # none cut short
