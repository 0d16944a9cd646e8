"""The timed rounds of the workshop method (../shared/DOMAIN.md): write the cards, pass some on,
choose the group's top cards, pool. One object drives both the projector and the presenter view,
so what the room sees and what the facilitator controls never disagree.

Time left is computed from a monotonic end time rather than counted down tick by tick: a busy
laptop that misses ticks still ends the round on time, and pausing keeps the seconds left.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from smartdesk.domain.records import PromptRecord
from smartdesk.i18n import _, ngettext


@dataclass
class Step:
    #: Translated, shown large on the projector.
    title: str
    #: Seconds; editable before and during the session.
    seconds: float


def method_steps(prompt: PromptRecord | None) -> list[Step]:
    """The four rounds of the deck with their durations (10, 5, 15 and 10 minutes); the counts
    come from the question when it sets them."""
    write = (prompt.cards_per_participant if prompt else None) or 5
    passed = (prompt.cards_redistributed if prompt else None) or 3
    top = (prompt.top_n if prompt else None) or 5
    return [
        Step(
            ngettext("Write {n} card each", "Write {n} cards each", write).format(n=write),
            10 * 60,
        ),
        Step(
            ngettext("Pass {n} card on and trade", "Pass {n} cards on and trade", passed).format(
                n=passed
            ),
            5 * 60,
        ),
        Step(
            ngettext(
                "In groups: choose your best card",
                "In groups: choose your {n} best cards",
                top,
            ).format(n=top),
            15 * 60,
        ),
        Step(_("Pooling"), 10 * 60),
    ]


def format_clock(seconds: float) -> str:
    """``mm:ss``, rounded up so the last second shows 00:01, not 00:00."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class RoundSession(QObject):
    #: Anything visible changed (a tick, pause, a minute added, a new step).
    changed = Signal()
    #: The step's time is up (its index): the projector shows the end-of-round signal.
    round_ended = Signal(int)

    def __init__(self, steps: list[Step], parent: QObject | None = None, tick_ms: int = 200):
        super().__init__(parent)
        self.steps = steps
        self.index = 0
        self.running = False
        self.ended = False
        self._left = float(steps[0].seconds) if steps else 0.0
        self._end_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    # --- what is shown -------------------------------------------------------------------
    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def next_step(self) -> Step | None:
        return self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None

    @property
    def finished(self) -> bool:
        """The last step's time is up: the board is all that is left to show."""
        return self.ended and self.next_step is None

    def time_left(self) -> float:
        if self._end_at is not None:
            return max(0.0, self._end_at - time.monotonic())
        return self._left

    # --- what the presenter does ---------------------------------------------------------
    def start(self) -> None:
        """Start the current step, or resume it after a pause."""
        if self.ended or self.running:
            return
        self.running = True
        self._end_at = time.monotonic() + self._left
        self._timer.start()
        self.changed.emit()

    def pause(self) -> None:
        if not self.running:
            return
        self._left = self.time_left()
        self._end_at = None
        self.running = False
        self._timer.stop()
        self.changed.emit()

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def add_minute(self) -> None:
        """One more minute for this step (also after its end: the round goes on)."""
        if self.ended:
            self.ended = False
            self._left = 60.0
            self.start()
            return
        if self._end_at is not None:
            self._end_at += 60
        else:
            self._left += 60
        self.changed.emit()

    def go_to(self, index: int) -> None:
        """Show step ``index``, stopped at its full duration (Start runs it)."""
        index = max(0, min(index, len(self.steps) - 1))
        self._timer.stop()
        self.index = index
        self.running = False
        self.ended = False
        self._end_at = None
        self._left = float(self.step.seconds)
        self.changed.emit()

    def advance(self) -> None:
        """The next step, started at once: the room moves on as the facilitator says so."""
        if self.next_step is None:
            return
        self.go_to(self.index + 1)
        self.start()

    def set_duration(self, index: int, seconds: float) -> None:
        self.steps[index].seconds = seconds
        if index == self.index and not self.running and not self.ended:
            self._left = float(seconds)
            self.changed.emit()

    def stop(self) -> None:
        self._timer.stop()
        self.running = False

    # --- the clock -----------------------------------------------------------------------
    def _tick(self) -> None:
        if self.time_left() <= 0:
            self._timer.stop()
            self.running = False
            self.ended = True
            self._end_at = None
            self._left = 0.0
            self.changed.emit()
            self.round_ended.emit(self.index)
            return
        self.changed.emit()
