"""The arithmetic that shares a list's width between its text columns."""

from __future__ import annotations

from smartdesk.ui.column_widths import share


def test_with_room_to_spare_each_column_gets_its_longest_text_then_a_share_of_the_rest():
    widths = share(1000, natural=[200, 100, 60], floor=[70, 70, 60], weights=[1, 1, 1],
                   longest=[300, 100, 60], content=[200, 100, 0])  # fmt: skip
    assert sum(widths) == 1000
    assert widths[0] >= 300 and widths[1] >= 100
    assert widths[2] == 60  # empty: the width of its header, nothing more


def test_short_of_room_the_short_columns_stay_whole_and_the_long_ones_are_cut_alike():
    widths = share(600, natural=[120, 400, 400, 100], floor=[70] * 4, weights=[1] * 4)
    assert sum(widths) == 600
    assert widths[0] == 120 and widths[3] == 100  # whole
    assert abs(widths[1] - widths[2]) <= 2  # cut at the same width


def test_a_favoured_column_is_cut_later():
    widths = share(600, natural=[400, 400], floor=[70, 70], weights=[2, 1])
    assert widths[0] == 400 and widths[1] == 200


def test_too_narrow_for_the_floors_the_list_scrolls_sideways():
    assert share(100, natural=[300, 300], floor=[70, 70], weights=[1, 1]) == [70, 70]
