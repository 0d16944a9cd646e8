"""A training's own fields: title, trainer, topic and description. Saved with OK in one
transaction; a service error is shown under the form and what was typed stays."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import _
from smartdesk.services import trainings
from smartdesk.ui.context import AppContext

ERROR_STYLE = "color: #b00020;"


class TrainingEditor(QDialog):
    def __init__(self, ctx: AppContext, training_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.training_id = training_id
        self.setObjectName("training_editor")
        self.setWindowTitle(_("New training") if training_id is None else _("Training"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("title")
        self.trainer = QLineEdit(self)
        self.trainer.setObjectName("trainer")
        self.topic = QLineEdit(self)
        self.topic.setObjectName("topic")
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(90)
        for label, widget in (
            (_("&Title:"), self.title_edit),
            (_("T&rainer:"), self.trainer),
            (_("T&opic:"), self.topic),
            (_("&Description:"), self.description),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        if training_id is not None:
            record = trainings.get(ctx.db, training_id)
            self.title_edit.setText(record.title)
            self.trainer.setText(record.trainer or "")
            self.topic.setText(record.topic or "")
            self.description.setPlainText(record.description or "")
        self.title_edit.setFocus()

    def save(self) -> None:
        fields = {
            "title": self.title_edit.text(),
            "trainer": self.trainer.text(),
            "topic": self.topic.text(),
            "description": self.description.toPlainText(),
        }
        try:
            if self.training_id is None:
                self.training_id = trainings.create(self.ctx.db, **fields).id
            else:
                trainings.update(self.ctx.db, self.training_id, **fields)
        except SmartDeskError as exc:
            self.error.setText(exc.message)
            return
        self.ctx.changed.emit("events")
        self.accept()
