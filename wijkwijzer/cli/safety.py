"""Commands that protect the data: restore from backup, forget a person (AVG).

Thin: parse arguments, ask for confirmation, call :mod:`wijkwijzer.store` /
:mod:`wijkwijzer.privacy`, render.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from wijkwijzer.cli._shared import AsOpt, YesOpt, DbOpt, JsonOpt, confirm, emit, fail, handle_errors, make_env, open_store
from wijkwijzer.i18n import Messages, ngettext

MSG = Messages({
    "restore": ("Zet de reservekopie (<bestand>.bak, de versie van voor de laatste wijziging) "
                "terug. Het huidige bestand blijft bewaard als <bestand>.damaged-<tijd> of "
                "<bestand>.replaced-<tijd>."),
    "forget": ("Wis een persoon (naam, telefoon, e-mail) uit alle records, de historie en de "
               "reservekopieën (AVG). NAAM wordt vergeleken zonder hoofdletters en accenten."),
    "name": "Volledige naam van de persoon, bijv. 'Jan de Vries'.",
    "dry_run": "Laat alleen zien wat er gewist zou worden; verander niets.",
    "dry_done": "Proefdraai: er is niets gewist.",
    "restore_q": "{path} vervangen door de reservekopie {backup} (van {when})?",
    "restored": "Hersteld: {path} is nu de reservekopie {backup}.",
    "aside_damaged": "Het beschadigde bestand staat nu in {aside}.",
    "aside_replaced": "Het vervangen bestand staat nu in {aside}.",
    "no_backup": "Er is geen reservekopie {backup} om terug te zetten; er is niets veranderd.",
    "found_files": "Ook in: {files}.",
    "forget_q": "Deze persoon overal wissen? Dit kan niet ongedaan worden gemaakt.",
    "erased_table": "Gewist in {table}: {persons} persoon-gegevens, {texts} teksten.",
    "erased_none": "In de database zelf stond de naam niet meer.",
    "rewritten": "Reservekopie opgeschoond: {path}.",
    "removed": "Kopie verwijderd (onleesbaar of afgeleid): {path}.",
    "history": "In de historie staat dat er een persoon is gewist, zonder de naam.",
    "clean": "Gecontroleerd: de naam komt in geen enkel bestand van de database in {folder} meer voor.",
    "left": "De naam staat nog in {files}; wis die bestanden met de hand.",
})

app = typer.Typer()


def _say(text: str) -> None:
    from wijkwijzer.text import visible

    make_env().write(visible(text))


@app.command(help=MSG["restore"])
@handle_errors
def restore(yes: YesOpt = False, as_name: AsOpt = None, db: DbOpt = None) -> None:
    from datetime import datetime

    store = open_store(db)
    bak = store.backup_path
    if not bak.is_file():
        raise fail(MSG["no_backup"].format(backup=bak))
    if not yes:
        when = datetime.fromtimestamp(bak.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        confirm(MSG["restore_q"].format(path=store.path, backup=bak, when=when))
    done = store.restore(as_name)
    _say(MSG["restored"].format(path=store.path, backup=done["hersteld_uit"]))
    if done["opzij_gezet"]:
        key = "aside_damaged" if done["beschadigd"] else "aside_replaced"
        _say(MSG[key].format(aside=done["opzij_gezet"]))


@app.command(help=MSG["forget"])
@handle_errors
def forget(
    naam: Annotated[str, typer.Argument(help=MSG["name"], metavar="NAAM")],
    yes: YesOpt = False,
    as_name: AsOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=MSG["dry_run"])] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.store.history import current_actor
    from wijkwijzer.staff.privacy import forget as erase, preview

    store = open_store(db)
    found = preview(store, naam)
    if dry_run and as_json:
        emit({**found, "bestanden": [str(p) for p in found["bestanden"]]}, True, None)
        return
    if not as_json:
        _show_preview(store, found)
    if dry_run:
        _say(MSG["dry_done"])
        return
    if not yes:
        confirm(MSG["forget_q"])
    report = erase(store, naam, current_actor(as_name))
    if as_json:
        emit({**report, **{k: [str(p) for p in report[k]]
                           for k in ("herschreven", "verwijderd", "nog_gevonden")}}, True, None)
    else:
        _show_report(store, report)
    if report["nog_gevonden"]:
        raise fail(MSG["left"].format(files=", ".join(map(str, report["nog_gevonden"]))))


def _show_preview(store, found: dict) -> None:
    from wijkwijzer.render.terminal import render_table

    hits = found["treffers"]
    if hits:
        _say(ngettext("'{name}' komt voor op {n} plaats in {path}:", "'{name}' komt voor op {n} plaatsen in {path}:",
                      len(hits)).format(name=found["naam"], n=len(hits), path=store.path))
        render_table(hits, [("tabel", "tabel"), ("record", "record"), ("veld", "veld"),
                            ("soort", "soort")], make_env())
    if found["bestanden"]:
        _say(MSG["found_files"].format(files=", ".join(str(p) for p in found["bestanden"])))


def _show_report(store, report: dict) -> None:
    for table, counts in sorted(report["per_tabel"].items()):
        _say(MSG["erased_table"].format(table=table, persons=counts["persoon"], texts=counts["tekst"]))
    if not report["per_tabel"]:
        _say(MSG["erased_none"])
    else:
        _say(MSG["history"])
    for path in report["herschreven"]:
        _say(MSG["rewritten"].format(path=path))
    for path in report["verwijderd"]:
        _say(MSG["removed"].format(path=path))
    if not report["nog_gevonden"]:
        _say(MSG["clean"].format(folder=store.path.parent))
