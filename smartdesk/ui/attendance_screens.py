"""Pictures of the attendance screens for scripts/screenshots.py (and for looking at them while
working): the registrations tab, the check-in page with a filter typed, the walk-in form asking
about a look-alike, the encoding page. Nothing is written to the database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from smartdesk.services import attendance, events
from smartdesk.ui.context import AppContext
from smartdesk.ui.pages.checkin import CheckInPage
from smartdesk.ui.pages.encode import EncodePage
from smartdesk.ui.pages.registrations import RegistrationsPanel

SIZE = (1366, 720)  # the laptop at the door, and the secretary's office screen


def busiest_event(ctx: AppContext) -> int | None:
    """The event with the most registrations (the demo's Midi du Smart)."""
    best, most = None, -1
    for event in events.list_events(ctx.db):
        total = attendance.attendance_counts(ctx.db, event.id).total
        if total > most:
            best, most = event.id, total
    return best


def _save(widget: QWidget, path: Path) -> Path:
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def render_attendance_screens(
    ctx: AppContext, folder: Path | str, event_id: int | None = None
) -> list[Path]:
    """Render the attendance screens of ``event_id`` (default: the busiest event) to PNG files
    in ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    event_id = event_id or busiest_event(ctx)
    if event_id is None:
        return []
    written = []

    host = QWidget()
    host.setWindowTitle("SmartDesk")
    layout = QVBoxLayout(host)
    panel = RegistrationsPanel(ctx, event_id, host)
    layout.addWidget(panel)
    host.resize(1100, 680)
    host.show()
    written.append(_save(host, folder / "registrations.png"))
    panel.picker.setText("lam")
    panel.person_picker.search_now()
    written.append(_save(host, folder / "registrations_picker.png"))
    panel.picker.clear()
    panel.person_picker.search_now()
    panel.quick_add.set_values(first_name="Luc", last_name="Lambers", commune="Braives")
    panel.quick_add.submit()
    written.append(_save(host, folder / "registrations_quick_add_duplicate.png"))
    host.close()

    checkin = CheckInPage(ctx)
    checkin.resize(*SIZE)
    checkin.show()
    checkin.open(event_id=event_id)
    written.append(_save(checkin, folder / "checkin.png"))
    checkin.filter.setText("del")
    written.append(_save(checkin, folder / "checkin_filtered.png"))
    checkin.filter.clear()
    checkin.open_walk_in()
    dialog = checkin.walk_in_dialog
    if dialog is not None:
        dialog.entry.set_values(first_name="Luc", last_name="Lambers")
        dialog.entry.submit()
        written.append(_save(dialog, folder / "checkin_walk_in_duplicate.png"))
        dialog.reject()
    checkin.close()

    encode = EncodePage(ctx)
    encode.resize(*SIZE)
    encode.show()
    encode.open(event_id=event_id)
    for _row in range(3):
        encode.set_current(None)
        encode.table.selectRow(encode.table.currentIndex().row() + 1)
    encode.entry.set_values(first_name="Nadia", last_name="Gérard", commune="Wanze")
    encode.entry.submit()
    written.append(_save(encode, folder / "encode.png"))
    encode.close()
    return written
