"""Writing the files users ask for: into an existing folder, all at once or not at all.

The new file is written beside the target and renamed into place, so a crash or a full disk
never leaves half a PDF or workbook where the user expects a whole one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from smartdesk.domain.errors import ValidationError
from smartdesk.i18n import _
from smartdesk.reports.xlsx.summary import usual_permissions


def writable(target: Path | str) -> Path:
    target = Path(target)
    if not target.parent.is_dir():
        raise ValidationError(
            "output", _("The folder “{folder}” does not exist.").format(folder=target.parent)
        )
    if target.is_dir():
        raise ValidationError("output", _("{path} is a folder, not a file.").format(path=target))
    return target


def cannot_write(target: Path, exc: OSError) -> ValidationError:
    return ValidationError(
        "output",
        _("Cannot write “{path}”: {reason}").format(path=target, reason=exc.strerror or exc),
    )


def write_atomically(target: Path | str, write: Callable[[BinaryIO], Any]) -> Any:
    """Write through ``write`` into a file next to the target, then rename it into place."""
    target = writable(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            result = write(fh)
        usual_permissions(tmp)
        os.replace(tmp, target)
        return result
    except OSError as exc:
        raise cannot_write(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_bytes(target: Path | str, data: bytes) -> None:
    """``data`` into ``target``, atomically (see the module)."""
    write_atomically(target, lambda fh: fh.write(data))
