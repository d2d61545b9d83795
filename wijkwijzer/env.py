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


def pipe_closed(stream=None) -> None:
    """The reader of *stream* (default stdout) has gone (a closed pipe): point
    its file descriptor at /dev/null so nothing more - not even Python's
    flush at exit - fails on it."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, (stream or sys.stdout).fileno())
    except (OSError, ValueError, AttributeError):
        pass


class PipeSafe:
    """A stream (text, or the binary ``.buffer`` under it) whose reader may go
    away early (``wijkwijzer check | head -1``): a write or flush that meets a
    closed pipe points the descriptor at /dev/null and carries on, so the
    command finishes its work, says on stderr what it says, and exits with the
    status it decided - a closed pipe never changes it (README, exit codes).
    Everything else is the wrapped stream's."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, data):
        try:
            return self._stream.write(data)
        except BrokenPipeError:
            pipe_closed(self._stream)
            return len(data)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            pipe_closed(self._stream)
            try:
                self._stream.flush()  # what was left in the buffer goes to /dev/null
            except OSError:
                pass

    @property
    def buffer(self):
        return PipeSafe(self._stream.buffer)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def pipe_safe() -> None:
    """Make this process's stdout and stderr :class:`PipeSafe` (the console
    script does this once, before any command runs)."""
    if not isinstance(sys.stdout, PipeSafe) and sys.stdout is not None:
        sys.stdout = PipeSafe(sys.stdout)
    if not isinstance(sys.stderr, PipeSafe) and sys.stderr is not None:
        sys.stderr = PipeSafe(sys.stderr)
