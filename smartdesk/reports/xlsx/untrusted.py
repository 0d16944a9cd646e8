"""Opening a workbook that came from outside, refusing what is not a sound, reasonable workbook.

Checks, before openpyxl parses anything:

* the file exists, is not empty and not larger than the limit;
* it is a zip archive with a workbook inside (an old ``.xls``, a password-protected workbook,
  an OpenDocument spreadsheet or a renamed text file get a message saying so);
* the archive is not a zip bomb: at most so many members, a bounded total uncompressed size, no
  member expanding absurdly (zipfile enforces the declared sizes while reading);
* no XML part declares a DTD: entity tricks (billion laughs, external entities) are refused
  here, and again by defusedxml, which openpyxl uses for every part when it is installed —
  SmartDesk requires it and refuses to read at all without it.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.workbook import Workbook

from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import _, format_number

MB = 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


class TableReadError(SmartDeskError):
    """A file SmartDesk cannot read as a table; the message tells the user why, in their language."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What a workbook from outside may weigh."""

    max_file_bytes: int = 50 * MB
    max_uncompressed_bytes: int = 600 * MB
    max_members: int = 2_000
    max_ratio: int = 200  # for members above ratio_from_bytes
    ratio_from_bytes: int = 8 * MB
    max_rows: int = 200_000


IMPORT_LIMITS = Limits()
EXCHANGE_LIMITS = Limits(
    max_file_bytes=200 * MB, max_uncompressed_bytes=2048 * MB, max_rows=5_000_000
)


def check_file(path: Path, limits: Limits) -> bytes:
    """The first bytes of a readable, non-empty file within the size limit."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise TableReadError(_("The file {name} does not exist.").format(name=path)) from None
    except IsADirectoryError:
        raise TableReadError(_("{name} is a folder, not a file.").format(name=path)) from None
    except OSError as exc:
        raise TableReadError(
            _("The file {name} cannot be read: {reason}").format(name=path.name, reason=exc)
        ) from None
    if size == 0:
        raise TableReadError(_("The file {name} is empty.").format(name=path.name))
    if size > limits.max_file_bytes:
        raise TableReadError(
            _("The file {name} is too large ({size} MB; at most {limit} MB).").format(
                name=path.name,
                size=format_number(round(size / MB, 1)),
                limit=format_number(limits.max_file_bytes // MB),
            )
        )
    return head


def is_zip(head: bytes) -> bool:
    return head.startswith(_ZIP)


def is_ole2(head: bytes) -> bool:
    return head.startswith(_OLE2)


def _not_a_workbook(path: Path) -> TableReadError:
    return TableReadError(
        _("The file {name} is not an Excel workbook (.xlsx).").format(name=path.name)
    )


def check_archive(path: Path, limits: Limits) -> None:
    """Refuse what is not an xlsx archive, or one that would expand beyond reason."""
    head = check_file(path, limits)
    if is_ole2(head):
        raise TableReadError(
            _(
                "The file {name} is an old Excel 97-2003 workbook (.xls) or is protected by a "
                "password. Open it in your spreadsheet program and save it as .xlsx without "
                "password, or as CSV."
            ).format(name=path.name)
        )
    if not is_zip(head):
        raise _not_a_workbook(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if len(members) > limits.max_members:
                raise _too_big(path)
            total = 0
            for member in members:
                total += member.file_size
                if (
                    member.file_size > limits.ratio_from_bytes
                    and member.file_size > limits.max_ratio * max(member.compress_size, 1)
                ) or total > limits.max_uncompressed_bytes:
                    raise _too_big(path)
            if "mimetype" in names and "content.xml" in names:
                raise TableReadError(
                    _(
                        "The file {name} is an OpenDocument spreadsheet (.ods). Save it as .xlsx "
                        "or CSV."
                    ).format(name=path.name)
                )
            if "xl/workbook.xml" not in names and not any(
                n.endswith("workbook.xml") for n in names
            ):
                raise _not_a_workbook(path)
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and member.file_size:
                    with archive.open(member) as part:
                        start = part.read(4096)
                    if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
                        raise _unsafe(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise _not_a_workbook(path) from None


def _too_big(path: Path) -> TableReadError:
    return TableReadError(
        _("The file {name} expands to more data than SmartDesk accepts; it was not read.").format(
            name=path.name
        )
    )


def _unsafe(path: Path) -> TableReadError:
    return TableReadError(
        _(
            "The file {name} contains XML constructs (entities, DTD) that a workbook does not "
            "need; it was refused for safety."
        ).format(name=path.name)
    )


@contextlib.contextmanager
def opened_workbook(path: Path, limits: Limits) -> Iterator[Workbook]:
    """A read-only, values-only workbook, after :func:`check_archive`; closed on exit.

    The file is handed to openpyxl open, so a workbook whose name does not end in ``.xlsx``
    (an attachment saved as ``export.csv``) is read for what it is.
    """
    if not openpyxl.DEFUSEDXML:
        raise TableReadError(
            _("SmartDesk cannot read workbooks safely: the defusedxml package is missing.")
        )
    check_archive(path, limits)
    with path.open("rb") as fh:
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises anything from KeyError to ParseError
            raise translate_error(path, exc) from None
        try:
            yield wb
        finally:
            wb.close()


def translate_error(path: Path, exc: Exception) -> TableReadError:
    """A user's message for whatever openpyxl or defusedxml raised while parsing."""
    if isinstance(exc, TableReadError):
        return exc
    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps parse errors in a ValueError
        if type(cause).__module__.startswith("defusedxml"):
            return _unsafe(path)
        cause = cause.__cause__ or cause.__context__
    return TableReadError(
        _("The workbook {name} is damaged or not a valid .xlsx file ({reason}).").format(
            name=path.name, reason=type(exc).__name__
        )
    )
