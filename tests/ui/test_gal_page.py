"""The GAL page driven as a user would: the key figures of a period, an export written in the
background and re-opened, two communes' workbooks consolidated and a conflict resolved."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent

from smartdesk.i18n import _, format_hours, format_number
from smartdesk.services import exchange, people, stats
from smartdesk.ui import tasks
from tests.services.conftest import raw_rows
from tests.services.test_exchange import SHARED_EMAIL, commune_db, set_updated


def settled(qtbot) -> None:
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=20000)


def gal_page(window, qtbot):
    window.show_page("gal")
    page = window.current_page()
    settled(qtbot)
    return page


def choose_period(qtbot, page, index: int) -> None:
    """The period combo with the keyboard: Home, then Down ``index`` times."""
    combo = page.period.choice
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _step in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    settled(qtbot)


def shown_number(page, key: str) -> str:
    return page.key_figures.values[key].text()


# --- key figures --------------------------------------------------------------------------------


def test_key_figures_of_this_year_match_the_statistics(demo_db, make_window, qtbot):
    page = gal_page(make_window(demo_db), qtbot)
    # "this year" is 2020 in these tests (the demo's Midi du Smart is today)
    expected = stats.statistics(demo_db, dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert page.figures == expected
    assert shown_number(page, "participations") == format_number(expected.participations)
    assert shown_number(page, "people") == format_number(expected.unique_people)
    assert shown_number(page, "hours") == format_hours(expected.training_hours)
    assert shown_number(page, "held") == format_number(sum(expected.events_held_by_kind.values()))
    chart = page.key_figures.charts["participations_commune"]
    assert {b.label: b.total for b in chart.bars} == {
        k: float(v) for k, v in expected.participants_by_commune.items()
    }


@pytest.mark.parametrize(
    ("index", "bounds"),
    [
        (2, (dt.date(2023, 1, 1), dt.date(2027, 12, 31))),  # the LEADER programme period
        (3, (None, None)),  # all time
        (1, (dt.date(2019, 1, 1), dt.date(2019, 12, 31))),  # last year
    ],
)
def test_choosing_a_period_recomputes_the_figures(demo_db, make_window, qtbot, index, bounds):
    page = gal_page(make_window(demo_db), qtbot)
    choose_period(qtbot, page, index)
    expected = stats.statistics(demo_db, *bounds)
    assert page.figures == expected
    assert shown_number(page, "cards") == format_number(
        sum(expected.selected_cards_by_axis.values())
    )


def test_dates_of_ones_choice(demo_db, make_window, qtbot):
    page = gal_page(make_window(demo_db), qtbot)
    choose_period(qtbot, page, 4)
    assert page.period.date_from.isEnabled()
    page.period.date_from.setFocus()
    qtbot.keyClicks(page.period.date_from, "01022020")  # 01/02/2020, typed
    page.period.date_to.setFocus()
    qtbot.keyClicks(page.period.date_to, "28022020")
    qtbot.waitUntil(lambda: page.figures.date_to == dt.date(2020, 2, 28))  # after a pause
    settled(qtbot)
    expected = stats.statistics(demo_db, dt.date(2020, 2, 1), dt.date(2020, 2, 28))
    assert page.period.period() == (dt.date(2020, 2, 1), dt.date(2020, 2, 28))
    assert page.figures == expected and expected.participations > 0


def test_figures_follow_a_change_made_elsewhere(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    page = gal_page(window, qtbot)
    before = page.figures.unique_people
    people.create(demo_db, first_name="Nouvelle", last_name="Personne")
    window.ctx.changed.emit("people")
    settled(qtbot)
    assert page.figures.unique_people == before  # registered nowhere: not reached


def test_held_and_planned_and_people_and_participations_each_have_their_tile(
    demo_db, make_window, qtbot
):
    from smartdesk.services import events

    window = make_window(demo_db)
    page = gal_page(window, qtbot)
    choose_period(qtbot, page, 3)  # all time
    captions = {
        key: [w.text() for w in label.parent().findChildren(type(label)) if w is not label][0]
        for key, label in page.key_figures.values.items()
    }
    assert captions["people"] == _("Unique people reached")
    assert captions["participations"] == _("Participations (people present)")
    assert (captions["held"], captions["planned"]) == (_("Events held"), _("Events planned"))
    held = int(shown_number(page, "held"))
    planned = int(shown_number(page, "planned"))
    # the Midi du Smart put back to planned: one held event fewer, one planned more
    midi = next(e for e in events.list_events(demo_db) if e.kind.value == "midi_du_smart")
    events.update_event(demo_db, midi.id, status="planned")
    window.ctx.changed.emit("events")
    settled(qtbot)
    assert int(shown_number(page, "held")) == held - 1
    assert int(shown_number(page, "planned")) == planned + 1
    assert page.figures is not None
    assert shown_number(page, "people") == format_number(page.figures.unique_people)
    assert shown_number(page, "participations") == format_number(page.figures.participations)


# --- exports ------------------------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch):
    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        staticmethod(lambda url: urls.append(url.toLocalFile()) or True),
    )
    return urls


def test_summary_export_in_the_background_then_opened(
    demo_db, make_window, qtbot, tmp_path, opened
):
    window = make_window(demo_db)
    window.export_data()  # File ▸ Export…
    page = window.current_page()
    settled(qtbot)
    target = tmp_path / "out" / "resume.xlsx"
    target.parent.mkdir()
    page.exports.ask_target = lambda *a: target
    page.exports.anonymous.setFocus()
    qtbot.keyClick(page.exports.anonymous, Qt.Key.Key_Space)
    qtbot.mouseClick(page.exports.summary_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    wb = openpyxl.load_workbook(target)
    assert "Summary" in wb.sheetnames or "Synthèse" in wb.sheetnames
    names = {c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    assert page.exports.anonymous.isChecked()
    assert not [t for t in names if isinstance(t, str) and "@" in t]  # anonymous: no address
    result = page.exports.result.text()
    assert target.name in result
    figures = stats.statistics(demo_db, *page.period.period())
    # held and planned apart, unique people beside participations
    for number in (
        sum(figures.events_held_by_kind.values()),
        figures.unique_people,
        figures.participations,
    ):
        assert format_number(number) in result
    qtbot.mouseClick(page.exports.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.exports.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(target), str(target.parent)]


def test_csv_and_calendar_exports(demo_db, make_window, qtbot, tmp_path):
    page = gal_page(make_window(demo_db), qtbot)
    page.tabs.setCurrentWidget(page.exports)
    csv_target = tmp_path / "presences.csv"
    page.exports.ask_target = lambda *a: csv_target
    page.exports.csv_kind.setCurrentIndex(2)  # attendance
    qtbot.mouseClick(page.exports.csv_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    lines = csv_target.read_text(encoding="utf-8-sig").splitlines()
    registrations = raw_rows(demo_db, "SELECT COUNT(*) FROM registration")[0][0]
    assert len(lines) == registrations + 1 and ";" in lines[0]
    ics_target = tmp_path / "agenda"
    page.exports.ask_target = lambda *a: ics_target
    qtbot.mouseClick(page.exports.ics_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    text = (tmp_path / "agenda.ics").read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text


def test_a_cancelled_export_writes_no_file(demo_db, make_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QPushButton

    from smartdesk.services import exports

    page = gal_page(make_window(demo_db), qtbot)
    target = tmp_path / "never.csv"
    page.exports.ask_target = lambda *a: target
    real_export = exports.export_csv

    def long_export(db, what, path, delimiter, *, progress):
        # A long list: it reports progress until the user's Cancel makes the report raise.
        while True:
            progress(0, 100)
            time.sleep(0.01)
        return real_export(db, what, path, delimiter, progress=progress)

    monkeypatch.setattr(exports, "export_csv", long_export)
    qtbot.mouseClick(page.exports.csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.exports.task.dialog is not None and page.exports.task.dialog.isVisible()
    )
    [cancel] = page.exports.task.dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    settled(qtbot)
    assert not target.exists()
    assert not page.exports.open_file_button.isEnabled()
    assert page.exports.result.text() == _("Cancelled: no file was written.")


def test_import_button_says_honestly_when_the_wizard_is_missing(
    db, make_window, qtbot, shown_errors, monkeypatch
):
    import builtins

    real_import = builtins.__import__

    def no_wizard(name, *args, **kwargs):
        if name == "smartdesk.ui.dialogs.import_wizard":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_wizard)
    page = gal_page(make_window(db), qtbot)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert "smartdesk import people" in shown_errors[0]


# --- consolidation ------------------------------------------------------------------------------


@pytest.fixture
def two_workbooks(tmp_path):
    from smartdesk.services import exports

    heron, marie_h = commune_db(
        tmp_path / "heron.db", "Héron", [("Véronique", "Collard", True)], SHARED_EMAIL
    )
    wanze, _marie_w = commune_db(
        tmp_path / "wanze.db", "Wanze", [("Els", "Van Hove", True)], SHARED_EMAIL
    )
    h, w = tmp_path / "heron.xlsx", tmp_path / "wanze.xlsx"
    exports.export_summary(heron, h)
    exports.export_summary(wanze, w)
    yield {"paths": (h, w), "heron": heron, "marie_h": marie_h}
    heron.dispose()
    wanze.dispose()


def drop(page, paths: list[Path]) -> None:
    """Workbooks dropped on the consolidation tab, as the file manager sends them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    panel = page.consolidation
    event = QDropEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    panel.dropEvent(event)


def test_consolidate_two_communes_then_resolve_a_conflict(
    db, make_window, qtbot, two_workbooks, tmp_path, monkeypatch, answers
):
    window = make_window(db)
    page = gal_page(window, qtbot)
    page.tabs.setCurrentWidget(page.consolidation)
    panel = page.consolidation
    heron_path, wanze_path = two_workbooks["paths"]
    drop(page, [heron_path])
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileNames",
        lambda *a, **k: ([str(wanze_path), str(tmp_path / "notes.txt")], ""),
    )
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert [r.path for r in panel.files] == [heron_path, wanze_path]  # not the .txt
    assert not panel.apply_button.isEnabled()  # check first

    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    assert people.count(db) == 0  # the dry run wrote nothing
    model = panel.files_model
    assert [model.index(r, 0).data() for r in range(2)] == ["Héron", "Wanze"]
    heron_people = panel.files[0].report.tables["people"]
    assert model.index(0, 2).data() == format_number(panel.files[0].report.totals.added)
    assert heron_people.added == 2  # Véronique and Marie
    assert "2 added" in panel.details.toPlainText() or "2" in panel.details.toPlainText()
    assert panel.files[1].report.tables["people"].merged == 1  # Marie, the same at Wanze

    assert panel.apply_button.isEnabled()
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    assert people.count(db) == 3  # Véronique, Els, Marie once
    origins = {r.figures.origin: r.figures for r in panel.origins}
    assert set(origins) == {"Héron", "Wanze"} and origins["Héron"].people == 2

    # Marie's phone changed at the GAL and, later, at Héron: a conflict, Héron's kept
    [marie] = people.search(db, "Marie Lambert")
    people.update_person(db, marie.id, phone="0470 GAL")
    set_updated(db, "person", marie.uuid, "2030-01-01 10:00:00")
    heron = two_workbooks["heron"]
    people.update_person(heron, two_workbooks["marie_h"].id, phone="0470 HERON")
    set_updated(heron, "person", two_workbooks["marie_h"].uuid, "2030-01-02 10:00:00")
    from smartdesk.services import exports

    again = tmp_path / "heron-2.xlsx"
    exports.export_summary(heron, again)
    drop(page, [again])
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    assert people.get(db, marie.id).phone == "0470 HERON"
    assert len(panel.conflicts) == 1
    conflicts = panel.conflicts_model
    assert conflicts.index(0, 0).data() == "Marie Lambert"
    assert "0470 GAL" in conflicts.index(0, 3).data()

    panel.conflicts_view.selectRow(0)
    qtbot.mouseClick(panel.keep_local_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    assert people.get(db, marie.id).phone == "0470 GAL"  # the GAL's version is back
    assert raw_rows(db, "SELECT COUNT(*) FROM exchange_conflict") == [(0,)]
    assert panel.conflicts == [] and not panel.keep_local_button.isEnabled()


def test_refusing_the_confirmation_imports_nothing(db, make_window, qtbot, two_workbooks, answers):
    from PySide6.QtWidgets import QMessageBox

    replies, _infos = answers
    replies.append(QMessageBox.StandardButton.No)
    page = gal_page(make_window(db), qtbot)
    panel = page.consolidation
    drop(page, list(two_workbooks["paths"]))
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    assert people.count(db) == 0


def test_a_refused_workbook_says_why(db, make_window, qtbot, tmp_path):
    page = gal_page(make_window(db), qtbot)
    panel = page.consolidation
    bad = tmp_path / "pas-un-classeur.xlsx"
    bad.write_bytes(b"not a workbook")
    drop(page, [bad])
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    report = panel.files[0].report
    assert report is not None and not report.ok
    # The column says it is refused; the reason, a sentence, reads whole beside the list
    result = panel.files_model.index(0, 6)
    assert result.data() == "Refused: see the details"
    assert result.data(Qt.ItemDataRole.ToolTipRole) == report.error
    panel.files_view.selectRow(0)
    assert report.error in panel.details.toPlainText()  # the reason, in full
    assert panel.details.lineWrapMode() != panel.details.LineWrapMode.NoWrap
    assert not panel.apply_button.isEnabled()
    assert exchange.list_conflicts(db) == []


def test_the_exports_by_keyboard_alone(demo_db, make_window, qtbot, tmp_path):
    window = make_window(demo_db)
    page = gal_page(window, qtbot)
    target = tmp_path / "gens.csv"
    page.exports.ask_target = lambda *a: target
    qtbot.keyClick(window, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # E&xports
    assert page.tabs.currentWidget() is page.exports
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # Export the &list
    # a mnemonic "animates" the click: the button is pressed a moment later
    qtbot.waitUntil(lambda: page.exports.open_file_button.isEnabled(), timeout=20000)
    settled(qtbot)
    assert target.exists()
    rows = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == people.count(demo_db) + 1
    # after the export, the keyboard is on "Open the file"
    assert page.exports.open_file_button.hasFocus()


def test_no_exchange_key_points_to_no_command_line(db, make_window, qtbot, tmp_path):
    """A commune's people who may not be named, no exchange key here: the warning says what
    to do without a command to type (a desktop user never opens a terminal)."""
    from smartdesk.services import exports

    heron, _marie = commune_db(
        tmp_path / "heron.db", "Héron", [("Véronique", "Collard", False)], SHARED_EMAIL
    )
    workbook = tmp_path / "heron.xlsx"
    exports.export_summary(heron, workbook)
    heron.dispose()
    page = gal_page(make_window(db), qtbot)
    panel = page.consolidation
    drop(page, [workbook])
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    settled(qtbot)
    details = panel.details.toPlainText()
    assert "No exchange key is set here: 1 person of heron.xlsx" in details
    assert "smartdesk " not in details and "exchange_key" not in details
    assert "in the settings" in details  # where the Paramètres page has its field
    assert "1 added" in details  # the counts, one line a table


def test_german_period_dates_are_written_the_german_way(demo_db, make_window, qtbot):
    from smartdesk import i18n
    from smartdesk.ui import language

    with i18n.use_locale("de"):
        language.install_qt_translator("de")
        try:
            page = gal_page(make_window(demo_db), qtbot)
            choose_period(qtbot, page, 4)  # dates of one's choice
            page.period.date_from.setDate(QDate(2020, 1, 1))
            page.period.date_to.setDate(QDate(2020, 12, 31))
            assert page.period.date_from.text() == "01.01.2020"
            assert page.period.date_to.text() == "31.12.2020"
        finally:
            language.install_qt_translator("en")


def test_chart_labels_drawn_whole_when_there_is_room(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.resize(1366, 768)
    page = gal_page(window, qtbot)
    choose_period(qtbot, page, 3)  # all time: every commune
    chart = page.key_figures.charts["participations_commune"]
    # laid out at the window's size (about 570 px a chart), not at a size from before the resize
    qtbot.waitUntil(lambda: chart.width() > 500)
    width, labels = chart.labels_shown(chart.width())
    assert "Villers-le-Bouillet" in labels
    assert labels == [b.label for b in chart.bars]  # none elided
    assert width < chart.width() / 2  # the bars keep the rest
    events = page.key_figures.charts["events"]
    assert _("Training session") in events.labels_shown(events.width())[1]
    # a label longer than half the chart is still elided, not drawn over the bars
    from smartdesk.ui.bar_chart import Bar

    chart.set_data("t", [Bar("Administration communale " * 6, (1.0,))])
    width, [label] = chart.labels_shown(400)
    assert width <= 208 and label.endswith("…")
