"""Errors with codes. Messages say what to do."""

from __future__ import annotations

__all__ = ["DotterelError", "UserError", "InputError", "KBError", "GoldFormatError", "StoreError", "RecordError", "RunError"]


class DotterelError(Exception):
    """Base class. `code` is stable and documented (E001...)."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class UserError(DotterelError):
    """Bad arguments or options: the CLI prints the message and exits 1."""

    code = "E001"


class InputError(DotterelError):
    """An input file or record cannot be read. Recorded as a failure; the run goes on."""

    code = "E002"


class KBError(DotterelError):
    """A knowledge-base file is malformed or conflicts with another entry."""

    code = "E003"


class GoldFormatError(DotterelError):
    """A gold file cannot be read; the message names the line."""

    code = "E004"


class StoreError(DotterelError):
    """The database cannot be opened or migrated."""

    code = "E005"


class RecordError(DotterelError):
    """One record holds a value the store cannot take; the run records it as a failure and goes on."""

    code = "E006"


class RunError(DotterelError):
    """A run cannot go on (a worker process died); what was written so far is kept."""

    code = "E007"
