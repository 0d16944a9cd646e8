"""People who did not consent, counted once at the GAL: two communes with the same
non-consenting people export with the exchange key the GAL shares with them, and the GAL
recognises them by their pseudonym without ever learning their names or e-mails."""

from __future__ import annotations

import openpyxl
import pytest

from smartdesk import app, cli
from smartdesk.domain.errors import ValidationError
from smartdesk.services import attendance, events, exchange, exports, people, settings, stats

from .conftest import raw_rows
from .test_exchange import SHARED_EMAIL, commune_db

KEY = "gal-bm-2024-clé-partagée"
OTHER_KEY = "another-key-of-another-gal"
SECRET_EMAIL = "jean.dubois@example.be"

#: Distinct people of the two communes (test_exchange: Marie Lambert at both, named, three
#: others at Héron … see commune_db) plus Jean Dubois and Anne Remy at both, neither named.
NAMED_AND_OTHERS = 6
SHARED_UNNAMED = 2


def add_unnamed_regulars(db, email: str) -> None:
    """Jean (same e-mail, typed differently per commune) and Anne (no e-mail; same name and
    commune), who did not consent, present at the commune's evening."""
    [evening] = [e for e in events.list_events(db) if e.kind.value == "exchange_evening"]
    jean = people.create(
        db, first_name="Jean", last_name="Dubois", email=email, commune="Braives", consent=False
    )
    anne = people.create(
        db, first_name="Anne", last_name="Rémy", commune="Braives", consent=False
    )  # fmt: skip
    for person in (jean, anne):
        attendance.set_status(db, evening.id, person.id, "present")


@pytest.fixture
def two_communes(tmp_path):
    heron, _ = commune_db(
        tmp_path / "heron.db",
        "Héron",
        [("Véronique", "Collard", True), ("Benoît", "Lhoest", False)],
        SHARED_EMAIL,
    )
    wanze, _ = commune_db(
        tmp_path / "wanze.db",
        "Wanze",
        [("Els", "Van Hove", True), ("Luc", "Paquet", False), ("Léa", "Gillet", True)],
        SHARED_EMAIL.upper(),
    )
    add_unnamed_regulars(heron, SECRET_EMAIL)
    add_unnamed_regulars(wanze, " " + SECRET_EMAIL.upper())
    yield heron, wanze
    heron.dispose()
    wanze.dispose()


def gal_db(path, key: str | None):
    db = app.open_database(path, create=True)
    if key:
        settings.set_value(db, "exchange_key", key)
    return db


def export_both(two_communes, tmp_path, keys=(KEY, KEY), anonymous=False):
    paths = []
    for db, key, name in zip(two_communes, keys, ("heron", "wanze"), strict=True):
        settings.set_value(db, "exchange_key", key or "")
        path = tmp_path / f"{name}{'-anonymous' if anonymous else ''}.xlsx"
        exports.export_summary(db, path, anonymous=anonymous)
        paths.append(path)
    return paths


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_the_same_person_who_did_not_consent_counts_once(two_communes, tmp_path, anonymous):
    paths = export_both(two_communes, tmp_path, anonymous=anonymous)
    gal = gal_db(tmp_path / "gal.db", KEY)
    report = exchange.consolidate(gal, paths)
    assert report.ok and all(f.warnings == [] for f in report.files)
    assert stats.statistics(gal).unique_people == NAMED_AND_OTHERS + SHARED_UNNAMED
    # Jean and Anne are one person each, present at both evenings, and still not named
    shared = raw_rows(
        gal,
        "SELECT p.first_name, p.email, count(r.id) FROM person p "
        "JOIN registration r ON r.person_id = p.id JOIN event e ON e.id = r.event_id "
        "WHERE p.pseudonym IS NOT NULL AND p.consent = 0 AND e.kind = 'exchange_evening' "
        "GROUP BY p.id HAVING count(r.id) = 2",
    )
    assert shared == [("", None, 2), ("", None, 2)]
    # the same files again: nothing added
    again = exchange.consolidate(gal, paths)
    assert all(f.tables["people"].added == 0 for f in again.files)
    assert stats.statistics(gal).unique_people == NAMED_AND_OTHERS + SHARED_UNNAMED
    gal.dispose()


@pytest.mark.parametrize(
    ("commune_keys", "gal_key", "says"),
    [
        ((KEY, KEY), None, "No exchange key is set here"),
        ((KEY, KEY), OTHER_KEY, "another exchange key than this database's"),
        ((None, None), KEY, "was exported without the exchange key"),
    ],
    ids=["none at the GAL", "another key", "none at the communes"],
)
def test_without_a_shared_key_people_are_counted_as_before_and_the_report_says_so(
    two_communes, tmp_path, commune_keys, gal_key, says
):
    paths = export_both(two_communes, tmp_path, keys=commune_keys)
    gal = gal_db(tmp_path / "gal.db", gal_key)
    report = exchange.consolidate(gal, paths)
    assert report.ok
    for file in report.files:
        [warning] = file.warnings
        assert says in warning and file.path.name in warning
    # the fall-back: matched by name and e-mail where they may be named, as before
    assert stats.statistics(gal).unique_people == NAMED_AND_OTHERS + 2 * SHARED_UNNAMED
    assert raw_rows(gal, "SELECT count(*) FROM person WHERE pseudonym IS NOT NULL") == [(0,)]
    gal.dispose()


def test_the_workbook_carries_neither_the_key_nor_who_it_stands_for(two_communes, tmp_path):
    heron, _wanze = export_both(two_communes, tmp_path)
    wb = openpyxl.load_workbook(heron)
    texts = [
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert not any(KEY in t for t in texts)
    assert not any("dubois" in t.casefold() or "rémy" in t.casefold() for t in texts)
    ws = wb["_x_people"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(2)]
    unnamed = [r for r in rows if not r["consent"]]
    assert unnamed and all(len(r["pseudonym"]) == 32 for r in unnamed)
    assert len({r["pseudonym"] for r in rows}) == len(rows)


def test_an_anonymised_person_has_no_pseudonym(two_communes, tmp_path):
    heron, _wanze = two_communes
    [jean] = [p for p in people.search(heron, "Dubois")]
    from smartdesk.services import privacy

    privacy.anonymise_person(heron, jean.id)
    path, _ = export_both(two_communes, tmp_path)
    ws = openpyxl.load_workbook(path)["_x_people"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(2)]
    [anonymised] = [r for r in rows if r["anonymised"]]
    assert anonymised["pseudonym"] is None


def test_the_key_is_a_setting_checked_when_set(two_communes, tmp_path, capsys):
    heron, _ = two_communes
    with pytest.raises(ValidationError, match="at least 16 characters"):
        settings.set_value(heron, "exchange_key", "court")
    path = tmp_path / "cli.db"
    gal_db(path, None).dispose()
    assert (
        cli.main(["--lang", "en", "--db", str(path), "settings", "set", "exchange_key", "court"])
        == 1
    )
    assert "at least 16 characters" in capsys.readouterr().err
    assert cli.main(["--db", str(path), "settings", "set", "exchange_key", KEY]) == 0
    assert cli.main(["--db", str(path), "settings", "set", "exchange_key", ""]) == 0


def test_the_cli_says_when_people_may_be_counted_twice(two_communes, tmp_path, capsys):
    paths = export_both(two_communes, tmp_path)
    path = tmp_path / "gal-cli.db"
    gal_db(path, None).dispose()
    capsys.readouterr()
    assert cli.main(["--lang", "en", "--db", str(path), "consolidate", *map(str, paths)]) == 0
    err = capsys.readouterr().err
    assert err.count("No exchange key is set here") == 2
