"""Validation of bijeenkomsten and vragen (issue #15), for :mod:`wijkwijzer.staff.validate`.

Each check gets that module's ``_Checker`` (``text``, ``ref``, ``refs_list``,
``positive``, ``key``, ``boolean``, ``bad``, ``refs``, ``out``) and records
its problems there; :func:`wijkwijzer.staff.validate.check_record` runs it.
Standard library only; no typer, no rich.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from wijkwijzer.dataset import RECURRENCES
from wijkwijzer.i18n import Messages
from wijkwijzer.staff.fields import _SLUG, MAX_DUUR, MAX_TERMIJN

MSG = Messages({
    "start": "'{value}' is geen begin van de vorm JJJJ-MM-DD of JJJJ-MM-DDTUU:MM",
    "day": "'{value}' is geen datum van de vorm JJJJ-MM-DD",
    "future_day": "{value} ligt in de toekomst",
    "herhaling": "'{value}' is geen herhaling; kies uit {choices}",
    "until_before": "{value} ligt voor het begin van de bijeenkomst",
    "no_area": "'{value}' is geen wijkcode, stadsdeel-id of gemeentecode die bestaat",
    "no_organisatie": "organisatie '{value}' bestaat niet",
    "no_dienst": "dienst '{value}' bestaat niet",
    "no_contactpunt": "contactpunt '{value}' bestaat niet",
    "no_thema": "thema '{value}' bestaat niet",
    "answered_before": "{value} ligt voor de datum waarop de vraag gesteld is",
})
_START = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(c, field: str, required: bool = False, past: bool = False) -> date | None:
    """Check the ISO date in *field* (``JJJJ-MM-DD``); *past*: not after today."""
    value = c.text(field, required=required)
    if not value:
        return None
    try:
        if not _DAY.match(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        c.bad(field, MSG["day"].format(value=value))
        return None
    if past and day > date.today():
        c.bad(field, MSG["future_day"].format(value=value))
        return None
    return day


def check_bijeenkomst(c) -> None:
    """A bijeenkomst: id, titel, start (local time, Europe/Amsterdam), duur_minuten,
    plaats, gebied (wijk, stadsdeel or gemeente), organisaties, diensten,
    herhaling (a key of :data:`wijkwijzer.dataset.RECURRENCES`) and herhaal_tot."""
    c.key("id", _SLUG, "bad_id")
    c.text("titel", required=True)
    start = c.text("start", required=True)
    begin = None
    if start:
        try:
            if not _START.match(start):
                raise ValueError
            begin = datetime.fromisoformat(start).date()
        except ValueError:
            c.bad("start", MSG["start"].format(value=start))
    c.positive("duur_minuten", "duur", required=False, most=MAX_DUUR)  # validate's MSG["duur"]
    c.text("plaats")
    gebied = c.text("gebied")
    if gebied and not c.refs.area_exists(gebied):
        c.bad("gebied", MSG["no_area"].format(value=gebied))
    for value in c.listing("organisaties"):
        if value not in c.refs.organisaties:
            c.bad("organisaties", MSG["no_organisatie"].format(value=value))
    c.refs_list("diensten", lambda d: d in c.refs.diensten, "no_dienst")
    herhaling = c.text("herhaling")
    if herhaling and herhaling not in RECURRENCES:
        c.bad("herhaling", MSG["herhaling"].format(value=herhaling, choices=", ".join(RECURRENCES)))
    until = _day(c, "herhaal_tot")
    if until and begin and until < begin:
        c.bad("herhaal_tot", MSG["until_before"].format(value=until))


def check_vraag(c) -> None:
    """A vraag: id, aan (a contactpunt id), onderwerp, gesteld_op (not after
    today), organisatie, thema, termijn_werkdagen, termijn_afgesproken,
    uiterlijk (the deadline) and beantwoord_op (not before gesteld_op)."""
    c.key("id", _SLUG, "bad_id")
    value = c.text("aan", required=True)
    if value and value not in c.refs.contactpunten:
        c.bad("aan", MSG["no_contactpunt"].format(value=value))
    c.text("onderwerp", required=True)
    asked = _day(c, "gesteld_op", required=True, past=True)
    value = c.text("organisatie")
    if value and value not in c.refs.organisaties:
        c.bad("organisatie", MSG["no_organisatie"].format(value=value))
    value = c.text("thema")
    if value and value not in c.refs.themas:
        c.bad("thema", MSG["no_thema"].format(value=value))
    c.positive("termijn_werkdagen", "termijn", required=True, most=MAX_TERMIJN)
    c.boolean("termijn_afgesproken")
    _day(c, "uiterlijk", required=True)
    answered = _day(c, "beantwoord_op", past=True)
    if answered and asked and answered < asked:
        c.bad("beantwoord_op", MSG["answered_before"].format(value=answered))
