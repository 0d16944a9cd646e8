"""Accueil: what the secretary needs this morning. Today's and the next events, each with the
four things done for an event (print the sign-in sheet, check people in at the door, type the
signed sheet back, print badges), then reminders: past events whose signed sheet was never
typed in, and a backup not copied elsewhere for a while."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.records import EventRecord
from smartdesk.i18n import _, format_date, format_number, format_time_range, ngettext
from smartdesk.services import attendance, events
from smartdesk.ui import clock
from smartdesk.ui.pages.base import Page

log = logging.getLogger("smartdesk")

#: How many coming events the page lists.
UPCOMING = 6
#: Unencoded past events listed by name (the rest are counted).
SHOWN_UNENCODED = 8


def _heading(text: str, parent: QWidget, scale: float = 1.25) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def when_text(event: EventRecord) -> str:
    day = format_date(event.start, "full")
    return _("{day}, {hours}").format(day=day, hours=format_time_range(event.start, event.end))


class EventCard(QFrame):
    """One coming event and its four buttons."""

    def __init__(self, page: HomePage, event: EventRecord, is_today: bool):
        super().__init__(page)
        self.setObjectName(f"event_card_{event.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.event_id = event.id
        layout = QGridLayout(self)
        title = _heading(event.title, self, 1.1)
        title.setWordWrap(True)
        layout.addWidget(title, 0, 0, 1, 2)
        where = ", ".join(v for v in (event.venue, event.commune) if v)
        facts = [when_text(event), _(event.kind.label)] + ([where] if where else [])
        info = QLabel(" · ".join(facts), self)
        info.setWordWrap(True)
        if is_today:
            info.setText(_("Today") + " · " + info.text())
        layout.addWidget(info, 1, 0, 1, 2)
        buttons = QHBoxLayout()
        ctx = page.ctx
        for name, text, action in (
            (
                "sign_in",
                _("&Sign-in sheet"),
                lambda: ctx.print_document(page, "attendance", event.id),
            ),
            ("checkin", _("Chec&k-in"), lambda: ctx.navigate("checkin", event_id=event.id)),
            (
                "encode",
                _("&Encode the signed sheet"),
                lambda: ctx.navigate("encode", event_id=event.id),
            ),
            ("badges", _("&Badges"), lambda: ctx.print_document(page, "badges", event.id)),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, action=action: action())
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons, 2, 0, 1, 2)


class HomePage(Page):
    key = "home"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        self.body = QWidget(scroll)
        scroll.setWidget(self.body)
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(24, 16, 24, 16)
        self.layout_.setSpacing(10)
        self.cards: list[EventCard] = []

    def title(self) -> str:
        return _("Home")

    def _clear(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # out of the page at once, freed later
                widget.deleteLater()
            elif item.layout() is not None:
                item.layout().deleteLater()
        self.cards = []

    def refresh(self) -> None:
        today = clock.today()
        coming = events.upcoming_events(self.ctx.db, today, limit=UPCOMING)
        # The few most recent are listed; all are counted (a GAL's file has thousands).
        waiting = attendance.unencoded_events(self.ctx.db, today, limit=SHOWN_UNENCODED)
        waiting_count = attendance.count_unencoded_events(self.ctx.db, today) if waiting else 0
        self._clear()
        self.layout_.addWidget(_heading(_("Today and next"), self.body, 1.4))
        if not coming:
            empty = QLabel(self.body)
            empty.setObjectName("empty_state")
            empty.setWordWrap(True)
            if events.has_events(self.ctx.db):
                empty.setText(_("No event planned from today on."))
            else:
                empty.setText(
                    _(
                        "Welcome to SmartDesk. Your database has no event yet: start by "
                        "adding the next meeting on the Events page; you will then print its "
                        "sign-in sheet and tick who came from here."
                    )
                )
            self.layout_.addWidget(empty)
            new = QPushButton(_("&Add an event"), self.body)
            new.setObjectName("add_event")
            new.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            new.clicked.connect(lambda: self.ctx.navigate("events", new=True))
            self.layout_.addWidget(new)
        for event in coming:
            card = EventCard(self, event, event.start.date() == today)
            self.cards.append(card)
            self.layout_.addWidget(card)

        reminders = self._reminders(waiting, waiting_count)
        if reminders:
            self.layout_.addSpacing(12)
            self.layout_.addWidget(_heading(_("Reminders"), self.body, 1.2))
            for widget in reminders:
                self.layout_.addWidget(widget)
        self.layout_.addStretch(1)

    def _reminders(self, waiting: list[EventRecord], count: int) -> list[QWidget]:
        found: list[QWidget] = []
        if waiting:
            label = QLabel(
                ngettext(
                    "The signed sheet of {n} past event was never typed in:",
                    "The signed sheets of {n} past events were never typed in:",
                    count,
                ).format(n=format_number(count)),
                self.body,
            )
            label.setObjectName("unencoded_reminder")
            found.append(label)
            for event in waiting:
                row = QWidget(self.body)
                row.setObjectName(f"unencoded_{event.id}")
                line = QHBoxLayout(row)
                line.setContentsMargins(16, 0, 0, 0)
                text = QLabel(
                    _("{date} — {title}").format(
                        date=format_date(event.start, "medium"), title=event.title
                    ),
                    row,
                )
                line.addWidget(text, 1)
                button = QPushButton(_("Encode"), row)
                button.setObjectName("encode")
                button.clicked.connect(
                    lambda _c=False, i=event.id: self.ctx.navigate("encode", event_id=i)
                )
                line.addWidget(button)
                found.append(row)
        backup = self._backup_reminder()
        if backup:
            label = QLabel(backup, self.body)
            label.setObjectName("backup_reminder")
            label.setWordWrap(True)
            found.append(label)
        return found

    def _backup_reminder(self) -> str | None:
        try:
            from smartdesk.services import backups  # written by the data-safety work
        except ImportError:
            return None
        try:
            due = backups.copy_reminder_due(self.ctx.db)
        except Exception:  # noqa: BLE001 - a reminder must never stop the page
            log.exception("Could not check the backup reminder")
            return None
        if not due:
            return None
        return (
            due
            if isinstance(due, str)
            else _(
                "No backup was copied outside this computer for 30 days: use File ▸ Backups and "
                "restore to copy one onto a USB stick."
            )
        )

    def open(self, **kwargs: Any) -> None:
        self.refresh()

    def focus_first(self) -> None:
        if self.cards:
            self.cards[0].findChild(QPushButton).setFocus(Qt.FocusReason.OtherFocusReason)
