"""Merge two organisations that are one: the one kept is chosen, the other one's members move
to it (organisations.merge), then it is deleted."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import OrganisationSummary
from smartdesk.i18n import _, ngettext
from smartdesk.services import organisations
from smartdesk.ui.context import AppContext


class MergeOrganisationsDialog(QDialog):
    """Two organisations side by side; the one kept chosen; ``merged`` after Merge."""

    def __init__(
        self, ctx: AppContext, first_id: int, second_id: int, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("merge_organisations")
        self.setWindowTitle(_("Merge two organisations"))
        self.ctx = ctx
        self.merged: OrganisationSummary | None = None
        self.orgs = [organisations.get(ctx.db, first_id), organisations.get(ctx.db, second_id)]
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "These two organisations will become one. Choose the one to keep: the other "
                "one's members move to it, then it is deleted."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.choice = QButtonGroup(self)
        self.keep_buttons: list[QRadioButton] = []
        for i, org in enumerate(self.orgs):
            details = ", ".join(x for x in (_(org.sector.label), org.commune) if x)
            members = ngettext("{n} member", "{n} members", org.members).format(n=org.members)
            button = QRadioButton(
                _("Keep “{name}” ({details}; {members})").format(
                    name=org.name, details=details, members=members
                ),
                self,
            )
            if i == 0:
                button.setText("&1 " + button.text())
            else:
                button.setText("&2 " + button.text())
            self.choice.addButton(button, i)
            self.keep_buttons.append(button)
            layout.addWidget(button)
        default = 0 if self.orgs[0].members >= self.orgs[1].members else 1
        self.keep_buttons[default].setChecked(True)
        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton(_("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 200)

    def merge(self) -> None:
        keep = self.choice.checkedId()
        try:
            self.merged = organisations.merge(
                self.ctx.db, self.orgs[keep].id, self.orgs[1 - keep].id
            )
        except SmartDeskError as exc:
            self.ctx.show_error(self, exc.message)
            return
        self.ctx.changed.emit("organisations")
        self.accept()
