"""Column widths of the tables, from what the columns hold: one rule (``share``) for the lists
of the pages (``ColumnWidths``), the small tables of the dialogs (``ColumnFit``) and the
training's grid (its name and organisation, weighted by what they need).

- A *fixed* column (date, time, status, row number, "Yes, 15/01/2026") can only hold a few
  texts known in advance: it is exactly as wide as the widest of them in the current language
  and font (or its header), measured once. ResizeToContents is not used: it measures every row
  again as rows are painted, far too slow on a list of 50,000 people.
- The *text* columns (names, organisations, venues …) share what is left of the view's width,
  re-shared each time the view is resized. Each is measured on a sample of the rows (the first
  page, already fetched to paint it). When everything fits, each grows to its longest text and
  the spare room goes in proportion to what the columns hold; when not, one common cap: what is
  shorter shows whole, longer texts are cut at the same width. An empty column keeps its
  header's width; ``weights`` let a page favour what its user reads (the organisation at the
  door, the card's text), and are cut later.
- A width the user sets by dragging a column's edge wins: it is kept at every later resize and
  remembered in the preferences (``column_widths_by_hand``) for the next start. The widths the
  main window saved for every column on close are those of a window of another size (or another
  language): they are not the user's choice and are laid out again.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

from smartdesk.services import preferences

#: The preference that keeps the widths the user dragged, per "page/table".
PREFERENCE = "column_widths_by_hand"
#: Room around a cell's text (the delegate's margins and the grid line) and a header's.
CELL_PADDING = 14
HEADER_PADDING = 18
#: A text column never gets narrower than this unless its natural width is smaller.
FLOOR = 70
#: Share of the sampled texts a column's natural width covers: one 200-character name must
#: not take the room of all the others.
QUANTILE = 0.9


def text_width(metrics: QFontMetrics, texts: Iterable[str], candidates: int | None = None) -> int:
    """The advance of the widest of ``texts``; with ``candidates``, measured on that many
    longest (in characters) only: in a proportional font the widest is among them but for
    freak cases, and measuring 150 names and organisations cost 1.2 ms per opening."""
    if candidates is not None:
        texts = heapq.nlargest(candidates, texts, key=len)
    return max((metrics.horizontalAdvance(t) for t in texts if t), default=0)


def header_width(table: QTableView, column: int) -> int:
    text = str(table.model().headerData(column, Qt.Orientation.Horizontal, 0) or "")
    return table.horizontalHeader().fontMetrics().horizontalAdvance(text) + HEADER_PADDING


def fit_width(
    table: QTableView, column: int, texts: Iterable[str], font: QFont | None = None
) -> int:
    """The width that shows the widest of ``texts`` (and the column's header) whole."""
    metrics = QFontMetrics(font) if font is not None else table.fontMetrics()
    return max(text_width(metrics, texts) + CELL_PADDING, header_width(table, column))


def share(
    available: int,
    natural: Sequence[int],
    floor: Sequence[int],
    weights: Sequence[float] | None = None,
    longest: Sequence[int] | None = None,
    content: Sequence[int] | None = None,
    grow: int | None = None,
) -> list[int]:
    """Split ``available`` pixels between columns (pure arithmetic, tested alone); the one
    rule of every table: the lists, the dialogs' small tables, the training's grid.
    With room to spare, each column first grows to its ``longest`` text, then the rest goes
    to the ``grow`` column if one is named, else in proportion to the width of its
    ``content`` (without the header) times its weight: an empty column keeps the width of
    its header. Short of room: one common cap times each column's weight (default 1), none
    below its floor. Too narrow for the floors: the floors (the view scrolls sideways)."""
    n = len(natural)
    if n == 0:
        return []
    weights = weights if weights is not None else [1.0] * n
    wanted = [max(nat, fl) for nat, fl in zip(natural, floor, strict=True)]
    if sum(wanted) <= available:
        spare = available - sum(wanted)
        need = [max(0, lg - w) for lg, w in zip(longest or wanted, wanted, strict=True)]
        if sum(need):
            grows = min(1.0, spare / sum(need))
            wanted = [w + int(nd * grows) for w, nd in zip(wanted, need, strict=True)]
            spare = available - sum(wanted)
        if grow is not None:
            widths = list(wanted)
            widths[grow] += spare
            return widths
        basis = content if content is not None and sum(content) else wanted
        demand = [b * wt for b, wt in zip(basis, weights, strict=True)]
        total = sum(demand) or n
        widths = [w + int(spare * d / total) for w, d in zip(wanted, demand, strict=True)]
    elif sum(floor) < available:
        # Too little room: one common cap (times each column's weight). What is shorter
        # shows whole, to its longest text; longer texts (one 200-character name too) are all
        # cut at the same width, not the short ones first.
        if longest is not None:
            wanted = [max(lg, fl) for lg, fl in zip(longest, floor, strict=True)]

        def fill(cap: float) -> list[int]:
            return [
                max(fl, min(w, int(cap * wt)))
                for w, fl, wt in zip(wanted, floor, weights, strict=True)
            ]

        low, high = 0.0, max(wanted) / min(weights)
        for _step in range(30):
            middle = (low + high) / 2
            low, high = (middle, high) if sum(fill(middle)) <= available else (low, middle)
        widths = fill(low)
    else:
        return list(floor)  # too narrow for all: the view scrolls sideways
    # Rounding leaves a few pixels: to the widest, so the columns end at the view's edge.
    widest = max(range(n), key=lambda i: widths[i])
    widths[widest] += available - sum(widths)
    return widths


class ColumnWidths(QObject):
    """Lays out the columns of ``table``; ``name`` ("people/people_table") keys the widths
    the user dragged in the preferences. ``fixed``: column → the texts it can hold;
    ``fonts``: column → the font its cells use when not the table's (a bold name)."""

    def __init__(
        self,
        table: QTableView,
        name: str,
        fixed: Mapping[int, Iterable[str]] | None = None,
        weights: Mapping[int, float] | None = None,
        fonts: Mapping[int, QFont] | None = None,
    ):
        super().__init__(table)
        self.table = table
        self.name = name
        self._fonts = dict(fonts or {})
        self._weights = dict(weights or {})
        self._fixed: dict[int, int] = {}
        self._natural: dict[int, int] = {}
        self._longest: dict[int, int] = {}
        self._content: dict[int, int] = {}
        self._applying = False
        self._laid_out = False
        self._dragging = False
        self._dragged = False
        #: Whether the text columns were measured on rows (not on their headers only).
        self.measured = False
        self.by_hand: dict[int, int] = self._remembered()
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns = table.model().columnCount()
        self.text_columns = [c for c in range(columns) if c not in (fixed or {})]
        for column, texts in (fixed or {}).items():
            self._fixed[column] = fit_width(table, column, texts, self._fonts.get(column))
        for column in self.text_columns:
            self._natural[column] = header_width(table, column)
        header.sectionResized.connect(self._resized)
        # Kept here: while the table is being destroyed its wrapper may not be asked for them.
        self._viewport = table.viewport()
        self._header_viewport = header.viewport()
        self._header_viewport.installEventFilter(self)
        self._viewport.installEventFilter(self)

    # --- what the columns hold -----------------------------------------------------------
    def set_fixed(self, column: int, texts: Iterable[str]) -> None:
        self._fixed[column] = fit_width(self.table, column, texts, self._fonts.get(column))
        self.apply()

    def measure(self, records: Iterable[Any]) -> None:
        """The natural widths of the text columns from a sample of rows (the model's
        ``columns[c].text(record)``), then a new layout."""
        records = list(records)
        columns = self.table.model().columns  # type: ignore[attr-defined]
        for column in self.text_columns:
            font = self._fonts.get(column)
            metrics = QFontMetrics(font) if font is not None else self.table.fontMetrics()
            widths = sorted(metrics.horizontalAdvance(columns[column].text(r)) for r in records)
            sample = widths[min(len(widths) - 1, int(len(widths) * QUANTILE))] if widths else 0
            head = header_width(self.table, column)
            self._natural[column] = max(sample + CELL_PADDING if sample else 0, head)
            self._longest[column] = max(widths[-1] + CELL_PADDING if widths else 0, head)
            self._content[column] = sample
        self.apply()

    def measure_first_rows(self, rows: int = 60) -> None:
        """Measure on the first rows of the model, once: the first page, which painting the
        list fetches anyway. Later reloads (each keystroke of a search) keep the widths, so
        the columns do not jump while the user types."""
        model = self.table.model()
        count = min(rows, model.rowCount())
        if self.measured or count == 0:
            return
        self.measure(model.record_at(r) for r in range(count))  # type: ignore[attr-defined]
        self.measured = True

    # --- the layout ----------------------------------------------------------------------
    def apply(self) -> None:
        """Fixed columns at their width, the user's at theirs, the rest share the width left."""
        if not self._viewport.isVisible():
            return  # laid out when shown, at its real width (a hidden view has a made-up one)
        viewport = self._viewport.width()
        header = self.table.horizontalHeader()
        widths: dict[int, int] = dict(self._fixed)
        widths.update({c: w for c, w in self.by_hand.items() if c < header.count()})
        free = [c for c in self.text_columns if c not in widths]
        available = viewport - sum(widths.values())
        natural = [self._natural[c] for c in free]
        floors = [
            min(n, max(FLOOR, header_width(self.table, c)))
            for c, n in zip(free, natural, strict=True)
        ]
        weights = [self._weights.get(c, 1.0) for c in free]
        longest = [self._longest.get(c, n) for c, n in zip(free, natural, strict=True)]
        content = [self._content.get(c, 0) for c in free]
        shared = share(available, natural, floors, weights, longest, content)
        widths.update(zip(free, shared, strict=True))
        self._applying = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._applying = False
        self._laid_out = True

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._applying:
            return
        if not self._laid_out:
            return  # the main window's widths from last time: laid out again when shown
        self.by_hand[column] = new
        if self._dragging:
            self._dragged = True  # remembered when the mouse is released
        else:
            self._remember()
            self.apply()

    def forget_by_hand(self) -> None:
        """Back to the widths from the content (the user's drags forgotten)."""
        self.by_hand.clear()
        self._remember()
        self.apply()

    # --- the preferences -----------------------------------------------------------------
    def _remembered(self) -> dict[int, int]:
        saved = preferences.get(PREFERENCE, {})
        mine = saved.get(self.name) if isinstance(saved, dict) else None
        if not isinstance(mine, dict):
            return {}
        return {
            int(c): w
            for c, w in mine.items()
            if isinstance(c, str) and c.isdigit() and isinstance(w, int) and w > 0
        }

    def _remember(self) -> None:
        saved = preferences.get(PREFERENCE, {})
        if not isinstance(saved, dict):
            saved = {}
        saved[self.name] = {str(c): w for c, w in sorted(self.by_hand.items())}
        preferences.update(**{PREFERENCE: saved})

    # --- events --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if watched is self._viewport:
            if kind in (QEvent.Type.Resize, QEvent.Type.Show):
                self.apply()
        elif watched is not self._header_viewport:
            pass
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._dragging = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._dragging = False
            if self._dragged:
                self._dragged = False
                self._remember()
                self.apply()  # the other text columns take up the difference
        return False


# --- the small tables of the dialogs ---------------------------------------------------------
#: Room around a dialog table's cell text (the view's margins, a little air before the next).
FIT_PADDING = 16


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
            cell = max((metrics.horizontalAdvance(t) for t in texts), default=0) + FIT_PADDING
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
        shared = share(available, self.natural, self.floors, grow=grow)
        for column, width in enumerate(shared):
            self.view.setColumnWidth(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # The viewport kept: while the view is being deleted, it may not be asked for it.
        if watched is self.viewport and event.type() == QEvent.Type.Resize:
            self.apply()
        return False


def no_horizontal_scrolling(view: QTableView) -> None:
    """The columns share the width (ColumnFit): a horizontal scroll bar would only cover a row."""
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
