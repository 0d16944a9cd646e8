"""The table model of the attendance screens (registrations tab, check-in, encoding): rows are
people's ids, their records are kept in a dict the screen owns, so a status change replaces one
record and repaints one row instead of reading the whole list again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTableView

from smartdesk.domain.enums import RegistrationStatus
from smartdesk.ui.column_widths import fit_width
from smartdesk.ui.models.lazy import Column, Index, LazyTableModel

PRESENT_BACKGROUND = QColor("#dcefd9")  # a quiet green, readable in black on any screen
EXCUSED_BACKGROUND = QColor("#f3ecd6")


class AttendanceModel(LazyTableModel):
    """Records with an ``id``-like key given by ``key`` (``person_id`` by default)."""

    def __init__(
        self,
        columns: Sequence[Column],
        key: Callable[[Any], int] = lambda r: r.person_id,
        greyed: Callable[[Any], bool] | None = None,
        bold_column: int | None = None,
        parent=None,
    ):
        self._records: dict[int, Any] = {}
        self._key = key
        self._bold_column = bold_column
        #: The view's font in bold, for the name column (set by the screen: a bare QFont()
        #: would drop the check-in page's large type).
        self.bold_font: QFont | None = None
        super().__init__(columns, self._lookup, greyed=greyed, parent=parent)

    def _lookup(self, ids: list[int]) -> dict[int, Any]:
        return {i: self._records[i] for i in ids if i in self._records}

    def set_rows(self, rows: Iterable[Any], shown: Iterable[int] | None = None) -> None:
        """All the records of the screen; ``shown`` the ids to list (default: all, in order)."""
        rows = list(rows)
        self._records = {self._key(r): r for r in rows}
        self.invalidate()  # no record cached from before may outlive this call
        self.set_ids(shown if shown is not None else [self._key(r) for r in rows])

    def show(self, ids: Iterable[int]) -> None:
        """List these ids only (a filter): the records stay, nothing is read again."""
        self.set_ids(ids)

    def records(self) -> list[Any]:
        return list(self._records.values())

    def record(self, id_: int) -> Any:
        return self._records.get(id_)

    def update_row(self, record: Any) -> None:
        """One record changed (or was added): repaint its row only."""
        key = self._key(record)
        self._records[key] = record
        self.invalidate([key])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            record = self.record_at(index.row())
            status = getattr(record, "status", None)
            if status == RegistrationStatus.PRESENT:
                return QBrush(PRESENT_BACKGROUND)
            if status == RegistrationStatus.EXCUSED:
                return QBrush(EXCUSED_BACKGROUND)
            return None
        if (
            role == Qt.ItemDataRole.FontRole
            and index.column() == self._bold_column
            and self.bold_font is not None
        ):
            return self.bold_font
        return super().data(index, role)


def fixed_column(view: QTableView, column: int, texts: Iterable[str]) -> None:
    """A column as wide as the widest of ``texts`` (and its header), fixed: ResizeToContents
    would measure all 500 rows again on every repainted row, which costs a check-in 30 ms.
    (The pages that lay out all their columns use ui.column_widths.ColumnWidths.)"""
    header = view.horizontalHeader()
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(column, fit_width(view, column, texts))
