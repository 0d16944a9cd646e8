"""A workshop's question: its text, its axes (the deck's two by default), the card colours
used, and the method's numbers (cards each, cards passed on, the group's top)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from smartdesk.domain.enums import CardCategory
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import PromptRecord
from smartdesk.i18n import _
from smartdesk.services import workshops
from smartdesk.ui import errors
from smartdesk.ui.context import AppContext


class PromptDialog(QDialog):
    def __init__(self, ctx: AppContext, workshop_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.saved: PromptRecord | None = None
        self.setObjectName("workshop_prompt")
        self.setWindowTitle(_("New workshop question"))
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.question = QLineEdit(self)
        self.question.setObjectName("prompt_question")
        self.axes = QPlainTextEdit("\n".join(workshops.DEFAULT_AXES), self)
        self.axes.setObjectName("prompt_axes")
        self.axes.setTabChangesFocus(True)
        self.axes.setFixedHeight(70)
        colours = QHBoxLayout()
        self.colours: dict[CardCategory, QCheckBox] = {}
        for category in (CardCategory.GREEN, CardCategory.BLUE):
            box = QCheckBox(_(category.label), self)
            box.setObjectName(f"prompt_{category.value}")
            box.setChecked(True)
            colours.addWidget(box)
            self.colours[category] = box
        self.per_participant = QSpinBox(self)
        self.per_participant.setObjectName("prompt_cards_each")
        self.per_participant.setRange(1, 20)
        self.per_participant.setValue(5)
        self.passed_on = QSpinBox(self)
        self.passed_on.setObjectName("prompt_passed_on")
        self.passed_on.setRange(0, 20)
        self.passed_on.setValue(3)
        self.top_n = QSpinBox(self)
        self.top_n.setObjectName("prompt_top_n")
        self.top_n.setRange(1, 50)
        self.top_n.setValue(5)
        form.addRow(_("&Question:"), self.question)
        form.addRow(_("&Axes (one a line):"), self.axes)
        form.addRow(_("Colours:"), colours)
        form.addRow(_("&Cards each:"), self.per_participant)
        form.addRow(_("Cards &passed on:"), self.passed_on)
        form.addRow(_("The group's &top:"), self.top_n)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.saved = workshops.add_prompt(
                self.ctx.db,
                self.workshop_id,
                self.question.text(),
                categories=tuple(c for c, box in self.colours.items() if box.isChecked()),
                axes=tuple(self.axes.toPlainText().splitlines()),
                cards_per_participant=self.per_participant.value(),
                cards_redistributed=self.passed_on.value(),
                top_n=self.top_n.value(),
            )
        except SmartDeskError as exc:
            errors.show_error(self, str(exc))
            return
        super().accept()
