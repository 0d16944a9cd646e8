"""The main window: the navigation on the left, the pages of pages/registry.py in a stack, a
search field that filters the current page's list, the menus, and a status bar with the
database and its last backup.

The window is shown before its database is open: the frame (navigation, menus, status bar) is
drawn at once with "Opening …" in the page area, while the composition root opens the file in
the background (ui/dialogs/open_problems.py); ``show_database`` then builds and fills the page.
Pages are built when first shown (the window opens without the pages nobody visits). What the
user arranged (geometry, last page, column widths of every list) is kept in the preferences
file, and restored by the next window.
"""

from __future__ import annotations

import base64
import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QToolBar,
    QWidget,
)

from smartdesk import __version__, paths
from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import _, format_datetime
from smartdesk.services import preferences
from smartdesk.ui import errors, tasks
from smartdesk.ui.context import AppContext
from smartdesk.ui.pages import registry
from smartdesk.ui.pages.base import Page

log = logging.getLogger("smartdesk")

#: ``open_database(path, create) -> AppContext`` given by the composition root: opens (or, with
#: ``create``, makes) the file and returns its context, or raises a SmartDeskError.
OpenDatabase = Callable[[Path, bool], AppContext | None]

DB_FILTER = "SmartDesk (*.db *.sqlite);;*"

#: What stays usable while the database is being opened.
WITHOUT_DATABASE = {"quit", "about"}
#: The navigation without the dotted focus frame drawn inside the blue highlight: with the
#: keyboard in the list, the current page is marked by a darker bar on its left edge instead.
NAVIGATION_STYLE = """
QListWidget#navigation { outline: 0; }
QListWidget#navigation::item { padding: 5px 10px 5px 6px; border-left: 4px solid transparent; }
QListWidget#navigation::item:selected {
    background: palette(highlight); color: palette(highlighted-text);
    border-left-color: palette(highlight);
}
QListWidget#navigation::item:selected:focus { border-left-color: #0b3d6e; }
"""


def _print_dialog(
    parent: QWidget | None, kind: str, record_id: int, *, ctx: AppContext, **options
) -> None:
    # Loaded on first use: the window opens without the preview's modules.
    from smartdesk.ui.dialogs.print_dialog import open_print_dialog

    open_print_dialog(parent, ctx, kind, record_id, **options)


def _restore(db_path: Path, backup: Path, progress=None) -> object:
    from smartdesk.services import backups

    return backups.restore(db_path, backup)


class MainWindow(QMainWindow):
    #: A database is shown: its first page is built and filled (at start-up, or after File ▸
    #: Open, New, Recent or a restore).
    database_ready = Signal()
    #: The window has been drawn once (emitted just after that first paint is complete).
    first_painted = Signal()

    def __init__(
        self,
        ctx: AppContext | None,
        open_database: OpenDatabase | None = None,
        close_database: Callable[[AppContext], None] | None = None,
        parent: QWidget | None = None,
        opening: Path | None = None,
    ):
        """``ctx`` None: the window shows that the database at ``opening`` is being opened,
        until ``show_database`` hands it over."""
        super().__init__(parent)
        self.setObjectName("main_window")
        self._open_database = open_database
        self._close_database = close_database
        self.pages: dict[str, Page] = {}
        self._current: str | None = None
        self.ctx: AppContext | None = None
        self._painted = False
        self.setWindowTitle(_("SmartDesk"))
        self.setMinimumSize(QSize(760, 480))

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.setSpacing(3)
        self.navigation.setStyleSheet(NAVIGATION_STYLE)
        self._nav_keys = [p.key for p in registry.PAGES if p.in_navigation]
        for number, key in enumerate(self._nav_keys, start=1):
            item = QListWidgetItem(_(registry.entry(key).title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(_("Ctrl+{number}").format(number=number))
            self.navigation.addItem(item)
        width = max(self.navigation.sizeHintForColumn(0), 120) + 36
        self.navigation.setFixedWidth(width)
        self.navigation.currentRowChanged.connect(self._navigation_clicked)

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # Until the database is open: an honest "Opening …" where the pages will be.
        self.opening_label = QLabel(
            _("Opening “{path}”…").format(path=opening)
            if opening is not None
            else _("Opening the database…"),
            self.stack,
        )
        self.opening_label.setObjectName("opening")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_label.setWordWrap(True)
        self.stack.addWidget(self.opening_label)

        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()

        saved = preferences.load()
        geometry = saved.get("geometry")
        if not (isinstance(geometry, str) and self._restore_geometry(geometry)):
            self.resize(1280, 720)
        last = saved.get("last_page")
        #: The page shown when the first database is open: the one she left.
        self.first_page = last if last in self._nav_keys else "home"
        if ctx is None:
            self._set_database_usable(False)
            self._update_status()
        else:
            self.show_database(ctx)

    # --- the database -------------------------------------------------------------------
    def show_database(self, ctx: AppContext) -> None:
        """The database is open: the window builds and fills its page (the remembered one on
        the first database), or switches to it from the one shown."""
        if self.ctx is not None:
            self.switch_database(ctx)
            return
        self._attach(ctx)
        self._set_database_usable(True)
        self.stack.removeWidget(self.opening_label)
        self.opening_label.hide()
        self.show_page(self.first_page)
        self.database_ready.emit()

    def _set_database_usable(self, usable: bool) -> None:
        """While the file is being opened, only Quit and About answer."""
        for action in self.actions():
            if action.objectName() not in WITHOUT_DATABASE:
                action.setEnabled(usable)
        self.navigation.setEnabled(usable)
        self.search.setEnabled(False)  # show_page enables it for a page with a list
        if usable:
            self._fill_recent_menu()
        else:
            self.recent_menu.setEnabled(False)

    def _attach(self, ctx: AppContext) -> None:
        self.ctx = ctx
        ctx.waiting.connect(self._waiting_for_the_database)
        ctx.navigator = self.show_page
        ctx.printer = functools.partial(_print_dialog, ctx=ctx)
        ctx.changed.connect(self._data_changed)
        self._update_status()

    def _data_changed(self, what: str) -> None:
        current = self.current_page()
        if current is not None:
            current.refresh()
        # Other pages refresh when shown again (show_page calls refresh()).
        self._update_status()

    def switch_database(self, new_ctx: AppContext) -> None:
        """Show another database: pages are rebuilt for it, the previous one is closed."""
        self._save_columns()
        old = self.ctx
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self._current = None
        old.changed.disconnect(self._data_changed)
        old.waiting.disconnect(self._waiting_for_the_database)
        old.navigator = None
        self._attach(new_ctx)
        if self._close_database is not None:
            self._close_database(old)
        else:
            old.db.dispose()
        path = getattr(new_ctx.db, "path", None)
        if path is not None:
            preferences.add_recent_database(path)
        self._fill_recent_menu()
        self.show_page("home")
        self.database_ready.emit()

    def _open_path(self, path: Path, create: bool = False) -> bool:
        if self._open_database is None:
            errors.show_error(self, _("This window cannot open another database."))
            return False
        try:
            new_ctx = self._open_database(path, create)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return False
        if new_ctx is None:  # the user gave up in one of the opening dialogs
            return False
        self.switch_database(new_ctx)
        return True

    def new_database(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("New database"),
            str(paths.data_dir() / _("new-database.db")),
            DB_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return
        path = Path(name)
        if path.suffix == "":
            path = path.with_suffix(".db")
        if path.exists():
            # Never replace someone's data from a "new" dialog.
            errors.show_error(
                self,
                _("“{path}” already exists. Use File ▸ Open to open it.").format(path=path),
            )
            return
        self._open_path(path, create=True)

    def open_database_dialog(self) -> None:
        start = getattr(self.ctx.db, "path", None)
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Open a database"), str(start.parent if start else paths.data_dir()), DB_FILTER
        )
        if name:
            self._open_path(Path(name))

    def open_recent(self, path: str) -> None:
        if not Path(path).exists():
            errors.show_error(
                self,
                _("“{path}” is no longer there; it is removed from the list.").format(path=path),
            )
            preferences.forget_recent_database(path)
            self._fill_recent_menu()
            return
        self._open_path(Path(path))

    # --- pages --------------------------------------------------------------------------
    def page(self, key: str) -> Page:
        """The page of that key, built on first use."""
        if key not in self.pages:
            cls = registry.page_class(registry.entry(key))
            page = cls(self.ctx, self.stack)
            self.pages[key] = page
            self.stack.addWidget(page)
            self._restore_columns(key, page)
        return self.pages[key]

    def current_page(self) -> Page | None:
        return self.pages.get(self._current) if self._current else None

    def show_page(self, key: str, **kwargs: Any) -> None:
        """Show a page (``show_page("checkin", event_id=12)`` opens it for that event)."""
        page = self.page(key)
        previous = self.current_page()
        if previous is not None and previous is not page and self.search.text():
            previous.set_search("")  # its list is whole again when the user comes back
        self._current = key
        self.stack.setCurrentWidget(page)
        row = self._nav_keys.index(key) if key in self._nav_keys else -1
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(row)
        self.navigation.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        hint = page.search_placeholder()
        self.search.setEnabled(hint is not None)
        # Greyed out and saying why, rather than a blank field that looks broken.
        self.search.setPlaceholderText(hint if hint is not None else _("No search on this page"))
        self.setWindowTitle(
            _("{page} — SmartDesk").format(page=page.title() or _(registry.entry(key).title))
        )
        if kwargs:
            page.open(**kwargs)
        else:
            page.refresh()

    def _navigation_clicked(self, row: int) -> None:
        if 0 <= row < len(self._nav_keys):
            self.show_page(self._nav_keys[row])

    # --- toolbar and search --------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Search"), self)
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        self.search = QLineEdit(bar)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(420)
        self.search.setMinimumWidth(280)
        self.search.textChanged.connect(self._search_changed)
        bar.addWidget(self.search)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _search_changed(self, text: str) -> None:
        page = self.current_page()
        if page is not None:
            page.set_search(text)

    def focus_search(self) -> None:
        if self.search.isEnabled():
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()

    # --- menus --------------------------------------------------------------------------
    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        name: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        # Also on the window: shortcuts then work whichever widget has the focus.
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        self._action(file_menu, _("&New database…"), self.new_database, None, "new_database")
        self._action(
            file_menu,
            _("&Open…"),
            self.open_database_dialog,
            QKeySequence.StandardKey.Open,
            "open_database",
        )
        self.recent_menu = file_menu.addMenu(_("&Recent databases"))
        self.recent_menu.setObjectName("recent_menu")
        self._fill_recent_menu()
        self._action(file_menu, _("Save a &copy…"), self.save_copy, None, "save_copy")
        self._action(file_menu, _("&Backups and restore…"), self.show_backups, None, "backups")
        file_menu.addSeparator()
        self._action(file_menu, _("&Import…"), self.import_data, None, "import")
        self._action(file_menu, _("&Export…"), self.export_data, None, "export")
        self._action(file_menu, _("&Print…"), self.print_current, QKeySequence.StandardKey.Print)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), self.close, QKeySequence("Ctrl+Q"), "quit")

        edit = bar.addMenu(_("&Edit"))
        self._action(edit, _("&Copy"), self.copy_selection, QKeySequence.StandardKey.Copy)
        self._action(edit, _("Select &all"), self.select_all, QKeySequence.StandardKey.SelectAll)
        edit.addSeparator()
        self._action(edit, _("&Find"), self.focus_search, QKeySequence.StandardKey.Find)

        view = bar.addMenu(_("&View"))
        for number, key in enumerate(self._nav_keys, start=1):
            self._action(
                view,
                _(registry.entry(key).title),
                lambda key=key: self.show_page(key),
                QKeySequence(f"Ctrl+{number}"),
                f"show_{key}",
            )
        view.addSeparator()
        self._action(view, _("&Refresh"), self.refresh, QKeySequence("F5"), "refresh")

        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&About SmartDesk"), self.show_about, None, "about")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = preferences.recent_databases()
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number}  {path}")
            action.triggered.connect(lambda _checked=False, path=path: self.open_recent(path))
        self.recent_menu.setEnabled(bool(recent))

    def refresh(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()
        self._update_status()

    # --- Edit ---------------------------------------------------------------------------
    def _focused_table(self) -> QTableView | None:
        widget = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, QTableView):
            widget = widget.parentWidget()
        if widget is None:
            page = self.current_page()
            tables = page.findChildren(QTableView) if page else []
            widget = tables[0] if tables else None
        return widget

    def copy_selection(self) -> None:
        """The selected cells of the list as tab-separated lines, for a spreadsheet or a mail."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.copy()
            return
        table = self._focused_table()
        if table is None or table.selectionModel() is None:
            return
        indexes = table.selectionModel().selectedIndexes()
        if not indexes:
            return
        model = table.model()
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes if not table.isColumnHidden(i.column())})
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in cols)]
        for r in rows:
            cells = []
            for c in cols:
                value = model.data(model.index(r, c, QModelIndex()))
                cells.append("" if value is None else str(value).replace("\t", " "))
            lines.append("\t".join(cells))
        QGuiApplication.clipboard().setText("\n".join(lines))

    def select_all(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit | QAbstractItemView):
            focus.selectAll()
            return
        table = self._focused_table()
        if table is not None:
            table.selectAll()

    # --- features that land later: honest messages, one method each -----------------------
    def save_copy(self) -> None:
        """A verified copy of the open database where the user chooses (a USB key)."""
        from smartdesk.services import backups

        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save a copy of the database"), str(Path.home()), DB_FILTER
        )
        if name:
            self.ctx.run(
                self,
                backups.save_copy,
                Path(name),
                on_success=lambda _result: self.statusBar().showMessage(
                    _("Copy saved: {path}").format(path=name), 5000
                ),
                progress_title=_("Saving a copy…"),
            )

    def show_backups(self) -> None:
        """The backups of the open database: back up now, save a copy, restore."""
        from smartdesk.ui.dialogs.backups import BackupsDialog

        BackupsDialog(self.ctx, self, restore=self.restore_backup).exec()
        self._update_status()

    def restore_backup(self, backup: Path) -> bool:
        """Put ``backup`` in place of the open database, then show the restored file. The window
        lets go of the file first (a restore replaces it); whatever happens, it opens it again."""

        path = getattr(self.ctx.db, "path", None)
        if path is None or self._open_database is None:
            errors.show_error(self, _("This window cannot restore a backup."))
            return False
        self.ctx.db.dispose()

        def reopen(_result: object = None) -> None:
            self._open_path(Path(path))

        def failed(exc: BaseException) -> None:
            reopen()
            errors.show_unexpected(self, exc)

        tasks.run_task(
            self,
            _restore,
            Path(path),
            backup,
            progress_title=_("Restoring the backup…"),
            on_success=reopen,
            on_failure=failed,
        )
        return True

    def import_data(self) -> None:
        """The import wizard: people from the lists town halls already keep (xlsx, CSV)."""
        from smartdesk.ui.dialogs.import_wizard import run_import_wizard

        self.import_wizard = run_import_wizard(self, self.ctx)  # kept: tests and screenshots

    def export_data(self) -> None:
        """The exports of the GAL page (summary workbook, calendar, CSV lists)."""
        self.show_page("gal", section="exports")

    def print_current(self) -> None:
        """Print what the current page shows: the sign-in sheet of the selected event."""
        page = self.current_page()
        event_id = getattr(page, "selected_event_id", lambda: None)()
        if event_id is None:
            errors.show_error(self, _("Select an event first: its sign-in sheet is printed."))
            return
        self.ctx.print_document(self, "attendance", event_id)

    # --- status bar ---------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.db_label = QLabel(self)
        self.db_label.setObjectName("database_label")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_label = QLabel(self)
        self.backup_label.setObjectName("backup_label")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.backup_label)

    def _update_status(self) -> None:
        if self.ctx is None:
            self.db_label.setText(self.opening_label.text())
            self.backup_label.setText("")
            return
        path = getattr(self.ctx.db, "path", None)
        text = _("Database: {path}").format(path=path) if path else ""
        if self.ctx.read_only:
            text += "  " + _("(read-only)")
        self.db_label.setText(text)
        self.db_label.setToolTip(str(path or ""))
        self.backup_label.setText(self._last_backup_text())

    def _last_backup_text(self) -> str:
        from smartdesk.services import backups

        try:
            latest = backups.last_backup_at(self.ctx.db)
        except Exception:  # noqa: BLE001 - a status line must never stop the window
            log.exception("Could not list the backups")
            return ""
        if latest is None:
            return _("No backup yet")
        return _("Last backup: {when}").format(when=format_datetime(latest, "short"))

    def _waiting_for_the_database(self, seconds: float) -> None:
        self.statusBar().showMessage(
            _("Another SmartDesk is writing to the database; waiting for it to finish…"), 2500
        )

    # --- preferences --------------------------------------------------------------------
    def _restore_geometry(self, encoded: str) -> bool:
        try:
            data = QByteArray(base64.b64decode(encoded.encode("ascii")))
        except ValueError:
            return False
        return bool(self.restoreGeometry(data))

    def _tables(self, page: Page) -> list[QTableView]:
        return [t for t in page.findChildren(QTableView) if t.objectName()]

    def _restore_columns(self, key: str, page: Page) -> None:
        widths = preferences.get("column_widths", {})
        for table in self._tables(page):
            saved = widths.get(f"{key}/{table.objectName()}") if isinstance(widths, dict) else None
            if not isinstance(saved, list):
                continue
            header = table.horizontalHeader()
            for column, width in enumerate(saved):
                if isinstance(width, int) and width > 0 and column < header.count() - 1:
                    header.resizeSection(column, width)

    def _save_columns(self) -> None:
        widths = preferences.get("column_widths", {})
        if not isinstance(widths, dict):
            widths = {}
        for key, page in self.pages.items():
            for table in self._tables(page):
                header = table.horizontalHeader()
                widths[f"{key}/{table.objectName()}"] = [
                    header.sectionSize(c) for c in range(header.count())
                ]
        preferences.update(column_widths=widths)

    def save_preferences(self) -> None:
        geometry = bytes(self.saveGeometry().data())
        self._save_columns()
        preferences.update(
            geometry=base64.b64encode(geometry).decode("ascii"),
            last_page=self._current
            if self._current in self._nav_keys
            else (self.first_page if self.ctx is None else "home"),
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Once the children are painted too and the frame is on the screen.
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.save_preferences()
        super().closeEvent(event)

    # --- language and help ---------------------------------------------------------------
    def change_language(self, code: str) -> None:
        """Called by the Settings page: remember the language and say when it applies."""
        from smartdesk.ui.language import change_language

        change_language(self, code)

    def show_about(self) -> None:
        QMessageBox.about(self, _("About SmartDesk"), about_text())


def about_text() -> str:
    lines = [
        _("SmartDesk {version}").format(version=__version__),
        _("Events, attendance, trainings and workshops for rural town halls and their GAL."),
        "",
        _("SmartDesk is free software under the GNU General Public License, version 3 or later."),
        _(
            "It is built with Qt and PySide6 (LGPL-3.0), SQLAlchemy and Alembic (MIT), "
            "reportlab (BSD), openpyxl (MIT), Babel (BSD), platformdirs (MIT), pypdfium2 "
            "(Apache-2.0 or BSD) and the DejaVu fonts (free licence)."
        ),
        "",
        _("Data folder: {path}").format(path=paths.data_dir()),
        _("Log files: {path}").format(path=paths.logs_dir()),
    ]
    return "\n".join(lines)
