"""The presenter view on the laptop: which screen is the projector, the rounds' durations, and
during the session the step, the time left, the next step, pause, +1 minute and next step.
It is not modal: the facilitator keeps typing cards on the Workshops page while it is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.records import PromptRecord, WorkshopRecord
from smartdesk.i18n import _
from smartdesk.ui.context import AppContext
from smartdesk.ui.projector.session import RoundSession, format_clock, method_steps
from smartdesk.ui.projector.window import ProjectorWindow


class PresenterView(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        workshop: WorkshopRecord,
        prompt: PromptRecord,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.workshop = workshop
        self.prompt = prompt
        self.setObjectName("presenter_view")
        self.setWindowTitle(_("Presenter view — {question}").format(question=prompt.question))
        self.session = RoundSession(method_steps(prompt), self)
        self.projector: ProjectorWindow | None = None

        layout = QVBoxLayout(self)
        setup = QFormLayout()
        self.screen_choice = QComboBox(self)
        self.screen_choice.setObjectName("screen_choice")
        screens = QGuiApplication.screens()
        for number, screen in enumerate(screens, start=1):
            size = screen.geometry()
            self.screen_choice.addItem(
                _("Screen {number}: {name} ({width}×{height})").format(
                    number=number, name=screen.name(), width=size.width(), height=size.height()
                ),
                number - 1,
            )
        # The projector is usually the screen the window is not on: the last one.
        self.screen_choice.setCurrentIndex(len(screens) - 1)
        setup.addRow(_("&Projector screen:"), self.screen_choice)
        layout.addLayout(setup)

        durations = QGroupBox(_("Durations (minutes:seconds)"), self)
        form = QFormLayout(durations)
        self.durations: list[QTimeEdit] = []
        for index, step in enumerate(self.session.steps):
            edit = QTimeEdit(self)
            edit.setObjectName(f"duration_{index}")
            edit.setDisplayFormat("mm:ss")
            edit.setTime(QTime(0, 0).addSecs(int(step.seconds)))
            edit.timeChanged.connect(
                lambda t, i=index: self.session.set_duration(i, QTime(0, 0).secsTo(t))
            )
            form.addRow(step.title, edit)
            self.durations.append(edit)
        layout.addWidget(durations)

        self.step_label = QLabel(self)
        self.step_label.setObjectName("presenter_step")
        font = self.step_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.step_label.setFont(font)
        self.time_label = QLabel(self)
        self.time_label.setObjectName("presenter_time")
        big = QFont(self.time_label.font())
        big.setPointSizeF(big.pointSizeF() * 3)
        big.setBold(True)
        self.time_label.setFont(big)
        self.next_label = QLabel(self)
        self.next_label.setObjectName("presenter_next")
        for label in (self.step_label, self.time_label, self.next_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)

        buttons = QHBoxLayout()
        self.show_button = QPushButton(_("&Show on the projector"), self)
        self.show_button.setObjectName("show_projector")
        self.show_button.clicked.connect(self.show_projector)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("start_pause")
        self.start_button.setToolTip(_("Space"))
        self.start_button.clicked.connect(self.session.toggle)
        self.minute_button = QPushButton(_("+&1 minute"), self)
        self.minute_button.setObjectName("add_minute")
        self.minute_button.setToolTip("+")
        self.minute_button.clicked.connect(self.session.add_minute)
        self.next_button = QPushButton(_("&Next step"), self)
        self.next_button.setObjectName("next_step")
        self.next_button.setToolTip(_("Page Down"))
        self.next_button.clicked.connect(self.session.advance)
        for button in (self.show_button, self.start_button, self.minute_button, self.next_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        for keys, slot in (
            ("Space", self.session.toggle),
            ("+", self.session.add_minute),
            ("PgDown", self.session.advance),
            ("PgUp", lambda: self.session.go_to(self.session.index - 1)),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        self.session.changed.connect(self.show_session)
        self.show_session()

    def show_projector(self) -> ProjectorWindow:
        if self.projector is None:
            self.projector = ProjectorWindow(self.ctx, self.workshop, self.prompt, self.session)
        screens = QGuiApplication.screens()
        index = self.screen_choice.currentData()
        screen = screens[index] if index is not None and index < len(screens) else None
        self.projector.show_on(screen)
        return self.projector

    def show_session(self) -> None:
        session = self.session
        self.step_label.setText(
            _("Step {number} of {count}: {title}").format(
                number=session.index + 1, count=len(session.steps), title=session.step.title
            )
        )
        if session.ended:
            self.time_label.setText(_("Time is up!"))
        else:
            self.time_label.setText(format_clock(session.time_left()))
        following = session.next_step
        self.next_label.setText(
            _("Next: {title} ({clock})").format(
                title=following.title, clock=format_clock(following.seconds)
            )
            if following
            else _("Next: the results board.")
        )
        self.start_button.setText(_("&Pause") if session.running else _("&Start"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.session.stop()
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None
        super().closeEvent(event)

    def reject(self) -> None:  # Escape closes the projector too
        self.close()
