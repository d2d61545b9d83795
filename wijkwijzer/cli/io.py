"""Staff commands that read the whole directory: export and check.

``export`` writes the directory as JSON, CSV (one kind) or vCard to stdout or,
atomically, to ``--out FILE``; ``--public`` leaves out personal data.
``check`` reports what is wrong or missing and exits 1 when it finds anything,
so it can run in a scheduled job. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from wijkwijzer.cli._shared import (DbOpt, ExitStatus, JsonOpt, StadsdeelOpt, directory, fail, handle_errors,
                                    make_env, open_store, writing)
from wijkwijzer.i18n import Messages, ngettext

MSG = Messages({
    "out_is_db": ("{path} is het databasebestand of een van zijn bijbestanden; kies een ander "
                  "bestand voor --out."),
    "export": ("Exporteer de gegevens als JSON (alles), CSV (één soort, voor Excel) of vCard "
               "(de contactpunten, voor een adresboek)."),
    "format": "Bestandsformaat: json, csv, vcard, ical (de bijeenkomsten, voor een agenda) of html (de kaart als één webpagina om te delen).",
    "html_only": "--stadsdeel geldt alleen voor --format html.",
    "soort": ("Soort records (csv: standaard contactpunten; json: alleen deze soort; "
              "vcard: altijd contactpunten)."),
    "out": "Schrijf naar dit bestand (veilig: eerst een tijdelijk bestand) in plaats van naar stdout.",
    "public": ("Laat persoonsgegevens weg: naam, direct nummer en e-mailadres van een persoon, "
               "ook waar die in een opmerking genoemd worden."),
    "encoding": "Tekenset van de CSV: utf-8-sig (UTF-8 met BOM, standaard) of cp1252.",
    "bad_soort": "onbekende soort '{value}'; kies uit: {kinds}",
    "check": ("Controleer de gegevens: verwijzingen, wijk x thema zonder aanspreekpunt, "
              "ontbrekende of ongeldige kanalen, verouderde verificatie, dubbelen. "
              "Eindigt met code 1 als er iets gevonden is. Met --json: één JSON-document "
              "(op één regel als het meer dan 5000 bevindingen bevat)."),
    "max_age": "Hoeveel maanden een verificatie geldig blijft.",
    "max_source_age": "Na hoeveel jaar de bron van een kanaal te controleren is (verify wist het).",
    "limit": "Toon per categorie hoogstens zoveel regels (0 = alles); --json geeft altijd alles.",
    "shown": "{title} ({m} van {n}; --alles toont alles)",
    "all": ("Toon alle bevindingen, volledig. Zonder --alles toont een terminal per categorie "
            "de eerste {n}, elk op één regel (een pipe de eerste 100)."),
    "summary": "Samenvatting",
    "category": "categorie",
    "count": "aantal",
    "ok": "Geen problemen gevonden.",
    "out_dir": "Kan niet schrijven naar {path}: de map bestaat niet.",
    "organisatie": "ical: alleen de bijeenkomsten van deze organisatie.",
    "org_not_ical": "--organisatie hoort bij --format ical.",
})

app = typer.Typer()


#: A check report with more items than this is written as one-line JSON (3x faster).
COMPACT_JSON_FROM = 5000
#: Findings per category that ``check`` shows on a terminal without --alles.
CHECK_TTY_ITEMS = 3


class Format(str, Enum):
    """Export file formats."""

    json = "json"
    csv = "csv"
    vcard = "vcard"
    ical = "ical"
    html = "html"


class Encoding(str, Enum):
    """CSV character sets Dutch Excel reads."""

    utf8 = "utf-8-sig"
    cp1252 = "cp1252"


def _soort(value: Optional[str]) -> Optional[str]:
    """Accept a kind in plural or singular ("contactpunt"), any case."""
    if value is None:
        return None
    from wijkwijzer.dataset import KINDS, SINGULAR

    v = value.strip().lower()
    kind = v if v in KINDS else SINGULAR.get(v)
    if kind is None:
        raise typer.BadParameter(MSG["bad_soort"].format(value=value, kinds=", ".join(KINDS)))
    return kind


def sorted_copy(data: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Return *data* with the records of every kind sorted by their key (id or
    code), so two exports of the same data are identical and diff well."""
    from wijkwijzer.dataset import KINDS

    return {kind: sorted(records, key=lambda r: str(r.get(KINDS.get(kind, "id"), "")))
            for kind, records in data.items()}


def public_copy(data: dict[str, list[dict]], history: list[dict] | None = None) -> dict[str, list[dict]]:
    """Return *data* fit for a public export: every record's ``persoon`` left
    out and every mention of a person - current or recorded in *history* -
    elsewhere (name, direct number, e-mail address in a remark) erased, by
    :func:`wijkwijzer.privacy.redact_public`. The input is not changed."""
    from wijkwijzer.staff.privacy import redact_public

    return redact_public(data, history)


def _emit_bytes(payload: bytes, out: Optional[Path], count: int, what: str, encoding: str = "utf-8") -> None:
    """Write an export: to ``--out`` atomically, to a pipe as the exact bytes,
    to a terminal as text with control characters made visible (so an escape
    sequence inside a record is shown, never obeyed)."""
    env = make_env()
    if out is None or str(out) == "-":
        env.stdout.flush()
        buffer = getattr(env.stdout, "buffer", None)
        if env.is_tty or buffer is None:
            from wijkwijzer.text import visible

            text = payload.decode("utf-8-sig" if encoding.startswith("utf") else encoding, errors="replace")
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            for line in lines:
                env.stdout.write(visible(line.removesuffix("\r")) + "\n")
            env.stdout.flush()
        else:
            buffer.write(payload)
            buffer.flush()
        return
    from wijkwijzer.store.atomic import atomic_write, umask_mode

    if not out.parent.exists():
        raise FileNotFoundError(MSG["out_dir"].format(path=out))
    with writing(out):  # a folder without write access, a full disk: one sentence naming the file
        atomic_write(out, payload, backup=False, new_mode=umask_mode())  # an export is no database: usual mode
    env.stderr.write(written(what, count).format(n=count, path=out) + "\n")


def written(what: str, n: int) -> str:
    """The export's closing sentence for *n* things of *what* (a kind of
    KINDS, "records", "visitekaartjes" or "kaart"), singular or plural, in the
    language in force; ``{n}`` and ``{path}`` still to fill in."""
    forms = {
        "records": ngettext("{n} record geschreven naar {path}.", "{n} records geschreven naar {path}.", n),
        "visitekaartjes": ngettext("{n} visitekaartje geschreven naar {path}.",
                                   "{n} visitekaartjes geschreven naar {path}.", n),
        "kaart": ngettext("{n} stadsdeel op de kaart geschreven naar {path}.",
                          "{n} stadsdelen op de kaart geschreven naar {path}.", n),
        "gemeenten": ngettext("{n} gemeente geschreven naar {path}.", "{n} gemeenten geschreven naar {path}.", n),
        "stadsdelen": ngettext("{n} stadsdeel geschreven naar {path}.", "{n} stadsdelen geschreven naar {path}.", n),
        "wijken": ngettext("{n} wijk geschreven naar {path}.", "{n} wijken geschreven naar {path}.", n),
        "buurten": ngettext("{n} buurt geschreven naar {path}.", "{n} buurten geschreven naar {path}.", n),
        "postcodes": ngettext("{n} postcode geschreven naar {path}.", "{n} postcodes geschreven naar {path}.", n),
        "organisaties": ngettext("{n} organisatie geschreven naar {path}.",
                                 "{n} organisaties geschreven naar {path}.", n),
        "diensten": ngettext("{n} dienst geschreven naar {path}.", "{n} diensten geschreven naar {path}.", n),
        "themas": ngettext("{n} thema geschreven naar {path}.", "{n} thema's geschreven naar {path}.", n),
        "contactpunten": ngettext("{n} contactpunt geschreven naar {path}.",
                                  "{n} contactpunten geschreven naar {path}.", n),
        "bijeenkomsten": ngettext("{n} bijeenkomst geschreven naar {path}.",
                                  "{n} bijeenkomsten geschreven naar {path}.", n),
        "vragen": ngettext("{n} vraag geschreven naar {path}.", "{n} vragen geschreven naar {path}.", n),
    }
    return forms[what]


@app.command(help=MSG["export"])
@handle_errors
def export(
    fmt: Annotated[Format, typer.Option("--format", "-f", help=MSG["format"])] = Format.json,
    soort: Annotated[Optional[str], typer.Option("--soort", callback=_soort, help=MSG["soort"])] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help=MSG["out"], dir_okay=False)] = None,
    public: Annotated[bool, typer.Option("--public", help=MSG["public"])] = False,
    encoding: Annotated[Encoding, typer.Option("--encoding", help=MSG["encoding"])] = Encoding.utf8,
    organisatie: Annotated[Optional[str], typer.Option("--organisatie", help=MSG["organisatie"])] = None,
    stadsdeel: StadsdeelOpt = None,
    db: DbOpt = None,
) -> None:
    if organisatie is not None and fmt is not Format.ical:
        raise fail(MSG["org_not_ical"])
    if stadsdeel is not None and fmt is not Format.html:
        raise fail(MSG["html_only"])
    store = open_store(db)
    if out is not None and store.owns(out):
        raise fail(MSG["out_is_db"].format(path=out))
    data = sorted_copy(store.snapshot())
    if public:
        data = public_copy(data, store.history())
    from wijkwijzer.staff.privacy import local_only

    data = local_only(data, soort, public)  # vragen stay local (issue #15)
    if fmt is Format.json:
        from wijkwijzer.formats.json_io import write_json

        kinds = [soort] if soort else None
        payload = write_json(data, kinds)
        count = sum(len(data.get(k, [])) for k in (kinds or data))
        what = "records"
    elif fmt is Format.csv:
        from wijkwijzer.formats.csv_io import write_csv

        kind = soort or "contactpunten"
        payload = write_csv(kind, data.get(kind, []), encoding=encoding.value)
        count, what = len(data.get(kind, [])), kind
    elif fmt is Format.ical:
        from wijkwijzer.staff.meetings import calendar, find_organisatie

        org = find_organisatie(directory(db), organisatie) if organisatie else None
        payload, count = calendar(data, org)
        what = "bijeenkomsten"
    elif fmt is Format.html:  # a page to hand out: always without personal data
        from wijkwijzer.cli.kaart import html_page

        payload, count, what = html_page(public_copy(data), stadsdeel)
    else:
        from wijkwijzer.formats.vcard import write_vcards

        payload = write_vcards(data)
        count, what = len(data.get("contactpunten", [])), "visitekaartjes"
    _emit_bytes(payload, out, count, what, encoding.value if fmt is Format.csv else "utf-8")


@app.command(help=MSG["check"])
@handle_errors
def check(
    as_json: JsonOpt = False,
    max_age_months: Annotated[int, typer.Option("--max-age-months", min=0, max=1200, help=MSG["max_age"])] = 12,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=0, help=MSG["limit"])] = None,
    alles: Annotated[bool, typer.Option("--alles", help=MSG["all"].format(n=CHECK_TTY_ITEMS))] = False,
    max_source_age_years: Annotated[int, typer.Option("--max-source-age-years", min=0, max=100,
                                                      help=MSG["max_source_age"])] = 2,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.staff.check import check_store, display_rows

    report = check_store(open_store(db), max_age_months=max_age_months,
                         max_source_age_years=max_source_age_years)
    env = make_env()
    if as_json:
        from wijkwijzer.render.terminal import print_json

        items = sum(s["aantal"] for s in report["samenvatting"])
        print_json(report, env, indent=2 if items <= COMPACT_JSON_FROM else None)
    else:
        from wijkwijzer.render.terminal import render_sections

        # a terminal gets a screen or two: a few items per category, one line each
        one_line = env.is_tty and not alles and limit is None
        limit = 0 if alles else limit if limit is not None else CHECK_TTY_ITEMS if one_line else 100
        summary = [{"categorie": s["omschrijving"], "aantal": s["aantal"]} for s in report["samenvatting"]
                   if s["aantal"] or not one_line]
        clean = len(report["samenvatting"]) - len(summary)
        if clean:  # a terminal names the categories without findings in one row
            summary.append({"categorie": ngettext("{n} andere categorie", "{n} andere categorieën", clean)
                            .format(n=clean), "aantal": 0})
        sections = [(MSG["summary"], summary, [("categorie", MSG["category"]), ("aantal", MSG["count"])])]
        for s in report["samenvatting"]:
            columns, rows = display_rows(s["categorie"], report["categorieen"][s["categorie"]])
            title = f"{s['omschrijving']} ({s['aantal']})"
            if limit and len(rows) > limit:
                title = MSG["shown"].format(title=s["omschrijving"], n=s["aantal"], m=limit)
                rows = rows[:limit]
            sections.append((title, rows, [(c, c) for c in columns]))
        render_sections(sections, env, one_line=one_line)
    if report["problemen"]:
        n = report["problemen"]
        env.stderr.write(ngettext("{n} probleem gevonden.", "{n} problemen gevonden.", n).format(n=n) + "\n")
        raise typer.Exit(ExitStatus.ERROR)
    env.stderr.write(MSG["ok"] + "\n")
