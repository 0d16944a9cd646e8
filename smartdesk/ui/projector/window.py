"""The projector window: a second top-level window, full screen on the screen the facilitator
chooses, read from the back of a village hall. Black background, white and yellow type sized
from the screen's height (the question's capitals are over 60 px high at 1080 lines), the two
card colours, a countdown a fifth of the screen high, a red flashing end-of-round signal, and
under it the results board, which grows as the cards are typed on the laptop.

It never writes: it reads the question's cards when the application says workshop data changed.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QResizeEvent, QScreen
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smartdesk.domain.enums import CardCategory
from smartdesk.domain.records import PromptRecord, WorkshopRecord
from smartdesk.i18n import _
from smartdesk.services import workshops
from smartdesk.ui.context import AppContext
from smartdesk.ui.projector.board import CATEGORY_COLOURS, ResultsBoard
from smartdesk.ui.projector.session import RoundSession, format_clock

#: What the room reads: white on black, the time in yellow, the end of a round in red.
WHITE, YELLOW, RED, GREY = "#ffffff", "#ffd400", "#e0261b", "#b0b0b0"


class ProjectorWindow(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        workshop: WorkshopRecord,
        prompt: PromptRecord,
        session: RoundSession,
    ):
        super().__init__(None, Qt.WindowType.Window)
        self.ctx = ctx
        self.workshop = workshop
        self.prompt = prompt
        self.session = session
        self.setObjectName("projector_window")
        self.setWindowTitle(_("SmartDesk — projector"))
        self.setStyleSheet("QWidget#projector_window { background: #000000; }")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        self.setPalette(palette)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        left = QVBoxLayout()
        self.heading = self._label(GREY, "heading")
        self.heading.setText(f"{workshop.event_title} — {workshop.title}")
        self.question = self._label(WHITE, "question", bold=True)
        self.question.setText(prompt.question)
        self.axes = self._label(YELLOW, "axes")
        self.axes.setText("   ·   ".join(prompt.axes))
        self.axes.setVisible(bool(prompt.axes))
        self.legend = QHBoxLayout()
        self.legend_labels: list[QLabel] = []
        for category in prompt.categories or (CardCategory.GREEN, CardCategory.BLUE):
            if category == CardCategory.NONE:
                continue
            chip = self._label(WHITE, f"legend_{category.value}", bold=True)
            chip.setText(_(category.label))
            chip.setStyleSheet(
                f"color: {WHITE}; background: {CATEGORY_COLOURS[category].name()};"
                " padding: 4px 18px; border-radius: 6px;"
            )
            self.legend.addWidget(chip)
            self.legend_labels.append(chip)
        self.legend.addStretch(1)
        for widget in (self.heading, self.question, self.axes):
            left.addWidget(widget)
        left.addLayout(self.legend)
        left.addStretch(1)
        top.addLayout(left, 3)
        right = QVBoxLayout()
        self.step = self._label(WHITE, "step", bold=True)
        self.step.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.countdown = self._label(YELLOW, "countdown", bold=True)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        right.addWidget(self.step)
        right.addWidget(self.countdown)
        right.addStretch(1)
        top.addLayout(right, 2)
        layout.addLayout(top)
        self.board = ResultsBoard(self, projector=True)
        self.board.setObjectName("projector_board")
        layout.addWidget(self.board, 1)

        # The end-of-round signal: the countdown blinks red on white until the next step.
        self._blink = QTimer(self)
        self._blink.setInterval(500)
        self._blink.timeout.connect(self._blink_once)
        self._blink_on = False

        session.changed.connect(self.show_session)
        session.round_ended.connect(self._round_ended)
        ctx.changed.connect(self._data_changed)
        self._size_fonts()
        self.reload_cards()
        self.show_session()

    def _label(self, colour: str, name: str, bold: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(name in ("heading", "question", "axes", "step"))
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(f"color: {colour}; background: transparent;")
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        return label

    # --- showing -------------------------------------------------------------------------
    def show_on(self, screen: QScreen | None) -> None:
        """Full screen on ``screen`` (the projector), or the window's current screen."""
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()

    def _size_fonts(self) -> None:
        """Type in proportion to the screen's height: read at 10 m on any projector."""
        height = max(self.height(), 300)
        sizes = {
            self.heading: height // 36,
            # 1080 / 12 = 90 px type: capitals about 64 px high.
            self.question: height // 12,
            self.axes: height // 24,
            self.step: height // 20,
            self.countdown: height // 5,
        }
        for label in self.legend_labels:
            sizes[label] = height // 30
        # Card text a little smaller than the axes: a wall of 20 cards still fits.
        self.board.text_px = max(12, height // 32)
        for label, px in sizes.items():
            font = QFont(label.font())
            font.setPixelSize(max(10, px))
            if label is self.countdown:
                font.setFamilies(["DejaVu Sans Mono", "Consolas", "Courier New", "monospace"])
                font.setStyleHint(QFont.StyleHint.Monospace)
            label.setFont(font)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._size_fonts()

    def show_session(self) -> None:
        session = self.session
        self.step.setText(
            _("Step {number} of {count}: {title}").format(
                number=session.index + 1, count=len(session.steps), title=session.step.title
            )
        )
        if session.ended:
            self.countdown.setText(_("Time is up!"))
            if not self._blink.isActive():
                self._blink.start()
                self._blink_once()
            return
        self._blink.stop()
        self._blink_on = False
        # Paused or not started: the time in grey; running: in yellow.
        colour = YELLOW if session.running else GREY
        self.countdown.setStyleSheet(f"color: {colour}; background: transparent;")
        self.countdown.setText(format_clock(session.time_left()))

    def _blink_once(self) -> None:
        self._blink_on = not self._blink_on
        if self._blink_on:
            self.countdown.setStyleSheet(f"color: {WHITE}; background: {RED};")
        else:
            self.countdown.setStyleSheet(f"color: {RED}; background: {WHITE};")

    def _round_ended(self, _index: int) -> None:
        QApplication.beep()

    # --- the board -----------------------------------------------------------------------
    def _data_changed(self, what: str) -> None:
        if what == "workshops":
            self.reload_cards()

    def reload_cards(self) -> None:
        """One quick read of the question's cards (a few hundred at most)."""
        self.board.set_cards(
            workshops.cards(self.ctx.db, prompt_id=self.prompt.id), self.prompt.axes
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self._blink.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.changed.disconnect(self._data_changed)
        super().closeEvent(event)
