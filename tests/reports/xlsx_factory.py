"""Plain data for the spreadsheet tests: a small summary, and risky texts to write everywhere."""

from __future__ import annotations

import datetime as dt
import uuid

from smartdesk.domain.enums import (
    CardCategory,
    EventKind,
    EventStatus,
    ProjectStatus,
    RegistrationStatus,
    Sector,
)
from smartdesk.domain.exchange import ExchangeOrigin, ExchangeTable
from smartdesk.domain.records import CardRecord, EventRecord, ProjectRecord, Statistics
from smartdesk.domain.summary import (
    CardTally,
    CommuneContribution,
    EventSummaryRow,
    ParticipationRow,
    ProjectRow,
    SummaryWorkbookData,
    TrainingSessionRow,
    TrainingTotals,
    WorkshopCardRow,
)

#: Texts a spreadsheet would evaluate or mangle if written naively.
HOSTILE = (
    "=SUM(A1:A9)",
    "=1+1",
    "+32 476 55 44 33",
    "-",
    "-2+3",
    "@x",
    "\tTab",
    "\rCR",
    "<b>&amp;</b> & <i>",
    "Émile 🎉 Ünal",
    "x" * 200,
    "'s-Gravenbrakel",
    "_x0041_",
)


def uid(n: int) -> str:
    return str(uuid.UUID(int=n))


def event(n: int, kind=EventKind.MIDI_DU_SMART, title=None, hours=None) -> EventRecord:
    start = dt.datetime(2024, 2, 6, 12, 0) + dt.timedelta(days=7 * n)
    return EventRecord(
        id=n,
        uuid=uid(n),
        title=title or f"Midi du Smart n°{n}",
        kind=kind,
        start=start,
        end=start + dt.timedelta(hours=2),
        venue="Salle du conseil",
        commune="Héron",
        organiser="GAL Burdinale Mehaigne",
        status=EventStatus.HELD,
        hours=hours,
    )


def statistics() -> Statistics:
    return Statistics(
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 12, 31),
        events_by_kind={EventKind.MIDI_DU_SMART: 4, EventKind.TRAINING_SESSION: 3},
        participants_by_sector={Sector.COMMUNE: 17, Sector.ASSOCIATION: 9, None: 2},
        participants_by_commune={"Héron": 12, "Wanze": 11, None: 5},
        participations=28,
        unique_people=19,
        training_hours=37.5,
        selected_cards_by_axis={
            "Développement durable du territoire": 5,
            "Priorité communale (PST)": 3,
        },
        events_held_by_kind={EventKind.MIDI_DU_SMART: 3, EventKind.TRAINING_SESSION: 2},
        events_planned_by_kind={EventKind.MIDI_DU_SMART: 1, EventKind.TRAINING_SESSION: 1},
        people_by_sector={Sector.COMMUNE: 11, Sector.ASSOCIATION: 6, None: 2},
        people_by_commune={"Héron": 9, "Wanze": 7, None: 3},
    )


def participations(count: int, names=HOSTILE):
    kinds = (EventKind.MIDI_DU_SMART, EventKind.WORKSHOP)
    for i in range(count):
        yield ParticipationRow(
            event_start=dt.datetime(2024, 2, 6, 12, 0) + dt.timedelta(days=i % 50),
            event_title=f"Midi du Smart n°{i % 50}",
            event_kind=kinds[i % 2],
            status=RegistrationStatus.PRESENT,
            first_name=names[i % len(names)] if i % 3 else None,
            last_name=f"Dupont{i}" if i % 3 else None,
            organisation="Administration communale",
            sector=Sector.COMMUNE,
            commune="Héron",
            walk_in=i % 7 == 0,
        )


def summary_data(participation_count: int = 30, exchange_tables=(), anonymous=False):
    training = event(10, EventKind.TRAINING_SESSION, "Communiquer sur Facebook", hours=3.5)
    card = CardRecord(
        id=1,
        uuid=uid(100),
        prompt_id=1,
        code="B-07",
        text='=HYPERLINK("http://evil")',
        category=CardCategory.BLUE,
        axis="Priorité communale (PST)",
        commune="Wanze",
        group_label="G2",
        round=3,
        votes=4,
        selected=True,
        rank=1,
    )
    return SummaryWorkbookData(
        statistics=statistics(),
        origin=ExchangeOrigin(
            commune="Héron", commune_uuid=uid(7), organisation="GAL Burdinale Mehaigne"
        ),
        exported_at=dt.datetime(2025, 1, 15, 9, 30),
        anonymous=anonymous,
        events=[EventSummaryRow(event(i), registered=10 + i, present=8 + i) for i in range(4)],
        participations=participations(participation_count),
        training_sessions=[TrainingSessionRow("Communication web", training, 12, 10)],
        cards=[
            WorkshopCardRow(
                "Que peut-on rêver ensemble ?", dt.datetime(2024, 2, 6, 13), "Défis", card
            )
        ],
        projects=[
            ProjectRow(
                ProjectRecord(
                    id=1, uuid=uid(200), title="@Tiers-lieu", status=ProjectStatus.ACTIVE
                ),
                ("Un tiers-lieu numérique", "+ de mobilité"),
            )
        ],
        communes=[
            CommuneContribution("Héron", 5, 1, 9, 12, 20.0, 4, 2),
            CommuneContribution(HOSTILE[0], 1, 0, 7, 11, 17.5, 2, 1),
            CommuneContribution(None, 0, 0, 3, 5, 0.0, 0, 0),
        ],
        training_totals=[
            TrainingTotals("Communication web", "A. Formatrice", 2, 1, 10.5, 8, 15, 37.5),
            TrainingTotals(HOSTILE[9], None, 1, 0, 2.0, 3, 3, 6.0, linked=False),
        ],
        card_tallies=[
            CardTally(CardCategory.GREEN, "Développement durable du territoire", 6, 5),
            CardTally(CardCategory.BLUE, HOSTILE[1], 4, 3),
            CardTally(CardCategory.NONE, None, 2, 0),
        ],
        exchange_tables=exchange_tables,
    )


def people_table(rows):
    return ExchangeTable(
        name="people",
        columns=("uuid", "first_name", "last_name", "email", "consent", "updated_at"),
        rows=rows,
    )
