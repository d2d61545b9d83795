"""The outside world of one command: streams, terminal or pipe, colour.

After httpie's ``Environment``: built once per command and passed down, so
tests swap it. Standard library only (Rich is imported only when a console
is asked for).
"""

from __future__ import annotations

import os
import sys
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import IO


@dataclass
class Env:
    """The outside world of one command (after httpie's Environment): output
    streams, whether stdout is a terminal, and whether colour is wanted.
    Tests build their own."""

    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    is_tty: bool | None = None
    no_color: bool = field(default_factory=lambda: "NO_COLOR" in os.environ)

    def __post_init__(self) -> None:
        if self.is_tty is None:
            try:
                self.is_tty = self.stdout.isatty()
            except (AttributeError, ValueError):
                self.is_tty = False
        tolerate(self.stdout, "replace")
        tolerate(self.stderr, "backslashreplace")

    @property
    def utf8(self) -> bool:
        """True when stdout takes any Unicode text: a UTF encoding, or a text
        stream without one (a StringIO). False for ASCII, cp1252, latin-1 ...,
        where ``--json`` escapes non-ASCII characters."""
        return _is_utf(getattr(self.stdout, "encoding", None))

    def write(self, text: str = "") -> None:
        self.stdout.write(text + "\n")


def _is_utf(encoding: str | None) -> bool:
    import codecs

    if not encoding:
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def tolerate(stream, errors: str) -> None:
    """Make a text *stream* whose encoding cannot take every character
    (``PYTHONIOENCODING=ascii``, cp1252) replace what it cannot encode
    instead of raising: output never turns finished work into a failure.
    Streams that are UTF-8, already tolerant, or cannot be reconfigured
    (a StringIO) are left alone."""
    if _is_utf(getattr(stream, "encoding", None)) or getattr(stream, "errors", "strict") != "strict":
        return
    try:
        stream.reconfigure(errors=errors)
    except (AttributeError, ValueError, OSError):
        pass


#: the Env a caller handed to this command (tests: ``runner.invoke(app, args,
#: obj=Env(...))``); None: build one for this process's streams when asked
CURRENT: ContextVar[Env | None] = ContextVar("wijkwijzer_env", default=None)


def current() -> Env:
    """The Env of the running command: the one set in :data:`CURRENT`, else a
    new one for the streams as they are now."""
    return CURRENT.get() or Env()


def pipe_closed() -> None:
    """The reader of stdout has gone (a closed pipe): point stdout at
    /dev/null so nothing more - not even Python's flush at exit - fails on it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
