"""The main window: for now the list of events, a menu and the database in the status bar.
The screens (events, people, trainings, workshops, GAL) plug in as pages later."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smartdesk import __version__
from smartdesk.i18n import _, format_datetime
from smartdesk.services import events


class MainWindow(QMainWindow):
    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("SmartDesk"))
        self.resize(1000, 640)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        heading = QLabel(_("Events"), central)
        heading.setObjectName("heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        self.events_table = QTableWidget(0, 5, central)
        self.events_table.setObjectName("events_table")
        self.events_table.setHorizontalHeaderLabels(
            [_("Date"), _("Kind"), _("Title"), _("Venue"), _("Status")]
        )
        self.events_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.events_table.verticalHeader().setVisible(False)
        self.events_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.events_table)
        self.empty_label = QLabel(
            _("No events yet. Add one, or run “smartdesk demo” to see an example."), central
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label)
        self.setCentralWidget(central)

        self._build_menu()
        path = getattr(db, "path", None)
        self.statusBar().showMessage(_("Database: {path}").format(path=path) if path else "")
        self.refresh()

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        refresh = QAction(_("&Refresh"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        file_menu.addAction(refresh)
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About SmartDesk"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def refresh(self) -> None:
        records = events.list_events(self.db)
        table = self.events_table
        table.setRowCount(len(records))
        for row, e in enumerate(records):
            values = [
                format_datetime(e.start, "short"),
                _(e.kind.label),
                e.title,
                e.venue or "",
                _(e.status.label),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                table.setItem(row, col, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty_label.setVisible(not records)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About SmartDesk"),
            _(
                "SmartDesk {version}\nEvents, attendance, trainings and workshops for rural town halls and their GAL."
            ).format(version=__version__),
        )
