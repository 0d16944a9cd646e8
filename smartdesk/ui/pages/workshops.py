"""Ateliers: the workshops of an event and their questions; typing the paper cards in (made for
a hundred in a row: Enter saves and clears, one key for the colour and one for the axis, the
group and round kept from the card before); each group's selection with votes and ranks; the
results board; the results handout; a selected card made a follow-up project; and the projector.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import CardCategory
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import CardRecord, PromptRecord, WorkshopRecord
from smartdesk.i18n import _, format_date, format_number, ngettext
from smartdesk.services import events, workshops
from smartdesk.ui import errors
from smartdesk.ui.column_widths import ColumnWidths
from smartdesk.ui.context import AppContext
from smartdesk.ui.models.lazy import Column, LazyTableModel
from smartdesk.ui.pages.base import Page
from smartdesk.ui.projector.board import ResultsBoard

#: One key per colour, pressed while typing the card's text.
CATEGORY_KEYS = (
    (CardCategory.GREEN, "F2"),
    (CardCategory.BLUE, "F3"),
    (CardCategory.NONE, "F4"),
)
#: One key per axis of the question, in its order; F9 = no axis.
AXIS_KEYS = ("F6", "F7", "F8")
NO_AXIS_KEY = "F9"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _table(parent: QWidget, name: str, model: LazyTableModel) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def _card_columns(with_selection: bool) -> list[Column]:
    columns = [
        Column(_("Code"), lambda c: c.code),
        Column(_("Card"), lambda c: c.text, tooltip=lambda c: c.text),
        Column(_("Colour"), lambda c: _(c.category.label)),
        Column(_("Axis"), lambda c: c.axis or ""),
        Column(_("Group"), lambda c: c.group_label or ""),
        Column(_("Round"), lambda c: format_number(c.round) if c.round else "", RIGHT),
        Column(_("Author"), lambda c: c.author or ""),
    ]
    if with_selection:
        columns += [
            Column(_("Votes"), lambda c: format_number(c.votes), RIGHT),
            Column(_("Selected"), lambda c: _("Yes") if c.selected else ""),
            Column(_("Rank"), lambda c: format_number(c.rank) if c.rank else "", RIGHT),
        ]
    return columns


class WorkshopsPage(Page):
    key = "workshops"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.workshop: WorkshopRecord | None = None
        self.prompt: PromptRecord | None = None
        self.all_cards: list[CardRecord] = []
        self.category = CardCategory.NONE
        self.axis: str | None = None
        self.presenter: QWidget | None = None
        self._announcing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)

        # --- which workshop and question -----------------------------------------------
        choose = QGridLayout()
        self.event_choice = QComboBox(self)
        self.event_choice.setObjectName("event_choice")
        self.event_choice.setMinimumContentsLength(48)
        self.workshop_choice = QComboBox(self)
        self.workshop_choice.setObjectName("workshop_choice")
        self.workshop_choice.setMinimumContentsLength(20)
        self.prompt_choice = QComboBox(self)
        self.prompt_choice.setObjectName("prompt_choice")
        self.prompt_choice.setMinimumContentsLength(30)
        self.new_workshop_button = QPushButton(_("New &workshop…"), self)
        self.new_workshop_button.setObjectName("new_workshop")
        self.new_workshop_button.clicked.connect(self.new_workshop)
        self.new_prompt_button = QPushButton(_("New &question…"), self)
        self.new_prompt_button.setObjectName("new_prompt")
        self.new_prompt_button.clicked.connect(self.new_prompt)
        for row, (label, combo, button) in enumerate(
            (
                (_("Eve&nt:"), self.event_choice, None),
                (_("Wor&kshop:"), self.workshop_choice, self.new_workshop_button),
                (_("Q&uestion:"), self.prompt_choice, self.new_prompt_button),
            )
        ):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            choose.addWidget(caption, row, 0)
            choose.addWidget(combo, row, 1)
            if button is not None:
                choose.addWidget(button, row, 2)
        self.prompt_info = QLabel(self)
        self.prompt_info.setObjectName("prompt_info")
        self.prompt_info.setWordWrap(True)
        choose.addWidget(self.prompt_info, 0, 3, 3, 1)
        choose.setColumnStretch(3, 1)
        self.projector_button = QPushButton(_("Pro&jector…"), self)
        self.projector_button.setObjectName("open_projector")
        self.projector_button.clicked.connect(self.open_projector)
        self.print_button = QPushButton(_("Print the &results…"), self)
        self.print_button.setObjectName("print_results")
        self.print_button.clicked.connect(self.print_results)
        choose.addWidget(self.projector_button, 0, 4)
        choose.addWidget(self.print_button, 1, 4)
        layout.addLayout(choose)
        self.event_choice.currentIndexChanged.connect(self._event_chosen)
        self.workshop_choice.currentIndexChanged.connect(self._workshop_chosen)
        self.prompt_choice.currentIndexChanged.connect(self._prompt_chosen)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("workshop_tabs")
        self.tabs.addTab(self._build_typing(), _("Typing the cards"))
        self.tabs.addTab(self._build_selection(), _("Groups' selection"))
        self.tabs.addTab(self._build_results(), _("Results board"))
        self.tabs.currentChanged.connect(lambda _i: self._show_cards())
        layout.addWidget(self.tabs, 1)

    # --- typing -------------------------------------------------------------------------
    def _build_typing(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        entry = QGridLayout()
        self.card_text = QLineEdit(tab)
        self.card_text.setObjectName("card_text")
        self.card_text.setPlaceholderText(
            _("Type the card, Enter saves it; F2 green, F3 blue, F4 no colour; F6… the axis")
        )
        self.group = QLineEdit(tab)
        self.group.setObjectName("card_group")
        self.group.setMaximumWidth(140)
        self.round = QSpinBox(tab)
        self.round.setObjectName("card_round")
        self.round.setRange(0, 99)
        self.round.setSpecialValueText("—")
        self.round.setValue(1)
        self.author = QLineEdit(tab)
        self.author.setObjectName("card_author")
        self.author.setPlaceholderText(_("optional"))
        self.author.setMaximumWidth(200)
        for column, (label, widget) in enumerate(
            (
                (_("&Card:"), self.card_text),
                (_("&Group:"), self.group),
                (_("R&ound:"), self.round),
                (_("&Author:"), self.author),
            )
        ):
            caption = QLabel(label, tab)
            caption.setBuddy(widget)
            entry.addWidget(caption, 0, column * 2)
            entry.addWidget(widget, 0, column * 2 + 1)
        entry.setColumnStretch(1, 1)
        box.addLayout(entry)

        keys = QHBoxLayout()
        self.category_buttons = QButtonGroup(tab)
        self.category_buttons.setExclusive(True)
        self.category_button: dict[CardCategory, QPushButton] = {}
        for category, key in CATEGORY_KEYS:
            button = QPushButton(f"{key}  {_(category.label)}", tab)
            button.setObjectName(f"category_{category.value}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, cat=category: self.set_category(cat))
            self.category_buttons.addButton(button)
            self.category_button[category] = button
            keys.addWidget(button)
            QShortcut(
                QKeySequence(key),
                tab,
                lambda cat=category: self.set_category(cat),
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        keys.addSpacing(24)
        self.axis_buttons_box = QHBoxLayout()
        keys.addLayout(self.axis_buttons_box)
        self.axis_buttons: list[QPushButton] = []
        self.axis_group = QButtonGroup(tab)
        self.axis_group.setExclusive(True)
        for index, key in enumerate((*AXIS_KEYS, NO_AXIS_KEY)):
            QShortcut(
                QKeySequence(key),
                tab,
                lambda i=index: self.set_axis_number(i),
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        keys.addStretch(1)
        box.addLayout(keys)

        self.cards_model = LazyTableModel(_card_columns(False), fetch=lambda ids: {}, parent=self)
        self.cards_table = _table(tab, "cards_table", self.cards_model)
        self.cards_columns = self._size_columns(self.cards_table)
        self.cards_table.installEventFilter(self)
        box.addWidget(self.cards_table, 1)
        bottom = QHBoxLayout()
        self.typed_count = QLabel(tab)
        self.typed_count.setObjectName("typed_count")
        bottom.addWidget(self.typed_count, 1)
        self.delete_button = QPushButton(_("&Delete the card"), tab)
        self.delete_button.setObjectName("delete_card")
        self.delete_button.clicked.connect(self.delete_current_card)
        bottom.addWidget(self.delete_button)
        box.addLayout(bottom)
        for widget in (self.card_text, self.group, self.author):
            widget.returnPressed.connect(self.save_card)
        self.round.installEventFilter(self)
        self.set_category(CardCategory.NONE)
        return tab

    def _size_columns(self, table: QTableView) -> ColumnWidths:
        """Code, colour, round and the vote figures: as wide as their texts; the card's text
        takes most of the rest, axis, group and author what they hold."""
        numbers = [format_number(999)]
        fixed: dict[int, list[str]] = {
            0: ["00-000"],
            2: [_(c.label) for c in CardCategory],
            5: numbers,
        }
        if table.model().columnCount() > 7:
            fixed.update({7: numbers, 8: [_("Yes")], 9: numbers})
        # The card's text is what the group reads: cut last, and much later than the axis.
        return ColumnWidths(
            table, f"{self.key}/{table.objectName()}", fixed=fixed, weights={1: 3.0}
        )

    def set_category(self, category: CardCategory) -> None:
        self.category = category
        self.category_button[category].setChecked(True)

    def set_axis_number(self, index: int) -> None:
        """``index`` in the question's axes; past them (F9) = no axis."""
        axes = self.prompt.axes if self.prompt else ()
        if index < len(AXIS_KEYS) and index >= len(axes):
            return  # no such axis for this question
        self.axis = axes[index] if index < len(axes) else None
        for number, button in enumerate(self.axis_buttons):
            button.setChecked(number == min(index, len(self.axis_buttons) - 1))

    def _rebuild_axis_buttons(self) -> None:
        for button in self.axis_buttons:
            self.axis_group.removeButton(button)
            button.deleteLater()
        self.axis_buttons = []
        axes = self.prompt.axes[: len(AXIS_KEYS)] if self.prompt else ()
        labels = [f"{AXIS_KEYS[i]}  {axis}" for i, axis in enumerate(axes)]
        if axes:
            labels.append(_("{key}  No axis").format(key=NO_AXIS_KEY))
        for index, text in enumerate(labels):
            button = QPushButton(text, self)
            button.setObjectName(f"axis_{index}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            number = index if index < len(axes) else len(AXIS_KEYS)
            button.clicked.connect(lambda _c=False, n=number: self.set_axis_number(n))
            self.axis_group.addButton(button)
            self.axis_buttons_box.addWidget(button)
            self.axis_buttons.append(button)
        # The same question read again keeps its axis; another question starts with none.
        if self.axis in axes:
            self.axis_buttons[axes.index(self.axis)].setChecked(True)
        else:
            self.axis = None
            if self.axis_buttons:
                self.axis_buttons[-1].setChecked(True)

    def save_card(self) -> None:
        """Enter: one quick service call, the list grows, the field is cleared for the next
        card; colour, axis, group and round stay as they were (cards come in piles)."""
        if self.prompt is None:
            errors.show_error(self, _("Choose or create a workshop question first."))
            return
        if not self.card_text.text().strip():
            self.card_text.setFocus()
            return
        try:
            card = workshops.add_card(
                self.ctx.db,
                self.prompt.id,
                text=self.card_text.text(),
                category=self.category,
                axis=self.axis,
                group_label=self.group.text(),
                round=self.round.value() or None,
                author=self.author.text(),
            )
        except SmartDeskError as exc:
            errors.show_error(self, str(exc))
            return
        self.all_cards.append(card)
        self.card_text.clear()
        self.author.clear()
        self.card_text.setFocus()
        self._show_cards()
        self._announce()

    def delete_current_card(self) -> None:
        card = self._current(self.cards_table, self.cards_model)
        if card is None:
            return
        try:
            workshops.delete_card(self.ctx.db, card.id)
        except SmartDeskError as exc:
            errors.show_error(self, str(exc))
            return
        self.all_cards = [c for c in self.all_cards if c.id != card.id]
        self._show_cards()
        self._announce()

    # --- selection ----------------------------------------------------------------------
    def _build_selection(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.group_choice = QComboBox(tab)
        self.group_choice.setObjectName("group_choice")
        self.group_choice.setMinimumContentsLength(12)
        self.group_choice.currentIndexChanged.connect(lambda _i: self._show_cards())
        self.top_n = QSpinBox(tab)
        self.top_n.setObjectName("top_n")
        self.top_n.setRange(1, 50)
        self.top_n.setValue(5)
        self.top_button = QPushButton(_("Select the &most voted"), tab)
        self.top_button.setObjectName("select_top")
        self.top_button.clicked.connect(self.select_top)
        for label, widget in ((_("&Group:"), self.group_choice), (_("&Top:"), self.top_n)):
            caption = QLabel(label, tab)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        row.addWidget(self.top_button)
        row.addStretch(1)
        box.addLayout(row)
        hint = QLabel(
            _(
                "In the list: + and − change the votes, Space selects or unselects, 1 to 9 sets the rank."
            ),
            tab,
        )
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.group_model = LazyTableModel(_card_columns(True), fetch=lambda ids: {}, parent=self)
        self.group_table = _table(tab, "group_table", self.group_model)
        self.group_columns = self._size_columns(self.group_table)
        self.group_table.installEventFilter(self)
        box.addWidget(self.group_table, 1)
        bottom = QHBoxLayout()
        self.selection_count = QLabel(tab)
        self.selection_count.setObjectName("selection_count")
        bottom.addWidget(self.selection_count, 1)
        self.project_button = QPushButton(_("Make it a follow-up &project…"), tab)
        self.project_button.setObjectName("make_project")
        self.project_button.clicked.connect(self.make_project)
        bottom.addWidget(self.project_button)
        box.addLayout(bottom)
        return tab

    def chosen_group(self) -> str | None:
        return self.group_choice.currentData()

    def _group_cards(self) -> list[CardRecord]:
        group = self.chosen_group()
        cards = [c for c in self.all_cards if (c.group_label or None) == group]
        return sorted(cards, key=lambda c: (not c.selected, c.rank or 10_000, -c.votes, c.id))

    def _update(self, card: CardRecord, **fields: Any) -> CardRecord | None:
        try:
            new = workshops.update_card(self.ctx.db, card.id, **fields)
        except SmartDeskError as exc:
            errors.show_error(self, str(exc))
            return None
        self.all_cards = [new if c.id == new.id else c for c in self.all_cards]
        self._show_cards(keep=new.id)
        self._announce()
        return new

    def change_votes(self, delta: int) -> None:
        card = self._current(self.group_table, self.group_model)
        if card is not None:
            self._update(card, votes=max(0, card.votes + delta))

    def toggle_selected(self) -> None:
        card = self._current(self.group_table, self.group_model)
        if card is None:
            return
        if card.selected:
            self._update(card, selected=False, rank=None)
            return
        chosen = [c for c in self._group_cards() if c.selected]
        if len(chosen) >= self.top_n.value():
            errors.show_error(
                self,
                ngettext(
                    "This group has already chosen its {n} card.",
                    "This group has already chosen its {n} cards.",
                    self.top_n.value(),
                ).format(n=self.top_n.value()),
            )
            return
        ranks = {c.rank for c in chosen}
        rank = next(r for r in range(1, len(chosen) + 2) if r not in ranks)
        self._update(card, selected=True, rank=rank)

    def set_rank(self, rank: int) -> None:
        card = self._current(self.group_table, self.group_model)
        if card is not None:
            self._update(card, selected=True, rank=rank)

    def select_top(self) -> None:
        if self.prompt is None:
            return
        try:
            chosen = workshops.select_top(
                self.ctx.db, self.prompt.id, self.chosen_group(), self.top_n.value()
            )
        except SmartDeskError as exc:
            errors.show_error(self, str(exc))
            return
        by_id = {c.id: c for c in chosen}
        self.all_cards = [by_id.get(c.id, c) for c in self.all_cards]
        self._show_cards()
        self._announce()

    def make_project(self) -> None:
        card = self._current(self.group_table, self.group_model)
        if card is None:
            errors.show_error(self, _("Choose a card in the list first."))
            return
        from smartdesk.ui.dialogs.follow_up_project import FollowUpProjectDialog

        dialog = FollowUpProjectDialog(self.ctx, card, self)
        if dialog.exec():
            self._show_projects()

    # --- results ------------------------------------------------------------------------
    def _build_results(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        self.selected_only = QCheckBox(_("&Selected cards only"), tab)
        self.selected_only.setObjectName("selected_only")
        self.selected_only.setChecked(True)
        self.selected_only.toggled.connect(lambda _c: self._show_cards())
        box.addWidget(self.selected_only)
        self.board = ResultsBoard(tab)
        self.board.setObjectName("results_board")
        box.addWidget(self.board, 1)
        self.projects_label = QLabel(tab)
        self.projects_label.setObjectName("projects_label")
        self.projects_label.setWordWrap(True)
        self.projects_label.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.projects_label)
        return tab

    def _show_projects(self) -> None:
        ids = {c.id for c in self.all_cards}
        mine = [p for p in workshops.list_projects(self.ctx.db) if ids & set(p.card_ids)]
        self.projects_label.setText(
            _("Follow-up projects: {titles}").format(
                titles="; ".join(
                    p.title
                    + (f" ({p.owner}" if p.owner else " (")
                    + (", " + format_date(p.due_date) if p.due_date else "")
                    + ")"
                    for p in mine
                )
            )
            if mine
            else _("No follow-up project yet.")
        )

    def print_results(self) -> None:
        if self.workshop is None:
            errors.show_error(self, _("Choose a workshop first."))
            return
        self.ctx.print_document(self, "results", self.workshop.id)

    def open_projector(self) -> None:
        if self.workshop is None or self.prompt is None:
            errors.show_error(self, _("Choose a workshop question first."))
            return
        from smartdesk.ui.projector.presenter import PresenterView

        if self.presenter is not None:
            self.presenter.close()
        self.presenter = PresenterView(self.ctx, self.workshop, self.prompt, self)
        self.presenter.show()

    # --- choosing -----------------------------------------------------------------------
    def title(self) -> str:
        return _("Workshops")

    def open(self, **kwargs: Any) -> None:
        self.refresh()
        if "event_id" in kwargs:
            self.event_choice.setCurrentIndex(self.event_choice.findData(kwargs["event_id"]))

    def _announce(self) -> None:
        """Tell the other views (the projector's board) that cards changed; this page already
        shows the change, so the window's refresh of the current page is skipped."""
        self._announcing = True
        try:
            self.ctx.changed.emit("workshops")
        finally:
            self._announcing = False

    def refresh(self) -> None:
        if self._announcing:
            return
        current = self.event_choice.currentData()
        self.event_choice.blockSignals(True)
        self.event_choice.clear()
        for event in reversed(events.list_events(self.ctx.db)):
            self.event_choice.addItem(
                f"{format_date(event.start, 'medium')} — {event.title}", event.id
            )
        if current is None:
            # First visit: the latest event that has a workshop (usually the one to type in).
            with_workshops = [w.event_id for w in workshops.list_workshops(self.ctx.db)]
            current = with_workshops[-1] if with_workshops else None
        index = self.event_choice.findData(current)
        self.event_choice.setCurrentIndex(index if index >= 0 else 0)
        self.event_choice.blockSignals(False)
        self._event_chosen()

    def _event_chosen(self, _index: int = 0) -> None:
        event_id = self.event_choice.currentData()
        current = self.workshop.id if self.workshop else None
        self.workshop_choice.blockSignals(True)
        self.workshop_choice.clear()
        if event_id is not None:
            for workshop in workshops.list_workshops(self.ctx.db, event_id=event_id):
                self.workshop_choice.addItem(workshop.title, workshop.id)
        index = self.workshop_choice.findData(current)
        self.workshop_choice.setCurrentIndex(index if index >= 0 else 0)
        self.workshop_choice.blockSignals(False)
        self._workshop_chosen()

    def _workshop_chosen(self, _index: int = 0) -> None:
        workshop_id = self.workshop_choice.currentData()
        self.workshop = workshops.get(self.ctx.db, workshop_id) if workshop_id else None
        current = self.prompt.id if self.prompt else None
        self.prompt_choice.blockSignals(True)
        self.prompt_choice.clear()
        for prompt in self.workshop.prompts if self.workshop else ():
            self.prompt_choice.addItem(f"{prompt.position}. {prompt.question}", prompt.id)
        index = self.prompt_choice.findData(current)
        self.prompt_choice.setCurrentIndex(index if index >= 0 else 0)
        self.prompt_choice.blockSignals(False)
        self._prompt_chosen()

    def _prompt_chosen(self, _index: int = 0) -> None:
        prompt_id = self.prompt_choice.currentData()
        prompts = {p.id: p for p in (self.workshop.prompts if self.workshop else ())}
        self.prompt = prompts.get(prompt_id)
        self.all_cards = (
            workshops.cards(self.ctx.db, prompt_id=self.prompt.id) if self.prompt else []
        )
        self.all_cards.sort(key=lambda c: c.id)
        if self.prompt is not None:
            self.top_n.setValue(self.prompt.top_n or 5)
            self.prompt_info.setText(
                _("Axes: {axes}").format(axes=", ".join(self.prompt.axes) or "—")
            )
        else:
            self.prompt_info.setText(
                _("This event has no workshop yet: create one with “New workshop…”.")
                if self.workshop is None
                else _("This workshop has no question yet: add one with “New question…”.")
            )
        for widget in (self.card_text, self.projector_button, self.top_button):
            widget.setEnabled(self.prompt is not None)
        self.new_prompt_button.setEnabled(self.workshop is not None)
        self.print_button.setEnabled(self.workshop is not None)
        self._rebuild_axis_buttons()
        self._show_cards()
        self._show_projects()

    def _show_cards(self, keep: int | None = None) -> None:
        """Every view of the question's cards from the list in memory (no database read)."""
        self.cards_model.set_records(self.all_cards)
        self.cards_columns.measure(self.all_cards)
        if self.all_cards:
            self.cards_table.scrollToBottom()
        self.typed_count.setText(
            ngettext("{n} card typed in.", "{n} cards typed in.", len(self.all_cards)).format(
                n=format_number(len(self.all_cards))
            )
        )
        groups = sorted({c.group_label or None for c in self.all_cards}, key=lambda g: g or "")
        chosen = self.chosen_group()
        self.group_choice.blockSignals(True)
        self.group_choice.clear()
        for group in groups:
            self.group_choice.addItem(group or _("(no group)"), group)
        index = self.group_choice.findData(chosen)
        self.group_choice.setCurrentIndex(index if index >= 0 else 0)
        self.group_choice.blockSignals(False)
        group_cards = self._group_cards()
        self.group_model.set_records(group_cards)
        self.group_columns.measure(group_cards)
        if keep is not None and (row := self.group_model.row_of(keep)) is not None:
            self.group_table.selectRow(row)
        elif group_cards and not self.group_table.selectionModel().hasSelection():
            self.group_table.selectRow(0)
        selected = sum(1 for c in group_cards if c.selected)
        self.selection_count.setText(
            _("{selected} of {top} chosen in this group.").format(
                selected=format_number(selected), top=format_number(self.top_n.value())
            )
        )
        self.board.selected_only = self.selected_only.isChecked()
        self.board.set_cards(self.all_cards, self.prompt.axes if self.prompt else ())

    def _current(self, table: QTableView, model: LazyTableModel) -> CardRecord | None:
        index = table.currentIndex()
        return model.record_at(index.row()) if index.isValid() else None

    # --- creating -----------------------------------------------------------------------
    def new_workshop(self) -> None:
        event_id = self.event_choice.currentData()
        if event_id is None:
            errors.show_error(self, _("Create the event first, on the Events page."))
            return
        title, ok = QInputDialog.getText(
            self, _("New workshop"), _("Title of the workshop:"), text=_("Exchange time")
        )
        if not ok:
            return
        try:
            workshop = workshops.create(self.ctx.db, event_id, title)
        except SmartDeskError as exc:
            errors.show_error(self, str(exc))
            return
        self.workshop_choice.addItem(workshop.title, workshop.id)
        self.workshop_choice.setCurrentIndex(self.workshop_choice.count() - 1)
        self._announce()

    def new_prompt(self) -> None:
        if self.workshop is None:
            return
        from smartdesk.ui.dialogs.workshop_prompt import PromptDialog

        dialog = PromptDialog(self.ctx, self.workshop.id, self)
        if dialog.exec() and dialog.saved is not None:
            self.prompt = dialog.saved
            self._workshop_chosen()
            self._announce()

    # --- keys in the lists --------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and watched in (self.group_table, self.cards_table)
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            # A list would take Alt+letter for its type-ahead search: the buttons'
            # mnemonics (Alt+M, Alt+P) must reach them from the list.
            event.ignore()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.round and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save_card()
                return True
            if watched is self.cards_table and key == Qt.Key.Key_Delete:
                self.delete_current_card()
                return True
            if watched is self.group_table:
                if key == Qt.Key.Key_Plus:
                    self.change_votes(1)
                    return True
                if key == Qt.Key.Key_Minus:
                    self.change_votes(-1)
                    return True
                if key == Qt.Key.Key_Space:
                    self.toggle_selected()
                    return True
                if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                    self.set_rank(key - Qt.Key.Key_0)
                    return True
        return super().eventFilter(watched, event)
