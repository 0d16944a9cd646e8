"""Organisations: list in folded order, search, edit, delete when unused, merge two."""

from __future__ import annotations

import pytest

from smartdesk.domain.enums import Sector
from smartdesk.domain.errors import ConflictError, NotFoundError, ValidationError
from smartdesk.services import organisations, people


def _names(db, ids):
    found = organisations.get_many(db, ids)
    return [found[i].name for i in ids]


def test_list_is_in_folded_alphabetical_order_with_member_counts(db):
    for name in ("Zénith", "Œuvre paroissiale", "Ærø ASBL", "Écoles de devoirs", "asbl Rurale"):
        organisations.create(db, name)
    people.create(db, first_name="Anne", last_name="Noël", organisation="Zénith")
    people.create(db, first_name="Marc", last_name="Ruelle", organisation="Zénith")
    ids = organisations.search_ids(db)
    assert _names(db, ids) == [
        "Ærø ASBL",
        "asbl Rurale",
        "Écoles de devoirs",
        "Œuvre paroissiale",
        "Zénith",
    ]
    assert organisations.get_many(db, ids)[ids[-1]].members == 2


def test_search_folds_accents_and_ligatures(db):
    organisations.create(db, "Œuvre paroissiale", sector="association", commune="Héron")
    organisations.create(db, "Ferme Ørsted", sector=Sector.BUSINESS)
    assert _names(db, organisations.search_ids(db, "oeuvre")) == ["Œuvre paroissiale"]
    assert _names(db, organisations.search_ids(db, "ORSTED")) == ["Ferme Ørsted"]
    assert _names(db, organisations.search_ids(db, sector="business")) == ["Ferme Ørsted"]
    assert _names(db, organisations.search_ids(db, commune="heron")) == ["Œuvre paroissiale"]
    assert organisations.search_ids(db, "-") == []


def test_create_and_update_validate(db):
    org = organisations.create(db, "  CPAS  ", sector="commune", commune="Wanze")
    assert (org.name, org.sector, org.commune) == ("CPAS", Sector.COMMUNE, "Wanze")
    # The same name in another commune is another organisation; in the same, a duplicate.
    organisations.create(db, "CPAS", commune="Héron")
    with pytest.raises(ValidationError) as err:
        organisations.create(db, "cpas", commune="Wanze")
    assert err.value.field == "name" and "merge" in err.value.message
    with pytest.raises(ValidationError) as err:
        organisations.update_organisation(db, org.id, name=" ")
    assert err.value.field == "name"
    changed = organisations.update_organisation(db, org.id, name="CPAS de Wanze", sector="partner")
    assert (changed.name, changed.sector) == ("CPAS de Wanze", Sector.PARTNER)
    assert organisations.get(db, org.id) == changed


def test_delete_only_when_nobody_belongs(db):
    used = organisations.create(db, "Club")
    people.create(db, first_name="Anne", last_name="Noël", organisation="Club")
    empty = organisations.create(db, "Vide")
    with pytest.raises(ConflictError, match="1 person belongs to Club"):
        organisations.delete(db, used.id)
    organisations.delete(db, empty.id)
    with pytest.raises(NotFoundError):
        organisations.get(db, empty.id)


def test_merge_moves_members_and_deletes_the_other(db, sql):
    keep = organisations.create(db, "Administration communale de Wanze")
    other = organisations.create(db, "Commune de Wanze", sector="commune", commune="Wanze")
    a = people.create(db, first_name="Anne", last_name="Noël", organisation=keep.name)
    b = people.create(db, first_name="Marc", last_name="Ruelle", organisation=other.name)
    merged = organisations.merge(db, keep.id, other.id)
    assert (merged.members, merged.sector, merged.commune) == (2, Sector.COMMUNE, "Wanze")
    assert {people.get(db, a.id).organisation, people.get(db, b.id).organisation} == {keep.name}
    assert sql(db, "SELECT COUNT(*) FROM organisation WHERE id = ?", other.id) == [(0,)]
    with pytest.raises(ValidationError):
        organisations.merge(db, keep.id, keep.id)
