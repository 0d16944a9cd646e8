"""Import wizard benchmark: its check of 10,000 rows beside ``smartdesk import people --dry-run``
(services.imports with dry_run=True) in the same run.

The list is bench_import's Excel-style French CSV (semicolon, Windows-1252) of 10,000 people, plus
50 bad e-mails; the database already knows the first 1,000 of them (1,000 possible duplicates to
show). Measured, best of 5, interleaved:

- dry run: ``imports.import_people(db, csv, dry_run=True, skip_invalid=True)`` (read + check);
- wizard: step 1 reads the file in the background, step 4 checks it in the background and fills
  its tables (bad rows, duplicates); clocked from the click to the page ready, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_import_wizard.py

Target (issue 9): wizard read + check ≤ 1.2 × the dry run."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_import import N, make_csv  # noqa: E402
from PySide6.QtCore import QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from smartdesk import app  # noqa: E402
from smartdesk.services import imports  # noqa: E402
from smartdesk.ui import tasks  # noqa: E402
from smartdesk.ui.context import AppContext  # noqa: E402
from smartdesk.ui.dialogs.import_wizard import ImportWizard  # noqa: E402

KNOWN = 1_000
BAD = 50
REPEAT = 5


def make_source(folder: Path) -> tuple[Path, Path]:
    source = folder / "contacts.csv"
    make_csv(source)
    with source.open("a", encoding="cp1252", newline="") as fh:
        for i in range(BAD):
            fh.write(f"Mauvais-{i};Anne;;;Wanze;pas-une-adresse-{i}@;\r\n")
    lines = source.read_bytes().split(b"\r\n")
    known = folder / "known.csv"
    known.write_bytes(b"\r\n".join(lines[: KNOWN + 1]) + b"\r\n")
    return source, known


def wait(until) -> None:
    """Idle as the window's event loop would (the GIL left to the worker), then deliver the
    worker's result to the page."""
    while not until():
        QThreadPool.globalInstance().waitForDone()
        QApplication.processEvents()


def dry_run(db, source: Path) -> tuple[float, imports.ImportReport]:
    t0 = time.perf_counter()
    report = imports.import_people(db, source, dry_run=True, skip_invalid=True)
    return time.perf_counter() - t0, report


def wizard_run(ctx: AppContext, source: Path) -> tuple[float, float, object]:
    wizard = ImportWizard(ctx)
    wizard.show()
    QApplication.processEvents()
    t0 = time.perf_counter()
    wizard.file_page.read(str(source), None)
    wait(lambda: tasks.running_tasks() == 0 and wizard.table is not None)
    read = time.perf_counter() - t0
    wizard.next()  # the first rows
    wizard.next()  # the mapping
    QApplication.processEvents()
    t1 = time.perf_counter()
    wizard.next()  # the check, in the background
    wait(lambda: tasks.running_tasks() == 0 and wizard.check is not None)
    QApplication.processEvents()  # the tables painted
    check = time.perf_counter() - t1
    result = wizard.check
    assert wizard.check_page.bad_model.rowCount() == BAD
    assert wizard.check_page.dup_model.rowCount() == KNOWN
    wizard.close()
    wizard.deleteLater()
    QApplication.processEvents()
    return read, check, result


def main() -> None:
    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["SMARTDESK_DATA_DIR"] = tmp
        source, known = make_source(folder)
        db = app.open_database(folder / "bench.db", create=True)
        assert imports.import_people(db, known).created == KNOWN
        ctx = AppContext(db)
        dry, wiz_read, wiz_check = [], [], []
        for _ in range(REPEAT):  # interleaved: both see the same machine load
            elapsed, report = dry_run(db, source)
            dry.append(elapsed)
            read, check, result = wizard_run(ctx, source)
            wiz_read.append(read)
            wiz_check.append(check)
        table = imports.read_source(source)
        service_check_s = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            service_check = imports.check_import(db, table, imports.column_mapping(table))
            service_check_s.append(time.perf_counter() - t0)
        db.dispose()
    assert report.rows == N + BAD and len(report.invalid) == BAD
    assert len(result.duplicates) == KNOWN and len(service_check.duplicates) == KNOWN
    best_dry = min(dry)
    best_wizard = min(r + c for r, c in zip(wiz_read, wiz_check, strict=True))
    print(json.dumps({
        "rows": N + BAD,
        "known_duplicates": KNOWN,
        "bad_rows": BAD,
        "dry_run_read_and_check_s": round(best_dry, 3),
        "service_check_import_alone_s": round(min(service_check_s), 3),
        "wizard_read_s": round(min(wiz_read), 3),
        "wizard_check_s": round(min(wiz_check), 3),
        "wizard_read_plus_check_s": round(best_wizard, 3),
        "ratio_wizard_to_dry_run": round(best_wizard / best_dry, 2),
        "ratio_wizard_check_to_service_check": round(min(wiz_check) / min(service_check_s), 2),
        "target_ratio": 1.2,
    }, indent=2))  # fmt: skip
    del qapp


if __name__ == "__main__":
    main()
