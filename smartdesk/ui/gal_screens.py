"""Pictures of the GAL page for scripts/screenshots.py (``render_gal_screens(ctx, folder)`` on a
database with the demonstration data): the key figures, the exports after a summary was written,
and the consolidation's dry run of a workbook (the demo's own: everything unchanged) beside a
file that is refused, with the reason."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from smartdesk.services import exports
from smartdesk.ui import tasks
from smartdesk.ui.context import AppContext

SIZE = (1366, 768)


def _wait(condition: Callable[[], bool], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()


def render_gal_screens(ctx: AppContext, folder: Path | str) -> list[Path]:
    """Render the three tabs of the GAL page to ``folder``; returns the PNG files written."""
    from smartdesk.ui.pages.gal import ALL_TIME, GalPage

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    page = GalPage(ctx)
    page.resize(*SIZE)
    page.show()
    page.refresh()
    page.period.choice.setCurrentIndex(ALL_TIME)
    _wait(lambda: tasks.running_tasks() == 0)

    def save(name: str) -> None:
        path = folder / f"{name}.png"
        page.grab().save(str(path))
        written.append(path)

    save("page-gal-figures")
    with tempfile.TemporaryDirectory(prefix="smartdesk-screens-") as tmp:
        target = Path(tmp) / "synthese-2020.xlsx"
        page.tabs.setCurrentWidget(page.exports)
        page.exports.ask_target = lambda *a: target  # type: ignore[method-assign]
        page.exports.export_summary()
        _wait(lambda: tasks.running_tasks() == 0)
        save("page-gal-exports")

        bad = Path(tmp) / "classeur-abime.xlsx"
        bad.write_bytes(b"not a workbook")
        received = Path(tmp) / "commune-2020.xlsx"
        exports.export_summary(ctx.db, received)
        page.tabs.setCurrentWidget(page.consolidation)
        page.consolidation.add_files([received, bad])
        page.consolidation.dry_run()
        _wait(lambda: tasks.running_tasks() == 0)
        save("page-gal-consolidation")
    page.close()
    return written
