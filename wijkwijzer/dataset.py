"""The record kinds of the directory and the bundled default dataset.

Each kind is a list of plain dicts (JSON objects) keyed by one field. The
default Den Haag data lives in ``data/<kind>.json`` (see that folder's
README for sources); every record carries a ``bron`` (source).
"""

from __future__ import annotations

import json
from pathlib import Path

from wijkwijzer.i18n import Messages

#: kind -> the field that identifies a record of that kind.
KINDS: dict[str, str] = {
    "gemeenten": "id",
    "stadsdelen": "id",
    "wijken": "code",
    "buurten": "code",
    "postcodes": "id",
    "organisaties": "id",
    "diensten": "id",
    "themas": "id",
    "contactpunten": "id",
    "bijeenkomsten": "id",
    "vragen": "id",
}
#: singular (as typed on the command line) -> kind
SINGULAR: dict[str, str] = {
    "gemeente": "gemeenten", "stadsdeel": "stadsdelen", "wijk": "wijken", "buurt": "buurten",
    "postcode": "postcodes", "organisatie": "organisaties", "dienst": "diensten",
    "thema": "themas", "contactpunt": "contactpunten",
    "bijeenkomst": "bijeenkomsten", "vraag": "vragen",
}
KIND_SINGULAR: dict[str, str] = {v: k for k, v in SINGULAR.items()}
ALL_THEMAS = "*"
STATUSES = ("actief", "onbevestigd", "inactief")
#: Kinds that hold a volunteer's own notes with personal data (issue #15): kept
#: only in the local database, never in ``export --public``, erased by ``forget``.
LOCAL_KINDS = ("vragen",)
#: The time zone of every bijeenkomst's ``start`` (a local wall-clock time).
TIMEZONE = "Europe/Amsterdam"
#: bijeenkomst.herhaling -> the iCalendar RRULE (RFC 5545) it stands for.
RECURRENCES: dict[str, str] = {"wekelijks": "FREQ=WEEKLY", "maandelijks": "FREQ=MONTHLY",
                               "per-kwartaal": "FREQ=MONTHLY;INTERVAL=3", "jaarlijks": "FREQ=YEARLY"}

Snapshot = dict[str, list[dict]]


def key_of(kind: str) -> str:
    """Return the identifying field of *kind* ("wijken" -> "code"); KeyError if unknown."""
    return KINDS[kind]


def load_bundled(folder: Path | None = None) -> Snapshot:
    """Read the default dataset: ``{kind: [record, ...]}`` for every kind in KINDS.

    *folder* defaults to :func:`wijkwijzer.paths.bundled_data_dir`. A missing
    file gives an empty list; a malformed one raises ValueError naming it.
    """
    if folder is None:
        from wijkwijzer.paths import bundled_data_dir

        folder = bundled_data_dir()
    data: Snapshot = {}
    for kind in KINDS:
        path = folder / f"{kind}.json"
        if not path.exists():
            data[kind] = []
            continue
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: {exc}") from None
        if not isinstance(records, list):
            raise ValueError(f"{path}: expected a JSON list of records")
        data[kind] = records
    return data


def as_dict(value) -> dict:
    """*value* if it is a dict (``kanalen``, ``persoon``), else ``{}``: a
    hand-edited record with a wrong shape is read as empty, never crashes."""
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    """*value* as a list (``gebied``, ``themas``, ``wijken``): a list as it is,
    one non-empty string as a list of one, anything else as ``[]``."""
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, str) and value else []


#: per kind, the fields a reader may count on to hold text (or nothing) ...
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "gemeenten": ("naam", "status"), "stadsdelen": ("naam", "gemeente", "status"),
    "wijken": ("naam", "cbs_naam", "stadsdeel", "gemeente", "status"),
    "buurten": ("naam", "wijk", "status"), "postcodes": ("pc4", "buurt", "wijk"),
    "organisaties": ("naam", "stadsdeel", "status"), "diensten": ("naam", "soort", "status"),
    "themas": ("naam", "status"),
    "contactpunten": ("rol", "dienst", "status", "geverifieerd_op", "opmerking", "soort", "bron_datum"),
    "bijeenkomsten": ("titel", "start", "plaats", "gebied", "herhaling", "herhaal_tot", "status"),
    "vragen": ("aan", "onderwerp", "gesteld_op", "uiterlijk", "beantwoord_op", "organisatie", "thema"),
}
#: ... to hold a list of texts (one text alone is read as a list of one) ...
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "wijken": ("aliassen",), "organisaties": ("wijken", "aliassen"),
    "themas": ("synoniemen", "synoniemen_en", "diensten"), "contactpunten": ("gebied", "themas"),
    "bijeenkomsten": ("organisaties", "diensten"),
}
#: ... or to hold an object of texts (kanalen, persoon).
OBJECT_FIELDS: dict[str, tuple[str, ...]] = {"contactpunten": ("kanalen", "persoon")}


SHAPE_MSG = Messages({
    "text": "veld '{f}' moet tekst zijn",
    "list": "veld '{f}' moet een lijst van teksten zijn",
    "object": "veld '{f}' moet een object met teksten zijn",
})


def shape_problem(kind: str, rec: dict) -> str | None:
    """The first field of *rec* whose type no reader can use, as
    ``"veld 'x' moet ... zijn"``; None when the record is usable. A hand edit
    that puts a list where an id belongs would otherwise break every command."""
    for f in TEXT_FIELDS.get(kind, ()):
        if rec.get(f) is not None and rec.get(f).__class__ is not str:
            return SHAPE_MSG["text"].format(f=f)
    for f in LIST_FIELDS.get(kind, ()):
        v = rec.get(f)
        if v is not None and v.__class__ is not str and not (
                v.__class__ is list and all(x.__class__ is str for x in v)):
            return SHAPE_MSG["list"].format(f=f)
    for f in OBJECT_FIELDS.get(kind, ()):
        v = rec.get(f)
        if v is not None and not (v.__class__ is dict and all(
                x is None or x.__class__ is str for x in v.values())):
            return SHAPE_MSG["object"].format(f=f)
    return None



def wijk_stadsdeel(wijk) -> str | None:
    """The stadsdeel id that the wijk record *wijk* (a dict, or None) lies in,
    when it has one that is not marked unconfirmed (``stadsdeel_bevestigd``
    false); else None. The wijk record is the truth about its stadsdeel
    (source: CBS via data/wijken.json); an organisatie's own ``stadsdeel``
    must agree with it."""
    if not isinstance(wijk, dict) or wijk.get("stadsdeel_bevestigd") is False:
        return None
    sd = wijk.get("stadsdeel")
    return sd if isinstance(sd, str) and sd else None
