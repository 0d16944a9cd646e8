"""Background work: results and failures come back on the GUI thread; Cancel rolls back."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from smartdesk.domain.errors import OperationCancelled, ValidationError
from smartdesk.services import people
from smartdesk.ui import tasks


def test_the_result_comes_back_on_the_gui_thread(qtbot, db):
    people.create(db, first_name="Léa", last_name="Paquet")
    seen = []
    task = tasks.run_task(
        None, lambda d: (people.count(d), threading.current_thread()), db, on_success=seen.append
    )
    qtbot.waitUntil(lambda: task.done)
    assert seen[0][0] == 1
    assert seen[0][1] is not threading.main_thread()  # the call ran in a worker
    assert tasks.running_tasks() == 0


def test_a_failure_reaches_on_failure_with_the_service_error(qtbot, db):
    errors = []

    def bad(d):
        raise ValidationError("email", "not an e-mail")

    task = tasks.run_task(None, bad, db, on_failure=errors.append)
    qtbot.waitUntil(lambda: task.done)
    assert isinstance(errors[0], ValidationError)
    assert errors[0].field == "email"


def test_cancel_rolls_the_transaction_back(qtbot, db):
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    release = threading.Event()
    outcome = []

    def long_import(d, progress):
        with d.transaction() as s:
            from smartdesk.services.people import add_person

            for i in range(50):
                add_person(s, first_name=f"P{i}", last_name="Test")
                if i == 10:
                    started.set()
                    release.wait(5)
                progress(i, 50)

    task = tasks.run_task(
        parent,
        long_import,
        db,
        progress_title="Importing",
        on_success=outcome.append,
        on_failure=outcome.append,
    )
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: task.done)
    assert isinstance(outcome[0], OperationCancelled)
    assert people.count(db) == 0


def test_the_worker_speaks_the_users_language(qtbot, db):
    from smartdesk import i18n

    i18n.set_locale("nl")
    seen = []
    task = tasks.run_task(None, lambda: i18n.get_locale(), on_success=seen.append)
    qtbot.waitUntil(lambda: task.done)
    assert seen == ["nl_BE"]


def test_many_short_tasks_forgotten_at_once(qtbot):
    # Each task is dropped by the GUI thread as soon as its result is in, while the pool's
    # thread may still be finishing its run: nothing the worker touches may go with it.
    import gc

    from PySide6.QtCore import QThreadPool

    seen: list[int] = []
    for i in range(400):
        tasks.run_task(None, lambda i=i: i, on_success=seen.append)
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=30_000)
    gc.collect()
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(10)
    assert sorted(seen) == list(range(400))
