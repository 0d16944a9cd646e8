"""Foundation benchmark: build the stress database through SmartDesk's code, then the same rows
through raw sqlite3 executemany (the floor), and time the full statistics.

    .venv/bin/python benchmarks/bench_foundation.py

Targets (issue 2): build ratio ours / floor ≤ 3; statistics ≤ 0.5 s."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress import COMMUNES, build, plan  # noqa: E402

from smartdesk import app  # noqa: E402
from smartdesk.domain.text import email_key, person_name_key  # noqa: E402
from smartdesk.services import stats  # noqa: E402


def floor(path: Path) -> float:
    """Same rows, same schema (made by our migrations, untimed), written by bare sqlite3."""
    app.open_database(path, create=True).dispose()
    people, events, registrations, cards, n_workshops = plan()
    now = dt.datetime(2026, 1, 1).isoformat(sep=" ")

    def u() -> str:
        return str(uuid.uuid4())

    rows = {
        "commune": [(c, u(), now, now) for c in COMMUNES],
        "organisation": [
            (f"Organisation {i}", "other", 1 + i % len(COMMUNES), u(), now, now) for i in range(200)
        ],
        "person": [
            (
                p["first_name"],
                p["last_name"],
                p["email"],
                p["phone"],
                p["organisation_id"],
                p["commune_id"],
                p["consent"],
                False,
                email_key(p["email"]),
                person_name_key(p["first_name"], p["last_name"]),
                u(),
                now,
                now,
            )
            for p in people
        ],
        "event": [
            (
                e["title"],
                e["kind"].value,
                e["start"].isoformat(sep=" "),
                e["end"].isoformat(sep=" "),
                e["commune_id"],
                "planned",
                e["hours"],
                u(),
                now,
                now,
            )
            for e in events
        ],
        "registration": [
            (r["event_id"], r["person_id"], r["status"].value, False, now, u(), now, now)
            for r in registrations
        ],
        "workshop": [(1 + i * 10, "Temps d'échanges", u(), now, now) for i in range(n_workshops)],
        "workshop_prompt": [
            (1 + i // 2, 1 + i % 2, "Que peut-on rêver ensemble ?", "[]", "[]", u(), now, now)
            for i in range(2 * n_workshops)
        ],
        "workshop_card": [
            (
                c["prompt_id"],
                c["code"],
                c["text"],
                c["category"].value,
                c["axis"],
                c["votes"],
                c["selected"],
                u(),
                now,
                now,
            )
            for c in cards
        ],
    }
    sql = {
        "commune": "INSERT INTO commune (name, uuid, created_at, updated_at) VALUES (?,?,?,?)",
        "organisation": "INSERT INTO organisation (name, sector, commune_id, uuid, created_at, updated_at) VALUES (?,?,?,?,?,?)",
        "person": "INSERT INTO person (first_name, last_name, email, phone, organisation_id, commune_id, consent, anonymised, email_key, name_key, uuid, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "event": 'INSERT INTO event (title, kind, start, "end", commune_id, status, hours, uuid, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)',
        "registration": "INSERT INTO registration (event_id, person_id, status, walk_in, registered_at, uuid, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
        "workshop": "INSERT INTO workshop (event_id, title, uuid, created_at, updated_at) VALUES (?,?,?,?,?)",
        "workshop_prompt": "INSERT INTO workshop_prompt (workshop_id, position, question, categories, axes, uuid, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
        "workshop_card": "INSERT INTO workshop_card (prompt_id, code, text, category, axis, votes, selected, uuid, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
    }
    con = sqlite3.connect(path)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        con.execute(f"PRAGMA {pragma}")
    t0 = time.perf_counter()
    with con:
        for table, data in rows.items():
            con.executemany(sql[table], data)
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, floor_path = Path(tmp) / "ours.db", Path(tmp) / "floor.db"
        t0 = time.perf_counter()
        counts = build(ours_path)
        ours = time.perf_counter() - t0
        raw = floor(floor_path)
        db = app.open_database(ours_path, create=True)
        timings = []
        for _ in range(3):
            t0 = time.perf_counter()
            figures = stats.statistics(db)
            timings.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        stats.statistics(db, dt.date(2020, 6, 1), dt.date(2021, 5, 31))
        period = time.perf_counter() - t0
        db.dispose()
    result = {
        "rows": counts,
        "build_ours_s": round(ours, 3),
        "build_floor_sqlite3_executemany_s": round(raw, 3),
        "build_ratio": round(ours / raw, 2),
        "statistics_full_s_best_of_3": round(min(timings), 3),
        "statistics_one_year_s": round(period, 3),
        "check": {
            "participations": figures.participations,
            "unique_people": figures.unique_people,
            "training_hours": figures.training_hours,
            "events": figures.events_total,
        },
        "targets": {"build_ratio_max": 3, "statistics_max_s": 0.5},
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
