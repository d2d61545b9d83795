"""``wijkwijzer sync``: share the directory with other desks through git.

Thin: parse arguments, call :func:`wijkwijzer.sync.engine.sync`, render.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from wijkwijzer.cli._shared import AsOpt, DbOpt, JsonOpt, emit, fail, handle_errors, make_env, open_store
from wijkwijzer.i18n import Messages

MSG = Messages({
    "sync": ("Wissel wijzigingen uit met de andere beheerders via een gedeelde git-repository: "
             "versturen, binnenhalen en per record en veld samenvoegen. De eerste keer met --remote URL."),
    "remote": ("De gedeelde git-repository (URL of pad). Alleen de eerste keer nodig: een lege "
               "repository krijgt deze database, een gevulde vervangt hem (na een reservekopie)."),
    "keep": ("Bij een conflict: houd 'mijn' of 'hun' waarde, voor alle conflicten of per record "
             "(ID=mijn, ID=hun). Mag vaker."),
    "published": "Gepubliceerd: {path} staat nu op {url}.",
    "joined": "Aangesloten bij {url}: de database komt nu van daar.",
    "kept": "Uw vorige database is bewaard als {path}.",
    "synced": "Gesynchroniseerd met {url}: {sent} wijziging(en) verstuurd, {received} binnengehaald.",
    "retried": "Een ander bureau verstuurde net eerder; opnieuw samengevoegd ({n} pogingen).",
    "resolved": ("Opgelost: {soort} {record}, veld {veld}: '{gehouden}' gehouden ({kept}); "
                 "de andere waarde ({lost}) staat in de historie."),
    "conflict": "Conflict: {soort} {record}, veld {veld}: mijn {mijn}, hun {hun}.",
    "whole": "het hele record",
    "removed": "verwijderd",
    "changed": "gewijzigd",
    "empty": "leeg",
    "repo": "Repository: {path}",
})

app = typer.Typer()


def _value(value, whole: bool) -> str:
    import json

    if whole:
        return MSG["removed"] if value is None else MSG["changed"]
    if value is None:
        return MSG["empty"]
    return json.dumps(value, ensure_ascii=False)


def _describe(item: dict) -> dict:
    whole = not item.get("veld")
    return {"soort": item["soort"], "record": item["record"], "veld": item.get("veld") or MSG["whole"],
            "mijn": _value(item.get("mijn"), whole), "hun": _value(item.get("hun"), whole)}


@app.command(help=MSG["sync"])
@handle_errors
def sync(
    remote: Annotated[Optional[str], typer.Option("--remote", help=MSG["remote"], metavar="URL")] = None,
    houd: Annotated[Optional[list[str]], typer.Option("--houd", help=MSG["keep"],
                                                      metavar="mijn|hun|ID=mijn|ID=hun")] = None,
    as_name: AsOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.store.history import current_actor
    from wijkwijzer.sync.engine import SyncConflict, sync as run_sync
    from wijkwijzer.sync.merge import parse_keep

    keep = parse_keep(houd)
    store = open_store(db)
    try:
        report = run_sync(store, current_actor(as_name), remote=remote, keep=keep)
    except SyncConflict as exc:
        if as_json:
            emit({"actie": "conflict", "conflicten": exc.conflicts}, True, None)
        else:
            env = make_env()
            from wijkwijzer.text import visible

            for item in exc.conflicts:
                env.stderr.write(visible(MSG["conflict"].format(**_describe(item))) + "\n")
        raise fail(str(exc)) from None
    emit({**report, "reservekopie": str(report["reservekopie"]) if report["reservekopie"] else None},
         as_json, lambda r, env: _show(store, r, env))


def _show(store, report: dict, env) -> None:
    from wijkwijzer.text import visible

    def say(text: str) -> None:
        env.write(visible(text))

    action = report["actie"]
    if action == "gepubliceerd":
        say(MSG["published"].format(path=store.path, url=report["remote"]))
    elif action == "aangesloten":
        say(MSG["joined"].format(url=report["remote"]))
        if report["reservekopie"]:
            say(MSG["kept"].format(path=report["reservekopie"]))
    else:
        say(MSG["synced"].format(url=report["remote"], sent=report["verstuurd"],
                                 received=report["binnengehaald"]))
    if report["pogingen"] > 1:
        say(MSG["retried"].format(n=report["pogingen"]))
    for item in report["opgelost"]:
        shown = _describe(item)
        kept, lost = (shown["mijn"], shown["hun"]) if item["gehouden"] == "mijn" else (shown["hun"], shown["mijn"])
        say(MSG["resolved"].format(soort=item["soort"], record=item["record"], veld=shown["veld"],
                                   gehouden=item["gehouden"], kept=kept, lost=lost))
    say(MSG["repo"].format(path=report["repository"]))
