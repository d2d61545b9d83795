"""What every command module shares: options, errors, confirmation, the store.

A command module imports from here and owns its own ``typer.Typer()``;
:mod:`wijkwijzer.cli.main` adds each one to the root app. Nothing here imports
a command module, so there is no cycle.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from wijkwijzer.errors import ExitStatus
from wijkwijzer.paths import ENV_DB
from wijkwijzer.i18n import Messages

MSG = Messages({
    "json": "Schrijf het resultaat als één JSON-document.",
    "db": "Pad naar het databasebestand (standaard in uw gebruikersmap; ook via WIJKWIJZER_DB).",
    "stadsdeel_opt": "Alleen dit stadsdeel.",
    "yes": "Niet om bevestiging vragen.",
    "gemeente": ("Uw gemeente (naam of CBS-code): plaatsen worden eerst daar gezocht. Standaard "
                 "WIJKWIJZER_GEMEENTE, anders 'wijkwijzer instellingen gemeente'."),
    "as": "Wie dit doet (voor de historie); standaard de gebruiker van het systeem.",
    "yes_no": "[j/N]",
    "aborted": "Afgebroken; er is niets veranderd (met --yes gaat het zonder vragen).",
    "unwritable": "Kan {path} niet schrijven: {why}; er is niets geschreven.",
})

DbOpt = Annotated[Optional[Path], typer.Option("--db", envvar=ENV_DB, help=MSG["db"], show_envvar=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help=MSG["json"])]
StadsdeelOpt = Annotated[Optional[str], typer.Option("--stadsdeel", help=MSG["stadsdeel_opt"])]
GemeenteOpt = Annotated[Optional[str], typer.Option("--gemeente", help=MSG["gemeente"], metavar="NAAM|GMxxxx")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help=MSG["yes"])]
AsOpt = Annotated[Optional[str], typer.Option("--as", help=MSG["as"], metavar="NAAM")]

__all__ = ["AsOpt", "DbOpt", "ExitStatus", "GemeenteOpt", "JsonOpt", "StadsdeelOpt", "YesOpt", "confirm", "directory",
           "emit", "fail", "handle_errors", "make_env", "open_store", "writing"]


def make_env():
    """The :class:`wijkwijzer.env.Env` of this command: the one the caller
    passed as the click context's ``obj`` (``runner.invoke(app, args,
    obj=Env(...))``, as httpie's ``main(args, env)``; the root callback puts
    it in :data:`wijkwijzer.env.CURRENT`), else one for this process's streams."""
    from wijkwijzer.env import current

    return current()


def fail(message: str, suggestions=()) -> typer.Exit:
    """Print one error sentence to stderr and return the Exit(1) to raise."""
    from wijkwijzer.render.terminal import error

    error(message, make_env(), suggestions)
    return typer.Exit(ExitStatus.ERROR)


@contextmanager
def writing(path: Path):
    """Around writing a file the user named (``export --out``, the settings
    file): an OSError becomes one sentence naming *path* and the reason in
    Dutch words (:func:`wijkwijzer.store.database.os_reason`) - no errno, no
    temporary file name - and exit 1."""
    try:
        yield
    except OSError as exc:
        from wijkwijzer.store.database import os_reason

        raise fail(MSG["unwritable"].format(path=path, why=os_reason(exc))) from None


#: answers that mean yes at a confirmation question (Dutch first; English too)
YES = ("j", "ja", "y", "yes")


def confirm(question: str) -> None:
    """Ask *question* on stderr and read the answer from stdin, terminal or
    not; raise the exit-1 "aborted" error unless it is yes. No answer at all
    (end of input) counts as no, so a script must pass --yes explicitly.
    click's own confirm is not used: it hard-codes "[y/N]"."""
    import sys

    env = make_env()
    env.stderr.write(f"{question} {MSG['yes_no']} ")
    env.stderr.flush()
    answer = sys.stdin.readline() if sys.stdin else ""
    if not answer.endswith("\n"):
        env.stderr.write("\n")  # end the prompt's line when there was no answer
    if answer.strip().lower() not in YES:
        raise fail(MSG["aborted"])


def handle_errors(func: Callable) -> Callable:
    """Report what *func* raises through :func:`wijkwijzer.render.terminal.report`
    (one sentence on stderr, exit 1); set WIJKWIJZER_DEBUG=1 for the traceback
    of an unexpected error."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from contextlib import nullcontext

        from wijkwijzer.i18n import DEFAULT, using

        # JSON is one contract for every language: with --json the sentences in
        # the document and on stderr are Dutch (see wijkwijzer.cli.answer)
        with using(DEFAULT) if kwargs.get("as_json") else nullcontext():
            return _reported(func, args, kwargs)

    return wrapper


def _reported(func: Callable, args, kwargs):
    """Call *func*; report a user error or a bug as :func:`handle_errors` says."""
    try:
        return func(*args, **kwargs)
    except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - report() sorts user errors from bugs
        from wijkwijzer.render.terminal import report

        raise typer.Exit(report(exc, make_env())) from None


def open_store(db: Optional[Path]):
    """The :class:`wijkwijzer.store.database.Store` for ``--db`` /
    WIJKWIJZER_DB / the default location; says on stderr when it is created.
    A ``--db`` in a folder that does not exist is refused, not created."""
    from wijkwijzer.paths import db_location
    from wijkwijzer.render.terminal import say_created
    from wijkwijzer.store.database import Store

    path, create_folder = db_location(db)
    return Store(path, on_create=lambda p: say_created(p, make_env()), create_folder=create_folder)


def directory(db: Optional[Path], gemeente: Optional[str] = None, *, home: bool = False,
              indexed: bool = False):
    """Read the database once and index it for lookups: a
    :class:`wijkwijzer.lookup.directory.Directory`. With *home* it knows the
    user's home gemeente (``--gemeente`` *gemeente*, else the environment or
    the stored setting; :func:`wijkwijzer.lookup.home.set_home`), which raises
    NotFound for a gemeente that is not in the database. With *indexed* it is
    answered from the derived read index when that matches the file
    (:func:`wijkwijzer.lookup.index.directory`; same answers, only the records
    a command touches are read), else from the file."""
    if indexed:
        from wijkwijzer.lookup.index import directory as from_index
        from wijkwijzer.render.terminal import say_rebuilding

        d = from_index(open_store(db), on_rebuild=lambda: say_rebuilding(make_env()))
    else:
        from wijkwijzer.lookup.directory import Directory

        d = Directory(open_store(db).snapshot())
    if home:
        from wijkwijzer.lookup.home import set_home

        set_home(d, gemeente)
    return d


def emit(obj, as_json: bool, show: Callable) -> None:
    """Write *obj* as one JSON document, or call ``show(obj, env)`` for the
    human view. The only JSON path of the typer commands."""
    env = make_env()
    if as_json:
        from wijkwijzer.render.terminal import print_json

        print_json(obj, env)
    else:
        show(obj, env)
