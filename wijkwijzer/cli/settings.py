"""``wijkwijzer instellingen [gemeente NAAM | gemeente --wis]``: the user's own settings.

Thin: show or change the stored home gemeente (:mod:`wijkwijzer.store.settings`),
checked against the database first (:func:`wijkwijzer.lookup.home.gemeente_code`),
so only a gemeente that is there is stored, as its CBS code.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from wijkwijzer.cli._shared import DbOpt, JsonOpt, directory, emit, fail, handle_errors, writing
from wijkwijzer.i18n import Messages

MSG = Messages({
    "help": ("Toon of wijzig uw instellingen. 'instellingen gemeente \"Den Haag\"' maakt Den Haag uw "
             "gemeente: 'who' zoekt plaatsen dan eerst daar. 'instellingen gemeente --wis' haalt haar weg."),
    "key": "Welke instelling (nu alleen 'gemeente').",
    "value": "De nieuwe waarde: een gemeente (naam of CBS-code, zie 'wijkwijzer gemeenten').",
    "wis": "Verwijder de instelling.",
    "need_value": "Geef een gemeente op (naam of CBS-code), of --wis om haar te verwijderen.",
    "both": "Geef een waarde óf --wis, niet allebei.",
    "need_key": "Zeg welke instelling: 'wijkwijzer instellingen gemeente NAAM'.",
    "stored": "Uw gemeente is nu {naam} ({code}); opgeslagen in {path}.",
    "cleared": "Er is geen gemeente meer ingesteld ({path}).",
    "none": "Geen gemeente ingesteld. Stel haar in met 'wijkwijzer instellingen gemeente NAAM'.",
    "shown": "gemeente: {naam} ({code})",
    "file": "bestand: {path}",
    "env": "WIJKWIJZER_GEMEENTE={value} gaat voor deze instelling.",
})


class Key(str, Enum):
    gemeente = "gemeente"


app = typer.Typer()


@app.command(help=MSG["help"])
@handle_errors
def instellingen(
    sleutel: Annotated[Optional[Key], typer.Argument(help=MSG["key"], metavar="[gemeente]")] = None,
    waarde: Annotated[Optional[str], typer.Argument(help=MSG["value"], metavar="[NAAM]")] = None,
    wis: Annotated[bool, typer.Option("--wis", help=MSG["wis"])] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    import os

    from wijkwijzer.lookup.home import ENV_GEMEENTE, gemeente_code, gemeente_naam
    from wijkwijzer.paths import settings_path
    from wijkwijzer.render.terminal import say
    from wijkwijzer.store import settings

    path = settings_path()
    if sleutel is None:
        if wis or waarde is not None:
            raise fail(MSG["need_key"])
        code = settings.load().get("gemeente")
        naam = gemeente_naam(directory(db), code) if code else None
        doc = {"gemeente": {"id": code, "naam": naam} if code else None, "bestand": str(path)}
        env_value = os.environ.get(ENV_GEMEENTE, "").strip()

        def show(d, env):
            lines = [MSG["shown"].format(naam=naam, code=code) if code else MSG["none"],
                     MSG["file"].format(path=path)]
            if env_value:
                lines.append(MSG["env"].format(value=env_value))
            for line in lines:
                say(line, env)

        emit(doc, as_json, show)
        return
    if wis and waarde is not None:
        raise fail(MSG["both"])
    if wis:
        with writing(path):
            settings.save("gemeente", None)
        emit({"gemeente": None, "bestand": str(path)}, as_json,
             lambda d, env: say(MSG["cleared"].format(path=path), env))
        return
    if waarde is None or not waarde.strip():
        raise fail(MSG["need_value"])
    d = directory(db)
    code = gemeente_code(d, waarde, "")  # typed right here: no need to say where
    with writing(path):
        settings.save("gemeente", code)
    naam = gemeente_naam(d, code)
    emit({"gemeente": {"id": code, "naam": naam}, "bestand": str(path)}, as_json,
         lambda doc, env: say(MSG["stored"].format(naam=naam, code=code, path=path), env))
