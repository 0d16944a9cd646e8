"""An import's report: its counts and lines (refused, skipped, changed, to check), as the
command line, the wizard and a saved file show them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import _, format_number
from smartdesk.reports.csv_export import write_csv
from smartdesk.reports.xlsx import IGNORE
from smartdesk.services.import_updates import FieldChange


@dataclass(frozen=True, slots=True)
class ImportProblem:
    row: int
    reason: str
    field: str | None = None
    column: str | None = None  # the file's own header of that field ("Courriel")


@dataclass(slots=True)
class ImportReport:
    source: str
    mapping: dict[str, str]
    rows: int = 0
    created: int = 0
    updated: int = 0
    registered: int = 0
    unchanged: int = 0  # known people the file had nothing new about
    lines_skipped: int = 0  # of ``skipped``: lines that are no person (a total, a blank line)
    skipped: list[ImportProblem] = field(default_factory=list)
    invalid: list[ImportProblem] = field(default_factory=list)
    #: Read and imported, with something to check (a phone number that cannot be read, a
    #: place that is no Belgian commune, a sector left as it was).
    warnings: list[ImportProblem] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    blocked: bool = False  # invalid rows and no --skip-invalid: nothing is (or would be) written
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def field_label(name: str) -> str:
    """A field's name as the user reads it (mapping combos, reports)."""
    labels = {
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "full_name": _("Full name (first and last)"),
        "email": _("E-mail"),
        "phone": _("Phone"),
        "function": _("Function"),
        "organisation": _("Organisation"),
        "sector": _("Sector"),
        "commune": _("Commune"),
        "postal_code": _("Postal code"),
        "consent": _("Consent to be contacted"),
        "notes": _("Notes"),
        IGNORE: _("(do not import)"),
    }
    return labels.get(name, name)


def field_change_text(change: FieldChange) -> str:
    """ "Phone: 0475123456 → +32 475 12 34 56", as the report shows a change."""
    empty = _("(empty)")
    return _("{field}: {old} → {new}").format(
        field=field_label(change.field), old=change.old or empty, new=change.new or empty
    )


def report_lines(report: ImportReport) -> list[tuple[int, str, str, str]]:
    """(row, outcome, column, reason) for every row not simply created, in row order: refused,
    skipped, each changed field of a known person, and the warnings. The column is the file's
    own header where the line is about one field."""

    def column(p: ImportProblem) -> str:
        return p.column or (field_label(p.field) if p.field else "")

    lines = [(p.row, _("Refused"), column(p), p.reason) for p in report.invalid]
    lines += [(p.row, _("Skipped"), "", p.reason) for p in report.skipped]
    lines += [
        (c.row, _("Changed"), report_column(report, c.field), field_change_text(c))
        for c in report.changes
    ]
    lines += [(p.row, _("Warning"), column(p), p.reason) for p in report.warnings]
    return sorted(lines, key=lambda line: line[0])


def report_column(report: ImportReport, field_name: str) -> str:
    """The file's header of a field (from the report's mapping), else the field's label."""
    for header, mapped in report.mapping.items():
        if mapped == field_name:
            return header
    return field_label(field_name)


def report_summary(report: ImportReport) -> list[str]:
    """The report's counts, one sentence each, as the wizard shows them."""
    lines = [
        _("File: {source}").format(source=Path(report.source).name),
        _("Rows read: {n}").format(n=format_number(report.rows)),
    ]
    if report.blocked:
        lines.append(_("Nothing was imported: correct the refused rows, or skip them."))
    lines += [
        _("Created: {n}").format(n=format_number(report.created if report.written else 0)),
        _("Updated: {n}").format(n=format_number(report.updated if report.written else 0)),
    ]
    if report.unchanged:
        lines.append(_("Already known, nothing new: {n}").format(n=format_number(report.unchanged)))
    lines += [
        _("Skipped: {n}").format(n=format_number(len(report.skipped))),
        _("Refused: {n}").format(n=format_number(len(report.invalid))),
    ]
    if report.warnings:
        lines.append(_("Warnings: {n}").format(n=format_number(len(report.warnings))))
    if report.registered:
        lines.append(_("Registered to the event: {n}").format(n=format_number(report.registered)))
    return lines


def save_report(report: ImportReport, path: Path | str) -> Path:
    """Save an import's report: ``.csv`` as a table (Excel on a Belgian Windows), any other
    name as plain text (summary, then one line per row skipped or refused)."""
    path = Path(path)
    headers = [_("Row"), _("Outcome"), _("Column"), _("Reason")]
    try:
        if path.suffix.lower() == ".csv":
            write_csv(path, headers, report_lines(report))
            return path
        out = io.StringIO()
        for line in report_summary(report):
            out.write(line + "\n")
        out.write("\n")
        for row, outcome, field_name, reason in report_lines(report):
            where = f"{field_name}: " if field_name else ""
            out.write(_("Row {row}").format(row=row) + f"\t{outcome}\t{where}{reason}\n")
        path.write_text(out.getvalue(), encoding="utf-8-sig", newline="\r\n")
    except OSError as exc:
        raise SmartDeskError(
            _("The report could not be saved to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    return path
