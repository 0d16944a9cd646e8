"""Pictures of the print dialog, the Paramètres page and the welcome, for scripts/screenshots.py
(``render_printing_screens(ctx, folder)`` on a database with the demonstration data)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from smartdesk.services import events, trainings, workshops
from smartdesk.ui import tasks
from smartdesk.ui.context import AppContext


def _wait(condition: Callable[[], bool], seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let the last paint land
        QApplication.processEvents()


def _save(widget: QWidget, folder: Path, name: str, written: list[Path]) -> None:
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    written.append(path)


def render_printing_screens(ctx: AppContext, folder: Path | str) -> list[Path]:
    """Render each screen of this part to ``folder``; returns the PNG files written."""
    from smartdesk.ui.dialogs.print_dialog import PrintDialog
    from smartdesk.ui.dialogs.welcome import WelcomeWizard
    from smartdesk.ui.pages.settings import SettingsPage

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    listed = events.list_events(ctx.db)
    midi = next(
        (e for e in listed if e.kind.value == "midi_du_smart"), listed[0] if listed else None
    )
    documents: list[tuple[str, str, int]] = []
    if midi is not None:
        documents += [("attendance", "print_sign_in_sheet", midi.id)]
        documents += [("badges", "print_badges", midi.id)]
        for workshop in workshops.list_workshops(ctx.db, midi.id)[:1]:
            if workshop.prompts:
                documents.append(("cards", "print_workshop_cards", workshop.prompts[0].id))
    for training in trainings.list_trainings(ctx.db)[:1]:
        documents.append(("certificates", "print_certificates", training.id))
    for kind, name, record_id in documents:
        dialog = PrintDialog(ctx, kind, record_id)
        dialog.show()
        _wait(lambda d=dialog: d.ready and bool(d.preview.rendered_pages()))
        _save(dialog, folder, name, written)
        dialog.close()
        _wait(lambda: tasks.running_tasks() == 0)
        dialog.deleteLater()

    page = SettingsPage(ctx)
    page.resize(1100, 720)
    page.show()
    _wait(lambda: True)
    _save(page, folder, "settings", written)
    page.close()
    page.deleteLater()

    wizard = WelcomeWizard(ctx)
    wizard.show()
    wizard.organisation.name.setText("Commune de Braives")
    for index in range(4):
        _wait(lambda: True)
        _save(wizard, folder, f"welcome_{index + 1}", written)
        if index < 3:
            wizard.next()
    wizard.close()
    wizard.deleteLater()
    return written
