"""Files written whole: the few operating-system steps that make a finished file survive a power
cut or a kill (fsync before the rename, the rename itself, the folder after it), shared by every
layer that writes files (the database's creation, backups, PDFs, workbooks). No SmartDesk
imports: any layer may use it, like ``paths``."""

from __future__ import annotations

import os


def usual_permissions(path: str | os.PathLike[str]) -> None:
    """mkstemp makes files only their owner can read (0600); a saved workbook gets the
    permissions any new file of the user would have (0666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def fsync_folder(folder: str | os.PathLike[str]) -> None:
    """Make a rename inside ``folder`` durable (POSIX; Windows has no directory handle for it
    and NTFS journals the rename itself)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename the finished ``tmp`` onto ``target`` so that a power cut leaves the old file or
    the whole new one: the data reaches the disk before the rename, the rename before we return.
    (Without the first fsync, a journaling file system may commit the rename first and leave a
    file of zeros where the user's workbook was.)"""
    with open(tmp, "rb+") as fh:  # Windows' fsync needs a handle open for writing
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    fsync_folder(os.path.dirname(os.path.abspath(target)))
