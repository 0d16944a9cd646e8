"""Formations: the trainings (a series of sessions) on the left with their figures (sessions,
hours, trainees), searched as the user types in the window's search field; new, edit, delete.
On the right the selected training (pages/training_detail.py): its sessions and its
attendance grid people × sessions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import (
    _,
    format_date,
    format_hours,
    format_number,
    ngettext,
)
from smartdesk.services import trainings
from smartdesk.services.trainings import TrainingSummary
from smartdesk.ui import errors
from smartdesk.ui.column_widths import text_width
from smartdesk.ui.models.lazy import Column, LazyTableModel
from smartdesk.ui.pages.base import Page
from smartdesk.ui.pages.training_detail import TrainingDetail, list_table


def _period(t: TrainingSummary) -> str:
    if t.first is None or t.last is None:
        return ""
    if t.first.date() == t.last.date():
        return format_date(t.first, "medium")
    return _("{first} – {last}").format(
        first=format_date(t.first, "medium"), last=format_date(t.last, "medium")
    )


def _tooltip(t: TrainingSummary) -> str:
    return "\n".join(filter(None, (t.title, _period(t), t.trainer)))


#: The list of trainings widens for its titles up to this share of the page.
LIST_SHARE_MAXIMUM = 0.42
#: The titles measured to size the list.
TITLES_MEASURED = 100


class TrainingsPage(Page):
    key = "trainings"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._search = ""
        self.training_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        # --- the list of trainings ------------------------------------------------------
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        right_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.model = LazyTableModel(
            [
                # The dates and the trainer in the tooltip: the title needs the width.
                Column(_("Training"), lambda t: t.title, tooltip=_tooltip),
                Column(_("Sessions"), lambda t: format_number(t.sessions), right_align),
                Column(_("Hours"), lambda t: format_hours(t.hours) if t.hours else "", right_align),
                Column(_("Trainees"), lambda t: format_number(t.trainees), right_align),
            ],
            fetch=lambda ids: trainings.training_summaries(self.ctx.db, ids),
            parent=self,
        )
        self.table = list_table(left, "trainings_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fm = self.table.fontMetrics()
        for column, texts in (
            (1, [_("Sessions")]),
            (2, [format_hours(88.5), _("Hours")]),
            (3, [_("Trainees")]),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, max(fm.horizontalAdvance(t) for t in texts) + 20)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_selected())
        self.table.activated.connect(lambda _i: self.edit_training())
        left_layout.addWidget(self.table, 1)
        list_buttons = QHBoxLayout()
        self.count_label = QLabel(left)
        self.count_label.setObjectName("count_label")
        list_buttons.addWidget(self.count_label, 1)
        self.new_button = QPushButton(_("&New training"), left)
        self.new_button.setObjectName("new_training")
        self.new_button.setToolTip(_("Ctrl+N"))
        self.new_button.clicked.connect(self.new_training)
        self.edit_button = QPushButton(_("&Edit…"), left)
        self.edit_button.setObjectName("edit_training")
        self.edit_button.clicked.connect(self.edit_training)
        self.delete_button = QPushButton(_("Delete"), left)
        self.delete_button.setObjectName("delete_training")
        self.delete_button.clicked.connect(self.delete_training)
        for button in (self.new_button, self.edit_button, self.delete_button):
            list_buttons.addWidget(button)
        left_layout.addLayout(list_buttons)

        # --- the selected training ----------------------------------------------------------
        self.detail = TrainingDetail(ctx, splitter)
        self.detail.figures_changed.connect(self._figures_changed)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([430, 750])
        self.splitter = splitter

        QShortcut(QKeySequence.StandardKey.New, self, self.new_training)
        for widget in (
            self.new_button,
            self.edit_button,
            self.delete_button,
        ):
            widget.setEnabled(not ctx.read_only)
        self._show_selected()

    # --- the page contract ----------------------------------------------------------------
    def title(self) -> str:
        return _("Trainings")

    def search_placeholder(self) -> str | None:
        return _("Search trainings by title, topic or trainer")

    def set_search(self, text: str) -> None:
        self._search = text
        self.refresh()

    def open(self, **kwargs: Any) -> None:
        self.refresh()
        if kwargs.get("training_id") is not None:
            self.select(kwargs["training_id"])

    def refresh(self) -> None:
        if self.detail.ticking:
            return  # the grid already shows the tick it announces
        selected = self.training_id
        ids = trainings.find_trainings(self.ctx.db, self._search)
        self.model.set_ids(ids)
        self.model.invalidate()
        self.count_label.setText(
            ngettext("{n} training", "{n} trainings", len(ids)).format(n=format_number(len(ids)))
        )
        self._fit_titles()
        if selected is not None and self.model.row_of(selected) is not None:
            self.select(selected)
        elif ids:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_selected()

    def _fit_titles(self) -> None:
        """Widen the list (never narrow it: the user may have dragged it) so that the titles
        read whole, up to ``LIST_SHARE_MAXIMUM`` of the page: the grid on the right needs the
        rest. Only the first ``TITLES_MEASURED`` titles are read (one fetch): a GAL runs tens
        of trainings."""
        records = (
            self.model.record_at(r) for r in range(min(self.model.rowCount(), TITLES_MEASURED))
        )
        titles = [r.title for r in records if r is not None]
        if not titles:
            return
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, self.model.columnCount()))
        rows_height = self.model.rowCount() * self.table.verticalHeader().defaultSectionSize()
        scrolls = rows_height > self.table.viewport().height()
        scroll_bar = self.table.verticalScrollBar().sizeHint().width() if scrolls else 0
        needed = (
            text_width(fm, titles, candidates=8)
            + 24  # the cell's margins
            + others
            + 2 * self.table.frameWidth()
            + scroll_bar
            + 6  # the list's right margin, before the splitter's handle
        )
        sizes = self.splitter.sizes()
        total = sum(sizes)
        wanted = min(needed, int(total * LIST_SHARE_MAXIMUM))
        if wanted > sizes[0]:
            self.splitter.setSizes([wanted, total - wanted])

    # --- the selected training ------------------------------------------------------------
    def select(self, training_id: int) -> None:
        row = self.model.row_of(training_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))

    def selected_training_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        self.training_id = self.selected_training_id()
        self.detail.load(self.training_id, self.model.rowCount() > 0)
        for widget in (self.edit_button, self.delete_button):
            widget.setEnabled(self.training_id is not None and not self.ctx.read_only)

    def _figures_changed(self) -> None:
        if self.training_id is not None:
            self.model.invalidate([self.training_id])

    # --- training actions ---------------------------------------------------------------
    def new_training(self) -> None:
        if not self.ctx.read_only:
            self._edit_training(None)

    def edit_training(self) -> None:
        if self.training_id is not None and not self.ctx.read_only:
            self._edit_training(self.training_id)

    def _edit_training(self, training_id: int | None) -> None:
        from smartdesk.ui.dialogs.training_editor import TrainingEditor

        editor = TrainingEditor(self.ctx, training_id, self)
        if editor.exec() and editor.training_id is not None:
            self.training_id = editor.training_id
        self.refresh()
        if editor.training_id is not None:
            self.select(editor.training_id)

    def delete_training(self) -> None:
        if self.training_id is None or self.ctx.read_only:
            return
        record = trainings.get(self.ctx.db, self.training_id)
        answer = QMessageBox.question(
            self,
            _("Delete the training"),
            _(
                "Delete “{title}” with its {n} sessions and their attendance? "
                "This cannot be undone."
            ).format(title=record.title, n=len(record.sessions)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            trainings.delete(self.ctx.db, self.training_id)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.training_id = None
        self.ctx.changed.emit("events")
        self.refresh()
