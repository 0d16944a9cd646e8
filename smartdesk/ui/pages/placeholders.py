"""Honest stand-ins for the pages that are not built yet: what the page will do, and for now
where to do it. Each one is replaced by a line in pages/registry.py when its page lands."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from smartdesk.i18n import N_, _
from smartdesk.ui.context import AppContext
from smartdesk.ui.pages.base import Page


class PlaceholderPage(Page):
    #: Marked strings, translated when shown.
    page_title: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        heading = QLabel(_(self.page_title), self)
        heading.setObjectName("heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.message = QLabel(self)
        self.message.setObjectName("placeholder_text")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message.setText(
            _("Coming in the next version: {what}").format(what=_(self.description))
        )
        layout.addWidget(self.message)
        layout.addStretch(1)

    def title(self) -> str:
        return _(self.page_title)


class WorkshopsPlaceholder(PlaceholderPage):
    key = "workshops"
    page_title = N_("Workshops")
    description = N_(
        "the exchange rounds of a workshop: printing the blank cards, typing the cards in "
        "afterwards, marking each group's selection and ranks, and the results for the room "
        "and for the GAL."
    )
