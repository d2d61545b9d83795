"""Vragen (issue #15): ``vraag add|beantwoord|remove`` and ``vragen``.

Thin: parse the options, call :mod:`wijkwijzer.staff.questions`, render.
A vraag is personal data: it stays in the local database (never in
``export --public``) and ``forget`` erases it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from wijkwijzer.cli._shared import AsOpt, DbOpt, JsonOpt, YesOpt, emit, handle_errors, make_env, open_store
from wijkwijzer.i18n import Messages, ngettext

MSG = Messages({
    "sub": "Volg vragen aan contactpunten: add, beantwoord, remove.",
    "add": ("Leg een vraag aan een contactpunt vast. De uiterste antwoorddatum is de afgesproken "
            "reactietermijn in Nederlandse werkdagen (weekend en feestdagen tellen niet), of 10 "
            "werkdagen als er niets is afgesproken."),
    "beantwoord": "Noteer dat een vraag beantwoord is.",
    "remove": "Verwijder een vraag.",
    "vragen": ("Toon de vragen met hun uiterste antwoorddatum, de werkdagen die nog over zijn, en "
               "voor een vraag over de termijn de volgende stap uit de escalatieketen."),
    "aan": "Het contactpunt (id, zie 'wijkwijzer who' of 'contactpunten').",
    "onderwerp": "Waar de vraag over gaat.",
    "datum": "Datum (JJJJ-MM-DD; standaard vandaag).",
    "organisatie": "De organisatie die de vraag stelt (id of naam).",
    "thema": "Het thema (id, naam of synoniem); bepaalt de escalatieketen.",
    "id_arg": "Id van de vraag (bijv. v3, of alleen 3).",
    "open": "Alleen vragen die nog niet beantwoord zijn.",
    "op": "Bereken de stand op deze datum (JJJJ-MM-DD; standaard vandaag).",
    "dry_run": "Laat zien wat er zou veranderen, maar sla niets op.",
    "today": "vandaag",
    "done": "beantwoord op {day}",
    "next": "{rol} ({kanaal})",
    "none": "Geen vragen.",
    "h_id": "id", "h_gesteld": "gesteld", "h_aan": "aan", "h_onderwerp": "onderwerp",
    "h_uiterlijk": "uiterlijk", "h_stand": "stand", "h_volgende": "volgende stap",
})

app = typer.Typer()
vraag = typer.Typer(help=MSG["sub"], no_args_is_help=True, rich_markup_mode=None,
                    context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(vraag, name="vraag")

DatumOpt = Annotated[Optional[str], typer.Option("--datum", help=MSG["datum"], metavar="JJJJ-MM-DD")]
DryOpt = Annotated[bool, typer.Option("--dry-run", help=MSG["dry_run"])]
IdArg = Annotated[str, typer.Argument(help=MSG["id_arg"], metavar="ID")]


@vraag.command("add", help=MSG["add"])
@handle_errors
def add(aan: Annotated[str, typer.Option("--aan", help=MSG["aan"], metavar="CONTACTPUNT")],
        onderwerp: Annotated[str, typer.Option("--onderwerp", help=MSG["onderwerp"], metavar="TEKST")],
        datum: DatumOpt = None,
        organisatie: Annotated[Optional[str], typer.Option("--organisatie", help=MSG["organisatie"])] = None,
        thema: Annotated[Optional[str], typer.Option("--thema", help=MSG["thema"])] = None,
        as_: AsOpt = None, dry_run: DryOpt = False, as_json: JsonOpt = False, db: DbOpt = None) -> None:
    from wijkwijzer.cli.agenda import day_label, parse_day
    from wijkwijzer.cli.edit import _show
    from wijkwijzer.staff import records
    from wijkwijzer.staff.questions import add_question
    from wijkwijzer.store.history import current_actor

    asked = parse_day(datum, date.today())
    with records.transaction(open_store(db), dry_run) as tdb:
        change, note = add_question(tdb, aan, onderwerp, current_actor(as_), asked, organisatie, thema)
    if note:
        change.waarschuwingen.append(note)
    _show(change, as_json, dry_run)
    if not as_json:
        n = change.na["termijn_werkdagen"]
        make_env().write(ngettext("Uiterlijk antwoord: {day} ({n} werkdag na {asked}).",
                                  "Uiterlijk antwoord: {day} ({n} werkdagen na {asked}).", n)
                         .format(day=day_label(change.na["uiterlijk"]), n=n, asked=day_label(asked.isoformat())))


@vraag.command("beantwoord", help=MSG["beantwoord"])
@handle_errors
def beantwoord(record_id: IdArg, datum: DatumOpt = None, as_: AsOpt = None, dry_run: DryOpt = False,
               as_json: JsonOpt = False, db: DbOpt = None) -> None:
    from wijkwijzer.cli.agenda import _write, parse_day
    from wijkwijzer.staff.questions import answer_question
    from wijkwijzer.store.history import current_actor

    day = parse_day(datum, date.today())
    _write(dry_run, db, as_json, lambda tdb: answer_question(tdb, record_id, current_actor(as_), day))


@vraag.command("remove", help=MSG["remove"])
@handle_errors
def remove(record_id: IdArg, yes: YesOpt = False, as_: AsOpt = None, dry_run: DryOpt = False,
           as_json: JsonOpt = False, db: DbOpt = None) -> None:
    from wijkwijzer.cli.agenda import remove_record
    from wijkwijzer.staff.questions import question_id

    remove_record("vragen", question_id(record_id), False, yes, as_, dry_run, as_json, db)


def _stand(q: dict) -> str:
    from wijkwijzer.cli.agenda import day_label

    if q["status"] == "beantwoord":
        return MSG["done"].format(day=day_label(q["beantwoord_op"]))
    if q["dagen_te_laat"] is not None:
        n = q["dagen_te_laat"]
        return ngettext("{n} dag te laat", "{n} dagen te laat", n).format(n=n)
    n = q["werkdagen_over"]
    return ngettext("nog {n} werkdag", "nog {n} werkdagen", n).format(n=n) if n else MSG["today"]


def _row(q: dict) -> dict:
    from wijkwijzer.cli.agenda import day_label
    from wijkwijzer.text import channels_text

    step = q["volgende_stap"]
    return {"id": q["id"], "gesteld": q["gesteld_op"], "aan": q["aan"]["rol"] or q["aan"]["id"],
            "onderwerp": q["onderwerp"], "uiterlijk": day_label(q["uiterlijk"]) if q["uiterlijk"] else "",
            "stand": _stand(q),
            "volgende": MSG["next"].format(rol=step["rol"], kanaal=channels_text(step["kanalen"])) if step else ""}


@app.command("vragen", help=MSG["vragen"])
@handle_errors
def vragen(open_only: Annotated[bool, typer.Option("--open", help=MSG["open"])] = False,
           op: Annotated[Optional[str], typer.Option("--op", help=MSG["op"], metavar="JJJJ-MM-DD")] = None,
           as_json: JsonOpt = False, db: DbOpt = None) -> None:
    from wijkwijzer.cli.agenda import parse_day
    from wijkwijzer.render.terminal import render_table
    from wijkwijzer.staff.questions import follow_up

    rows = follow_up(open_store(db).snapshot(), parse_day(op, date.today()), open_only)
    if not rows and not as_json:
        make_env().stderr.write(MSG["none"] + "\n")
        return
    columns = [(f, MSG[f"h_{h}"]) for f, h in (("id", "id"), ("gesteld", "gesteld"), ("aan", "aan"),
                                                ("onderwerp", "onderwerp"), ("uiterlijk", "uiterlijk"),
                                                ("stand", "stand"), ("volgende", "volgende"))]
    emit(rows, as_json, lambda obj, env: render_table([_row(q) for q in obj], columns, env))
