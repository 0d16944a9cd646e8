"""Columns that share their table's width: each as wide as its content while they all fit; when
they do not, the widest are cut first, to the same width, so that a short column (a commune, a
status, "Already registered") is never elided to leave room for a long organisation name, and no
horizontal scroll bar hides the last column. Measured once per ``refit()`` (after the rows are
set), shared again at every resize of the table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

#: Room around a cell's text (the view's margins, and a little air before the next column).
CELL_PADDING = 16


def share(
    natural: Sequence[int], floors: Sequence[int], available: int, grow: int | None = None
) -> list[int]:
    """Widths for columns that would like ``natural`` and need at least ``floors`` in
    ``available`` pixels. All fit: each gets its natural width, the spare goes to ``grow``.
    Otherwise the widest are cut to one width, the largest that fits (never below a floor)."""
    widths = list(natural)
    if sum(widths) <= available:
        if grow is not None and widths:
            widths[grow] += available - sum(widths)
        return widths
    low, high = 0, max(widths, default=0)
    while low < high:  # the largest cap that fits
        cap = (low + high + 1) // 2
        if sum(max(f, min(w, cap)) for w, f in zip(natural, floors, strict=True)) <= available:
            low = cap
        else:
            high = cap - 1
    return [max(f, min(w, low)) for w, f in zip(natural, floors, strict=True)]


class ColumnFit(QObject):
    """Keeps ``view``'s columns sharing its width; call ``refit()`` when the rows changed.
    ``grow`` is the column that takes the spare width (default: the last); ``texts`` more texts
    a column must have room for (every status, when a row's status changes without a refit)."""

    def __init__(
        self,
        view: QTableView,
        grow: int | None = None,
        texts: dict[int, Iterable[str]] | None = None,
    ):
        super().__init__(view)
        self.view = view
        self.grow = grow
        self.texts = {c: list(t) for c, t in (texts or {}).items()}
        self.natural: list[int] = []
        self.floors: list[int] = []
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.viewport = view.viewport()
        self.viewport.installEventFilter(self)

    def refit(self) -> None:
        """Measure the content again (the rows or their texts changed), then share."""
        model = self.view.model()
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        self.natural, self.floors = [], []
        for column in range(model.columnCount()):
            texts = [
                str(model.data(model.index(row, column)) or "") for row in range(model.rowCount())
            ]
            texts += self.texts.get(column, [])
            cell = max((metrics.horizontalAdvance(t) for t in texts), default=0) + CELL_PADDING
            head = header.sectionSizeFromContents(column).width()
            self.natural.append(max(cell, head))
            self.floors.append(head)  # a header is never cut while another cell can give
        self.apply()

    def wanted_width(self) -> int:
        """The view's width for every column at its natural width (no cut, no scroll bar)."""
        scroll = self.view.verticalScrollBar()
        bar = scroll.sizeHint().width() if scroll.isVisible() else 0
        return sum(self.natural) + 2 * self.view.frameWidth() + bar

    def apply(self) -> None:
        if not self.natural:
            return
        grow = self.grow if self.grow is not None else len(self.natural) - 1
        available = self.viewport.width()
        for column, width in enumerate(share(self.natural, self.floors, available, grow)):
            self.view.setColumnWidth(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # The viewport kept: while the view is being deleted, it may not be asked for it.
        if watched is self.viewport and event.type() == QEvent.Type.Resize:
            self.apply()
        return False


def no_horizontal_scrolling(view: QTableView) -> None:
    """The columns share the width (ColumnFit): a horizontal scroll bar would only cover a row."""
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
