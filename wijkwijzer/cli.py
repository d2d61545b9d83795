"""The command line: parse arguments, call the library, render. Nothing else.

Heavy modules (rich, tinydb, rapidfuzz) are imported inside the commands that
need them, so ``--help`` and ``who --json`` start fast.
"""

from __future__ import annotations

import functools
import os
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from . import __version__
from .paths import ENV_DB
from .quick import MSG as QUICK_MSG

MSG = {
    "app": "wijkwijzer: bij wie moet ik zijn? Het aanspreekpunt voor uw thema in uw Haagse wijk.",
    "who": ("Wie is het aanspreekpunt voor THEMA in PLAATS? PLAATS is een organisatie, wijk, "
            "buurt, stadsdeel of postcode; THEMA een thema of een woord als 'bomen' of 'overlast'. "
            "Zet namen van meer woorden tussen aanhalingstekens; zonder aanhalingstekens is het "
            "laatste woord het thema als het een thema is."),
    "place": "Organisatie, wijk(code), buurt(code), stadsdeel of postcode (bijv. 'zeehelden', 'WK051822', '2531').",
    "topic": "Thema of synoniem (bijv. 'bomen', 'subsidie', 'overlast'). Zonder thema: algemene aanspreekpunten.",
    "json": "Schrijf het resultaat als één JSON-document.",
    "db": "Pad naar het databasebestand (standaard in uw gebruikersmap; ook via WIJKWIJZER_DB).",
    "version": "Toon het versienummer en stop.",
    "search": "Zoek in organisaties, wijken, buurten, stadsdelen, themas en contactpunten.",
    "limit": "Hoeveel resultaten maximaal.",
    "show": "Toon één record (elke soort) volgens zijn id of code.",
    "stadsdeel_opt": "Alleen dit stadsdeel.",
    "thema_opt": "Alleen contactpunten voor dit thema (of alle themas).",
    "nothing": "Niets gevonden voor '{q}'.",
    "no_id": "Geen record met id of code '{q}'.",
    "no_stadsdeel": "Geen stadsdeel '{q}'.",
    "aborted": "Afgebroken; er is niets veranderd (met --yes gaat het zonder vragen).",
}


class ExitStatus(IntEnum):
    """Exit codes: 0 answered; 1 nothing found or validation failed; 2 usage error."""

    OK = 0
    ERROR = 1
    USAGE = 2


app = typer.Typer(help=MSG["app"], no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

DbOpt = Annotated[Optional[Path], typer.Option("--db", envvar=ENV_DB, help=MSG["db"], show_envvar=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help=MSG["json"])]
StadsdeelOpt = Annotated[Optional[str], typer.Option("--stadsdeel", help=MSG["stadsdeel_opt"])]


def make_env():
    """The Env (streams, is-a-terminal) for this process; tests patch this."""
    from .render import Env

    return Env()


def fail(message: str, suggestions=()) -> typer.Exit:
    """Print one error sentence to stderr and return the Exit(1) to raise."""
    from .render import error

    error(message, make_env(), suggestions)
    return typer.Exit(ExitStatus.ERROR)


#: answers that mean yes at a confirmation question (Dutch first; English too)
YES = ("j", "ja", "y", "yes")


def confirm(question: str) -> None:
    """Ask *question* on stderr and read the answer from stdin, terminal or
    not; raise the exit-1 "aborted" error unless it is yes. No answer at all
    (end of input) counts as no, so a script must pass --yes explicitly."""
    import sys

    env = make_env()
    env.stderr.write(f"{question} [j/N] ")
    env.stderr.flush()
    answer = sys.stdin.readline() if sys.stdin else ""
    if not answer.endswith("\n"):
        env.stderr.write("\n")  # end the prompt's line when there was no answer
    if answer.strip().lower() not in YES:
        raise fail(MSG["aborted"])


def handle_errors(func: Callable) -> Callable:
    """Turn the library's expected errors into one sentence on stderr and exit 1.

    Unexpected errors get a one-line message too; set WIJKWIJZER_DEBUG=1 for
    the traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .lookup import NotFound
        from .store import StoreError

        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except NotFound as exc:
            raise fail(str(exc), exc.suggestions) from None
        except (StoreError, ValueError, OSError) as exc:
            if os.environ.get("WIJKWIJZER_DEBUG"):
                raise
            raise fail(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - last line of defence, see docstring
            if os.environ.get("WIJKWIJZER_DEBUG"):
                raise
            raise fail(QUICK_MSG["internal"].format(exc=exc)) from None

    return wrapper


def open_store(db: Optional[Path]):
    """The Store for ``--db`` / WIJKWIJZER_DB / the default location."""
    from .paths import default_db_path
    from .store import Store

    from .render import say_created

    return Store(db or default_db_path(), on_create=lambda path: say_created(path, make_env()))


def directory(db: Optional[Path]):
    """Read the database once and index it for lookups."""
    from .lookup import Directory

    return Directory(open_store(db).snapshot())


def emit(obj, as_json: bool, show: Callable) -> None:
    """Write *obj* as JSON, or call ``show(obj, env)`` for the human view."""
    env = make_env()
    if as_json:
        from .render import print_json

        print_json(obj, env)
    else:
        show(obj, env)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wijkwijzer {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help=MSG["version"])] = False) -> None:
    """wijkwijzer: bij wie moet ik zijn?"""


@app.command(help=MSG["who"], context_settings={"allow_extra_args": True})
@handle_errors
def who(
    ctx: typer.Context,
    plaats: Annotated[str, typer.Argument(help=MSG["place"], metavar="PLAATS")],
    thema: Annotated[Optional[str], typer.Argument(help=MSG["topic"], metavar="[THEMA]")] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from .quick import who as answer_who

    code = answer_who([plaats, *([thema] if thema else []), *ctx.args], as_json, db, make_env())
    if code:
        raise typer.Exit(code)


@app.command(help=MSG["search"])
@handle_errors
def search(
    tekst: Annotated[str, typer.Argument(help="Zoektekst.", metavar="TEKST")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=MSG["limit"])] = 10,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from .search import search as run_search

    hits = run_search(directory(db), tekst, limit=limit)
    if not hits:
        raise fail(MSG["nothing"].format(q=tekst))
    from .render import render_table

    emit(hits, as_json, lambda rows, env: render_table(
        rows, [("soort", "soort"), ("id", "id"), ("naam", "naam"), ("detail", "detail"),
               ("score", "score")], env))


def _stadsdeel_id(d, value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    from .lookup import NotFound
    from .text import normalize

    for sd in d.data["stadsdelen"]:
        if normalize(value) in (normalize(sd["id"]), normalize(sd["naam"])):
            return sd["id"]
    raise NotFound(MSG["no_stadsdeel"].format(q=value), [s["naam"] for s in d.data["stadsdelen"]][:3])


def _list(kind: str, rows: list[dict], columns: list[tuple[str, str]], as_json: bool) -> None:
    from .render import render_table

    emit(rows, as_json, lambda r, env: render_table(r, columns, env, title=kind))


def _in_stadsdeel(kind: str):
    """How a record of *kind* is placed in a stadsdeel, for ``--stadsdeel``."""
    if kind == "buurten":
        return lambda d, r: d.by_id["wijken"].get(r.get("wijk"), {}).get("stadsdeel")
    return lambda d, r: r.get("stadsdeel")


#: list command -> (help, columns as (field, header), filterable by --stadsdeel)
LISTS = {
    "stadsdelen": ("Toon de stadsdelen.",
                   [("id", "id"), ("naam", "naam"), ("kantoor", "kantoor"), ("status", "status")], False),
    "wijken": ("Toon de wijken (CBS-codes), eventueel van één stadsdeel.",
               [("code", "code"), ("naam", "naam"), ("stadsdeel", "stadsdeel"),
                ("stadsdeel_bevestigd", "bevestigd"), ("status", "status")], True),
    "buurten": ("Toon de buurten (CBS-codes), eventueel van één stadsdeel.",
                [("code", "code"), ("naam", "naam"), ("wijk", "wijk"), ("status", "status")], True),
    "diensten": ("Toon de diensten van de gemeente en de partners.",
                 [("id", "id"), ("naam", "naam"), ("soort", "soort"), ("status", "status")], False),
    "organisaties": ("Toon de bewonersorganisaties, eventueel van één stadsdeel.",
                     [("id", "id"), ("naam", "naam"), ("stadsdeel", "stadsdeel"), ("wijken", "wijken")],
                     True),
    "themas": ("Toon de themas met hun synoniemen.",
               [("id", "id"), ("naam", "naam"), ("diensten", "diensten"), ("synoniemen", "synoniemen")],
               False),
}


def _register_list(kind: str, help_text: str, columns: list[tuple[str, str]], filterable: bool) -> None:
    """Add the read command *kind* (e.g. ``wijken [--stadsdeel X] [--json]``)."""
    placed = _in_stadsdeel(kind)

    def show_list(stadsdeel: Optional[str], as_json: bool, db: Optional[Path]) -> None:
        d = directory(db)
        sd = _stadsdeel_id(d, stadsdeel)
        rows = [r for r in d.data[kind] if sd is None or placed(d, r) == sd]
        _list(kind, rows, columns, as_json)

    if filterable:
        def command(stadsdeel: StadsdeelOpt = None, as_json: JsonOpt = False, db: DbOpt = None) -> None:
            show_list(stadsdeel, as_json, db)
    else:
        def command(as_json: JsonOpt = False, db: DbOpt = None) -> None:
            show_list(None, as_json, db)
    command.__name__ = kind
    app.command(name=kind, help=help_text)(handle_errors(command))


for _kind, (_help, _columns, _filterable) in LISTS.items():
    _register_list(_kind, _help, _columns, _filterable)


@app.command(help="Toon de contactpunten, eventueel voor één stadsdeel en/of thema.")
@handle_errors
def contactpunten(
    stadsdeel: StadsdeelOpt = None,
    thema: Annotated[Optional[str], typer.Option("--thema", help=MSG["thema_opt"])] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from .dataset import ALL_THEMAS, as_list

    d = directory(db)
    sd = _stadsdeel_id(d, stadsdeel)
    areas = None
    if sd:
        areas = {sd} | {w["code"] for w in d.data["wijken"] if w.get("stadsdeel") == sd}
    tid = d.resolve_thema(thema).thema["id"] if thema else None
    rows = [c for c in d.data["contactpunten"]
            if (areas is None or areas & set(as_list(c.get("gebied"))))
            and (tid is None or tid in as_list(c.get("themas")) or ALL_THEMAS in as_list(c.get("themas")))]
    _list("contactpunten", rows, [("id", "id"), ("rol", "rol"), ("dienst", "dienst"),
                                  ("gebied", "gebied"), ("themas", "themas"), ("niveau", "niveau"),
                                  ("kanalen", "kanalen"), ("status", "status")], as_json)


@app.command(help=MSG["show"])
@handle_errors
def show(
    record_id: Annotated[str, typer.Argument(help="Id of code, bijv. 'WK051822' of 'centrum-gebiedsregisseur-dsb'.",
                                             metavar="ID")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from .search import find_record

    d = directory(db)
    found = find_record(d, record_id)
    if found is None:
        from .search import suggest_ids

        raise fail(MSG["no_id"].format(q=record_id), suggest_ids(d, record_id))
    kind, record = found
    from .render import render_record

    emit(record, as_json, lambda r, env: render_record(kind, r, env))


def run() -> None:
    """Run the full typer app (``wijkwijzer.quick.run`` is the console script)."""
    from .quick import run as quick_run

    quick_run()


# Commands of the staff tools live in their own modules and register on `app`.
from . import cli_edit, cli_io, cli_safety  # noqa: E402,F401
