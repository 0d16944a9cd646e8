"""Printing benchmark: a 500-person sign-in sheet and 1,000 certificates through SmartDesk's PDF
builders, and the same pages drawn with a bare reportlab canvas loop (the floor).

    .venv/bin/python benchmarks/bench_print.py [--repeat 3]

Targets (issue 3): the 500-person sheet ≤ 0.5 s, 1,000 certificates ≤ 10 s; (issue 11) the
500-person sheet within 4× the bare loop measured in the same run. Each figure is the
best of ``--repeat`` runs, after one warm-up (fonts registered, catalogs compiled).

Issue 11: 1,000 certificates whose organiser logo and signature are an 8000×6000 picture,
≤ 10 s and ≤ 300 MB, measured in a fresh process each (peak resident memory, the picture decoded
from its file as a user's first print does), ours beside the bare reportlab loop that embeds the
picture as it is."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smartdesk.domain.enums import EventKind, RegistrationStatus
from smartdesk.domain.records import (
    AttendanceRow,
    CertificateData,
    EventRecord,
    OrganisationSettings,
    PersonRecord,
    TrainingRecord,
)
from smartdesk.reports.pdf import (
    CertificateOptions,
    SignInOptions,
    certificates,
    fonts,
    sign_in_sheet,
)

COMMUNES = [
    "Gembloux",
    "Perwez",
    "Eghezée",
    "Ramillies",
    "Jodoigne",
    "Orp-Jauche",
    "Hélécine",
    "Incourt",
]
EVENT = EventRecord(
    1, "e1", "Ma commune rurale, un smart territoire ?", EventKind.MIDI_DU_SMART,
    dt.datetime(2020, 2, 6, 12), dt.datetime(2020, 2, 6, 14), venue="Salle du Conseil", commune="Gembloux",
)  # fmt: skip
SESSIONS = tuple(
    EventRecord(
        10 + i,
        f"s{i}",
        f"Communication web – module {i + 1}",
        EventKind.TRAINING_SESSION,
        dt.datetime(2020, 3, 3 + 7 * i, 9),
        dt.datetime(2020, 3, 3 + 7 * i, 16, 30),
        training_id=7,
        hours=6.5,
    )  # fmt: skip
    for i in range(4)
)
TRAINING = TrainingRecord(
    7, "t7", "Communication web pour les communes", trainer="Sophie Delvaux", sessions=SESSIONS
)


#: The sheet may cost this many times the bare reportlab loop (layout, wrapping, page plan).
SHEET_RATIO = 4


def attendance(n: int) -> list[AttendanceRow]:
    return [
        AttendanceRow(
            i,
            f"Prénom{i}",
            f"Nom-{i:05d} de la Commune",
            RegistrationStatus.REGISTERED,
            organisation=f"Association n° {i % 97} de {COMMUNES[i % 8]}",
            commune=COMMUNES[i % 8],
            email=f"prenom.nom{i}@{COMMUNES[i % 8].lower()}.be",
        )  # fmt: skip
        for i in range(n)
    ]


def certificate_data(n: int) -> list[CertificateData]:
    return [
        CertificateData(
            PersonRecord(
                i, str(i), f"Prénom{i}", f"Nom{i}", organisation="CPAS", commune=COMMUNES[i % 8]
            ),
            TRAINING,
            SESSIONS[: 1 + i % 4],
        )
        for i in range(n)
    ]


def settings(folder: Path) -> OrganisationSettings:
    paths = []
    for name, size, colour in (
        ("gal", (400, 400), "#1f5f4a"),
        ("eu", (600, 400), "#003399"),
        ("leader", (700, 300), "#2e8b57"),
    ):
        path = folder / f"{name}.png"
        Image.new("RGB", size, colour).save(path)
        paths.append(str(path))
    return OrganisationSettings(
        name="GAL Hesbaye & Condroz", logo_path=paths[0], funder_logos=tuple(paths[1:]),
        funding_line="Cofinancé par l'Union européenne", signatory_name="Catherine Lambotte",
        signatory_title="Coordinatrice", signature_image=paths[0], commune="Eghezée",
    )  # fmt: skip


def floor_sheet(rows: list[AttendanceRow]) -> bytes:
    """The same table, bare: fixed columns, strings cut to the column, lines, page numbers."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, initialFontName=fonts.REGULAR)
    widths = [8 * mm, 30 * mm, 23 * mm, 30 * mm, 21 * mm, 35 * mm, 17 * mm, 34 * mm]
    x0, top, row_h, per_page = 14 * mm, A4[1] - 60 * mm, 10 * mm, 20
    pages = (len(rows) + 10 + per_page - 1) // per_page
    for page in range(pages):
        c.setFont(fonts.BOLD, 15)
        c.drawString(x0, A4[1] - 30 * mm, EVENT.title)
        c.setFont(fonts.CONDENSED, 8.5)
        chunk = rows[page * per_page : (page + 1) * per_page]
        for j in range(per_page + 1):
            y = top - j * row_h
            c.line(x0, y, x0 + sum(widths), y)
        for j, row in enumerate(chunk):
            y = top - (j + 1) * row_h + 3.5 * mm
            x = x0
            for width, value in zip(
                widths,
                (
                    str(page * per_page + j + 1),
                    row.last_name,
                    row.first_name,
                    row.organisation,
                    row.commune,
                    row.email,
                    "☐",
                    "",
                ),
                strict=True,
            ):
                c.drawString(x + 3, y, (value or "")[: int(width / 4.2)])
                x += width
        c.drawRightString(x0 + sum(widths), 12 * mm, f"Page {page + 1} / {pages}")
        c.showPage()
    c.save()
    return buffer.getvalue()


def floor_certificates(items: list[CertificateData], logo: str) -> bytes:
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, initialFontName=fonts.REGULAR)
    for item in items:
        c.drawImage(logo, 22 * mm, A4[1] - 30 * mm, 16 * mm, 16 * mm)
        c.setFont(fonts.BOLD, 24)
        c.drawCentredString(A4[0] / 2, A4[1] - 62 * mm, "ATTESTATION DE PARTICIPATION")
        c.setFont(fonts.BOLD, 22)
        c.drawCentredString(A4[0] / 2, A4[1] - 100 * mm, item.person.full_name)
        c.setFont(fonts.REGULAR, 11)
        c.drawCentredString(A4[0] / 2, A4[1] - 120 * mm, item.training.title)
        for k, session in enumerate(item.attended):
            c.drawString(
                22 * mm,
                A4[1] - (150 + 6 * k) * mm,
                f"{session.start:%d/%m/%Y} {session.title} {session.hours} h",
            )
        c.showPage()
    c.save()
    return buffer.getvalue()


def photo_like_logo(path: Path, size: tuple[int, int] = (8000, 6000)) -> None:
    """An 8000×6000 picture that compresses like a photo (noise over a gradient), not like a
    flat colour that any PDF would shrink to nothing."""
    noise = Image.effect_noise(size, 40)
    gradient = Image.linear_gradient("L").resize(size)
    Image.merge("RGB", (noise, gradient, Image.new("L", size, 90))).save(path)


def large_logo_child(which: str, folder: Path) -> int:
    """One run in this (fresh) process; prints seconds, peak MB and PDF size as JSON."""
    huge = folder / "huge.png"
    fonts.register_fonts()
    org = settings(folder)
    items = certificate_data(1000)
    start = time.perf_counter()
    if which == "ours":
        org = replace(org, logo_path=str(huge), signature_image=str(huge))
        data = certificates(
            items, org, CertificateOptions(lang="fr", issued_on=dt.date(2020, 4, 2))
        )
    else:
        data = floor_certificates(items, str(huge))
    seconds = time.perf_counter() - start
    peak_mb = peak_memory_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "size": len(data)}))
    return 0


def peak_memory_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own memory map, made
    new at exec; ru_maxrss would carry the parent's peak over (Linux keeps it across exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def large_logo(which: str, folder: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--large-logo", which, "--folder", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def best(fn: Callable[[], bytes], repeat: int) -> tuple[float, bytes]:
    fn()  # warm-up
    times, data = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        data = fn()
        times.append(time.perf_counter() - start)
    return min(times), data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large-logo", choices=["ours", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.large_logo:
        return large_logo_child(args.large_logo, args.folder)
    fonts.register_fonts()
    rows, items = attendance(500), certificate_data(1000)
    with tempfile.TemporaryDirectory() as folder:
        org = settings(Path(folder))
        options = SignInOptions(lang="fr")
        sheet, sheet_pdf = best(lambda: sign_in_sheet(EVENT, rows, org, options), args.repeat)
        sheet_floor, _pdf = best(lambda: floor_sheet(rows), args.repeat)
        cert_options = CertificateOptions(lang="fr", issued_on=dt.date(2020, 4, 2))
        certs, certs_pdf = best(lambda: certificates(items, org, cert_options), args.repeat)
        certs_floor, _pdf = best(lambda: floor_certificates(items, org.logo_path), args.repeat)
        photo_like_logo(Path(folder) / "huge.png")
        big = large_logo("ours", Path(folder))
        big_floor = large_logo("floor", Path(folder))
    ok = (
        sheet <= 0.5
        and sheet <= SHEET_RATIO * sheet_floor
        and certs <= 10
        and big["seconds"] <= 10
        and big["peak_mb"] <= 300
    )
    out = sys.stdout
    out.write(
        f"{'document':<30}{'ours (s)':>10}{'floor (s)':>11}{'ratio':>8}{'target':>12}   size\n"
    )
    out.write(
        f"{'sign-in sheet, 500 people':<30}{sheet:>10.3f}{sheet_floor:>11.3f}{sheet / sheet_floor:>8.1f}{'≤ 0.5, 4×':>12}   {len(sheet_pdf) / 1024:.0f} KiB\n"
    )
    out.write(
        f"{'certificates, 1,000':<30}{certs:>10.3f}{certs_floor:>11.3f}{certs / certs_floor:>8.1f}{'≤ 10':>12}   {len(certs_pdf) / 1024:.0f} KiB\n"
    )
    out.write(
        f"{'certificates, 8000×6000 logo':<30}{big['seconds']:>10.3f}{big_floor['seconds']:>11.3f}"
        f"{big['seconds'] / big_floor['seconds']:>8.2f}{'≤ 10':>12}   {big['size'] / 1024:.0f} KiB"
        f" (floor {big_floor['size'] / 1024:.0f} KiB)\n"
    )
    out.write(
        f"{'  peak memory (MB)':<30}{big['peak_mb']:>10.0f}{big_floor['peak_mb']:>11.0f}"
        f"{big['peak_mb'] / big_floor['peak_mb']:>8.2f}{'≤ 300':>12}\n"
    )
    out.write("targets met\n" if ok else "TARGET MISSED\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
