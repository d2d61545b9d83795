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

    def write(self, text: str = "") -> None:
        self.stdout.write(text + "\n")


#: the Env a caller handed to this command (tests: ``runner.invoke(app, args,
#: obj=Env(...))``); None: build one for this process's streams when asked
CURRENT: ContextVar[Env | None] = ContextVar("wijkwijzer_env", default=None)


def current() -> Env:
    """The Env of the running command: the one set in :data:`CURRENT`, else a
    new one for the streams as they are now."""
    return CURRENT.get() or Env()
