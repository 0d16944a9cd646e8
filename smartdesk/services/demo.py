"""A realistic demonstration data set, from the GAL's "Midi du Smart" of 6 February 2020.

Every record has a UUID derived from a fixed key, so loading the demo twice changes nothing
(and a record the user deleted comes back, but nothing is duplicated).

What has taken place depends on the day the demo is loaded for (``load_demo(db, today=...)``,
the computer's date by default): an event up to that day is held, its attendance ticked; a later
one is planned, its people registered. Loaded today every event of 2020 is held; loaded for the
Midi du Smart's day (the screenshots) it is that day, a training just over, others to come."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import Base
from smartdesk.db.session import Database
from smartdesk.domain.enums import (
    CardCategory,
    EventKind,
    EventStatus,
    HalfDay,
    RegistrationStatus,
    Sector,
)
from smartdesk.domain.half_days import looks_full_day
from smartdesk.domain.text import email_key, person_name_key, strip_accents
from smartdesk.services.lookups import find_commune
from smartdesk.services.workshops import DEFAULT_AXES

NAMESPACE = uuid.UUID("6f1d0a6e-2c1b-4c57-9d0e-5a3b8e7c1f20")
B = TypeVar("B", bound=Base)

COMMUNES = [
    ("Héron", "4217"),
    ("Wanze", "4520"),
    ("Braives", "4260"),
    ("Burdinne", "4210"),
    ("Villers-le-Bouillet", "4530"),
    ("Verlaine", "4537"),
]
ORGANISATIONS = [
    # name, sector, commune
    ("GAL Burdinale Mehaigne", Sector.PARTNER, "Braives"),
    ("ASBL Territoires Connectés", Sector.PARTNER, None),
    ("Ville de Namur", Sector.PARTNER, None),
    ("Jeunesse de Couthuin asbl", Sector.ASSOCIATION, "Héron"),
    ("Bibliothèque communale de Burdinne", Sector.ASSOCIATION, "Burdinne"),
    ("Repair Café de Wanze", Sector.ASSOCIATION, "Wanze"),
    ("Les Amis du Moulin de Ville-en-Hesbaye", Sector.ASSOCIATION, "Braives"),
    ("Ferme Stassart", Sector.BUSINESS, "Braives"),
    ("Bakkerij Van Hove", Sector.BUSINESS, "Wanze"),
    ("Menuiserie Dethier", Sector.BUSINESS, "Villers-le-Bouillet"),
    ("Brasserie de la Mehaigne", Sector.BUSINESS, "Héron"),
    ("Verlaine Numérique SRL", Sector.BUSINESS, "Verlaine"),
] + [(f"Administration communale de {c}", Sector.COMMUNE, c) for c, _ in COMMUNES]

FIRST = [
    "Véronique",
    "Benoît",
    "Françoise",
    "Jérémy",
    "Léa",
    "Els",
    "Stéphane",
    "Marie",
    "Luc",
    "Nathalie",
    "Olivier",
    "Chantal",
    "Pierre-Yves",
    "Aurélie",
    "Christophe",
    "Isabelle",
    "Grégory",
    "Sophie",
    "Jean-Marc",
    "Catherine",
    "Michaël",
    "Anne-Sophie",
    "Laurent",
    "Céline",
    "François",
    "Delphine",
    "Cédric",
    "Martine",
    "Damien",
    "Géraldine",
]
LAST = [
    "Collard",
    "Lhoest",
    "Gillet",
    "Stassart",
    "Paquet",
    "Van Hove",
    "Delcour",
    "Lambert",
    "Dubois",
    "Renard",
    "Lejeune",
    "Henrard",
    "Goffin",
    "Marchal",
    "Piette",
    "Thiry",
    "Wéry",
    "Bodart",
    "Jacquemin",
    "Lemaire",
    "Hubert",
    "Dethier",
    "Leclercq",
    "Mathieu",
    "Lecomte",
    "Defays",
    "Noël",
    "Hansoul",
    "Closset",
    "Pirard",
]
FUNCTIONS = {
    Sector.COMMUNE: [
        "Bourgmestre",
        "Échevin·e",
        "Directeur·rice général·e",
        "Secrétaire communal·e",
        "Employé·e administratif·ve",
        "Conseiller·ère communal·e",
    ],
    Sector.ASSOCIATION: ["Président·e", "Coordinateur·rice", "Bénévole", "Animateur·rice"],
    Sector.BUSINESS: ["Gérant·e", "Indépendant·e", "Responsable marketing"],
    Sector.PARTNER: ["Chargé·e de mission", "Animateur·rice du GAL"],
}
SPEAKERS = [
    # key, first, last, organisation, function, talk, role shown
    (
        "debroux",
        "Thomas",
        "Debroux",
        "ASBL Territoires Connectés",
        "Directeur",
        "Qu'est-ce qu'une commune smart ?",
        "Directeur de l'ASBL Territoires Connectés",
    ),
    (
        "lejeune-dg",
        "Anne",
        "Lejeune",
        "Administration communale de Wanze",
        "Directrice générale",
        "Le PST et les données : quel lien ?",
        "Directrice générale de la commune de Wanze",
    ),
    (
        "dumont",
        "Marc",
        "Dumont",
        "Ville de Namur",
        "Smart City manager",
        "Le potentiel des données pour les pouvoirs publics",
        "Smart City manager, Ville de Namur",
    ),
]


_STOP = {
    "asbl",
    "srl",
    "de",
    "du",
    "la",
    "le",
    "les",
    "administration",
    "communale",
    "ville",
    "des",
}


def _uid(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


def _ensure(s: Session, model: type[B], key: str, **fields: Any) -> B:
    uid = _uid(f"{model.__name__}:{key}")
    obj = s.query(model).filter_by(uuid=uid).one_or_none()
    if obj is None:
        obj = model(uuid=uid, **fields)
        s.add(obj)
        s.flush()
    return obj


def _commune(s: Session, name: str, postal_code: str) -> m.Commune:
    """The demo's commune, or the one the user already typed (commune names are unique)."""
    if s.query(m.Commune).filter_by(uuid=_uid(f"Commune:{name}")).one_or_none() is None:
        existing = find_commune(s, name)
        if existing is not None:
            return existing
    return _ensure(s, m.Commune, name, name=name, postal_code=postal_code)


def load_demo(db: Database, today: dt.date | None = None) -> dict[str, int]:
    """Load (or complete) the demonstration data set in one transaction; returns counts.
    ``today`` (default: the computer's date) decides which events are held and which planned;
    records already there keep what they have."""
    plan = _Calendar(today or dt.date.today())
    with db.transaction() as s:
        communes = {name: _commune(s, name, pc) for name, pc in COMMUNES}
        orgs = {
            name: _ensure(
                s,
                m.Organisation,
                name,
                name=name,
                sector=sector,
                commune=communes.get(c) if c else None,
            )
            for name, sector, c in ORGANISATIONS
        }
        _settings(s)
        people = _people(s, communes, orgs)
        midi = _midi_du_smart(s, communes, people, plan)
        trainings = _trainings(s, communes, people, plan)
        others = _other_events(s, communes, people, plan)
        return {
            "people": len(people),
            "events": 1 + len(trainings) + len(others),
            "midi_du_smart": midi.id,
        }


DEMO_SETTINGS = {
    "name": "GAL Burdinale Mehaigne",
    "funding_line": "Avec le soutien du FEADER et de la Wallonie — programme LEADER. Cofinancé par l'Union européenne.",
    "privacy_notice": (
        "Vos données servent uniquement à prouver la participation auprès des pouvoirs subsidiants et, "
        "si vous cochez la case, à vous recontacter. Vous pouvez demander leur consultation ou leur effacement au GAL."
    ),
    # The same two texts for documents printed in Dutch, German or English.
    "funding_line_nl": "Met de steun van het ELFPO en Wallonië — LEADER-programma. Medegefinancierd door de Europese Unie.",
    "funding_line_de": "Mit Unterstützung des ELER und der Wallonie — LEADER-Programm. Kofinanziert von der Europäischen Union.",
    "funding_line_en": "With the support of the EAFRD and Wallonia — LEADER programme. Co-funded by the European Union.",
    "privacy_notice_nl": (
        "Uw gegevens dienen enkel om de deelname aan te tonen bij de subsidiërende overheden en, "
        "als u het vakje aankruist, om u opnieuw te contacteren. U kunt de GAL vragen ze in te zien of te wissen."
    ),
    "privacy_notice_de": (
        "Ihre Daten dienen nur dem Nachweis der Teilnahme gegenüber den Zuschussgebern und, wenn Sie das Feld "
        "ankreuzen, der erneuten Kontaktaufnahme. Sie können bei der LAG Einsicht oder Löschung verlangen."
    ),
    "privacy_notice_en": (
        "Your data serve only to prove attendance to the funding bodies and, if you tick the box, to contact "
        "you again. You may ask the GAL to see or erase them."
    ),
    "signatory_name": "Marie Lambert",
    "signatory_title": "Coordinatrice du GAL",
    "commune": "Braives",
}


def _settings(s: Session) -> None:
    """The demo's organiser, only where the user has set nothing (their settings win)."""
    for key, value in DEMO_SETTINGS.items():
        if s.get(m.Setting, key) is None:
            s.add(m.Setting(key=key, value=value))
    s.flush()


def _person(
    s: Session,
    key: str,
    first: str,
    last: str,
    org: m.Organisation,
    function: str,
    commune: m.Commune | None,
    consent: bool,
) -> m.Person:
    words = [w for w in strip_accents(org.name).lower().replace("'", " ").split() if w not in _STOP]
    domain = "-".join(words[-2:]) + ".be"
    email = f"{strip_accents(first).lower().replace('-', '')}.{strip_accents(last).lower().replace(' ', '')}@{domain}"
    return _ensure(
        s,
        m.Person,
        key,
        first_name=first,
        last_name=last,
        email=email,
        function=function,
        organisation=org,
        commune=commune,
        consent=consent,
        consent_date=dt.date(2020, 1, 15) if consent else None,
        email_key=email_key(email),
        name_key=person_name_key(first, last),
    )


def _people(
    s: Session, communes: dict[str, m.Commune], orgs: dict[str, m.Organisation]
) -> dict[str, m.Person]:
    people: dict[str, m.Person] = {}
    for key, first, last, org_name, function, _talk, _role in SPEAKERS:
        speaker_org = orgs[org_name]
        people[key] = _person(s, key, first, last, speaker_org, function, speaker_org.commune, True)
    by_sector: dict[Sector, list[m.Organisation]] = {}
    for org in orgs.values():
        by_sector.setdefault(org.sector, []).append(org)
    plan = (
        [Sector.COMMUNE] * 24
        + [Sector.ASSOCIATION] * 16
        + [Sector.BUSINESS] * 12
        + [Sector.PARTNER] * 5
    )
    for i, sector in enumerate(plan):
        # i // len(FIRST) shifts the first name on the second lap: no two people share a name.
        first = FIRST[(i * 7 + i // len(FIRST)) % len(FIRST)]
        last = LAST[(i * 11 + 3) % len(LAST)]
        org = by_sector[sector][i % len(by_sector[sector])]
        commune = org.commune or list(communes.values())[i % len(communes)]
        function = FUNCTIONS[sector][i % len(FUNCTIONS[sector])]
        people[f"p{i:02d}"] = _person(
            s, f"p{i:02d}", first, last, org, function, commune, consent=i % 4 != 3
        )
    return people


class _Calendar:
    """What has taken place on the day the demo is loaded for."""

    def __init__(self, today: dt.date):
        self.today = today

    def held(self, start: dt.datetime) -> bool:
        # The day's own event counts as held, as attendance does (services.attendance).
        return start.date() <= self.today

    def status(self, start: dt.datetime) -> EventStatus:
        return EventStatus.HELD if self.held(start) else EventStatus.PLANNED

    def registered_at(self, start: dt.datetime) -> dt.datetime:
        """Ten days before the event, and never after the morning of ``today``."""
        return min(start - dt.timedelta(days=10), dt.datetime.combine(self.today, dt.time(8, 0)))


def _register(
    s: Session, event: m.Event, people: list[m.Person], status_for, plan: _Calendar
) -> None:
    held = plan.held(event.start)
    for i, person in enumerate(people):
        status = status_for(i) if held else RegistrationStatus.REGISTERED
        _ensure(
            s,
            m.Registration,
            f"{event.uuid}:{person.uuid}",
            event_id=event.id,
            person_id=person.id,
            status=status,
            walk_in=False,
            registered_at=plan.registered_at(event.start) + dt.timedelta(minutes=i),
            checked_in_at=event.start if status == RegistrationStatus.PRESENT else None,
        )


def _present_mostly(i: int) -> RegistrationStatus:
    return (
        RegistrationStatus.ABSENT
        if i % 9 == 4
        else RegistrationStatus.EXCUSED
        if i % 13 == 6
        else RegistrationStatus.PRESENT
    )


def _midi_du_smart(s: Session, communes, people, plan: _Calendar) -> m.Event:
    start = dt.datetime(2020, 2, 6, 12, 0)
    event = _ensure(
        s,
        m.Event,
        "midi-2020-02-06",
        title="Ma commune rurale, un smart territoire ?",
        kind=EventKind.MIDI_DU_SMART,
        start=start,
        end=dt.datetime(2020, 2, 6, 14, 0),
        venue="Salle du Moulin",
        address="Rue du Moulin 3, 4260 Braives",
        commune=communes["Braives"],
        organiser="GAL Burdinale Mehaigne",
        description="Midi du Smart : trois interventions, puis un temps d'échanges en atelier.",
        status=plan.status(start),
        capacity=60,
    )
    times = [dt.time(12, 15), dt.time(12, 35), dt.time(12, 55)]
    for pos, (key, *_rest, talk, role) in enumerate(SPEAKERS, start=1):
        _ensure(
            s,
            m.AgendaItem,
            f"midi:{pos}",
            event_id=event.id,
            position=pos,
            time=times[pos - 1],
            title=talk,
            speaker_id=people[key].id,
            speaker_role=role,
        )
    _ensure(
        s,
        m.AgendaItem,
        "midi:4",
        event_id=event.id,
        position=4,
        time=dt.time(13, 15),
        title="Temps d'échanges : atelier en deux tours",
        speaker_id=None,
        speaker_role=None,
    )
    attendees = [p for k, p in people.items() if k.startswith("p")][:38]
    _register(s, event, attendees, _present_mostly, plan)
    workshop = _ensure(s, m.Workshop, "midi:workshop", event_id=event.id, title="Temps d'échanges")
    p1 = _ensure(
        s,
        m.WorkshopPrompt,
        "midi:prompt1",
        workshop_id=workshop.id,
        position=1,
        question="Que fait déjà ma commune en matière de « smart » ?",
        categories=[CardCategory.GREEN.value, CardCategory.BLUE.value],
        axes=[],
    )
    p2 = _ensure(
        s,
        m.WorkshopPrompt,
        "midi:prompt2",
        workshop_id=workshop.id,
        position=2,
        question="Que peut-on rêver ensemble ?",
        categories=[],
        axes=list(DEFAULT_AXES),
        cards_per_participant=5,
        cards_redistributed=3,
        top_n=5,
    )
    if not plan.held(start):
        return event  # the cards are typed in after the workshop
    done = [
        ("Héron", CardCategory.GREEN, "Budget participatif pour les villages"),
        ("Héron", CardCategory.BLUE, "Application de signalement des dépôts clandestins"),
        ("Wanze", CardCategory.BLUE, "Wi-Fi public sur la place communale"),
        ("Wanze", CardCategory.GREEN, "Conseil consultatif des aînés"),
        ("Braives", CardCategory.GREEN, "Plan de cohésion sociale avec les associations"),
        ("Braives", CardCategory.BLUE, "Guichet électronique pour les documents d'état civil"),
        ("Burdinne", CardCategory.BLUE, "Newsletter communale par e-mail"),
        ("Villers-le-Bouillet", CardCategory.GREEN, "Consultation citoyenne sur la mobilité"),
        ("Verlaine", CardCategory.BLUE, "Capteurs de qualité de l'air à l'école"),
    ]
    for i, (commune, cat, text) in enumerate(done, start=1):
        _ensure(
            s,
            m.WorkshopCard,
            f"p1:{i}",
            prompt_id=p1.id,
            code=f"{p1.id}-{i:03d}",
            text=text,
            category=cat,
            commune=communes[commune],
            round=1,
            votes=0,
            selected=False,
        )
    dreams = [
        ("A", DEFAULT_AXES[0], "Une plateforme de covoiturage entre villages", 7, 1),
        ("A", DEFAULT_AXES[1], "Tous les services communaux en ligne d'ici 2024", 6, 2),
        ("A", DEFAULT_AXES[0], "Éclairage public intelligent et économe", 5, 3),
        ("A", DEFAULT_AXES[0], "Circuits courts : une vitrine en ligne des producteurs", 4, 4),
        ("A", DEFAULT_AXES[1], "Des données ouvertes pour suivre le PST", 3, 5),
        ("A", DEFAULT_AXES[1], "Former les agents aux outils collaboratifs", 1, None),
        ("B", DEFAULT_AXES[0], "Des tiers-lieux numériques dans les anciennes écoles", 8, 1),
        ("B", DEFAULT_AXES[1], "Un tableau de bord du PST partagé avec les citoyens", 6, 2),
        ("B", DEFAULT_AXES[0], "Une carte des sentiers et des commerces locaux", 5, 3),
        ("B", DEFAULT_AXES[1], "Une stratégie de communication commune aux communes du GAL", 4, 4),
        ("B", DEFAULT_AXES[0], "Des bornes de recharge pour vélos électriques", 3, 5),
        ("B", DEFAULT_AXES[0], "Un repair café itinérant", 2, None),
    ]
    for i, (group, axis, text, votes, rank) in enumerate(dreams, start=1):
        _ensure(
            s,
            m.WorkshopCard,
            f"p2:{i}",
            prompt_id=p2.id,
            code=f"{p2.id}-{i:03d}",
            text=text,
            category=CardCategory.NONE,
            axis=axis,
            group_label=group,
            round=3 if rank else 1,
            votes=votes,
            selected=rank is not None,
            rank=rank,
        )
    return event


#: Around the Midi du Smart (6 February 2020): one training over, one under way, one to come.
TRAININGS = [
    (
        "web",
        "Communication web",
        "Site internet et réseaux sociaux",
        "Julie Marchand",
        Sector.COMMUNE,
        [
            (dt.datetime(2020, 1, 21, 9, 0), dt.datetime(2020, 1, 21, 12, 0), 3.0),
            (dt.datetime(2020, 1, 28, 9, 0), dt.datetime(2020, 1, 28, 12, 0), 3.0),
            (dt.datetime(2020, 2, 4, 9, 0), dt.datetime(2020, 2, 4, 12, 0), 3.0),
        ],
    ),
    (
        "ic",
        "Intelligence collective",
        "Animer des réunions participatives",
        "Pascal Henrotte",
        Sector.ASSOCIATION,
        [
            (dt.datetime(2020, 1, 31, 9, 0), dt.datetime(2020, 1, 31, 16, 30), 6.5),
            (dt.datetime(2020, 2, 14, 9, 0), dt.datetime(2020, 2, 14, 12, 30), 3.5),
        ],
    ),
    (
        "collab",
        "Outils de travail collaboratif",
        "Agendas, documents et visioconférence partagés",
        "Sarah Lemaître",
        Sector.COMMUNE,
        [
            (dt.datetime(2020, 6, 9, 13, 30), dt.datetime(2020, 6, 9, 16, 30), 3.0),
            (dt.datetime(2020, 6, 16, 13, 30), dt.datetime(2020, 6, 16, 16, 30), 3.0),
        ],
    ),
]


def _trainings(s: Session, communes, people, plan: _Calendar) -> list[m.Event]:
    sessions: list[m.Event] = []
    pool = [p for k, p in people.items() if k.startswith("p")]
    for t_index, (key, title, topic, trainer, sector, dates) in enumerate(TRAININGS):
        training = _ensure(
            s,
            m.Training,
            key,
            title=title,
            topic=topic,
            trainer=trainer,
            target_sector=sector,
            description=f"Formation du GAL : {topic.lower()}.",
        )
        trainees = pool[t_index * 6 : t_index * 6 + 14]
        for n, (start, end, hours) in enumerate(dates, start=1):
            event = _ensure(
                s,
                m.Event,
                f"{key}:{n}",
                title=f"{title} ({n}/{len(dates)})",
                kind=EventKind.TRAINING_SESSION,
                start=start,
                end=end,
                venue="Maison de village de Ville-en-Hesbaye",
                commune=communes["Braives"],
                organiser="GAL Burdinale Mehaigne",
                status=plan.status(start),
                training_id=training.id,
                hours=hours,
                capacity=16,
                full_day=looks_full_day(start, end),  # as a session added by hand
            )
            _register(
                s,
                event,
                trainees,
                lambda i, n=n: (
                    RegistrationStatus.ABSENT if (i + n) % 6 == 0 else RegistrationStatus.PRESENT
                ),
                plan,
            )
            if event.full_day and plan.held(start):
                _one_half_only(s, event)
            sessions.append(event)
    return sessions


def _one_half_only(s: Session, event: m.Event) -> None:
    """On a full day, one trainee leaves at lunch and another comes after it, as happens."""
    s.flush()
    present = s.scalars(
        select(m.Registration)
        .where(
            m.Registration.event_id == event.id,
            m.Registration.status == RegistrationStatus.PRESENT,
        )
        .order_by(m.Registration.id)
    ).all()
    for registration, half in zip(present, (HalfDay.MORNING, HalfDay.AFTERNOON), strict=False):
        registration.half_day = half


def _other_events(s: Session, communes, people, plan: _Calendar) -> list[m.Event]:
    pool = [p for k, p in people.items() if k.startswith("p")]
    business = [p for p in pool if p.organisation and p.organisation.sector == Sector.BUSINESS]
    associations = [
        p for p in pool if p.organisation and p.organisation.sector == Sector.ASSOCIATION
    ]
    events = []
    start = dt.datetime(2020, 3, 5, 7, 30)
    breakfast = _ensure(
        s,
        m.Event,
        "petit-dej-2020",
        title="Petit déj' rural : le numérique pour les indépendants",
        kind=EventKind.BUSINESS_BREAKFAST,
        start=start,
        end=dt.datetime(2020, 3, 5, 9, 0),
        venue="Brasserie de la Mehaigne",
        commune=communes["Héron"],
        organiser="GAL Burdinale Mehaigne",
        status=plan.status(start),
        capacity=25,
    )
    _register(s, breakfast, business, _present_mostly, plan)
    events.append(breakfast)
    start = dt.datetime(2020, 2, 20, 19, 0)
    evening = _ensure(
        s,
        m.Event,
        "soiree-assoc-2020",
        title="Soirée d'échange : les besoins des associations",
        kind=EventKind.EXCHANGE_EVENING,
        start=start,
        end=dt.datetime(2020, 2, 20, 21, 30),
        venue="Salle des fêtes",
        commune=communes["Wanze"],
        organiser="GAL Burdinale Mehaigne",
        status=plan.status(start),
        capacity=40,
    )
    _register(s, evening, associations, _present_mostly, plan)
    events.append(evening)
    for i, (name, _pc) in enumerate(COMMUNES):
        dg = [
            p
            for p in pool
            if p.commune is communes[name]
            and p.organisation
            and p.organisation.sector == Sector.COMMUNE
        ][:2]
        start = dt.datetime(2020, 1, 13 + i, 10, 0)
        visit = _ensure(
            s,
            m.Event,
            f"tournee-dg:{name}",
            title=f"Tournée DG : rencontre à {name}",
            kind=EventKind.VISIT,
            start=start,
            end=start + dt.timedelta(hours=1, minutes=30),
            venue=f"Maison communale de {name}",
            commune=communes[name],
            organiser="GAL Burdinale Mehaigne",
            status=plan.status(start),
        )
        _register(s, visit, dg, lambda _i: RegistrationStatus.PRESENT, plan)
        events.append(visit)
    return events
