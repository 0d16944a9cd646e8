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
import itertools
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from smartdesk.domain.errors import OperationCancelled, SmartDeskError
from smartdesk.i18n import _

#: Tasks that have not reported yet, by their number: the workers know only the number.
_running: dict[int, Task] = {}
_numbers = itertools.count(1)


class _Dispatcher(QObject):
    """The one Qt object the workers touch: it lives as long as the program. A worker used to
    emit on its task's own signals object and run as a Python QRunnable; the GUI thread could
    then free them (the result delivered, the task forgotten) while the pool's thread was still
    finishing the run, and Qt crashed (a segmentation fault seen once in a full test run). Now a
    worker holds plain Python values only, and reports through this object by task number."""

    succeeded = Signal(int, object)
    failed = Signal(int, object, str)
    progressed = Signal(int, int, int)

    def __init__(self) -> None:
        super().__init__()
        queued = Qt.ConnectionType.QueuedConnection
        self.succeeded.connect(self._succeeded, queued)
        self.failed.connect(self._failed, queued)
        self.progressed.connect(self._progressed, queued)

    @Slot(int, object)
    def _succeeded(self, number: int, result: Any) -> None:
        task = _running.get(number)
        if task is not None:
            task._succeeded(result)

    @Slot(int, object, str)
    def _failed(self, number: int, exc: BaseException, details: str) -> None:
        task = _running.get(number)
        if task is not None:
            task._failed(exc, details)

    @Slot(int, int, int)
    def _progressed(self, number: int, done: int, total: int) -> None:
        task = _running.get(number)
        if task is not None:
            task._progressed(done, total)


_dispatcher: _Dispatcher | None = None


def _the_dispatcher() -> _Dispatcher:
    """Made on first use, in the GUI thread (where its slots then run)."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    return _dispatcher


class _Progress:
    """The ``progress(done, total)`` a long service call receives: plain Python, no Qt object
    of the task (see ``_Dispatcher``)."""

    def __init__(self, number: int, cancelled: threading.Event, dispatcher: _Dispatcher):
        self.number, self.cancelled, self.dispatcher = number, cancelled, dispatcher

    def __call__(self, done: int, total: int | None = None) -> None:  # in the worker thread
        if self.cancelled.is_set():
            raise OperationCancelled(_("Cancelled: nothing was changed."))
        self.dispatcher.progressed.emit(self.number, int(done), int(total or 0))


def _work(number: int, call: Callable[[], Any], dispatcher: _Dispatcher) -> Callable[[], None]:
    def work() -> None:  # in a worker thread
        try:
            result = call()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI thread
            dispatcher.failed.emit(number, exc, traceback.format_exc())
        else:
            dispatcher.succeeded.emit(number, result)

    return work


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
        self.number = next(_numbers)
        self._parent = parent
        self._on_success = on_success
        self._on_failure = on_failure
        self._cancelled = threading.Event()
        dispatcher = _the_dispatcher()
        self.dialog: QProgressDialog | None = None
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        if progress_title is not None:
            kwargs = {**kwargs, "progress": _Progress(self.number, self._cancelled, dispatcher)}
            self.dialog = QProgressDialog(progress_title, _("Cancel"), 0, 0, parent)
            self.dialog.setWindowTitle(_("SmartDesk"))
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(400)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
        # The worker runs in a copy of the caller's context: the user's language (a context
        # variable, see i18n) then also applies to the messages a service raises there.
        context = contextvars.copy_context()
        self._work: Callable[[], None] | None = _work(
            self.number, lambda: context.run(fn, *args, **kwargs), dispatcher
        )

    def start(self) -> Task:
        _running[self.number] = self
        work, self._work = self._work, None  # the pool holds it from now on
        assert work is not None, "a task starts once"
        QThreadPool.globalInstance().start(work)
        return self

    def cancel(self) -> None:
        """Ask the worker to stop at its next progress report."""
        self._cancelled.set()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Cancelling…"))

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

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

    def _succeeded(self, result: Any) -> None:
        self.done, self.result = True, result
        self._close_dialog()
        try:
            if self._on_success is not None:
                self._on_success(result)
        finally:
            self._finish()

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
        _running.pop(self.number, None)
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
