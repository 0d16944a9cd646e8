"""Start Qt: one QApplication, the main window, then the event loop."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from smartdesk import __version__
from smartdesk.ui.main_window import MainWindow


def run(db, argv: list[str]) -> int:
    qt_app = QApplication.instance() or QApplication(argv)
    qt_app.setApplicationName("SmartDesk")
    qt_app.setApplicationVersion(__version__)
    window = MainWindow(db)
    window.show()
    return qt_app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(None, sys.argv))
