"""Stress data: 50,000 people, 5,000 events, 200,000 registrations, 20,000 workshop cards,
written through SmartDesk's own code (migrations, models, bulk services)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from smartdesk import app
from smartdesk.db import models as m
from smartdesk.domain.enums import CardCategory, EventKind, RegistrationStatus, Sector
from smartdesk.services import bulk, demo
from smartdesk.services.workshops import DEFAULT_AXES

N_PEOPLE, N_EVENTS, N_REGISTRATIONS, N_CARDS = 50_000, 5_000, 200_000, 20_000
COMMUNES = [
    "Héron",
    "Wanze",
    "Braives",
    "Burdinne",
    "Villers-le-Bouillet",
    "Verlaine",
    "Amay",
    "Huy",
    "Hannut",
    "Waremme",
]
# The demo's names, plus letters a stress test must carry (Ł, Ö, ë).
FIRST = [*demo.FIRST, "Zoë", "Łukasz"]
LAST = [*demo.LAST, "Öztürk"]


def plan(seed: int = 7):
    """The rows of the stress data set as plain values (shared by ours and the raw floor)."""
    rnd = random.Random(seed)
    kinds = list(EventKind)
    people = [
        {
            "first_name": rnd.choice(FIRST),
            "last_name": f"{rnd.choice(LAST)}-{i}",
            "email": f"person{i}@example{i % 97}.be",
            "phone": f"0470 {i:06d}",
            "organisation_id": 1 + i % 200,
            "commune_id": 1 + i % len(COMMUNES),
            "consent": i % 3 != 0,
        }
        for i in range(N_PEOPLE)
    ]
    base = dt.datetime(2020, 1, 6, 9, 0)
    events = [
        {
            "title": f"Événement {i}",
            "kind": kinds[i % len(kinds)],
            "start": base + dt.timedelta(days=i // 3, hours=i % 3),
            "end": base + dt.timedelta(days=i // 3, hours=i % 3 + 2),
            "commune_id": 1 + i % len(COMMUNES),
            "hours": 2.0 if kinds[i % len(kinds)] == EventKind.TRAINING_SESSION else None,
        }
        for i in range(N_EVENTS)
    ]
    per_event = N_REGISTRATIONS // N_EVENTS
    statuses = [RegistrationStatus.PRESENT] * 6 + [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.ABSENT,
        RegistrationStatus.EXCUSED,
    ]
    registrations = [
        {
            "event_id": 1 + e,
            "person_id": 1 + (e * 37 + k * 1009) % N_PEOPLE,
            "status": statuses[(e + k) % len(statuses)],
        }
        for e in range(N_EVENTS)
        for k in range(per_event)
    ]
    n_workshops = 500
    cards = [
        {
            "prompt_id": 1 + i % (2 * n_workshops),
            "code": f"{1 + i % (2 * n_workshops)}-{i:05d}",
            "text": f"Défi n° {i} : une idée pour le territoire",
            "category": (CardCategory.GREEN, CardCategory.BLUE, CardCategory.NONE)[i % 3],
            "axis": DEFAULT_AXES[i % 2],
            "votes": i % 9,
            "selected": i % 7 == 0,
        }
        for i in range(N_CARDS)
    ]
    return people, events, registrations, cards, n_workshops


def build(path: Path, seed: int = 7) -> dict[str, int]:
    """Create the stress database at ``path`` through the application's own code."""
    people, events, registrations, cards, n_workshops = plan(seed)
    db = app.open_database(path, create=True)
    try:
        with db.transaction() as s:
            bulk.insert_rows(s, m.Commune, ({"name": c} for c in COMMUNES))
            sectors = list(Sector)
            bulk.insert_rows(
                s,
                m.Organisation,
                (
                    {
                        "name": f"Organisation {i}",
                        "sector": sectors[i % len(sectors)],
                        "commune_id": 1 + i % len(COMMUNES),
                    }
                    for i in range(200)
                ),
            )
            bulk.insert_people(s, people)
            bulk.insert_rows(s, m.Event, events)
            bulk.insert_rows(s, m.Registration, registrations)
            bulk.insert_rows(
                s,
                m.Workshop,
                ({"event_id": 1 + i * 10, "title": "Temps d'échanges"} for i in range(n_workshops)),
            )
            bulk.insert_rows(
                s,
                m.WorkshopPrompt,
                (
                    {
                        "workshop_id": 1 + i // 2,
                        "position": 1 + i % 2,
                        "question": "Que peut-on rêver ensemble ?",
                        "categories": [],
                        "axes": list(DEFAULT_AXES),
                    }
                    for i in range(2 * n_workshops)
                ),
            )
            bulk.insert_rows(s, m.WorkshopCard, cards)
    finally:
        db.dispose()
    return {
        "people": len(people),
        "events": len(events),
        "registrations": len(registrations),
        "cards": len(cards),
    }
