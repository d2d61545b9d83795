"""Read commands for everyone: who, search, the lists, contactpunten, show.

Thin: parse arguments, call :mod:`wijkwijzer.lookup`, render. ``who`` runs the
same :func:`wijkwijzer.cli.answer.answer` as the fast entry point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from wijkwijzer.cli import complete
from wijkwijzer.cli._shared import DbOpt, GemeenteOpt, JsonOpt, StadsdeelOpt, directory, emit, fail, handle_errors, make_env
from wijkwijzer.i18n import N_, Messages

MSG = Messages({
    "who": ("Wie is het aanspreekpunt voor THEMA in PLAATS? PLAATS is een organisatie, wijk, "
            "buurt, stadsdeel of postcode; THEMA een thema of een woord als 'bomen' of 'overlast'. "
            "Aanhalingstekens zijn niet nodig: de woorden worden zo gesplitst dat plaats en thema "
            "het best passen ('who Bezuidenhout eenzame ouderen'); Engelse woorden ('trees', "
            "'noise') werken ook."),
    "place": ("Organisatie, wijk(code), buurt(code), stadsdeel of postcode (bijv. 'zeehelden', "
              "'WK051822', '2531', '2531 AB 12')."),
    "topic": "Thema of synoniem (bijv. 'bomen', 'subsidie', 'overlast'). Zonder thema: algemene aanspreekpunten.",
    "detailed": "Toon het hele antwoord: waarom elk contactpunt, bronnen en controledatum.",
    "search": "Zoek in organisaties, wijken, buurten, stadsdelen, thema's en contactpunten.",
    "limit": "Hoeveel resultaten maximaal.",
    "show": "Toon één record (elke soort) volgens zijn id of code.",
    "thema_opt": "Alleen contactpunten voor dit thema (of alle thema's).",
    "nothing": "Niets gevonden voor '{q}'.",
    "no_id": "Geen record met id of code '{q}'.",
    "no_stadsdeel": "Geen stadsdeel '{q}'.",
    "empty_place": "geef een plaats op: een organisatie, wijk, buurt, stadsdeel of postcode.",
})

app = typer.Typer()


def _place_given(value: str) -> str:
    """PLAATS without a letter or digit ("", "+", "   ") is a usage error (exit 2),
    never a guess."""
    if not any(c.isalnum() for c in value):
        raise typer.BadParameter(MSG["empty_place"])
    return value


@app.command(help=MSG["who"], context_settings={"allow_extra_args": True})
@handle_errors
def who(
    ctx: typer.Context,
    plaats: Annotated[str, typer.Argument(help=MSG["place"], metavar="PLAATS", callback=_place_given,
                                          autocompletion=complete.places)],
    thema: Annotated[Optional[str], typer.Argument(help=MSG["topic"], metavar="[THEMA]",
                                                   autocompletion=complete.themas)] = None,
    as_json: JsonOpt = False,
    detailed: Annotated[bool, typer.Option("--uitgebreid", "-v", help=MSG["detailed"])] = False,
    gemeente: GemeenteOpt = None,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.cli.answer import answer

    code = answer([plaats, *([thema] if thema else []), *ctx.args], as_json, db, detailed, gemeente,
                  env=make_env())
    if code:
        raise typer.Exit(code)


@app.command(help=MSG["search"])
@handle_errors
def search(
    tekst: Annotated[str, typer.Argument(help="Zoektekst.", metavar="TEKST")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=MSG["limit"])] = 10,
    gemeente: GemeenteOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.lookup.search import search as run_search

    hits = run_search(directory(db, gemeente, home=True, indexed=True), tekst, limit=limit)
    if not hits:
        raise fail(MSG["nothing"].format(q=tekst))
    from wijkwijzer.render.terminal import render_table

    emit(hits, as_json, lambda rows, env: render_table(
        rows, [("soort", "soort"), ("id", "id"), ("naam", "naam"), ("detail", "detail"),
               ("score", "score")], env))


def _stadsdeel_id(d, value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    from wijkwijzer.errors import NotFound
    from wijkwijzer.text import normalize

    for sd in d.data["stadsdelen"]:
        if normalize(value) in (normalize(sd["id"]), normalize(sd["naam"])):
            return sd["id"]
    raise NotFound(MSG["no_stadsdeel"].format(q=value), [s["naam"] for s in d.data["stadsdelen"]][:3])


def _list(kind: str, rows: list[dict], columns: list[tuple[str, str]], as_json: bool) -> None:
    from wijkwijzer.render.terminal import render_table

    emit(rows, as_json, lambda r, env: render_table(r, columns, env, title=kind))


#: list command -> (help, columns as (field, header), filterable by --stadsdeel)
LISTS = {
    "gemeenten": (N_("Toon de gemeenten (CBS-codes)."), [("id", "code"), ("naam", "naam"), ("status", "status")],
                  False),
    "stadsdelen": (N_("Toon de stadsdelen."),
                   [("id", "id"), ("naam", "naam"), ("kantoor", "kantoor"), ("status", "status")], False),
    "wijken": (N_("Toon de wijken (CBS-codes), eventueel van één stadsdeel."),
               [("code", "code"), ("naam", "naam"), ("stadsdeel", "stadsdeel"),
                ("stadsdeel_bevestigd", "bevestigd"), ("status", "status")], True),
    "buurten": (N_("Toon de buurten (CBS-codes), eventueel van één stadsdeel."),
                [("code", "code"), ("naam", "naam"), ("wijk", "wijk"), ("status", "status")], True),
    "diensten": (N_("Toon de diensten van de gemeente en de partners."),
                 [("id", "id"), ("naam", "naam"), ("soort", "soort"), ("status", "status")], False),
    "organisaties": (N_("Toon de bewonersorganisaties, eventueel van één stadsdeel."),
                     [("id", "id"), ("naam", "naam"), ("stadsdeel", "stadsdeel"), ("wijken", "wijken")],
                     True),
    "themas": (N_("Toon de thema's met hun synoniemen."),
               [("id", "id"), ("naam", "naam"), ("diensten", "diensten"), ("synoniemen", "synoniemen"),
                ("synoniemen_en", "English")],
               False),
}


#: the lists without --stadsdeel that a home gemeente still narrows down
GEMEENTE_LISTS = ("stadsdelen",)


def _register_list(kind: str, help_text: str, columns: list[tuple[str, str]], filterable: bool) -> None:
    """Add the read command *kind* (e.g. ``wijken [--stadsdeel X] [--json]``)."""
    def show_list(stadsdeel: Optional[str], gemeente: Optional[str], as_json: bool, db: Optional[Path]) -> None:
        from wijkwijzer.lookup.home import at_home
        from wijkwijzer.lookup.lists import in_stadsdeel

        d = directory(db, gemeente, home=kind != "gemeenten", indexed=True)
        sd = _stadsdeel_id(d, stadsdeel)
        rows = [r for r in (d.data[kind] if sd is None else in_stadsdeel(d, kind, sd)) if at_home(d, kind, r)]
        _list(kind, rows, columns, as_json)

    if filterable:
        def command(stadsdeel: StadsdeelOpt = None, gemeente: GemeenteOpt = None, as_json: JsonOpt = False,
                    db: DbOpt = None) -> None:
            show_list(stadsdeel, gemeente, as_json, db)
    elif kind in GEMEENTE_LISTS:
        def command(gemeente: GemeenteOpt = None, as_json: JsonOpt = False, db: DbOpt = None) -> None:
            show_list(None, gemeente, as_json, db)
    else:
        def command(as_json: JsonOpt = False, db: DbOpt = None) -> None:
            show_list(None, None, as_json, db)
    command.__name__ = kind
    app.command(name=kind, help=help_text)(handle_errors(command))


for _kind, (_help, _columns, _filterable) in LISTS.items():
    _register_list(_kind, _help, _columns, _filterable)


@app.command(help="Toon de contactpunten, eventueel voor één stadsdeel en/of thema.")
@handle_errors
def contactpunten(
    stadsdeel: StadsdeelOpt = None,
    thema: Annotated[Optional[str], typer.Option("--thema", help=MSG["thema_opt"], autocompletion=complete.themas)] = None,
    gemeente: GemeenteOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.lookup.lists import contactpunten as listed

    d = directory(db, gemeente, home=True, indexed=True)
    sd = _stadsdeel_id(d, stadsdeel)
    tid = d.resolve_thema(thema).thema["id"] if thema else None
    rows = listed(d, sd, tid)
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
    from wijkwijzer.lookup.search import find_record

    d = directory(db, indexed=True)
    found = find_record(d, record_id)
    if found is None:
        from wijkwijzer.lookup.search import suggest_ids

        raise fail(MSG["no_id"].format(q=record_id), suggest_ids(d, record_id))
    kind, record = found
    from wijkwijzer.render.terminal import render_record

    from wijkwijzer.dataset import KIND_SINGULAR

    emit(record, as_json, lambda r, env: render_record(KIND_SINGULAR.get(kind, kind), r, env))
