"""Service calls off the GUI thread, so the window never freezes (Anki's ``aqt/operations`` is
the model).

``run_task(parent, fn, *args, on_success=..., **kwargs)`` runs ``fn`` on Qt's global thread pool
and calls back on the GUI thread: ``on_success(result)``, or ``on_failure(exc)``. Without an
``on_failure``, a SmartDeskError is shown in plain words and anything else goes to the
unexpected-error dialog (logged, "copy the details").

Long work passes ``progress_title``: a progress dialog appears after a short delay, and ``fn``
receives ``progress=callback``. The service calls ``progress(done, total)`` as it goes; once the
user has pressed Cancel, that call raises OperationCancelled inside the worker thread, so the
service's transaction rolls back and nothing is written. Services stay free of Qt: they only see
a plain callable.
"""

from __future__ import annotations

import contextvars
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from smartdesk.domain.errors import OperationCancelled, SmartDeskError
from smartdesk.i18n import _

#: Tasks still running, so neither they nor their signals are collected too early.
_running: set[Task] = set()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, int)


class _Runnable(QRunnable):
    def __init__(self, call: Callable[[], Any], signals: _Signals):
        super().__init__()
        self.setAutoDelete(True)
        self._call = call
        self._signals = signals

    def run(self) -> None:  # in a worker thread
        try:
            result = self._call()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI thread
            self._signals.failed.emit(exc, traceback.format_exc())
        else:
            self._signals.succeeded.emit(result)


class Task(QObject):
    """One service call in the background. ``finished`` fires after the callbacks ran."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[..., Any],
        args: tuple,
        kwargs: dict[str, Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        progress_title: str | None,
    ):
        super().__init__()
        self._parent = parent
        self._on_success = on_success
        self._on_failure = on_failure
        self._cancelled = threading.Event()
        self._signals = _Signals()
        self._signals.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        if progress_title is not None:
            kwargs = {**kwargs, "progress": self._report}
            self.dialog = QProgressDialog(progress_title, _("Cancel"), 0, 0, parent)
            self.dialog.setWindowTitle(_("SmartDesk"))
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(400)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
            self._signals.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        # The worker runs in a copy of the caller's context: the user's language (a context
        # variable, see i18n) then also applies to the messages a service raises there.
        context = contextvars.copy_context()
        self._runnable = _Runnable(lambda: context.run(fn, *args, **kwargs), self._signals)

    def start(self) -> Task:
        _running.add(self)
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def cancel(self) -> None:
        """Ask the worker to stop at its next progress report."""
        self._cancelled.set()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Cancelling…"))

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _report(self, done: int, total: int | None = None) -> None:  # in the worker thread
        if self._cancelled.is_set():
            raise OperationCancelled(_("Cancelled: nothing was changed."))
        self._signals.progressed.emit(int(done), int(total or 0))

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self.dialog is not None and not self.done:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self.done, self.result = True, result
        self._close_dialog()
        try:
            if self._on_success is not None:
                self._on_success(result)
        finally:
            self._finish()

    @Slot(object, str)
    def _failed(self, exc: BaseException, details: str) -> None:
        self.done, self.error = True, exc
        self._close_dialog()
        try:
            if self._on_failure is not None:
                self._on_failure(exc)
            elif isinstance(exc, OperationCancelled):
                pass  # the user asked for it; the dialog said "Cancelling…"
            elif isinstance(exc, SmartDeskError):
                from smartdesk.ui.errors import show_error

                show_error(self._parent, exc.message)
            else:
                from smartdesk.ui.errors import show_unexpected

                show_unexpected(self._parent, exc, details)
        finally:
            self._finish()

    def _finish(self) -> None:
        _running.discard(self)
        self.finished.emit()


def run_task(
    parent: QWidget | None,
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    progress_title: str | None = None,
    **kwargs: Any,
) -> Task:
    """Run ``fn(*args, **kwargs)`` in the background; see the module for the callbacks."""
    return Task(parent, fn, args, kwargs, on_success, on_failure, progress_title).start()


def running_tasks() -> int:
    """How many tasks have not reported yet (tests wait for 0)."""
    return len(_running)
