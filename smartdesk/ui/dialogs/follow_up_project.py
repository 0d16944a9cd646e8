"""A selected card becomes a follow-up project ("passer en mode projet"): its title (the card's
text to start with), who carries it on, and by when."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import CardRecord, ProjectRecord
from smartdesk.i18n import _
from smartdesk.services import workshops
from smartdesk.ui import clock, errors
from smartdesk.ui.context import AppContext


class FollowUpProjectDialog(QDialog):
    def __init__(self, ctx: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.card = card
        self.saved: ProjectRecord | None = None
        self.setObjectName("follow_up_project")
        self.setWindowTitle(_("New follow-up project"))
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.title_edit = QLineEdit(card.text, self)
        self.title_edit.setObjectName("project_title")
        self.owner = QLineEdit(self)
        self.owner.setObjectName("project_owner")
        self.owner.setPlaceholderText(_("who carries it on"))
        due = QHBoxLayout()
        self.has_due = QCheckBox(_("&By:"), self)
        self.has_due.setObjectName("project_has_due")
        self.due = QDateEdit(self)
        self.due.setObjectName("project_due")
        self.due.setCalendarPopup(True)
        today = clock.today()
        self.due.setDate(QDate(today.year, today.month, today.day).addMonths(3))
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        due.addWidget(self.has_due)
        due.addWidget(self.due, 1)
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("project_description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("&Owner:"), self.owner)
        form.addRow(_("Due date:"), due)
        form.addRow(_("&Description:"), self.description)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.saved = workshops.create_project(
                self.ctx.db,
                self.title_edit.text(),
                [self.card.id],
                description=self.description.toPlainText(),
                owner=self.owner.text(),
                due_date=self.due.date().toPython() if self.has_due.isChecked() else None,
            )
        except SmartDeskError as exc:
            errors.show_error(self, str(exc))
            return
        self.ctx.changed.emit("workshops")
        super().accept()
