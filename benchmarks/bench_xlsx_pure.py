"""Spreadsheet benchmark, file layer only (no database): 200,000 participations written three ways,
and a 10,000-person CSV read and mapped.

    .venv/bin/python benchmarks/bench_xlsx_pure.py [--rows 200000] [--people 10000]

The same rows go, each way in its own fresh process (so peak memory is the process's own):

* **smartdesk** — ``write_summary_workbook``: Synthèse with its charts, the Participations sheet
  (10 columns, translated labels, real dates) and the exchange table of registrations
  (8 columns, UUIDs, ISO timestamps), plus the small sheets;
* **pandas** — the same two tables as DataFrames through ``DataFrame.to_excel`` (openpyxl
  engine), what a developer would reach for;
* **floor** — the same two tables appended to bare openpyxl write-only sheets, no styles.

Each process also makes its rows (the services' part); ``generate`` shows that cost alone.
Targets (issue 4): ≤ 5 s, peak ≤ 300 MB, faster than pandas, ≤ 1.3 × the floor; reading and
mapping 10,000 people from CSV ≤ 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from smartdesk.domain.enums import EventKind, RegistrationStatus, Sector
from smartdesk.domain.exchange import ExchangeOrigin, ExchangeTable
from smartdesk.domain.records import Statistics
from smartdesk.domain.summary import ParticipationRow, SummaryWorkbookData

COMMUNES = ["Braives", "Burdinne", "Héron", "Wanze", "Villers-le-Bouillet", "Hannut", "Lincent"]
KINDS = [EventKind.MIDI_DU_SMART, EventKind.WORKSHOP, EventKind.TRAINING_SESSION]
SECTORS = [Sector.COMMUNE, Sector.ASSOCIATION, Sector.BUSINESS, None]
STATUSES = [RegistrationStatus.PRESENT, RegistrationStatus.REGISTERED, RegistrationStatus.EXCUSED]
REG_COLUMNS = ("uuid", "event_uuid", "person_uuid", "status", "walk_in", "registered_at",
               "checked_in_at", "updated_at")  # fmt: skip
VISIBLE_COLUMNS = ("Date", "Événement", "Type", "Nom", "Prénom", "Organisation", "Secteur",
                   "Commune", "Statut", "Non inscrit")  # fmt: skip
START = dt.datetime(2021, 1, 5, 12, 0)


def participations(n: int):
    for i in range(n):
        named = i % 4 != 0
        yield ParticipationRow(
            event_start=START + dt.timedelta(days=i % 1500),
            event_title=f"Midi du Smart n°{i % 2000}",
            event_kind=KINDS[i % 3],
            status=STATUSES[i % 3],
            first_name=f"Prénom{i % 40000}" if named else None,
            last_name=f"Nom-{i % 40000:05d}" if named else None,
            organisation=f"Association n° {i % 997}",
            sector=SECTORS[i % 4],
            commune=COMMUNES[i % 7],
            walk_in=i % 11 == 0,
        )


def registrations(n: int):
    for i in range(n):
        at = START + dt.timedelta(days=i % 1500, seconds=i % 3600)
        yield (
            str(uuid.UUID(int=i + 1)),
            str(uuid.UUID(int=10**9 + i % 2000)),
            str(uuid.UUID(int=2 * 10**9 + i % 40000)),
            STATUSES[i % 3].value,
            i % 11 == 0,
            at,
            at + dt.timedelta(minutes=5) if i % 3 == 0 else None,
            at + dt.timedelta(days=1),
        )


def visible_values(row: ParticipationRow, labels: dict) -> tuple:
    """The Participations row as the summary shows it (for pandas and the floor)."""
    return (
        row.event_start.date(), row.event_title, labels[row.event_kind],
        row.last_name or "(nom non communiqué)", row.first_name, row.organisation,
        labels.get(row.sector), row.commune, labels[row.status], "Oui" if row.walk_in else None,
    )  # fmt: skip


def labels() -> dict:
    from smartdesk.i18n import _, use_locale

    with use_locale("fr"):
        return {m: _(m.label) for enum in (EventKind, Sector, RegistrationStatus) for m in enum}


def run_smartdesk(n: int, target: Path) -> None:
    from smartdesk.reports.xlsx import write_summary_workbook

    data = SummaryWorkbookData(
        statistics=Statistics(
            dt.date(2021, 1, 1), dt.date(2025, 12, 31),
            events_by_kind={k: 600 for k in KINDS},
            participants_by_sector={s: n // 4 for s in SECTORS},
            participants_by_commune={c: n // 7 for c in COMMUNES},
            participations=n, unique_people=40000, training_hours=12345.5,
        ),
        origin=ExchangeOrigin(commune="Héron", organisation="GAL Burdinale Mehaigne"),
        exported_at=dt.datetime(2026, 1, 1, 12, 0),
        participations=participations(n),
        exchange_tables=[ExchangeTable("registrations", REG_COLUMNS, registrations(n))],
    )  # fmt: skip
    write_summary_workbook(target, data, lang="fr")


def run_pandas(n: int, target: Path) -> None:
    import pandas as pd

    names = labels()
    visible = pd.DataFrame(
        [visible_values(r, names) for r in participations(n)], columns=VISIBLE_COLUMNS
    )
    exchange = pd.DataFrame(list(registrations(n)), columns=REG_COLUMNS)
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        visible.to_excel(writer, sheet_name="Participations", index=False)
        exchange.to_excel(writer, sheet_name="_x_registrations", index=False)


def run_floor(n: int, target: Path) -> None:
    from openpyxl import Workbook

    names = labels()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Participations")
    ws.append(VISIBLE_COLUMNS)
    for row in participations(n):
        ws.append(visible_values(row, names))
    ws = wb.create_sheet("_x_registrations")
    ws.append(REG_COLUMNS)
    for row in registrations(n):
        ws.append(row)
    wb.save(target)


def run_generate(n: int, target: Path) -> None:
    names = labels()
    for row in participations(n):
        visible_values(row, names)
    for _row in registrations(n):
        pass


def run_csv(n: int, target: Path) -> None:
    """Write a 10,000-person Excel fr_BE CSV, then time reading and mapping it."""
    from smartdesk.reports.xlsx import guess_mapping, mapped_rows, read_table

    lines = ["Nom;Prénom;Fonction;Organisation;Commune;Courriel;GSM;Remarques"]
    for i in range(n):
        lines.append(
            f'Nom-{i:05d};Prénom{i};Échevin·e;"Association n° {i % 97}; asbl";'
            f"{COMMUNES[i % 7]};prenom.nom{i}@example.be;0476 {i % 100:02d} 44 33;"
        )
    target.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    start = time.perf_counter()
    table = read_table(target)
    rows = list(mapped_rows(table, guess_mapping(table.headers)))
    elapsed = time.perf_counter() - start
    assert len(rows) == n, len(rows)
    print(json.dumps({"read_and_map": elapsed}))


MODES = {
    "smartdesk": run_smartdesk,
    "pandas": run_pandas,
    "floor": run_floor,
    "generate": run_generate,
    "csv": run_csv,
}


def child(mode: str, n: int, target: Path) -> None:
    start = time.perf_counter()
    MODES[mode](n, target)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = target.stat().st_size if target.exists() else 0
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": size}))


def measure(mode: str, n: int, folder: Path) -> dict:
    target = folder / f"{mode}.{'csv' if mode == 'csv' else 'xlsx'}"
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--rows", str(n), "--target", str(target)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    merged: dict = {}
    for line in result.stdout.splitlines():
        merged.update(json.loads(line))
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--child", choices=sorted(MODES))
    parser.add_argument("--target", type=Path)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.rows, args.target)
        return 0

    with tempfile.TemporaryDirectory() as folder:
        results = {m: measure(m, args.rows, Path(folder)) for m in MODES if m != "csv"}
        csv_result = measure("csv", args.people, Path(folder))
    ours, floor, pandas = results["smartdesk"], results["floor"], results["pandas"]
    print(f"Summary workbook, {args.rows:,} participations + {args.rows:,} exchange rows")
    print(f"{'way':<12}{'seconds':>9}{'peak MB':>9}{'file MB':>9}{'× floor':>9}")
    for mode, r in results.items():
        ratio = r["seconds"] / floor["seconds"]
        print(f"{mode:<12}{r['seconds']:>9.2f}{r['peak_mb']:>9.0f}"
              f"{r['bytes'] / 2**20:>9.1f}{ratio:>9.2f}")  # fmt: skip
    checks = [
        ("summary ≤ 5 s", ours["seconds"] <= 5.0),
        ("peak memory ≤ 300 MB", ours["peak_mb"] <= 300),
        ("faster than pandas", ours["seconds"] < pandas["seconds"]),
        ("≤ 1.3 × the floor", ours["seconds"] <= 1.3 * floor["seconds"]),
        (f"read + map {args.people:,} CSV people ≤ 2 s", csv_result["read_and_map"] <= 2.0),
    ]
    print(f"pandas / smartdesk = {pandas['seconds'] / ours['seconds']:.1f}×; "
          f"CSV read + map {args.people:,} people: {csv_result['read_and_map']:.2f} s")  # fmt: skip
    for name, ok in checks:
        print(f"  {'ok  ' if ok else 'MISS'} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
