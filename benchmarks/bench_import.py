"""Import benchmark: 10,000 people from an Excel-style French CSV (semicolon, Windows-1252).

Ours (read, detect, map, validate, de-duplicate, write in one transaction) into an empty
database and into one that already holds 50,000 people, beside the floor: the stdlib csv
reader + raw sqlite3 executemany of the same rows, no checks at all.

    .venv/bin/python benchmarks/bench_import.py

Target (issue 4): 10,000 people ≤ 2 s."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress import build  # noqa: E402

from smartdesk import app  # noqa: E402
from smartdesk.services import imports  # noqa: E402

N = 10_000
FIRST = ["Véronique", "Benoît", "Françoise", "Jérémy", "Léa", "Els", "Stéphane", "Anne-Sophie"]
LAST = ["Collard", "Lhoest", "Gillet", "Stassart", "Pâquet", "Van Hove", "Delcour", "Wéry"]
COMMUNES = ["Héron", "Wanze", "Braives", "Burdinne", "Villers-le-Bouillet", "Verlaine"]


def make_csv(path: Path) -> None:
    with path.open("w", encoding="cp1252", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(["Nom", "Prénom", "Fonction", "Organisation", "Commune", "Courriel", "GSM"])
        for i in range(N):
            w.writerow([f"{LAST[i % 8]}-{i}", FIRST[i % 7], "Bénévole", f"Association n° {i % 150}",
                        COMMUNES[i % 6], f"import{i}@exemple.be", f"0476 {i:06d}"])  # fmt: skip


def floor(csv_path: Path, db_path: Path) -> float:
    app.open_database(db_path, create=True).dispose()
    t0 = time.perf_counter()
    with csv_path.open(encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))[1:]
    con = sqlite3.connect(db_path)
    with con:
        con.executemany(
            "INSERT INTO person (first_name, last_name, email, phone, function, consent, anonymised, name_key, uuid,"
            " created_at, updated_at) VALUES (?,?,?,?,?,0,0,'',?, '2026-01-01', '2026-01-01')",
            [(r[1], r[0], r[5], r[6], r[2], str(uuid.uuid4())) for r in rows],
        )
    con.close()
    return time.perf_counter() - t0


def ours(csv_path: Path, db_path: Path) -> tuple[float, int]:
    db = app.open_database(db_path, create=True)
    t0 = time.perf_counter()
    report = imports.import_people(db, csv_path)
    elapsed = time.perf_counter() - t0
    db.dispose()
    assert report.written and not report.invalid, report.invalid[:3]
    return elapsed, report.created


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "contacts.csv"
        make_csv(source)
        empty, created = ours(source, tmp / "empty.db")
        build(tmp / "stress.db")
        full, created_full = ours(source, tmp / "stress.db")
        raw = floor(source, tmp / "floor.db")
    print(json.dumps({
        "rows": N,
        "ours_into_empty_db_s": round(empty, 3),
        "ours_into_db_with_50000_people_s": round(full, 3),
        "floor_csv_reader_plus_sqlite3_executemany_s": round(raw, 3),
        "ratio_empty_to_floor": round(empty / raw, 2),
        "created": [created, created_full],
        "target_s": 2.0,
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
