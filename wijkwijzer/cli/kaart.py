"""``wijkwijzer kaart [PLAATS]``: who does what at the gemeente, per thema.

Thin: resolve and build with :func:`wijkwijzer.lookup.kaart.kaart`, show with
:func:`wijkwijzer.render.kaart.render_kaart` or ``--json``.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from wijkwijzer.cli._shared import DbOpt, GemeenteOpt, JsonOpt, directory, emit, handle_errors
from wijkwijzer.i18n import Messages

MSG = Messages({
    "kaart": ("De kaart: per thema het eerste aanspreekpunt, de escalatie en de diensten, "
              "voor een organisatie, wijk, stadsdeel of postcode; zonder PLAATS voor de hele stad."),
    "no_stadsdeel": "Geen stadsdeel '{q}'.",
    "place": "Organisatie, wijk, buurt, stadsdeel of postcode (zoals bij 'who'); leeg: de hele stad.",
})

app = typer.Typer()


@app.command(help=MSG["kaart"])
@handle_errors
def kaart(
    plaats: Annotated[Optional[list[str]], typer.Argument(help=MSG["place"], metavar="[PLAATS]")] = None,
    gemeente: GemeenteOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    from wijkwijzer.lookup.kaart import kaart as build
    from wijkwijzer.render.kaart import render_kaart
    from wijkwijzer.text import check_query

    words = plaats or []
    check_query(*words)
    emit(build(directory(db, gemeente, home=True), " ".join(words) if words else None), as_json, render_kaart)


def html_page(data: dict, stadsdeel: Optional[str]) -> tuple[bytes, int, str]:
    """``export --format html``: the kaart of the city (or of *stadsdeel*, a
    name or id) as one web page. Returns ``(page bytes, number of stadsdelen,
    what they are)`` for the export's "written" message; raises NotFound for
    an unknown stadsdeel."""
    from wijkwijzer.errors import NotFound
    from wijkwijzer.formats.html import write_html
    from wijkwijzer.lookup.directory import Directory
    from wijkwijzer.lookup.kaart import area_answers, kaart as build, stadsdeel_id

    d = Directory(data)
    sd = stadsdeel_id(d, stadsdeel) if stadsdeel is not None else None
    if stadsdeel is not None and sd is None:
        raise NotFound(MSG["no_stadsdeel"].format(q=stadsdeel), [s["naam"] for s in data.get("stadsdelen", [])][:3])
    doc = build(d, stadsdeel=sd)
    return write_html(doc, area_answers(d, sd)), len(doc["gebieden"]), "kaart"
