"""Files written whole: fsync before the rename, temporary files beside the target (never in the
system's temporary folder), leftovers of a killed run removed at the next start."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from smartdesk.db.session import Database
from smartdesk.services import exchange, exports, files


@pytest.fixture
def system_temp_calls(monkeypatch):
    """Every time anything asks for the system's temporary folder (tempfile with no ``dir``)."""
    calls = []
    real = tempfile.gettempdir

    def recorded():
        calls.append(True)
        return real()

    monkeypatch.setattr(tempfile, "gettempdir", recorded)
    return calls


def test_the_data_reaches_the_disk_before_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os,
        "replace",
        lambda a, b: (events.append(("replace", Path(b).name)), real_replace(a, b))[1],
    )
    files.write_bytes(tmp_path / "out.pdf", b"%PDF whole")
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF whole"
    replace_at = events.index(("replace", "out.pdf"))
    assert "fsync" in events[:replace_at]  # the file's data first
    if os.name != "nt":
        assert "fsync" in events[replace_at + 1 :]  # then the folder's entry
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_remove_leftovers_removes_only_ours_and_only_old_ones(tmp_path):
    ours = [
        ".summary.xlsx.k2j3.partial",
        ".smartdesk.db.partial",
        ".smartdesk.db.partial-journal",
        ".smartdesk_2026-01-01_090000_daily.db.partial",
    ]
    for name in ours:
        (tmp_path / name).write_bytes(b"names and e-mails")
    folder = tmp_path / ".smartdesk-export-abc.partial"
    folder.mkdir()
    (folder / "0.xml").write_text("<row>Marie</row>")
    theirs = ["report.partial", "smartdesk.db", ".hidden", "notes.partial.txt"]
    for name in theirs:
        (tmp_path / name).write_text("the user's")
    fresh = tmp_path / ".being-written.pdf.partial"
    fresh.write_bytes(b"another SmartDesk is writing this right now")
    old = time.time() - 3600
    for path in [*(tmp_path / n for n in ours), folder, folder / "0.xml"]:
        os.utime(path, (old, old))

    removed = files.remove_leftovers(tmp_path)

    assert sorted(p.name for p in removed) == sorted([*ours, folder.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*theirs, fresh.name])
    assert files.remove_leftovers(tmp_path, min_age=0) == [fresh]
    assert files.remove_leftovers(tmp_path / "missing") == []


def test_a_summary_export_keeps_nothing_in_the_system_temp_folder(
    demo_db, tmp_path, system_temp_calls, monkeypatch
):
    monkeypatch.setenv("SMARTDESK_EXPORT_WORKERS", "2")  # the worker process and its folder too
    target = tmp_path / "out" / "summary.xlsx"
    target.parent.mkdir()
    exports.export_summary(demo_db, target)
    assert system_temp_calls == []
    assert [p.name for p in target.parent.iterdir()] == ["summary.xlsx"]


def test_a_workbook_written_to_a_stream_still_works(demo_db, tmp_path):
    """No target folder: openpyxl keeps its own place (the service always gives a path)."""
    target = tmp_path / "s.xlsx"
    exports.export_summary(demo_db, target)
    import openpyxl

    wb = openpyxl.load_workbook(target, read_only=True)
    assert wb.sheetnames
    wb.close()


def test_a_consolidation_dry_run_works_beside_the_database(
    demo_db, tmp_path, system_temp_calls, monkeypatch
):
    workbook = tmp_path / "commune.xlsx"
    exports.export_summary(demo_db, workbook)
    system_temp_calls.clear()
    seen = []
    real = Database.at_path

    def spy(path):
        seen.append(Path(path))
        return real(path)

    monkeypatch.setattr(Database, "at_path", staticmethod(spy))
    report = exchange.consolidate(demo_db, [workbook], dry_run=True)
    assert report.dry_run
    assert system_temp_calls == []
    assert seen and seen[0].parent.parent == Path(demo_db.path).parent
    assert seen[0].parent.name.startswith(".smartdesk-dry-run-")
    assert not seen[0].parent.exists()  # removed at the end
