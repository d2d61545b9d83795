"""Bijeenkomsten (issue #15): ``bijeenkomst add|edit|remove`` and ``agenda``.

Thin: parse the options, call :mod:`wijkwijzer.staff.meetings` inside one
``Store.write()``, render. ``agenda`` lists the occurrences in a window,
recurring meetings expanded, and warns on stderr about participatiemoe.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Optional

import typer

from wijkwijzer.cli._shared import (AsOpt, DbOpt, JsonOpt, YesOpt, confirm, directory, emit, handle_errors,
                                    make_env, open_store)
from wijkwijzer.i18n import Messages

MSG = Messages({
    "sub": "Beheer bijeenkomsten: add, edit, remove.",
    "add": "Plan een bijeenkomst.",
    "edit": "Wijzig een bijeenkomst. Een leeg argument (\"\") maakt een veld leeg.",
    "remove": "Verwijder een bijeenkomst.",
    "agenda": ("Toon de bijeenkomsten in een periode (standaard vandaag en het jaar daarna), "
               "herhalingen uitgeschreven. Waarschuwt als een organisatie voor meer dan "
               "{most} bijeenkomsten binnen {days} dagen gevraagd is (participatiemoe)."),
    "id_arg": "Id van de bijeenkomst.",
    "titel": "Titel, bijv. 'Overleg bewonersorganisaties en stadsdeel'.",
    "datum": "Datum (JJJJ-MM-DD).",
    "tijd": "Begintijd (UU:MM), tijd in Nederland. Zonder tijd: tijd onbekend.",
    "duur": "Duur in minuten.",
    "plaats": "Waar, bijv. 'Het Koorenhuis'.",
    "gebied": "Stadsdeel (naam of id), wijk (naam of code) of 'gemeente' (de hele stad).",
    "organisaties": "Organisaties die meedoen, gescheiden door komma's (id of naam).",
    "diensten": "Diensten die meedoen, gescheiden door komma's (id of naam).",
    "herhaal": "Herhaling: wekelijks, maandelijks, per-kwartaal, jaarlijks (of 'geen').",
    "herhaal_tot": "Laatste dag van de herhaling (JJJJ-MM-DD).",
    "status": "actief (gepland), onbevestigd of inactief (afgelast).",
    "opmerking": "Opmerking.",
    "bron": "Waar de gegevens vandaan komen.",
    "new_id": "Id (standaard de datum en de eerste woorden van de titel).",
    "dry_run": "Laat zien wat er zou veranderen, maar sla niets op.",
    "force": "Verwijder ook als andere records ernaar verwijzen.",
    "confirm": "{soort} '{id}' verwijderen?",
    "van": "Eerste dag (JJJJ-MM-DD; standaard vandaag).",
    "tot": "Laatste dag (JJJJ-MM-DD; standaard een jaar na --van).",
    "org_opt": "Alleen bijeenkomsten van deze organisatie.",
    "sd_opt": "Alleen bijeenkomsten voor dit stadsdeel, een wijk erin, of de hele stad.",
    "moe_max": "Participatiemoe: waarschuw bij meer dan zoveel bijeenkomsten ...",
    "moe_dagen": "... binnen zoveel dagen.",
    "bad_date": "'{value}' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ.",
    "none": "Geen bijeenkomsten van {van} tot en met {tot}.",
    "moe": ("Let op, participatiemoe: {naam} is gevraagd voor {n} bijeenkomsten van {van} tot en "
            "met {tot} (meer dan {most} binnen {days} dagen)."),
    "weekdays": "ma di wo do vr za zo",
    "unknown_time": "tijd onbekend",
    "unknown_place": "plaats onbekend",
    "n_orgs": "{n} organisaties",
    "n_diensten": "{n} diensten",
    "h_datum": "datum", "h_tijd": "tijd", "h_titel": "titel", "h_plaats": "plaats",
    "h_gebied": "gebied", "h_deelnemers": "deelnemers",
})

app = typer.Typer()
bijeenkomst = typer.Typer(help=MSG["sub"], no_args_is_help=True, rich_markup_mode=None,
                          context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(bijeenkomst, name="bijeenkomst")

TitelOpt = Annotated[Optional[str], typer.Option("--titel", help=MSG["titel"])]
DatumOpt = Annotated[Optional[str], typer.Option("--datum", help=MSG["datum"], metavar="JJJJ-MM-DD")]
TijdOpt = Annotated[Optional[str], typer.Option("--tijd", help=MSG["tijd"], metavar="UU:MM")]
DuurOpt = Annotated[Optional[str], typer.Option("--duur", help=MSG["duur"], metavar="MINUTEN")]
PlaatsOpt = Annotated[Optional[str], typer.Option("--plaats", help=MSG["plaats"])]
GebiedOpt = Annotated[Optional[str], typer.Option("--stadsdeel", "--gebied", help=MSG["gebied"])]
OrgsOpt = Annotated[Optional[str], typer.Option("--organisaties", help=MSG["organisaties"], metavar="A,B")]
DienstenOpt = Annotated[Optional[str], typer.Option("--diensten", help=MSG["diensten"], metavar="X,Y")]
HerhaalOpt = Annotated[Optional[str], typer.Option("--herhaal", help=MSG["herhaal"])]
TotOpt = Annotated[Optional[str], typer.Option("--herhaal-tot", help=MSG["herhaal_tot"], metavar="JJJJ-MM-DD")]
StatusOpt = Annotated[Optional[str], typer.Option("--status", help=MSG["status"])]
OpmerkingOpt = Annotated[Optional[str], typer.Option("--opmerking", help=MSG["opmerking"])]
BronOpt = Annotated[Optional[str], typer.Option("--bron", help=MSG["bron"])]
DryOpt = Annotated[bool, typer.Option("--dry-run", help=MSG["dry_run"])]
IdArg = Annotated[str, typer.Argument(help=MSG["id_arg"], metavar="ID")]


def _split(value: Optional[str]) -> Optional[list[str]]:
    """"a, b" -> ["a", "b"]; "" -> [] (clears the list); None -> None (not given)."""
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _fields(titel, duur, plaats, gebied, organisaties, diensten, herhaal, herhaal_tot, status,
            opmerking, bron) -> dict:
    return {"titel": titel, "duur_minuten": duur, "plaats": plaats, "gebied": gebied,
            "organisaties": _split(organisaties), "diensten": _split(diensten), "herhaling": herhaal,
            "herhaal_tot": herhaal_tot, "status": status, "opmerking": opmerking, "bron": bron}


def _write(dry_run: bool, db, as_json: bool, action) -> None:
    """Run ``action(tdb)`` (returning a Change) in one write, then show the change."""
    from wijkwijzer.cli.edit import _show
    from wijkwijzer.staff import records

    with records.transaction(open_store(db), dry_run) as tdb:
        change = action(tdb)
    _show(change, as_json, dry_run)


@bijeenkomst.command("add", help=MSG["add"])
@handle_errors
def add(titel: TitelOpt = None, datum: DatumOpt = None, tijd: TijdOpt = None, duur: DuurOpt = None,
        plaats: PlaatsOpt = None, gebied: GebiedOpt = None, organisaties: OrgsOpt = None,
        diensten: DienstenOpt = None, herhaal: HerhaalOpt = None, herhaal_tot: TotOpt = None,
        status: StatusOpt = None, opmerking: OpmerkingOpt = None, bron: BronOpt = None,
        new_id: Annotated[Optional[str], typer.Option("--id", help=MSG["new_id"])] = None,
        as_: AsOpt = None, dry_run: DryOpt = False, as_json: JsonOpt = False, db: DbOpt = None) -> None:
    from wijkwijzer.staff.meetings import add_meeting
    from wijkwijzer.store.history import current_actor

    fields = _fields(titel, duur, plaats, gebied, organisaties, diensten, herhaal, herhaal_tot, status,
                     opmerking, bron)
    fields["id"] = new_id
    _write(dry_run, db, as_json, lambda tdb: add_meeting(tdb, fields, datum, tijd, current_actor(as_)))


@bijeenkomst.command("edit", help=MSG["edit"])
@handle_errors
def edit(record_id: IdArg, titel: TitelOpt = None, datum: DatumOpt = None, tijd: TijdOpt = None,
         duur: DuurOpt = None, plaats: PlaatsOpt = None, gebied: GebiedOpt = None,
         organisaties: OrgsOpt = None, diensten: DienstenOpt = None, herhaal: HerhaalOpt = None,
         herhaal_tot: TotOpt = None, status: StatusOpt = None, opmerking: OpmerkingOpt = None,
         bron: BronOpt = None, as_: AsOpt = None, dry_run: DryOpt = False, as_json: JsonOpt = False,
         db: DbOpt = None) -> None:
    from wijkwijzer.staff.meetings import edit_meeting
    from wijkwijzer.store.history import current_actor

    fields = _fields(titel, duur, plaats, gebied, organisaties, diensten, herhaal, herhaal_tot, status,
                     opmerking, bron)
    _write(dry_run, db, as_json,
           lambda tdb: edit_meeting(tdb, record_id, fields, datum, tijd, current_actor(as_)))


def remove_record(kind: str, record_id: str, force: bool, yes: bool, as_, dry_run: bool, as_json: bool,
                  db) -> None:
    """``<soort> remove ID``: refuse a referenced record first, then ask
    (unless --yes or --dry-run), then remove it in one write."""
    from wijkwijzer.dataset import KIND_SINGULAR
    from wijkwijzer.staff import records
    from wijkwijzer.store.history import current_actor

    actor = current_actor(as_)
    if not yes and not dry_run:
        with records.transaction(open_store(db), True) as tdb:
            records.remove(tdb, kind, record_id, actor, force=force)
        confirm(MSG["confirm"].format(soort=KIND_SINGULAR[kind], id=record_id))
    _write(dry_run, db, as_json, lambda tdb: records.remove(tdb, kind, record_id, actor, force=force))


@bijeenkomst.command("remove", help=MSG["remove"])
@handle_errors
def remove(record_id: IdArg, force: Annotated[bool, typer.Option("--force", help=MSG["force"])] = False,
           yes: YesOpt = False, as_: AsOpt = None, dry_run: DryOpt = False, as_json: JsonOpt = False,
           db: DbOpt = None) -> None:
    remove_record("bijeenkomsten", record_id, force, yes, as_, dry_run, as_json, db)


def parse_day(value: Optional[str], default: date) -> date:
    """An option's date - ``2026-11-30`` or ``30-11-2026``, as every command and
    the CSV import take it (:func:`wijkwijzer.channels.parse_date`) - or
    *default* when not given. Raises WijkwijzerError (exit 1)."""
    from wijkwijzer.channels import ChannelError, parse_date
    from wijkwijzer.errors import WijkwijzerError

    if value is None:
        return default
    try:
        return parse_date(value)
    except ChannelError:
        raise WijkwijzerError(MSG["bad_date"].format(value=value)) from None


def day_label(iso: str) -> str:
    """"2024-10-16" -> "wo 16-10-2024"."""
    day = date.fromisoformat(iso)
    return f"{MSG['weekdays'].split()[day.weekday()]} {day.strftime('%d-%m-%Y')}"


def _row(o: dict) -> dict:
    orgs, diensten = o["organisaties"], o["diensten"]
    parts = []
    if orgs:
        parts.append(", ".join(x["naam"] for x in orgs) if len(orgs) <= 3 else MSG["n_orgs"].format(n=len(orgs)))
    if diensten:
        parts.append(", ".join(x["id"] for x in diensten) if len(diensten) <= 6
                     else MSG["n_diensten"].format(n=len(diensten)))
    tijd = "-".join(t for t in (o["begin"], o["eind"]) if t) or MSG["unknown_time"]
    return {"datum": day_label(o["datum"]), "tijd": tijd, "titel": o["titel"],
            "plaats": o["plaats"] or MSG["unknown_place"],
            "gebied": o["gebied"]["naam"] if o["gebied"] else "", "deelnemers": "; ".join(parts)}


@app.command("agenda", help=MSG["agenda"].format(most=3, days=30))
@handle_errors
def agenda(
    van: Annotated[Optional[str], typer.Option("--van", help=MSG["van"], metavar="JJJJ-MM-DD")] = None,
    tot: Annotated[Optional[str], typer.Option("--tot", help=MSG["tot"], metavar="JJJJ-MM-DD")] = None,
    organisatie: Annotated[Optional[str], typer.Option("--organisatie", help=MSG["org_opt"])] = None,
    stadsdeel: Annotated[Optional[str], typer.Option("--stadsdeel", help=MSG["sd_opt"])] = None,
    moe_max: Annotated[Optional[int], typer.Option("--moe-max", min=1, help=MSG["moe_max"],
                                                   envvar="WIJKWIJZER_MOE_MAX", show_envvar=True)] = None,
    moe_dagen: Annotated[Optional[int], typer.Option("--moe-dagen", min=1, help=MSG["moe_dagen"],
                                                     envvar="WIJKWIJZER_MOE_DAGEN", show_envvar=True)] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.cli.read import _stadsdeel_id
    from wijkwijzer.render.terminal import render_table
    from wijkwijzer.staff.meetings import FATIGUE, Fatigue, find_organisatie, occurrences, overloaded
    from wijkwijzer.text import visible

    first = parse_day(van, date.today())
    last = parse_day(tot, first + timedelta(days=365))
    d = directory(db)
    org = find_organisatie(d, organisatie) if organisatie else None
    sd = _stadsdeel_id(d, stadsdeel)
    setting = Fatigue(moe_max or FATIGUE.most, moe_dagen or FATIGUE.days)
    shown = occurrences(d.data, first, last, org, sd)
    present = {o["id"] for occ in shown for o in occ["organisaties"]}
    moe = [m for m in overloaded(occurrences(d.data, first, last), setting) if m["organisatie"] in present]
    env = make_env()
    for m in moe:
        env.stderr.write(visible(MSG["moe"].format(naam=m["naam"], n=m["aantal"], van=day_label(m["van"]),
                                                   tot=day_label(m["tot"]), most=setting.most,
                                                   days=setting.days)) + "\n")
    doc = {"van": first.isoformat(), "tot": last.isoformat(), "bijeenkomsten": shown, "participatiemoe": moe}
    if not shown and not as_json:
        env.stderr.write(MSG["none"].format(van=day_label(first.isoformat()), tot=day_label(last.isoformat()))
                         + "\n")
        return
    columns = [(f, MSG[f"h_{f}"]) for f in ("datum", "tijd", "titel", "plaats", "gebied", "deelnemers")]
    emit(doc, as_json, lambda obj, env: render_table([_row(o) for o in obj["bijeenkomsten"]], columns, env))
