"""The order of the sign-in sheet's rows: one function shared by the printed sheet
(reports/pdf/sign_in_sheet) and the screen that types the signed sheet back in
(services.attendance.sign_in_rows), so row 17 on paper is row 17 on screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from smartdesk.domain.records import AttendanceRow
from smartdesk.domain.text import clean_text, strip_accents

ORDERS = ("name", "registration")


def _name_key(value: str | None) -> str:
    return strip_accents((clean_text(value) or "").casefold())


def _by_name(row: AttendanceRow) -> tuple[bool, str, str]:
    last, first = _name_key(row.last_name), _name_key(row.first_name)
    return (not (last or first), last, first)  # nameless rows last


def sign_in_order(rows: Sequence[AttendanceRow], order: str = "name") -> list[AttendanceRow]:
    """By last then first name (accents and case ignored, nameless last), or in registration
    order (undated last). The sort is stable: equal keys keep the order they came in."""
    if order == "registration":
        far = dt.datetime.max
        return sorted(
            rows, key=lambda r: r.registered_at.replace(tzinfo=None) if r.registered_at else far
        )
    return sorted(rows, key=_by_name)
