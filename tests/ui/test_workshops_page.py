"""The Workshops page driven with the keyboard, and the projector with a shortened timer; the
database is checked after each."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from smartdesk.domain.enums import CardCategory
from smartdesk.services import events, workshops
from smartdesk.ui.dialogs.follow_up_project import FollowUpProjectDialog

AXES = workshops.DEFAULT_AXES
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def prompt(db):
    midi = events.create(
        db,
        title="Ma commune rurale, un smart territoire ?",
        kind="midi_du_smart",
        start="2020-02-06T12:00",
    )
    workshop = workshops.create(db, midi.id, "Temps d'echanges")
    return workshops.add_prompt(
        db, workshop.id, "Que peut-on rever ensemble ?", axes=AXES, categories=("green", "blue")
    )


def _page(window):
    window.show_page("workshops")
    return window.pages["workshops"]


def _type_field(qtbot, page, mnemonic, text):
    """Alt+letter to the field (its text selected), type over it, Enter back to the card."""
    qtbot.keyClick(QApplication.focusWidget(), mnemonic, ALT)
    field = QApplication.focusWidget()
    field.selectAll() if hasattr(field, "selectAll") else None
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.card_text


def test_thirty_cards_typed_with_the_keyboard_alone(qtbot, db, prompt, make_window):
    window = make_window(db)
    page = _page(window)
    assert page.prompt == prompt
    page.card_text.setFocus()
    expected = []
    colour_keys = [(Qt.Key.Key_F2, "green"), (Qt.Key.Key_F3, "blue"), (Qt.Key.Key_F4, "none")]
    axis_keys = [(Qt.Key.Key_F6, AXES[0]), (Qt.Key.Key_F7, AXES[1]), (Qt.Key.Key_F9, None)]
    group, round_ = "", 1
    for n in range(30):
        if n in (0, 15):
            group = "Groupe A" if n == 0 else "Groupe B"
            _type_field(qtbot, page, Qt.Key.Key_G, group)
        if n in (10, 20):
            round_ = 2 if n == 10 else 3
            _type_field(qtbot, page, Qt.Key.Key_O, str(round_))
        author = "Marie" if n % 7 == 0 else None
        if author:
            _type_field(qtbot, page, Qt.Key.Key_A, author)
        key, colour = colour_keys[n % 3]
        qtbot.keyClick(page.card_text, key)
        # The axis key only when the axis changes: it stays for the next cards otherwise.
        if n % 4 == 0:
            axis_key, axis = axis_keys[(n // 4) % 3]
            qtbot.keyClick(page.card_text, axis_key)
        qtbot.keyClicks(page.card_text, f"Carte {n + 1} : un defi")
        qtbot.keyClick(page.card_text, Qt.Key.Key_Return)
        assert page.card_text.text() == ""
        assert page.cards_model.rowCount() == n + 1  # the list grows at once
        expected.append((f"Carte {n + 1} : un defi", colour, axis, group, round_, author))
    stored = sorted(workshops.cards(db, prompt_id=prompt.id), key=lambda c: c.id)
    got = [(c.text, c.category.value, c.axis, c.group_label, c.round, c.author) for c in stored]
    assert got == expected
    assert page.typed_count.text() == "30 cards typed in."


def _cards(db, prompt, group, n):
    return [
        workshops.add_card(db, prompt.id, text=f"{group} {i}", group_label=group, axis=AXES[i % 2])
        for i in range(n)
    ]


def test_top_five_chosen_in_two_groups(qtbot, db, prompt, make_window, shown_errors):
    a = _cards(db, prompt, "A", 7)
    _cards(db, prompt, "B", 8)
    window = make_window(db)
    page = _page(window)
    page.tabs.setCurrentIndex(1)
    assert page.group_choice.currentData() == "A"
    assert page.top_n.value() == 5
    table = page.group_table
    table.setFocus()
    # Group A by hand: votes with +, selection with Space, one rank typed.
    table.selectRow(page.group_model.row_of(a[3].id))
    for _ in range(3):
        qtbot.keyClick(table, Qt.Key.Key_Plus)
    qtbot.keyClick(table, Qt.Key.Key_Minus)
    for card in a[:6]:
        table.selectRow(page.group_model.row_of(card.id))
        qtbot.keyClick(table, Qt.Key.Key_Space)
    assert shown_errors == ["This group has already chosen its 5 cards."]
    table.selectRow(page.group_model.row_of(a[4].id))
    qtbot.keyClick(table, Qt.Key.Key_1)
    # Group B by its votes, with the button's mnemonic.
    page.group_choice.setCurrentIndex(page.group_choice.findData("B"))
    b = [c for c in page.all_cards if c.group_label == "B"]
    for card, votes in zip(b, (3, 0, 5, 1, 4, 2, 6, 0), strict=True):
        workshops.update_card(db, card.id, votes=votes)
    page.refresh()
    qtbot.keyClick(table, Qt.Key.Key_M, ALT)  # a mnemonic clicks after a short animation
    qtbot.waitUntil(lambda: page.selection_count.text() == "5 of 5 chosen in this group.")
    stored = workshops.cards(db, prompt_id=prompt.id)
    chosen_a = {c.text: c for c in stored if c.group_label == "A" and c.selected}
    assert sorted(chosen_a) == ["A 0", "A 1", "A 2", "A 3", "A 4"]
    assert chosen_a["A 3"].votes == 2 and chosen_a["A 4"].rank == 1
    chosen_b = sorted((c.rank, c.votes) for c in stored if c.group_label == "B" and c.selected)
    assert chosen_b == [(1, 6), (2, 5), (3, 4), (4, 3), (5, 2)]
    # The results board shows the ten chosen cards.
    page.tabs.setCurrentIndex(2)
    assert len(page.board.shown_cards()) == 10


def test_a_selected_card_becomes_a_project(qtbot, db, prompt, make_window):
    [card] = _cards(db, prompt, "A", 1)
    workshops.update_card(db, card.id, selected=True, rank=1)
    window = make_window(db)
    page = _page(window)
    page.tabs.setCurrentIndex(1)
    page.group_table.setFocus()
    done = []

    def fill_in():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FollowUpProjectDialog)
        assert dialog.title_edit.text() == "A 0"
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.owner, "Echevin de la mobilite")
        qtbot.keyClick(dialog.owner, Qt.Key.Key_Tab)
        qtbot.keyClick(dialog.has_due, Qt.Key.Key_Space)  # a due date
        dialog.due.setDate(dt.date(2020, 6, 30))
        qtbot.keyClick(dialog.owner, Qt.Key.Key_Return)
        done.append(dialog.result())

    QTimer.singleShot(0, fill_in)
    # Tab to the button, Space presses it (the dialog opens while the key is handled).
    page.project_button.setFocus()
    qtbot.keyClick(page.project_button, Qt.Key.Key_Space)
    assert done == [1]
    [project] = workshops.list_projects(db)
    assert (project.title, project.owner, project.due_date, project.card_ids) == (
        "A 0",
        "Echevin de la mobilite",
        dt.date(2020, 6, 30),
        (card.id,),
    )
    assert "Echevin de la mobilite" in page.projects_label.text()


def test_a_projector_session_with_a_short_timer(qtbot, db, prompt, make_window):
    window = make_window(db)
    page = _page(window)
    page.open_projector()
    presenter = page.presenter
    qtbot.addWidget(presenter)
    for edit in presenter.durations:
        edit.setTime(QTime(0, 0, 1))  # one second a round
    projector = presenter.show_projector()
    qtbot.addWidget(projector)
    session = presenter.session
    assert projector.question.text() == prompt.question
    assert projector.axes.text() == "   ·   ".join(AXES)
    # Readable at 10 m: at 1920×1080 the question's capitals are over 60 px high.
    projector.showNormal()
    projector.resize(1920, 1080)
    qtbot.waitUntil(lambda: projector.height() == 1080)
    assert QFontMetrics(projector.question.font()).capHeight() >= 60
    assert projector.countdown.text() == "00:01"

    presenter.activateWindow()
    with qtbot.waitSignal(session.round_ended, timeout=3000):
        presenter.start_button.click()
    assert projector.countdown.text() == "Time is up!"
    assert presenter.time_label.text() == "Time is up!"
    qtbot.keyClick(presenter, Qt.Key.Key_PageDown)  # next step, started at once
    assert session.index == 1 and session.running
    assert projector.step.text().startswith("Step 2 of 4")
    session.add_minute()
    assert session.time_left() > 60
    session.pause()
    assert presenter.start_button.text() == "&Start"
    session.set_duration(2, 1)
    for index in (2, 3):
        with qtbot.waitSignal(session.round_ended, timeout=3000):
            presenter.next_button.click()
        assert session.index == index
    assert session.finished
    assert presenter.next_label.text() == "Next: the results board."

    # Cards typed on the laptop appear on the projector's board at once.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.card_text.setFocus()
    qtbot.keyClick(page.card_text, Qt.Key.Key_F2)
    qtbot.keyClick(page.card_text, Qt.Key.Key_F7)
    qtbot.keyClicks(page.card_text, "Un repair cafe itinerant")
    qtbot.keyClick(page.card_text, Qt.Key.Key_Return)
    [card] = projector.board.cards
    assert (card.text, card.category, card.axis) == (
        "Un repair cafe itinerant",
        CardCategory.GREEN,
        AXES[1],
    )
    presenter.close()
    assert presenter.projector is None


def test_the_card_text_gets_the_room_and_the_colours_show_whole(qtbot, demo_db, make_window, fits):
    """The demo's second question (groups, votes, no authors) at 1366 and at 1024 px."""
    window = make_window(demo_db)
    page = _page(window)
    page.prompt_choice.setCurrentIndex(page.prompt_choice.count() - 1)
    page.tabs.setCurrentIndex(1)
    table = page.group_table
    cards = [page.group_model.record_at(r) for r in range(page.group_model.rowCount())]
    assert cards and not any(c.author for c in cards)
    for width in (1366, 1024):
        window.resize(width, 768)
        qtbot.waitUntil(lambda w=width: w - 300 < table.viewport().width() < w - 150)
        for category in CardCategory:
            assert fits(table, 2, category.label), (width, category)  # English in tests
        card, axis, group, author = (table.columnWidth(c) for c in (1, 3, 4, 6))
        assert card > axis and card > author and card > group  # the widest text column
        assert author < 100 and group < 100  # empty, one letter: their header's width
        used = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
        assert abs(used - table.viewport().width()) <= 2, (width, used)
        if width == 1366:
            assert all(fits(table, 1, c.text) for c in cards)  # the axis may be cut
            assert card > 2 * author and card > 2 * group
