"""The errors a user can cause, and the exit codes they end in.

Standard library only, so every layer can raise these and both entry paths
(the fast ``who`` and the typer app) report them the same way
(:func:`wijkwijzer.render.terminal.report`).
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes: 0 answered; 1 nothing found or validation failed; 2 usage
    error (typer's own); 130 interrupted by Ctrl-C (128 + SIGINT)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class WijkwijzerError(Exception):
    """Base of the errors a user can cause (a bad value, a damaged file, a busy
    database): ``str()`` is one Dutch sentence saying what was wrong and what
    to do. Anything else that escapes a command is a bug and is reported as
    "Onverwachte fout"."""


class NotFound(LookupError, WijkwijzerError):
    """PLACE or TOPIC did not resolve. ``str()`` is one sentence; ``suggestions``
    holds up to three names the user may have meant ("bedoelde u ...?")."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []
