"""Workshops: prompts, card codes, typed cards and their selection, follow-up projects."""

from __future__ import annotations

import pytest

from smartdesk.domain.enums import CardCategory, ProjectStatus
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.services import events, workshops

AXES = workshops.DEFAULT_AXES


@pytest.fixture
def midi(db):
    return events.create(
        db,
        title="Ma commune rurale, un smart territoire ?",
        kind="midi_du_smart",
        start="2020-02-06T12:00",
    )


@pytest.fixture
def workshop(db, midi):
    return workshops.create(db, midi.id, "Temps d'échanges")


@pytest.fixture
def p1(db, workshop):
    return workshops.add_prompt(
        db,
        workshop.id,
        "Que fait déjà ma commune en matière de « smart » ?",
        categories=("green", CardCategory.BLUE),
    )


@pytest.fixture
def p2(db, workshop, p1):
    return workshops.add_prompt(
        db,
        workshop.id,
        "Que peut-on rêver ensemble ?",
        axes=(*AXES, "  "),
        cards_per_participant=5,
        cards_redistributed=3,
        top_n=5,
    )


def test_workshop_and_prompts(db, midi, workshop, p1, p2):
    assert (workshop.event_id, workshop.title, workshop.event_title) == (
        midi.id,
        "Temps d'échanges",
        midi.title,
    )
    assert workshop.event_start == midi.start
    assert p1.position == 1 and p2.position == 2
    assert p1.categories == (CardCategory.GREEN, CardCategory.BLUE) and p1.axes == ()
    assert p2.categories == () and p2.axes == AXES
    assert (p2.cards_per_participant, p2.cards_redistributed, p2.top_n) == (5, 3, 5)
    got = workshops.get(db, workshop.id)
    assert got.prompts == (p1, p2)
    assert workshops.get_prompt(db, p2.id) == (got, p2)
    assert workshops.list_workshops(db) == [got]
    assert workshops.list_workshops(db, event_id=midi.id) == [got]
    assert workshops.list_workshops(db, event_id=midi.id + 1) == []


def test_prompt_validation(db, workshop, sql_scalar):
    with pytest.raises(ValidationError) as exc:
        workshops.add_prompt(db, workshop.id, "Q", categories=("green", "red"))
    assert exc.value.field == "category" and "red" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        workshops.add_prompt(db, workshop.id, "Q", top_n=-1)
    assert exc.value.field == "top_n"
    with pytest.raises(ValidationError) as exc:
        workshops.add_prompt(db, workshop.id, " ")
    assert exc.value.field == "question"
    with pytest.raises(NotFoundError):
        workshops.add_prompt(db, 999, "Q")
    assert sql_scalar(db, "SELECT COUNT(*) FROM workshop_prompt") == 0


def test_workshop_validation(db, midi, sql_scalar):
    with pytest.raises(ValidationError) as exc:
        workshops.create(db, midi.id, "")
    assert exc.value.field == "title"
    with pytest.raises(NotFoundError):
        workshops.create(db, 999, "W")
    assert sql_scalar(db, "SELECT COUNT(*) FROM workshop") == 0
    with pytest.raises(NotFoundError):
        workshops.get(db, 1)


# --- cards -----------------------------------------------------------------------------------


def test_card_codes_are_automatic_per_prompt(db, p1, p2):
    assert workshops.blank_card_codes(db, p1.id, 3) == [
        f"{p1.id}-001",
        f"{p1.id}-002",
        f"{p1.id}-003",
    ]
    a = workshops.add_card(db, p1.id, text="Budget participatif", category="green", commune="Héron")
    b = workshops.add_card(db, p1.id, text="Wi-Fi public", category="blue", commune="Wanze")
    c = workshops.add_card(db, p2.id, text="Covoiturage", axis=AXES[0])
    assert (a.code, b.code, c.code) == (f"{p1.id}-001", f"{p1.id}-002", f"{p2.id}-001")
    assert workshops.blank_card_codes(db, p1.id, 2) == [f"{p1.id}-003", f"{p1.id}-004"]
    assert workshops.blank_card_codes(db, p1.id, 0) == []


def test_explicit_codes_and_numbering_after_them(db, p1):
    x = workshops.add_card(db, p1.id, text="From paper", code=f" {p1.id}-010 ")
    assert x.code == f"{p1.id}-010"
    y = workshops.add_card(db, p1.id, text="Other", code="B-7")
    assert y.code == "B-7"
    assert workshops.add_card(db, p1.id, text="Next").code == f"{p1.id}-011"
    z = workshops.add_card(db, p1.id, text="Free code", code="verso")
    assert z.code == "verso"
    assert workshops.blank_card_codes(db, p1.id, 1) == [f"{p1.id}-012"]


def test_duplicate_code_refused_and_nothing_written(db, p1, p2, sql_scalar):
    workshops.add_card(db, p1.id, text="First", code="A-1")
    with pytest.raises(ValidationError) as exc:
        workshops.add_card(db, p1.id, text="Second", code="A-1", commune="Nouvelle")
    assert exc.value.field == "code" and "A-1" in exc.value.message
    assert sql_scalar(db, "SELECT COUNT(*) FROM workshop_card") == 1
    assert sql_scalar(db, "SELECT COUNT(*) FROM commune") == 0
    with pytest.raises(ValidationError) as exc:
        workshops.add_card(db, p1.id, text="Too long", code="x" * 17)
    assert exc.value.field == "code"
    assert workshops.add_card(db, p1.id, text="Just fits", code="x" * 16).code == "x" * 16
    # the same code in another prompt is fine
    assert workshops.add_card(db, p2.id, text="Elsewhere", code="A-1").code == "A-1"


def test_card_fields_round_trip(db, p2):
    c = workshops.add_card(
        db,
        p2.id,
        text="  Une plateforme de covoiturage   entre villages ",
        category="none",
        axis=AXES[0],
        author="Luc",
        commune="Braives",
        group_label="A",
        round=3,
        votes=7,
        selected=True,
        rank=1,
    )
    assert c.text == "Une plateforme de covoiturage entre villages"
    assert (c.category, c.axis, c.author, c.commune) == (
        CardCategory.NONE,
        AXES[0],
        "Luc",
        "Braives",
    )
    assert (c.group_label, c.round, c.votes, c.selected, c.rank) == ("A", 3, 7, True, 1)
    assert c.prompt_id == p2.id and len(c.uuid) == 36
    assert workshops.cards(db, prompt_id=p2.id) == [c]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": " "}, "text"),
        ({"category": "red"}, "category"),
        ({"votes": -1}, "votes"),
        ({"rank": 0}, "rank"),
        ({"round": 0}, "round"),
        ({"rank": "premier"}, "rank"),
        ({"votes": "many"}, "votes"),
        ({"group_label": "g" * 101}, "group_label"),
        ({"axis": "a" * 201}, "axis"),
    ],
)
def test_card_validation(db, p2, sql_scalar, fields, field):
    with pytest.raises(ValidationError) as exc:
        workshops.add_card(db, p2.id, **{"text": "Covoiturage", **fields})
    assert exc.value.field == field
    assert sql_scalar(db, "SELECT COUNT(*) FROM workshop_card") == 0


def test_add_card_to_unknown_prompt(db):
    with pytest.raises(NotFoundError):
        workshops.add_card(db, 999, text="x")
    with pytest.raises(NotFoundError):
        workshops.blank_card_codes(db, 999, 1)


def test_update_votes_selection_rank(db, p2):
    c = workshops.add_card(db, p2.id, text="Covoiturage", axis=AXES[0], group_label="A")
    u = workshops.update_card(db, c.id, votes=6, selected=True, rank=2)
    assert (u.votes, u.selected, u.rank) == (6, True, 2)
    assert (u.text, u.axis, u.code) == (c.text, c.axis, c.code)
    u = workshops.update_card(db, c.id, selected=False, rank=None, votes=None)
    assert (u.votes, u.selected, u.rank) == (0, False, None)
    assert workshops.cards(db, prompt_id=p2.id) == [u]


@pytest.mark.parametrize(
    "fields", [{"votes": -2}, {"rank": 0}, {"rank": -3}, {"text": ""}, {"category": "purple"}]
)
def test_failing_update_leaves_the_card_unchanged(db, p2, fields):
    c = workshops.add_card(db, p2.id, text="Covoiturage", votes=3, selected=True, rank=1)
    with pytest.raises(ValidationError):
        workshops.update_card(db, c.id, selected=False, axis=AXES[1], **fields)
    assert workshops.cards(db, prompt_id=p2.id) == [c]


def test_update_and_delete_unknown_card(db):
    with pytest.raises(NotFoundError):
        workshops.update_card(db, 1, votes=1)
    with pytest.raises(NotFoundError):
        workshops.delete_card(db, 1)


def test_cards_order_by_prompt_group_rank_code(db, workshop, p1, p2):
    spec = [
        (p2.id, "B", None, "x-5"),
        (p2.id, "B", 2, "x-4"),
        (p2.id, "A", None, "x-3"),
        (p2.id, "B", 1, "x-9"),
        (p2.id, "A", 1, "x-2"),
        (p1.id, None, None, "y-2"),
        (p1.id, None, None, "y-1"),
    ]
    for prompt_id, group, rank, code in spec:
        workshops.add_card(db, prompt_id, text=code, group_label=group, rank=rank, code=code)
    assert [c.code for c in workshops.cards(db, workshop_id=workshop.id)] == [
        "y-1",
        "y-2",
        "x-2",
        "x-3",
        "x-9",
        "x-4",
        "x-5",
    ]
    assert [c.code for c in workshops.cards(db, prompt_id=p1.id)] == ["y-1", "y-2"]


def test_cards_of_one_workshop_only(db, midi, p1):
    workshops.add_card(db, p1.id, text="Mine")
    other = workshops.create(db, midi.id, "Second workshop")
    q = workshops.add_prompt(db, other.id, "Q")
    workshops.add_card(db, q.id, text="Theirs")
    assert [c.text for c in workshops.cards(db, workshop_id=other.id)] == ["Theirs"]
    assert sorted(c.text for c in workshops.cards(db)) == ["Mine", "Theirs"]


def test_delete_card_and_reuse_of_its_code(db, p1, sql_scalar):
    a = workshops.add_card(db, p1.id, text="a")
    workshops.delete_card(db, a.id)
    assert sql_scalar(db, "SELECT COUNT(*) FROM workshop_card") == 0
    assert workshops.add_card(db, p1.id, text="b").code == a.code


# --- projects --------------------------------------------------------------------------------


def test_project_from_selected_cards_and_status(db, p2):
    a = workshops.add_card(db, p2.id, text="Covoiturage", selected=True, rank=1)
    b = workshops.add_card(db, p2.id, text="Tiers-lieux", selected=True, rank=2)
    p = workshops.create_project(
        db, "  Mobilité partagée ", [b.id, a.id, b.id], description=" Suite du Midi du Smart "
    )
    assert p.title == "Mobilité partagée" and p.description == "Suite du Midi du Smart"
    assert p.status == ProjectStatus.IDEA
    assert p.card_ids == tuple(sorted((a.id, b.id)))
    p = workshops.set_project_status(db, p.id, "active")
    assert p.status == ProjectStatus.ACTIVE
    p = workshops.set_project_status(db, p.id, ProjectStatus.DONE)
    assert workshops.list_projects(db) == [p]
    with pytest.raises(ValidationError) as exc:
        workshops.set_project_status(db, p.id, "finished")
    assert exc.value.field == "status" and "finished" in exc.value.message
    assert workshops.list_projects(db)[0].status == ProjectStatus.DONE
    with pytest.raises(NotFoundError):
        workshops.set_project_status(db, 999, "done")


def test_project_validation_is_all_or_nothing(db, p2, sql_scalar):
    a = workshops.add_card(db, p2.id, text="Covoiturage")
    with pytest.raises(NotFoundError):
        workshops.create_project(db, "P", [a.id, 999])
    with pytest.raises(ValidationError) as exc:
        workshops.create_project(db, "", [a.id])
    assert exc.value.field == "title"
    assert sql_scalar(db, "SELECT COUNT(*) FROM follow_up_project") == 0
    assert sql_scalar(db, "SELECT COUNT(*) FROM project_card") == 0


def test_deleting_a_card_keeps_the_project(db, p2):
    a = workshops.add_card(db, p2.id, text="a")
    b = workshops.add_card(db, p2.id, text="b")
    p = workshops.create_project(db, "P", [a.id, b.id])
    workshops.delete_card(db, a.id)
    assert workshops.list_projects(db)[0].card_ids == (b.id,)
    assert workshops.list_projects(db)[0].id == p.id


def test_demo_workshop(demo_db):
    (w,) = workshops.list_workshops(demo_db)
    assert w.event_title == "Ma commune rurale, un smart territoire ?"
    p1, p2 = w.prompts
    assert p1.categories == (CardCategory.GREEN, CardCategory.BLUE)
    assert p2.axes == AXES and p2.top_n == 5
    first = workshops.cards(demo_db, prompt_id=p1.id)
    assert len(first) == 9 and {c.category for c in first} == {
        CardCategory.GREEN,
        CardCategory.BLUE,
    }
    assert all(c.commune for c in first)
    second = workshops.cards(demo_db, prompt_id=p2.id)
    assert len(second) == 12
    selected = [c for c in second if c.selected]
    # each group keeps its top 5, ranked 1..5
    for group in ("A", "B"):
        assert [c.rank for c in selected if c.group_label == group] == [1, 2, 3, 4, 5]
    assert {c.axis for c in second} == set(AXES)
    codes = [c.code for c in first + second]
    assert len(set(codes)) == len(codes)
    assert workshops.blank_card_codes(demo_db, p1.id, 1) == [f"{p1.id}-010"]


def test_a_project_keeps_its_owner_and_due_date(db, p2):
    import datetime as dt

    a = workshops.add_card(db, p2.id, text="Covoiturage", selected=True, rank=1)
    p = workshops.create_project(
        db, "Covoiturage", [a.id], owner="  Échevine de la mobilité ", due_date=dt.date(2020, 6, 30)
    )
    assert (p.owner, p.due_date) == ("Échevine de la mobilité", dt.date(2020, 6, 30))
    assert workshops.list_projects(db) == [p]
    bare = workshops.create_project(db, "Sans porteur", [a.id])
    assert (bare.owner, bare.due_date) == (None, None)


def test_select_top_by_votes_in_one_group(db, p2):
    typed = [
        workshops.add_card(db, p2.id, text=f"A{i}", group_label="A", votes=v)
        for i, v in enumerate((1, 4, 0, 4, 2, 3, 5))
    ]
    other = workshops.add_card(db, p2.id, text="B1", group_label="B", votes=9)
    chosen = workshops.select_top(db, p2.id, "A", 5)
    # Most voted first; the tie (4 votes) in the order the cards were typed.
    assert [c.text for c in chosen if c.selected] == ["A6", "A1", "A3", "A5", "A4"]
    assert [c.rank for c in chosen] == [1, 2, 3, 4, 5, None, None]
    stored = {c.id: c for c in workshops.cards(db, prompt_id=p2.id)}
    assert sum(stored[c.id].selected for c in typed) == 5
    assert not stored[other.id].selected  # the other group is left alone
    # Asking again for fewer unselects the rest.
    workshops.select_top(db, p2.id, "A", 2)
    assert sum(c.selected for c in workshops.cards(db, prompt_id=p2.id)) == 2
    with pytest.raises(ValidationError):
        workshops.select_top(db, p2.id, "A", 0)
