"""One table model for every list of the application: it holds the ids of the rows, in the order
the service gave them, and fetches the records a page at a time when a row is first painted
(Anki's browser table is the model). 50,000 people cost 50,000 integers until they are scrolled
to; sorting and filtering are the service's job (one SQL order shared by pages and whole lists).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex

#: The role that gives a row's id, for views and tests.
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    """A column: its translated header, the text of a record's cell, and its alignment."""

    header: str
    text: Callable[[Any], str]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    tooltip: Callable[[Any], str] | None = None


class LazyTableModel(QAbstractTableModel):
    """Rows are ids; ``fetch(ids) -> {id: record}`` is called for a page of ids at a time.

    ``greyed(record) -> bool`` paints a row in the disabled colour (past events, cancelled …).
    """

    def __init__(
        self,
        columns: Sequence[Column],
        fetch: Callable[[list[int]], dict[int, Any]],
        page_size: int = 200,
        greyed: Callable[[Any], bool] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch = fetch
        self._page = page_size
        self._greyed = greyed
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}
        self._cache: dict[int, Any] = {}

    # --- content -------------------------------------------------------------------------
    def set_ids(self, ids: Iterable[int]) -> None:
        """Show these rows, in this order; cached records of rows still shown are kept."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = {id_: row for row, id_ in enumerate(self._ids)}
        self._cache = {i: rec for i, rec in self._cache.items() if i in self._rows}
        self.endResetModel()

    def set_records(self, records: Iterable[Any]) -> None:
        """For short lists already fetched whole: records with an ``id``."""
        records = list(records)
        self.beginResetModel()
        self._ids = [rec.id for rec in records]
        self._rows = {id_: row for row, id_ in enumerate(self._ids)}
        self._cache = {rec.id: rec for rec in records}
        self.endResetModel()

    def invalidate(self, ids: Iterable[int] | None = None) -> None:
        """Forget cached records (all, or these) so they are fetched again when painted."""
        if ids is None:
            self._cache.clear()
            if self._ids:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1)
                )
            return
        for id_ in ids:
            self._cache.pop(id_, None)
            row = self._rows.get(id_)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, id_: int) -> int | None:
        return self._rows.get(id_)

    def record_at(self, row: int) -> Any:
        id_ = self.id_at(row)
        if id_ is None:
            return None
        if id_ not in self._cache:
            self._load_around(row)
        return self._cache.get(id_)

    def _load_around(self, row: int) -> None:
        start = row - row % self._page
        page = [i for i in self._ids[start : start + self._page] if i not in self._cache]
        if page:
            self._cache.update(self._fetch(page))

    # --- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == ID_ROLE:
            return self.id_at(row)
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        column = self.columns[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        record = self.record_at(row)
        if record is None:  # deleted meanwhile: an empty row until the next refresh
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._greyed is not None and self._greyed(record):
                return QBrush(QColor("#6b6b6b"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else None
        return column.text(record)
