"""Render every page and dialog of the desktop application with the demonstration data, to PNG
in docs/screenshots/ (French; the main window also in Dutch and German), at 1366×768, the
screen of the town halls' usual laptop. ``make screenshots``.

A new screen is one line in SHOTS: a name and a function that, given the main window, returns
the widget to render (a page shown in the window, or a dialog opened on it). The demo data is
from 2020: "today" is set to the day of its Midi du Smart so the home page has something to show,
and the demo is loaded for that day (what comes before is held, what comes after is planned).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from smartdesk import app, i18n  # noqa: E402
from smartdesk.services import demo, events  # noqa: E402
from smartdesk.ui import clock, tasks  # noqa: E402
from smartdesk.ui.application import make_application  # noqa: E402
from smartdesk.ui.context import AppContext  # noqa: E402
from smartdesk.ui.language import install_qt_translator  # noqa: E402
from smartdesk.ui.main_window import MainWindow  # noqa: E402
from smartdesk.ui.pages import registry  # noqa: E402

SIZE = (1366, 768)
TODAY = dt.date(2020, 2, 6)
MIDI = "Ma commune rurale, un smart territoire ?"


def page(key: str, **kwargs) -> Callable[[MainWindow], QWidget]:
    def show(window: MainWindow) -> QWidget:
        window.show_page(key, **kwargs)
        return window

    return show


def _midi_id(window: MainWindow) -> int:
    return next(e.id for e in events.list_events(window.ctx.db) if e.title == MIDI)


def event_editor(tab: int) -> Callable[[MainWindow], QWidget]:
    def show(window: MainWindow) -> QWidget:
        from smartdesk.ui.dialogs.event_editor import EventEditor

        editor = EventEditor(window.ctx, _midi_id(window), window)
        editor.tabs.setCurrentIndex(tab)
        editor.show()
        return editor

    return show


def session_editor(window: MainWindow) -> QWidget:
    from smartdesk.services import trainings
    from smartdesk.ui.dialogs.session_editor import SessionEditor

    training = trainings.list_trainings(window.ctx.db)[0]
    editor = SessionEditor(window.ctx, training.id, training.sessions[-1].id, window)
    editor.show()
    return editor


def trainings_full_day(window: MainWindow) -> QWidget:
    """A training with a full-day session: its morning and afternoon ticked apart."""
    from smartdesk.services import trainings

    window.show_page("trainings")
    full = next(
        t for t in trainings.list_trainings(window.ctx.db) if any(s.full_day for s in t.sessions)
    )
    window.pages["trainings"].select(full.id)
    return window


def training_editor(window: MainWindow) -> QWidget:
    from smartdesk.services import trainings
    from smartdesk.ui.dialogs.training_editor import TrainingEditor

    editor = TrainingEditor(window.ctx, trainings.list_trainings(window.ctx.db)[0].id, window)
    editor.show()
    return editor


def events_searched(window: MainWindow) -> QWidget:
    window.show_page("events")
    window.search.setText("commu")
    return window


def workshop_tab(tab: int) -> Callable[[MainWindow], QWidget]:
    def show(window: MainWindow) -> QWidget:
        window.show_page("workshops")
        page = window.pages["workshops"]
        page.prompt_choice.setCurrentIndex(page.prompt_choice.count() - 1)
        page.tabs.setCurrentIndex(tab)
        return window

    return show


def projector(window: MainWindow) -> QWidget:
    """The projector at 1920×1080 during the first round, over the demo's typed cards."""
    from smartdesk.ui.projector.presenter import PresenterView

    workshop_tab(2)(window)
    page = window.pages["workshops"]
    presenter = PresenterView(window.ctx, page.workshop, page.prompt, window)
    from smartdesk.ui.projector.window import ProjectorWindow

    # Not full screen: the offscreen screen is smaller than the projector drawn here.
    screen = ProjectorWindow(window.ctx, page.workshop, page.prompt, presenter.session)
    screen.resize(1920, 1080)
    screen.show()
    presenter.session.start()
    return screen


#: name → what to render. Pages come from the registry (every page).
SHOTS: dict[str, Callable[[MainWindow], QWidget]] = {
    **{f"page-{p.key}": page(p.key) for p in registry.PAGES if p.in_navigation},
    "page-checkin": lambda w: page("checkin", event_id=_midi_id(w))(w),
    "page-encode": lambda w: page("encode", event_id=_midi_id(w))(w),
    "page-events-search": events_searched,
    "page-workshops-selection": workshop_tab(1),
    "page-workshops-results": workshop_tab(2),
    "projector": projector,
    "dialog-event-editor": event_editor(0),
    "dialog-event-agenda": event_editor(1),
    "dialog-event-registrations": event_editor(2),
    "page-trainings-full-day": trainings_full_day,
    "dialog-training": training_editor,
    "dialog-training-session": session_editor,
}
#: Shown in every language (the rest in French only).
EVERY_LANGUAGE = {"page-home", "page-events", "dialog-event-editor"}


def render(db, lang: str, out: Path, names: set[str] | None) -> list[Path]:
    i18n.set_locale(lang)
    install_qt_translator()
    written = []
    for name, make in SHOTS.items():
        if names is not None and name not in names:
            continue
        if lang != "fr" and name not in EVERY_LANGUAGE:
            continue
        window = MainWindow(AppContext(db))
        window.resize(*SIZE)
        window.show()
        widget = make(window)
        QApplication.processEvents()
        while tasks.running_tasks():  # what a page computes in the background (GAL figures)
            QApplication.processEvents()
        QApplication.processEvents()
        target = out / lang / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not widget.grab().save(str(target)):
            raise SystemExit(f"could not write {target}")
        written.append(target)
        if widget is not window:
            widget.close()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return written


def dialogs(db, lang: str, folder: Path) -> list[Path]:
    """The dialogs and pages each part renders itself (people, attendance, printing, GAL,
    import)."""
    from smartdesk.ui.attendance_screens import render_attendance_screens
    from smartdesk.ui.gal_screens import render_gal_screens
    from smartdesk.ui.import_screens import render_import_screens
    from smartdesk.ui.people_screens import render_people_screens
    from smartdesk.ui.printing_screens import render_printing_screens

    i18n.set_locale(lang)
    install_qt_translator()
    ctx = AppContext(db)
    written: list[Path] = []
    for render_part in (
        render_people_screens,
        render_attendance_screens,
        render_printing_screens,
        render_gal_screens,
    ):
        written += render_part(ctx, folder)
        QApplication.processEvents()
    # The import wizard really imports: into a database of its own, not the demo's.
    import_db = app.open_database(Path(db.path).with_name(f"import-{lang}.db"), create=True)
    try:
        written += render_import_screens(AppContext(import_db), folder)
    finally:
        import_db.dispose()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", action="append", help="fr, nl, de (default: all three)")
    parser.add_argument("--only", action="append", help="a shot's name (default: all)")
    args = parser.parse_args(argv)
    # Never the user's preferences or data: a fresh data folder with the demo. Its name is fixed,
    # so the status bar (which shows the database's path) is the same in every run's pictures.
    tmp = Path(tempfile.gettempdir()) / "smartdesk-screenshots"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        os.environ["SMARTDESK_DATA_DIR"] = str(tmp)
        db = app.open_database(tmp / "smartdesk.db", create=True)
        try:
            demo.load_demo(db, today=TODAY)  # held before that day, planned after
            make_application([sys.argv[0]])
            clock.set_today(TODAY)
            for lang in args.lang or ["fr", "nl", "de"]:
                written = render(db, lang, args.out, set(args.only) if args.only else None)
                if not args.only:
                    written += dialogs(db, lang, args.out / lang)
                for path in written:
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            db.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
