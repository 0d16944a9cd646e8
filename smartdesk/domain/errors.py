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
