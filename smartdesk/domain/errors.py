"""Errors a user can read. Messages are already translated when raised (the service layer calls _())."""

from __future__ import annotations


class SmartDeskError(Exception):
    """Base of every error meant for a user: the CLI prints it and exits 1, the UI shows it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(SmartDeskError):
    """Bad input for one field; ``field`` is the field's identifier, the message names it for users."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class NotFoundError(SmartDeskError):
    pass


class ConflictError(SmartDeskError):
    """The operation would break a rule of the data (e.g. deleting a person with history)."""


class MissingResourceError(SmartDeskError):
    """A file SmartDesk ships (a font …) is missing or damaged: the installation needs repair."""


class OperationCancelled(SmartDeskError):
    """The user cancelled a long operation; its transaction was rolled back, nothing was written."""


class DatabaseBusyError(SmartDeskError):
    """Another writer kept the database longer than we could wait; nothing of this action was
    written (the form, or the command's input, is kept so it can be tried again)."""


class DatabaseFileError(SmartDeskError):
    """A database file that cannot be opened as asked. ``kind`` tells the screens which dialog to
    show: ``missing``, ``missing_folder``, ``not_database``, ``foreign``, ``damaged``,
    ``read_only``, ``locked``, ``newer``. The file is left untouched (same bytes)."""

    def __init__(self, kind: str, path: object, message: str):
        super().__init__(message)
        self.kind = kind
        self.path = path


class DatabaseLockedError(DatabaseFileError):
    """The file is open for writing by another SmartDesk (another PC or user): ``holder`` names
    who (user@computer) and ``since`` when; the screens offer to open it read-only."""

    def __init__(self, path: object, message: str, holder: str, since: object):
        super().__init__("locked", path, message)
        self.holder = holder
        self.since = since
