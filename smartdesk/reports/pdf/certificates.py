"""Certificates of attendance (attestations de participation) for a training: one page each."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smartdesk.domain.enums import EventStatus
from smartdesk.domain.records import CertificateData, EventRecord, OrganisationSettings
from smartdesk.i18n import (
    _,
    format_date,
    format_decimal,
    format_time_range,
    get_locale,
    ngettext,
    pgettext,
    use_locale,
)
from smartdesk.reports.pdf import fonts, styles
from smartdesk.reports.pdf.images import load_picture
from smartdesk.reports.pdf.page import LETTERHEAD_HEIGHT, Letterhead, describe, new_canvas
from smartdesk.reports.pdf.text import ascii_letters, clean, ellipsize, fit

WIDTH, HEIGHT = A4
SIDE = 22 * mm
TOP = 14 * mm
CONTENT = WIDTH - 2 * SIDE
SIGNATURE_TOP = 86 * mm  # from the bottom edge: the signature block lives below this
ANNEX_TOP = HEIGHT - 72 * mm  # where the sessions continue on a second page
PAGE_BOTTOM = 22 * mm  # the lowest session row of a continuation page
ROW, ROW_SIZE = 6 * mm, 9.5
COMPACT_ROW, COMPACT_SIZE = 4.6 * mm, 8


@dataclass(frozen=True, slots=True)
class CertificateOptions:
    lang: str | None = None
    issued_on: dt.date | None = None  # default: today
    place: str | None = None  # "Issued in …"; default: the organisation's commune


def certificates(
    items: Sequence[CertificateData],
    settings: OrganisationSettings | None = None,
    options: CertificateOptions | None = None,
) -> bytes:
    """All certificates in one PDF, one page per participant (an empty list gives one blank-free
    page saying there is nothing to certify, so the file is still a valid PDF)."""
    settings = settings or OrganisationSettings()
    options = options or CertificateOptions()
    with use_locale(options.lang):
        buffer = io.BytesIO()
        c = new_canvas(buffer)
        writer = _Writer(c, settings, options)
        title = items[0].training.title if items else ""
        describe(
            c,
            _("Certificates of attendance – {title}").format(title=clean(title))
            if clean(title)
            else _("Certificates of attendance"),
            settings.name,
        )
        if not items:
            writer.nothing()
        for item in items:
            writer.page(item)
        c.save()
        return buffer.getvalue()


def certificate_files(
    items: Sequence[CertificateData],
    settings: OrganisationSettings | None = None,
    options: CertificateOptions | None = None,
) -> dict[str, bytes]:
    """One PDF per participant, keyed by a safe, unique file name (ASCII, no path separators)."""
    options = options or CertificateOptions()
    result: dict[str, bytes] = {}
    with use_locale(options.lang):
        prefix = safe_name(_("certificate")) or "certificate"
    for item in items:
        stem = "_".join(
            p
            for p in (prefix, safe_name(item.person.last_name), safe_name(item.person.first_name))
            if p
        )
        if stem == prefix:
            stem = f"{prefix}_{item.person.id}"
        name, n = f"{stem}.pdf", 2
        while name in result:  # safe names are lower case: no clash on Windows either
            name, n = f"{stem}-{n}.pdf", n + 1
        result[name] = certificates([item], settings, options)
    return result


def write_certificate_files(
    items: Sequence[CertificateData],
    directory: str | os.PathLike[str],
    settings: OrganisationSettings | None = None,
    options: CertificateOptions | None = None,
) -> list[Path]:
    """Write one PDF per participant into ``directory`` (created if needed); returns the paths."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in certificate_files(items, settings, options).items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def safe_name(value: object, limit: int = 40) -> str:
    """ASCII letters, digits and hyphens only: safe on Windows, in zip files and on the command line."""
    text = ascii_letters(clean(value))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:limit].rstrip("-")


class _Writer:
    """Draws certificate pages; what is the same on every page is laid out or drawn once."""

    def __init__(
        self, c: Canvas, settings: OrganisationSettings, options: CertificateOptions
    ) -> None:
        self.c = c
        self.settings = settings
        self.letterhead = Letterhead.from_settings(settings)
        self.signature = load_picture(settings.signature_image, "signature image")
        issued = options.issued_on or dt.date.today()
        place = clean(options.place) or clean(settings.commune)
        self.done_at = (
            _("Issued in {place} on {date}").format(place=place, date=format_date(issued, "long"))
            if place
            else _("Issued on {date}").format(date=format_date(issued, "long"))
        )
        self.intro_lines, self.intro_size = fit(self._intro(), fonts.REGULAR, 11.5, CONTENT, 2, 9)
        self._session_lines: dict[EventRecord, tuple[str, str, str, str]] = {}
        self._training_lines: dict[int, tuple[list[str], float, str]] = {}
        self._forms: dict[tuple[str, bool], int] = {}

    def _intro(self) -> str:
        """``Marie Lambert, coordinatrice du GAL Burdinale Mehaigne, certifie que``."""
        name, title, org = (
            clean(self.settings.signatory_name),
            clean(self.settings.signatory_title),
            clean(self.settings.name),
        )
        if name:
            role = signatory_role(title, org)
            if role:
                return _("{signatory}, {role}, certifies that").format(signatory=name, role=role)
            return _("{signatory} certifies that").format(signatory=name)
        if org:
            return _("{organisation} certifies that").format(organisation=org)
        return _("We certify that")

    def _frame(self, trainer: str, annex: bool = False) -> None:
        """Letterhead, border, title and (on a certificate's first page) the signature boxes:
        one form per training, drawn on every page."""
        c = self.c
        # one form per trainer, numbered in order of use so the PDF's bytes do not vary
        number = self._forms.setdefault((trainer, annex), len(self._forms))
        form = f"certificate-{'annex' if annex else 'frame'}-{number}"
        if c.hasForm(form):
            c.doForm(form)
            return
        c.beginForm(form)
        top = HEIGHT - TOP
        if not self.letterhead.empty:
            self.letterhead.draw(c, SIDE, top, CONTENT, LETTERHEAD_HEIGHT + 2 * mm)
        c.setStrokeColor(styles.ACCENT)
        c.setLineWidth(1.2)
        c.line(
            SIDE, top - LETTERHEAD_HEIGHT - 5 * mm, SIDE + CONTENT, top - LETTERHEAD_HEIGHT - 5 * mm
        )
        # a thin border keeps the page looking like a certificate rather than a letter
        c.setStrokeColor(styles.ACCENT_LIGHT)
        c.setLineWidth(3)
        c.rect(9 * mm, 9 * mm, WIDTH - 18 * mm, HEIGHT - 18 * mm)
        heading = _("CERTIFICATE OF ATTENDANCE")
        title, size = fit(heading, fonts.BOLD, 18 if annex else 24, CONTENT, 1, 12)
        c.setFillColor(styles.ACCENT)
        c.setFont(fonts.BOLD, size)
        c.drawCentredString(WIDTH / 2, HEIGHT - 62 * mm, title[0] if title else "")
        c.setStrokeColor(styles.RULE)
        c.setLineWidth(0.6)
        c.line(WIDTH / 2 - 25 * mm, HEIGHT - 67 * mm, WIDTH / 2 + 25 * mm, HEIGHT - 67 * mm)
        if not annex:
            self._signature_block(trainer)
        c.endForm()
        c.doForm(form)

    def _signature_block(self, trainer: str) -> None:
        """ "Issued in …, on …" over the whole width, then the trainer's box (when the training
        names one) beside the signatory's."""
        c = self.c
        c.setFillColor(styles.INK)
        lines, size = fit(self.done_at, fonts.REGULAR, 10, CONTENT, 2, 8)
        c.setFont(fonts.REGULAR, size)
        y = SIGNATURE_TOP - 6 * mm
        for line in lines:
            c.drawString(SIDE, y, line)
            y -= size * 1.25
        top = SIGNATURE_TOP - 16 * mm
        width = CONTENT / 2 - 8 * mm
        right = SIDE + CONTENT / 2 + 8 * mm
        if trainer:
            self._signature_box(SIDE, top, width, _("The trainer,"), trainer, "", None)
        self._signature_box(
            right,
            top,
            width,
            _("For the organiser,"),
            self.settings.signatory_name,
            self.settings.signatory_title,
            self.signature,
        )

    def _signature_box(
        self, x: float, y: float, width: float, label: str, name: str, title: str, signature
    ) -> None:
        c = self.c
        c.setFont(fonts.BOLD, 9)
        c.setFillColor(styles.MUTED)
        c.drawString(x, y, ellipsize(clean(label), fonts.BOLD, 9, width))
        if signature is not None:
            w, h = signature.fit(width, 22 * mm)
            c.drawImage(signature.scaled(w, h), x, y - 3 * mm - h, w, h, mask="auto")
        y -= 31 * mm
        c.setStrokeColor(styles.RULE)
        c.setLineWidth(0.5)
        c.line(x, y + 4 * mm, x + width, y + 4 * mm)
        c.setFillColor(styles.INK)
        lines, size = fit(name, fonts.BOLD, 10.5, width, 2, 8)
        c.setFont(fonts.BOLD, size)
        for line in lines:
            c.drawString(x, y, line)
            y -= size * 1.25
        lines, size = fit(title, fonts.REGULAR, 9, width, 2, 7.5)
        c.setFont(fonts.REGULAR, size)
        c.setFillColor(styles.MUTED)
        for line in lines:
            c.drawString(x, y, line)
            y -= size * 1.25

    def _centred(
        self,
        text: str | list[str],
        font: str,
        size: float,
        y: float,
        colour=styles.INK,
        leading: float = 1.25,
        max_lines: int = 1,
        min_size: float | None = None,
    ) -> float:
        """Draw ``text`` centred (fitted to the width unless already a list of lines); return
        the next baseline."""
        if isinstance(text, str):
            lines, size = fit(text, font, size, CONTENT, max_lines, min_size)
        else:
            lines = text
        c = self.c
        c.setFont(font, size)
        c.setFillColor(colour)
        for line in lines:
            c.drawCentredString(WIDTH / 2, y, line)
            y -= size * leading
        return y

    def nothing(self) -> None:
        self._frame("")
        self._centred(
            _("No participant attended this training."),
            fonts.ITALIC,
            11,
            HEIGHT - 100 * mm,
            styles.MUTED,
        )
        self.c.showPage()

    def _training(self, item: CertificateData) -> tuple[list[str], float, str]:
        key = item.training.id
        if key not in self._training_lines:
            lines, size = fit(item.training.title, fonts.BOLD, 16, CONTENT, 3, 11)
            trainer = clean(item.training.trainer)
            self._training_lines[key] = (
                lines,
                size,
                _("given by {trainer}").format(trainer=trainer) if trainer else "",
            )
        return self._training_lines[key]

    def _session(self, session: EventRecord) -> tuple[str, str, str, str]:
        if session not in self._session_lines:
            self._session_lines[session] = (
                format_date(session.start, "full"),
                format_time_range(session.start, session.end),
                clean(session.title),
                certificate_hours(session.hours) if session.hours else "",
            )
        return self._session_lines[session]

    def page(self, item: CertificateData) -> None:
        c = self.c
        trainer = clean(item.training.trainer)
        self._frame(trainer)
        y = HEIGHT - 80 * mm
        y = self._centred(self.intro_lines, fonts.REGULAR, self.intro_size, y)
        y -= 5 * mm
        name = item.person.full_name or _("(no name)")
        lines, size = fit(name, fonts.BOLD, 22, CONTENT, 2, 14)
        y = self._centred(lines, fonts.BOLD, size, y - size * 0.4, leading=1.15)
        person_facts = " · ".join(
            p for p in (clean(item.person.organisation), clean(item.person.commune)) if p
        )
        if person_facts:
            y = self._centred(
                person_facts, fonts.REGULAR, 11, y - 1 * mm, styles.MUTED, 1.25, 2, 8.5
            )
        y -= 5 * mm
        y = self._centred(_("attended the training"), fonts.REGULAR, 11.5, y, min_size=9)
        lines, size, given_by = self._training(item)
        y = self._centred(lines, fonts.BOLD, size, y - size * 0.5, styles.ACCENT, 1.2)
        if given_by:
            y = self._centred(given_by, fonts.ITALIC, 10, y, styles.MUTED, 1.25, 1, 8)
        y -= 4 * mm
        y = self._centred(hours_followed(item), fonts.BOLD, 13, y, min_size=10)
        count = len(item.attended)
        sessions_label = ngettext("over {n} session:", "over {n} sessions:", count).format(n=count)
        y = self._centred(sessions_label, fonts.REGULAR, 10.5, y, min_size=8)
        sessions = sorted(item.attended, key=lambda s: s.start)
        rest = self._sessions_table(sessions, y - 2 * mm, SIGNATURE_TOP + 2 * mm, overleaf=True)
        self._reference(item)
        c.showPage()
        while rest:  # every session is listed: the rest on continuation pages
            self._frame(trainer, annex=True)
            y = self._centred(
                _("Sessions attended by {name} (continued)").format(name=clean(name)),
                fonts.BOLD,
                11,
                HEIGHT - 76 * mm,
                max_lines=2,
                min_size=8,
            )
            rest = self._sessions_table(rest, y - 2 * mm, PAGE_BOTTOM, overleaf=True)
            self._reference(item)
            c.showPage()

    def _reference(self, item: CertificateData) -> None:
        c = self.c
        c.setFont(fonts.REGULAR, 6.5)
        c.setFillColor(styles.RULE)
        c.drawRightString(
            SIDE + CONTENT,
            12 * mm,
            _("Ref. {ref}").format(ref=f"{item.training.id}-{item.person.id}"),
        )

    def _sessions_table(
        self, sessions: list[EventRecord], top: float, bottom: float, overleaf: bool
    ) -> list[EventRecord]:
        """Draw the sessions that fit between ``top`` and ``bottom``; return those left over
        (a last line then says the list goes on overleaf)."""
        c = self.c
        room = top - bottom
        size, row = ROW_SIZE, ROW
        if len(sessions) * row > room:
            size, row = COMPACT_SIZE, COMPACT_ROW
        capacity = max(1, int(room // row))
        shown = sessions if len(sessions) <= capacity else sessions[: capacity - 1]
        widths = (62 * mm, 27 * mm, CONTENT - 62 * mm - 27 * mm - 18 * mm, 18 * mm)
        y = top
        for index, session in enumerate(shown):
            date, hours_range, title, hours = self._session(session)
            if index % 2 == 0:
                c.setFillColor(styles.ZEBRA)
                c.rect(SIDE, y - row + 1.6 * mm, CONTENT, row, stroke=0, fill=1)
            c.setFillColor(styles.INK)
            baseline = y - row / 2
            x = SIDE + 2 * mm
            c.setFont(fonts.CONDENSED_BOLD, size)
            c.drawString(
                x, baseline, ellipsize(date, fonts.CONDENSED_BOLD, size, widths[0] - 3 * mm)
            )
            c.setFont(fonts.CONDENSED, size)
            c.drawString(x + widths[0], baseline, hours_range)
            c.drawString(
                x + widths[0] + widths[1],
                baseline,
                ellipsize(title, fonts.CONDENSED, size, widths[2] - 3 * mm),
            )
            c.drawRightString(SIDE + CONTENT - 2 * mm, baseline, hours)
            y -= row
        rest = sessions[len(shown) :]
        if rest and overleaf:
            c.setFont(fonts.ITALIC, size)
            c.setFillColor(styles.MUTED)
            c.drawString(
                SIDE + 2 * mm,
                y - row / 2,
                ngettext(
                    "… {n} more session on the next page",
                    "… {n} more sessions on the next page",
                    len(rest),
                ).format(n=len(rest)),
            )
        return rest


def certificate_hours(value: float) -> str:
    """Hours as a certificate states them, written out where the abbreviation reads badly
    ("6 uur" in Dutch, where the short "6 u" looked like a typing slip)."""
    return pgettext("certificate", "{hours} h").format(hours=format_decimal(value, 2))


def planned_hours(item: CertificateData) -> float:
    """The hours the training offered: its sessions not cancelled."""
    return sum(s.hours or 0.0 for s in item.training.sessions if s.status != EventStatus.CANCELLED)


def hours_followed(item: CertificateData) -> str:
    """``pour un total de 6 h sur 9 h`` when some sessions were missed, else ``… de 9 h``."""
    followed, planned = item.hours, planned_hours(item)
    if planned - followed > 0.005:
        return _("for a total of {hours} out of {planned}").format(
            hours=certificate_hours(followed), planned=certificate_hours(planned)
        )
    return _("for a total of {hours}").format(hours=certificate_hours(followed))


def _lower_first(title: str) -> str:
    """A function title inside a sentence: ``Coordinatrice du GAL`` → ``coordinatrice du GAL``
    (not in German, where nouns keep their capital, nor for ``DG`` or ``McArthur``)."""
    word = title.split(" ", 1)[0]
    if get_locale().startswith("de") or len(word) < 2 or not word[1:].islower():
        return title
    return title[0].lower() + title[1:]


def signatory_role(title: str, organisation: str) -> str:
    """The signatory's function and organisation as one phrase, the organisation's name not
    repeated: ``Coordinatrice du GAL`` + ``GAL Burdinale Mehaigne`` →
    ``coordinatrice du GAL Burdinale Mehaigne``."""
    title, organisation = clean(title), clean(organisation)
    if not title:
        return organisation
    role = _lower_first(title)
    if not organisation or organisation.casefold() in title.casefold():
        return role
    words, org_words = role.split(" "), organisation.split(" ")
    for k in range(min(len(words), len(org_words)), 0, -1):
        if [w.casefold() for w in words[-k:]] == [w.casefold() for w in org_words[:k]]:
            return " ".join(words + org_words[k:])
    return f"{role}, {organisation}"
