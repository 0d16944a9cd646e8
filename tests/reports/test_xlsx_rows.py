"""The row renderer shared by the sheets and the exchange worker: remembering cells changes
nothing in the XML, whatever repeats."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from openpyxl.workbook import Workbook

from smartdesk.domain.enums import RegistrationStatus
from smartdesk.reports.xlsx.row_xml import CellMemo, row_xml
from smartdesk.reports.xlsx.styles import Styles

UTC = dt.UTC
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


def sample_rows(n: int):
    statuses = itertools.cycle(RegistrationStatus)
    for i in range(n):
        yield (
            f"uuid-{i}",  # always new
            f"Event {i % 7}",  # repeated
            next(statuses),
            i % 3 == 0,
            i,
            1.5 * i,
            Decimal("2.50"),
            dt.datetime(2024, 3, 1, 10) if i % 2 else None,
            # the same instant, written with two offsets: must not share a cell
            dt.datetime(2024, 3, 1, 9, tzinfo=UTC)
            if i % 2
            else dt.datetime(2024, 3, 1, 10, tzinfo=PLUS_ONE),
            dt.date(2024, 3, 1 + i % 5),
            dt.time(9, i % 60),
            "=risky" if i % 4 == 0 else " spaced ",
            "a_b & <c>" if i % 5 == 0 else "",
        )


@pytest.mark.parametrize("iso", [False, True])
def test_memo_changes_nothing(iso, monkeypatch):
    monkeypatch.setattr(CellMemo, "LIMIT", 8)  # forgets and gives up on columns along the way
    styles = Styles(Workbook(write_only=True)).ids
    memo = CellMemo()
    kinds_plain: dict[int, str] = {}
    kinds_memo: dict[int, str] = {}
    for r, values in enumerate(sample_rows(200), start=2):
        plain = row_xml(values, r, None, styles, iso, kinds_plain, frozenset({1}))
        remembered = row_xml(values, r, None, styles, iso, kinds_memo, frozenset({1}), memo)
        assert plain == remembered
    assert kinds_plain == kinds_memo
    assert memo.columns[0] is None  # UUIDs: never repeated, no longer remembered
    assert memo.columns[1] is not None


def test_a_styled_row_is_not_remembered():
    styles = Styles(Workbook(write_only=True)).ids
    memo = CellMemo()
    header = row_xml(("Title",), 1, styles.header, styles, memo=memo)
    assert f's="{styles.header}"' in header
    assert "Title" not in str(memo.columns)
    assert f's="{styles.header}"' not in row_xml(("Title",), 2, None, styles, memo=memo)
