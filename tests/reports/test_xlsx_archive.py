"""The workbook's archive: sheets deflated ahead on threads make the same, sound workbook."""

from __future__ import annotations

import zipfile

import openpyxl
import xlsx_factory as factory

from smartdesk.reports.xlsx import summary as summary_module
from smartdesk.reports.xlsx import write_summary_workbook


def test_sheets_deflated_ahead_read_back_the_same(tmp_path, monkeypatch):
    plain, ahead = tmp_path / "plain.xlsx", tmp_path / "ahead.xlsx"
    table = factory.people_table(
        [(factory.uid(i), text, "X", None, True, None) for i, text in enumerate(factory.HOSTILE)]
    )
    monkeypatch.setattr(summary_module.os, "cpu_count", lambda: 1)
    write_summary_workbook(plain, factory.summary_data(40, [table]), lang="en")
    monkeypatch.setattr(summary_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(summary_module, "DEFLATE_AHEAD_MIN_BYTES", 0)
    deflated = []
    real = summary_module._deflate
    monkeypatch.setattr(
        summary_module, "_deflate", lambda path, level: deflated.append(path) or real(path, level)
    )
    write_summary_workbook(ahead, factory.summary_data(40, [table]), lang="en")
    assert len(deflated) >= 7  # every sheet, hidden ones included

    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(ahead) as b:
        assert b.testzip() is None  # every member's CRC and size right
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            info = b.getinfo(name)
            assert info.compress_type == zipfile.ZIP_DEFLATED, name
            if name.startswith("xl/worksheets/"):
                assert a.read(name) == b.read(name), name
    a, b = openpyxl.load_workbook(plain), openpyxl.load_workbook(ahead)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert [[c.value for c in row] for row in a[name].iter_rows()] == [
            [c.value for c in row] for row in b[name].iter_rows()
        ], name
