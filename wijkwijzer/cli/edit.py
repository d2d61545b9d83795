"""Staff commands that change records: add/edit/remove per kind, verify, history, import.

Thin: parse arguments, call :mod:`wijkwijzer.records` / :mod:`wijkwijzer.importer`
inside one ``Store.write()``, render. The add/edit commands of the seven kinds
share one option table (:data:`OPTIONS`) and are generated from it, so every
kind gets the same behaviour: a rejected value names its field, exits 1 and
leaves the database file byte-identical.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Optional

import typer

from wijkwijzer.cli._shared import AsOpt, YesOpt, DbOpt, JsonOpt, confirm, fail, handle_errors, make_env, open_store
from wijkwijzer.i18n import N_, Messages, ngettext

MSG = Messages({
    "add": "Voeg een {soort} toe.",
    "edit": "Wijzig velden van een {soort}. Een leeg argument (\"\") maakt een veld leeg.",
    "remove": "Verwijder een {soort}. Weigert als andere records ernaar verwijzen, tenzij --force.",
    "sub": "Beheer {soorten}: add, edit, remove.",
    "id_arg": "Id of code van het record.",
    "dry_run": "Laat zien wat er zou veranderen, maar sla niets op.",
    "force": "Verwijder ook als andere records ernaar verwijzen.",
    "force_add": "Voeg toe, ook als er al een contactpunt met dezelfde rol, dienst en gebied is.",
    "done": {"toegevoegd": "Toegevoegd", "gewijzigd": "Gewijzigd", "verwijderd": "Verwijderd",
             "geverifieerd": "Geverifieerd"},
    "line": "{done}: {soort} '{id}'.",
    "dry": "Proefdraai, er is niets opgeslagen. ",
    "same": "Niets veranderd: {soort} '{id}' had deze waarden al.",
    "confirm": "{soort} '{id}' verwijderen?",
    "verify": "Zet geverifieerd_op van een record (elke soort) op vandaag.",
    "history": "Toon de wijzigingen (wanneer, wie, wat), eventueel van één record.",
    "since": "Alleen wijzigingen vanaf deze datum (JJJJ-MM-DD of DD-MM-JJJJ).",
    "unknown_id": "Geen record en geen wijzigingen met id of code '{id}'.",
    "no_history": "Geen wijzigingen gevonden.",
    "import": ("Importeer records uit een JSON- of CSV-bestand (alles of niets). CSV: ';' of ',', "
               "UTF-8 (met of zonder BOM) of cp1252."),
    "file": "Het JSON- of CSV-bestand.",
    "mode": "merge: records toevoegen of bijwerken (op id); replace: het bestand wordt de hele soort.",
    "soort_opt": "Soort records in een CSV-bestand (standaard: afgeleid uit de kopregel).",
    "bad_mode": "Onbekende modus '{value}'; kies merge of replace.",
    "imported": "Geïmporteerd uit {path}: {summary}.",
    "would": "Proefdraai voor {path}, er is niets opgeslagen. Zou: {summary}.",
    "counts": "{added} toegevoegd, {changed} gewijzigd, {removed} verwijderd, {same} ongewijzigd",
    "field": "veld", "before": "voor", "after": "na",
    # history actions as shown (the stored action ids stay as they are)
    "actions": {"toegevoegd": "toegevoegd", "gewijzigd": "gewijzigd", "verwijderd": "verwijderd",
                "geverifieerd": "geverifieerd", "geimporteerd": "geïmporteerd"},
    # kinds as shown in help texts (the command names stay as they are)
    "kinds": {"themas": "thema's"},
})

app = typer.Typer()
SOORTEN = {"contactpunt": "contactpunten", "organisatie": "organisaties", "thema": "themas",
           "wijk": "wijken", "buurt": "buurten", "stadsdeel": "stadsdelen", "dienst": "diensten"}

# param -> (flag, field path, repeatable, help)
OPTIONS: dict[str, tuple[str, tuple[str, ...], bool, str]] = {
    "rol": ("--rol", ("rol",), False, N_("Rol, bijv. 'gebiedsregisseur DSB'.")),
    "dienst": ("--dienst", ("dienst",), False, N_("Dienst (id of naam), bijv. DSB.")),
    "diensten": ("--dienst", ("diensten",), True, N_("Dienst (id of naam); herhaalbaar.")),
    "gebied": ("--gebied", ("gebied",), True,
               N_("Gebied: stadsdeel (naam/id), wijk (naam/code) of 'gemeente'; herhaalbaar.")),
    "themas": ("--thema", ("themas",), True, N_("Thema (id, naam of synoniem) of 'alle'; herhaalbaar.")),
    "niveau": ("--niveau", ("niveau",), False, N_("1 = eerste aanspreekpunt, 2, 3 = escalatie.")),
    "cp_soort": ("--soort", ("soort",), False,
                 N_("aanspreekpunt (standaard: persoon of loket voor vragen) of melding (formulier of "
                    "meldpunt voor één losse zaak).")),
    "email": ("--email", ("kanalen", "email"), False, N_("E-mailadres van het contactpunt.")),
    "telefoon": ("--telefoon", ("kanalen", "telefoon"), False, N_("Telefoonnummer (bijv. 070 353 3000; uit het buitenland met landcode, bijv. +32 2 555 12 34).")),
    "adres": ("--adres", ("kanalen", "adres"), False, N_("Bezoekadres.")),
    "web": ("--web", ("kanalen", "web"), False, N_("Webadres.")),
    "openingstijden": ("--openingstijden", ("kanalen", "openingstijden"), False, N_("Openingstijden.")),
    "persoon_naam": ("--naam", ("persoon", "naam"), False, N_("Naam van de persoon (persoonsgegeven).")),
    "persoon_telefoon": ("--persoon-telefoon", ("persoon", "telefoon"), False,
                         N_("Direct nummer van de persoon (persoonsgegeven).")),
    "persoon_email": ("--persoon-email", ("persoon", "email"), False,
                      N_("Direct e-mailadres van de persoon (persoonsgegeven).")),
    "reactietermijn": ("--reactietermijn", ("reactietermijn_werkdagen",), False,
                       N_("Afgesproken terugkoppeling binnen N werkdagen.")),
    "naam": ("--naam", ("naam",), False, N_("Naam.")),
    "cbs_naam": ("--cbs-naam", ("cbs_naam",), False, N_("Naam volgens CBS.")),
    "aliassen": ("--alias", ("aliassen",), True, N_("Andere naam in gebruik; herhaalbaar.")),
    "stadsdeel": ("--stadsdeel", ("stadsdeel",), False, N_("Stadsdeel (id of naam).")),
    "stadsdeel_bevestigd": ("--stadsdeel-bevestigd", ("stadsdeel_bevestigd",), False,
                            N_("Is het stadsdeel van deze wijk bevestigd? ja of nee.")),
    "wijken": ("--wijk", ("wijken",), True, N_("Wijk (code of naam); herhaalbaar.")),
    "wijk": ("--wijk", ("wijk",), False, N_("Wijk (code of naam).")),
    "gemeente": ("--gemeente", ("gemeente",), False, N_("Gemeente (code of naam).")),
    "kantoor": ("--kantoor", ("kantoor",), False, N_("Adres van het stadsdeelkantoor.")),
    "soort": ("--soort", ("soort",), False, N_("gemeente of partner.")),
    "synoniemen": ("--synoniem", ("synoniemen",), True, N_("Synoniem (vervangt de lijst); herhaalbaar.")),
    "synoniemen_en": ("--synoniem-en", ("synoniemen_en",), True,
                      N_("Engels synoniem (vervangt de Engelse lijst); herhaalbaar.")),
    "add_synoniem": ("--add-synoniem", (), True, N_("Voeg een synoniem toe; herhaalbaar.")),
    "remove_synoniem": ("--remove-synoniem", (), True, N_("Haal een synoniem weg; herhaalbaar.")),
    "status": ("--status", ("status",), False, N_("actief, onbevestigd of inactief.")),
    "geverifieerd_op": ("--geverifieerd-op", ("geverifieerd_op",), False, N_("Datum laatste controle (JJJJ-MM-DD of DD-MM-JJJJ).")),
    "opmerking": ("--opmerking", ("opmerking",), False, N_("Opmerking.")),
    "bron": ("--bron", ("bron",), False, N_("Waar de gegevens vandaan komen.")),
    "bron_datum": ("--bron-datum", ("bron_datum",), False,
                   N_("Datum van de bron (JJJJ, JJJJ-MM of JJJJ-MM-DD); check meldt oude bronnen.")),
}
_TAIL = ["status", "geverifieerd_op", "opmerking", "bron"]
KIND_OPTIONS: dict[str, list[str]] = {
    "contactpunten": ["rol", "dienst", "gebied", "themas", "niveau", "cp_soort", "email", "telefoon",
                      "adres", "web", "openingstijden", "persoon_naam", "persoon_telefoon", "persoon_email",
                      "reactietermijn", *_TAIL, "bron_datum"],
    "organisaties": ["naam", "aliassen", "stadsdeel", "wijken", *_TAIL],
    "themas": ["naam", "synoniemen", "synoniemen_en", "add_synoniem", "remove_synoniem", "diensten", *_TAIL],
    "wijken": ["naam", "cbs_naam", "aliassen", "stadsdeel", "stadsdeel_bevestigd", "gemeente", *_TAIL],
    "buurten": ["naam", "wijk", *_TAIL],
    "stadsdelen": ["naam", "gemeente", "kantoor", *_TAIL],
    "diensten": ["naam", "soort", *_TAIL],
}
DryOpt = Annotated[bool, typer.Option("--dry-run", help=MSG["dry_run"])]


def _fields(kind: str, values: dict) -> tuple[dict, dict, dict]:
    """Turn option values into ``(fields, add_list, remove_list)`` for records."""
    fields: dict = {}
    for name in KIND_OPTIONS[kind]:
        flag, path, repeat, _h = OPTIONS[name]
        value = values.get(name)
        if not path or value is None or (repeat and not value):
            continue
        if len(path) == 2:
            fields.setdefault(path[0], {})[path[1]] = value
        else:
            fields[path[0]] = value
    adds = {"synoniemen": values["add_synoniem"]} if values.get("add_synoniem") else {}
    drops = {"synoniemen": values["remove_synoniem"]} if values.get("remove_synoniem") else {}
    return fields, adds, drops


def _report_errors(func):
    """Several validation errors: one escaped line each on stderr, exit 1
    (``handle_errors`` would print them as one line)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from wijkwijzer.staff.validate import ValidationErrors

        try:
            return func(*args, **kwargs)
        except ValidationErrors as exc:
            from wijkwijzer.render.terminal import error
            from wijkwijzer.text import visible

            env = make_env()
            first, *rest = exc.lines()
            error(first, env)
            for line in rest:
                env.stderr.write(visible(line) + "\n")
            raise typer.Exit(1) from None

    return wrapper


def _show(change, as_json: bool, dry_run: bool) -> None:
    from wijkwijzer.render.terminal import print_json, render_record, render_table
    from wijkwijzer.text import visible

    env = make_env()
    for warning in change.waarschuwingen:
        env.stderr.write(visible(warning) + "\n")
    if as_json:
        print_json(dict(change.as_dict(), proefdraai=dry_run), env)
        return
    soort = change.as_dict()["soort"]
    if change.actie == "gewijzigd" and change.voor == change.na:
        env.write(visible(MSG["same"].format(soort=soort, id=change.id)))
        return
    line = MSG["line"].format(done=MSG["done"][change.actie], soort=soort, id=change.id)
    env.write(visible((MSG["dry"] if dry_run else "") + line))
    if change.actie == "toegevoegd":
        render_record(soort, change.na, env)
    elif change.actie != "verwijderd":
        from wijkwijzer.store.history import changed_fields

        rows = [{"veld": f, "voor": old, "na": new} for f, old, new in changed_fields(change.voor, change.na)]
        render_table(rows, [("veld", MSG["field"]), ("voor", MSG["before"]), ("na", MSG["after"])], env)


def _run(kind: str, verb: str, values: dict) -> None:
    from wijkwijzer.store.history import current_actor
    from wijkwijzer.staff import records

    actor = current_actor(values.get("as_"))
    dry = bool(values.get("dry_run"))
    store = open_store(values.get("db"))
    if verb == "remove" and not values.get("yes") and not dry:
        # refuse a referenced record before asking, then ask, then remove
        with records.transaction(store, True) as db:
            records.remove(db, kind, values["record_id"], actor, force=values.get("force"))
        confirm(MSG["confirm"].format(soort=SINGULAR[kind], id=values["record_id"]))
    with records.transaction(store, dry, fast=verb != "remove") as db:  # a removal rebuilds the index anyway
        if verb == "add":
            fields, _a, _d = _fields(kind, values)
            key = "code" if kind in ("wijken", "buurten") else "id"
            fields[key] = values.get("new_id")
            change = records.add(db, kind, fields, actor, force=bool(values.get("force")))
        elif verb == "edit":
            fields, adds, drops = _fields(kind, values)
            change = records.edit(db, kind, values["record_id"], fields, actor, adds, drops)
        else:
            change = records.remove(db, kind, values["record_id"], actor, force=values.get("force"))
    _show(change, values.get("as_json"), dry)


SINGULAR = {v: k for k, v in SOORTEN.items()}


def _param(name: str, annotation, default) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


_ANNOTATED: dict[str, object] = {}


def _annotated(name: str):
    """The typed option of OPTIONS[name], built once and shared by every kind
    (typer copies it), which keeps importing this module - and so `who` - fast."""
    if name not in _ANNOTATED:
        flag, _path, repeat, help_text = OPTIONS[name]
        typ = Optional[list[str]] if repeat else Optional[str]
        _ANNOTATED[name] = Annotated[typ, typer.Option(flag, help=help_text)]
    return _ANNOTATED[name]


def _make(kind: str, verb: str):
    """Build the typer callback for ``<soort> add|edit|remove`` of *kind*."""
    params = []
    if verb in ("edit", "remove"):
        params.append(_param("record_id", Annotated[str, typer.Argument(help=MSG["id_arg"], metavar="ID")],
                             inspect.Parameter.empty))
    if verb == "add":
        flag = "--code" if kind in ("wijken", "buurten") else "--id"
        params.append(_param("new_id", Annotated[Optional[str], typer.Option(
            flag, help=N_("Id of CBS-code (standaard afgeleid uit naam of rol).") if flag == "--id"
            else N_("CBS-code, bijv. WK051822 of BU05182201."))], None))
    if verb in ("add", "edit"):
        for name in KIND_OPTIONS[kind]:
            flag, _path, repeat, help_text = OPTIONS[name]
            if verb == "add" and name in ("add_synoniem", "remove_synoniem"):
                continue
            params.append(_param(name, _annotated(name), None))
    if verb == "add" and kind == "contactpunten":
        params.append(_param("force", Annotated[bool, typer.Option("--force", help=MSG["force_add"])], False))
    if verb == "remove":
        params.append(_param("force", Annotated[bool, typer.Option("--force", help=MSG["force"])], False))
        params.append(_param("yes", YesOpt, False))
    params += [_param("as_", AsOpt, None), _param("dry_run", DryOpt, False),
               _param("as_json", JsonOpt, False), _param("db", DbOpt, None)]

    def command(**values) -> None:
        _run(kind, verb, values)

    command.__signature__ = inspect.Signature(params)
    command.__name__ = f"{SINGULAR[kind]}_{verb}"
    wrapped = handle_errors(_report_errors(command))
    wrapped.__signature__ = command.__signature__
    return wrapped


for _singular, _kind in SOORTEN.items():
    _sub = typer.Typer(help=MSG["sub"].format(soorten=MSG["kinds"].get(_kind, _kind)), no_args_is_help=True,
                       rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})
    for _verb in ("add", "edit", "remove"):
        _sub.command(_verb, help=MSG[_verb].format(soort=_singular))(_make(_kind, _verb))
    app.add_typer(_sub, name=_singular)


@app.command(help=MSG["verify"])
@handle_errors
def verify(
    record_id: Annotated[str, typer.Argument(help=MSG["id_arg"], metavar="ID")],
    as_: AsOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.store.history import current_actor
    from wijkwijzer.staff import records

    with records.transaction(open_store(db)) as tdb:
        change = records.verify(tdb, record_id, current_actor(as_))
    _show(change, as_json, False)


@app.command(help=MSG["history"])
@handle_errors
def history(
    record_id: Annotated[Optional[str], typer.Argument(help=MSG["id_arg"], metavar="[ID]")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help=MSG["since"], metavar="DATUM")] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.store.history import entries, summary
    from wijkwijzer.render.terminal import print_json, render_table

    store = open_store(db)
    rows = entries(store, record_id, since)
    env = make_env()
    if record_id and not rows:
        from wijkwijzer.lookup.directory import Directory
        from wijkwijzer.lookup.search import find_record, suggest_ids

        directory = Directory(store.snapshot())
        if find_record(directory, record_id) is None:  # a typo, not an empty log
            raise fail(MSG["unknown_id"].format(id=record_id), suggest_ids(directory, record_id))
    if as_json:
        print_json(rows, env)
        return
    if not rows:  # an empty log is an answer, not an error
        env.stderr.write(MSG["no_history"] + "\n")
        return
    actions = MSG["actions"]
    table = [dict(e, wijziging=summary(e), actie=actions.get(e.get("actie"), e.get("actie"))) for e in rows]
    render_table(table, [("tijd", "tijd"), ("wie", "wie"), ("actie", "actie"), ("soort", "soort"),
                         ("record", "record"), ("wijziging", "wijziging")], env, title="historie")


@app.command("import", help=MSG["import"])
@handle_errors
@_report_errors
def import_(
    file: Annotated[Path, typer.Argument(help=MSG["file"], metavar="BESTAND", exists=True,
                                         dir_okay=False, readable=True)],
    mode: Annotated[str, typer.Option("--mode", help=MSG["mode"])] = "merge",
    soort: Annotated[Optional[str], typer.Option("--soort", help=MSG["soort_opt"])] = None,
    dry_run: DryOpt = False,
    yes: YesOpt = False,
    as_: AsOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.store.history import current_actor
    from wijkwijzer.staff.importer import run_import
    from wijkwijzer.render.terminal import import_progress, print_json, render_table
    from wijkwijzer.text import visible

    if mode not in ("merge", "replace"):
        raise fail(MSG["bad_mode"].format(value=mode))
    env = make_env()
    if mode == "replace" and not dry_run and not yes:
        removed = run_import(open_store(db), file, soort=soort, mode=mode, actor="", dry_run=True)
        n = removed.totals()["verwijderd"]
        if n:
            confirm(ngettext("Deze import verwijdert {n} record dat niet in het bestand staat. Doorgaan?",
                             "Deze import verwijdert {n} records die niet in het bestand staan. Doorgaan?", n).format(n=n))
    with import_progress(env) as progress:
        plan = run_import(open_store(db), file, soort=soort, mode=mode, actor=current_actor(as_),
                          dry_run=dry_run, progress=progress)
    if as_json:
        print_json(dict(plan.as_dict(), proefdraai=dry_run), env)
        return
    t = plan.totals()
    summary = MSG["counts"].format(added=t["toegevoegd"], changed=t["gewijzigd"],
                                   removed=t["verwijderd"], same=t["ongewijzigd"])
    env.write(visible(MSG["would" if dry_run else "imported"].format(path=file, summary=summary)))
    if dry_run and plan.rows():
        render_table(plan.rows(), [("actie", "actie"), ("soort", "soort"), ("id", "id"),
                                   ("wijziging", "wijziging")], env)
