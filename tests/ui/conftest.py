"""Helpers of the window tests: a window on a real database, modal boxes answered."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from smartdesk.ui import clock
from smartdesk.ui.context import AppContext
from smartdesk.ui.main_window import MainWindow

#: The demo's Midi du Smart is "today" in these tests.
DEMO_TODAY = dt.date(2020, 2, 6)


@pytest.fixture(autouse=True)
def _fixed_today():
    clock.set_today(DEMO_TODAY)
    yield
    clock.set_today(None)


@pytest.fixture
def shown_errors(monkeypatch):
    """Messages the user would see in a box (the boxes would block an offscreen test)."""
    seen: list[str] = []
    monkeypatch.setattr(
        "smartdesk.ui.errors.show_error", lambda parent, message, title=None: seen.append(message)
    )
    return seen


@pytest.fixture
def answers(monkeypatch):
    """QMessageBox.question answered Yes (append No to refuse), information boxes recorded."""
    replies: list[QMessageBox.StandardButton] = []
    infos: list[str] = []

    def question(*args, **kwargs):
        return replies.pop(0) if replies else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda parent, title, text, *a: infos.append(text))
    )
    return replies, infos


@pytest.fixture
def make_window(qtbot):
    def make(db, **kwargs):
        window = MainWindow(AppContext(db), **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # shortcuts need the active window
        return window

    return make


def active_dialog() -> QDialog | None:
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, QDialog) else None


@pytest.fixture
def fits(qapp):
    """``fits(table, column, text, font=None)``: whether the text shows whole in its cell (the
    delegate's margins, 3 px a side in Fusion, and the grid line come off the width). The
    test's application has the type size the program gives itself (make_application), not
    Qt's smaller default, so the widths are those the user sees."""
    from PySide6.QtGui import QFont, QFontMetrics

    from smartdesk.ui.application import MIN_POINT_SIZE

    before = QFont(qapp.font())
    font = QFont(before)
    font.setPointSizeF(max(font.pointSizeF(), MIN_POINT_SIZE))
    qapp.setFont(font)

    def check(table, column: int, text: str, font=None) -> bool:
        metrics = QFontMetrics(font) if font is not None else table.fontMetrics()
        return metrics.horizontalAdvance(text) + 8 <= table.columnWidth(column)

    yield check
    qapp.setFont(before)
