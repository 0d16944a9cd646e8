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


class TrainingsPlaceholder(PlaceholderPage):
    key = "trainings"
    page_title = N_("Trainings")
    description = N_(
        "the trainings and their sessions, the hours each participant followed, and the "
        "certificates of attendance. Until then, training sessions are events of the kind "
        "“Training session” on the Events page."
    )


class GalPlaceholder(PlaceholderPage):
    key = "gal"
    page_title = N_("GAL and exports")
    description = N_(
        "the summary workbook for the GAL, calendars and lists, and, at the GAL, merging the "
        "communes' workbooks without counting anyone twice. Until then, the commands "
        "“smartdesk export” and “smartdesk consolidate” do it."
    )
