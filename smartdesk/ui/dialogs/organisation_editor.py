"""The organisation editor: name, sector, commune; a service error in red under its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import Sector
from smartdesk.domain.errors import SmartDeskError, ValidationError
from smartdesk.domain.records import OrganisationSummary
from smartdesk.i18n import _, ngettext
from smartdesk.services import organisations
from smartdesk.ui.context import AppContext


def _error_label(parent: QWidget, field: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(f"error_{field}")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.hide()
    return label


class OrganisationEditor(QDialog):
    """New (``organisation_id=None``) or existing organisation; ``saved`` after Save."""

    def __init__(
        self, ctx: AppContext, organisation_id: int | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("organisation_editor")
        self.ctx = ctx
        self.organisation_id = organisation_id
        self.saved: OrganisationSummary | None = None
        record = organisations.get(ctx.db, organisation_id) if organisation_id else None
        self.setWindowTitle(
            _("New organisation")
            if record is None
            else _("Organisation: {name}").format(name=record.name)
        )
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.name.setMaxLength(200)
        self.sector = QComboBox(self)
        self.sector.setObjectName("sector")
        for sector in Sector:
            self.sector.addItem(_(sector.label), sector.value)
        self.commune = QLineEdit(self)
        self.commune.setObjectName("commune")
        completer = QCompleter(organisations.commune_names(ctx.db), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.commune.setCompleter(completer)
        self.errors = {f: _error_label(self, f) for f in ("name", "sector", "commune")}
        for label, field, widget in (
            (_("&Name:"), "name", self.name),
            (_("&Sector:"), "sector", self.sector),
            (_("&Commune:"), "commune", self.commune),
        ):
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            column.addWidget(self.errors[field])
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, box)
        if record is not None:
            self.name.setText(record.name)
            self.sector.setCurrentIndex(self.sector.findData(record.sector.value))
            self.commune.setText(record.commune or "")
            members = QLabel(
                ngettext("{n} person belongs to it.", "{n} people belong to it.", record.members)
                .format(n=record.members),
                self,
            )  # fmt: skip
            form.addRow("", members)
        else:
            self.sector.setCurrentIndex(self.sector.findData(Sector.OTHER.value))
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(_("&Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(480, 220)
        self.name.setFocus()

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        fields = {
            "name": self.name.text(),
            "sector": self.sector.currentData(),
            "commune": self.commune.text(),
        }
        try:
            if self.organisation_id is None:
                self.saved = organisations.create(self.ctx.db, **fields)
            else:
                self.saved = organisations.update_organisation(
                    self.ctx.db, self.organisation_id, **fields
                )
        except ValidationError as exc:
            label = self.errors.get(exc.field)
            if label is None:
                self.ctx.show_error(self, exc.message)
            else:
                label.setText(exc.message)
                label.show()
            return
        except SmartDeskError as exc:
            self.ctx.show_error(self, exc.message)
            return
        self.ctx.changed.emit("organisations")
        self.accept()
