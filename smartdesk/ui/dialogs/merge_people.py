"""Merge two people who are one: both shown side by side, field by field, with how many events
each attended, and the one that is kept chosen explicitly. The other's registrations, talks and
missing details move to the kept one (people.merge); nothing of the history is lost."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import PersonRecord
from smartdesk.i18n import _, format_date, ngettext
from smartdesk.services import people
from smartdesk.ui.context import AppContext


def _consent_text(p: PersonRecord) -> str:
    if not p.consent:
        return _("No")
    parts = [_("Yes")]
    if p.consent_date:
        parts.append(format_date(p.consent_date))
    if p.consent_method:
        parts.append(_(p.consent_method.label))
    return ", ".join(parts)


#: What a secretary knows of a person, in the order she would tell two namesakes apart by it.
TELLING_DETAILS = ("organisation", "commune", "email", "phone", "function")


def told_apart(a: PersonRecord, b: PersonRecord, registrations: tuple[int, int]) -> tuple[str, str]:
    """Each person's name, followed (in brackets) by the first of their details that the other
    record does not share, so that two records of one name read differently; never the record's
    number, which nobody at the town hall knows. No such detail: how many events each has."""

    def value(p: PersonRecord, name: str) -> str:
        return (getattr(p, name) or "").strip()

    differing = [n for n in TELLING_DETAILS if value(a, n).casefold() != value(b, n).casefold()]
    texts = []
    for person, count in zip((a, b), registrations, strict=True):
        detail = next((value(person, n) for n in differing if value(person, n)), "")
        if not detail and registrations[0] != registrations[1]:
            detail = ngettext("{n} registration", "{n} registrations", count).format(n=count)
        texts.append(f"{person.full_name} ({detail})" if detail else person.full_name)
    return texts[0], texts[1]


class MergePeopleDialog(QDialog):
    """After ``exec()`` accepted: ``merged`` is the person kept, with both histories."""

    def __init__(
        self, ctx: AppContext, first_id: int, second_id: int, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("merge_people")
        self.setWindowTitle(_("Merge two people"))
        self.ctx = ctx
        self.merged: PersonRecord | None = None
        self.people = [people.get(ctx.db, first_id), people.get(ctx.db, second_id)]
        histories = [people.attendance_history(ctx.db, p.id) for p in self.people]
        self.histories = histories

        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "These two records will become one. Choose the one to keep: the other one's "
                "registrations and the details the kept one lacks move over, then it is deleted."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.choice = QButtonGroup(self)
        self.keep_buttons: list[QRadioButton] = []
        for col, mnemonic in enumerate((_("Keep &A"), _("Keep &B")), 1):
            button = QRadioButton(mnemonic, self)
            button.setObjectName(f"keep_{col}")
            self.choice.addButton(button, col - 1)
            self.keep_buttons.append(button)
            grid.addWidget(button, 0, col)
        rows = [
            (_("Name"), lambda p: p.full_name),
            (_("E-mail"), lambda p: p.email or "—"),
            (_("Phone"), lambda p: p.phone or "—"),
            (_("Function"), lambda p: p.function or "—"),
            (_("Organisation"), lambda p: p.organisation or "—"),
            (_("Commune"), lambda p: p.commune or "—"),
            (_("Consent"), _consent_text),
        ]
        for row, (label, text) in enumerate(rows, 1):
            caption = QLabel(label, self)
            caption.setStyleSheet("color: #555;")
            grid.addWidget(caption, row, 0)
            for col, p in enumerate(self.people, 1):
                value = QLabel(text(p), self)
                value.setWordWrap(True)
                grid.addWidget(value, row, col)
        grid.addWidget(QLabel(_("Events"), self), len(rows) + 1, 0)
        for col, history in enumerate(histories, 1):
            grid.addWidget(
                QLabel(
                    ngettext("{n} registration", "{n} registrations", len(history)).format(
                        n=len(history)
                    ),
                    self,
                ),
                len(rows) + 1,
                col,
            )
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)

        # The one with more history is the sensible default: fewer things move.
        default = 0 if len(histories[0]) >= len(histories[1]) else 1
        self.keep_buttons[default].setChecked(True)
        self.choice.idToggled.connect(self._describe)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("merge_outcome")
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)

        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton(_("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._describe()
        self.resize(640, 380)

    def kept_and_other(self) -> tuple[PersonRecord, PersonRecord]:
        keep = self.choice.checkedId()
        return self.people[keep], self.people[1 - keep]

    def _describe(self, *_args: object) -> None:
        keep, other = self.kept_and_other()
        kept = self.choice.checkedId()
        counts = (len(self.histories[kept]), len(self.histories[1 - kept]))
        kept_text, other_text = told_apart(keep, other, counts)
        self.outcome.setText(
            _("{kept} is kept; {other} is merged into it and deleted.").format(
                kept=kept_text, other=other_text
            )
        )

    def merge(self) -> None:
        keep, other = self.kept_and_other()
        try:
            self.merged = people.merge(self.ctx.db, keep.id, other.id)
        except SmartDeskError as exc:
            self.ctx.show_error(self, exc.message)
            return
        self.ctx.changed.emit("people")
        self.accept()
