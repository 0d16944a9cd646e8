"""Watch the real desktop start from inside its process: when the main window is first painted,
and when its database is shown (the first page built and filled).

    python benchmarks/window_probe.py ours DB [--memory]
    python benchmarks/window_probe.py bare

Prints one JSON line per milestone, flushed as it happens (the benchmark times their arrival):
``{"event": "shown", "sqlalchemy": false, "page_area": "Opening …"}``, then
``{"event": "ready", "page": "home", "rows": …, "longest_freeze_ms": …}``, then
``{"event": "exit", "code": 0, …}``. ``longest_freeze_ms``: from the first paint until the page
is filled, the longest time the window's thread did not come back to its event loop (a timer
asks every 5 ms), i.e. how long the window would not have answered a click.

``ours`` starts SmartDesk through the command line's entry point, exactly as ``smartdesk --db DB``
does (smartdesk.__main__.main: begin_program, then smartdesk.cli.main → app.run_gui →
ui.application.run). The probe only makes the QApplication first, so that it can watch the
window's events; the application takes the one that exists (as in the tests), and the bare window
below pays for the same. With ``--memory`` the events page is also shown and scrolled to its end
before the window is closed.
``bare`` shows a bare QMainWindow of the same size in the same way: the floor.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

WINDOW = "main_window"


def say(event: str, **facts: object) -> None:
    print(json.dumps({"event": event, **facts}), flush=True)


class Probe(QObject):
    """An application-wide event filter: the first paint of the main window, and its
    ``database_ready`` signal (connected as soon as the window exists)."""

    def __init__(self, memory: bool = False):
        super().__init__()
        self.memory = memory
        self.window: QWidget | None = None
        self.painted = False
        self.ticker = QTimer(self)
        self.ticker.setInterval(5)
        self.ticker.timeout.connect(self.tick)
        self.last_tick = 0.0
        self.longest_freeze = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest_freeze = max(self.longest_freeze, now - self.last_tick)
        self.last_tick = now

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(obj, QMainWindow) and obj.objectName() == WINDOW:
            if self.window is None:
                self.window = obj
                if hasattr(obj, "database_ready"):
                    obj.database_ready.connect(self.ready)
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                self.shown(obj)
        return False

    def shown(self, window: QWidget) -> None:
        opening = window.findChild(QWidget, "opening")
        say(
            "shown",
            sqlalchemy="sqlalchemy" in sys.modules,
            alembic="alembic" in sys.modules,
            page_area=opening.text() if opening is not None and opening.isVisible() else None,
            navigation=window.findChild(QWidget, "navigation") is not None,
            menus=[a.text() for a in window.menuBar().actions()],
        )
        if not hasattr(window, "database_ready"):  # the bare window: nothing more to wait for
            QTimer.singleShot(0, window.close)
            return
        self.last_tick = time.perf_counter()
        self.ticker.start()

    def ready(self) -> None:
        window = self.window
        assert window is not None
        self.tick()  # the building of the page counts up to here
        self.ticker.stop()
        page = window.current_page()
        model = getattr(page, "model", None)
        say(
            "ready",
            page=page.key if page is not None else None,
            rows=model.rowCount() if model is not None else None,
            status=window.db_label.text(),
            navigation_enabled=window.navigation.isEnabled(),
            longest_freeze_ms=round(self.longest_freeze * 1000, 1) if self.painted else None,
        )
        if self.memory:  # the events page too, scrolled to the end
            window.show_page("events")
            QApplication.processEvents()
            window.pages["events"].table.scrollToBottom()
            QApplication.processEvents()
            window.grab()
            say("events", rows=window.pages["events"].model.rowCount())
        QTimer.singleShot(0, window.close)


def main(argv: list[str]) -> int:
    mode = argv[0]
    app = QApplication([sys.argv[0]])
    probe = Probe(memory="--memory" in argv)
    app.installEventFilter(probe)
    if mode == "bare":
        window = QMainWindow()
        window.setObjectName(WINDOW)
        window.resize(1280, 720)
        window.show()
        code = app.exec()
    else:
        from smartdesk import cli, startup

        startup.begin_program()  # as the `smartdesk` entry point says first
        code = cli.main(["--db", argv[1]])
    say("exit", code=code, maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
