"""`wijkwijzer check`: what is wrong or missing in the directory.

Pure functions over a snapshot (``{kind: [record, ...]}``); no typer, no rich.
:func:`run_checks` returns one report with these categories (ids in
:data:`CATEGORIES`), each a list of flat dicts:

- ``verwijzingen``: a reference that points nowhere (contactpunt.dienst/gebied/
  themas, organisatie.stadsdeel/wijken, wijk.stadsdeel/gemeente, buurt.wijk,
  postcode.buurt/wijk, stadsdeel.gemeente, thema.diensten);
- ``dekking``: wijk x thema cells without a *thema-specific* niveau-1
  contactpunt that covers the wijk (via the wijk itself, its stadsdeel or its
  gemeente). A contactpunt for all themas (``"*"``) does not close a gap: it is
  the general fallback; nor does a ``melding`` (a form for one single case). A contactpunt counts unless it is ``inactief`` (an
  ``onbevestigd`` one is answered by ``who``; its doubt shows under
  ``verificatie``). Inactive wijken and themas are not checked;
- ``kanalen``: contactpunten without any channel (kanalen or persoon);
- ``verificatie``: records not verified within the maximum age; a missing or
  null ``geverifieerd_op`` counts as never verified. Contactpunten always;
  other kinds only when they carry the field (CBS areas are not "verified");
- ``te_controleren``: channels whose source is older than two years (a
  setting) and not verified since (:mod:`wijkwijzer.staff.freshness`);
- ``dubbelen``: likely duplicates within a kind (see :mod:`wijkwijzer.duplicates`:
  the same key twice, or near-identical names within one area, found by
  blocking and rapidfuzz, so not O(n^2));
- ``ongeldige_kanalen``: e-mail addresses and phone numbers that do not parse
  (the rules of :mod:`wijkwijzer.channels`, which ``add``/``edit``/``import`` use);
- ``stadsdeel_onbevestigd``: wijken whose stadsdeel is not confirmed;
- ``inactief_gebruikt``: inactive records that active records still point to;
- ``participatiemoe``: organisations asked to too many bijeenkomsten in the
  coming year (:func:`wijkwijzer.staff.meetings.overasked`).
- ``onbekende_velden`` and ``restbestanden``: see :mod:`wijkwijzer.staff.hygiene`.

Inactive records themselves are not checked. Everything is linear in the
number of records (set and dict look-ups), so the national dataset
(60,000 contactpunten) is checked in well under a second.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict

from wijkwijzer.dataset import ALL_THEMAS, KINDS, STATUSES, Snapshot, as_dict, as_list
from wijkwijzer.staff.validate import CP_SOORTEN, MAX_NIVEAU
from wijkwijzer.staff.channel_check import invalid_channels
from wijkwijzer.staff.duplicates import duplicates
from wijkwijzer.staff.meetings import FATIGUE, overasked
from wijkwijzer.staff.freshness import MAX_SOURCE_AGE_YEARS, old_sources
from wijkwijzer.i18n import N_, Messages, _
from wijkwijzer.staff.hygiene import leftover_files, unknown_fields

MSG = Messages({
    "verwijzingen": "Verwijzingen die nergens heen wijzen",
    "dekking": "Wijk x thema zonder niveau-1-aanspreekpunt voor dat thema",
    "kanalen": "Contactpunten zonder enig kanaal",
    "verificatie": "Niet geverifieerd in de afgelopen {months} maanden",
    "te_controleren": "Kanalen te controleren: bron ouder dan {years} jaar en sindsdien niet geverifieerd",
    "dubbelen": "Waarschijnlijke dubbelen",
    "ongeldige_kanalen": "Ongeldige e-mailadressen en telefoonnummers",
    "stadsdeel_onbevestigd": "Wijken met een onbevestigd stadsdeel",
    "inactief_gebruikt": "Inactieve records waar nog naar verwezen wordt",
    "vorm": "Contactpunten met een veld van de verkeerde soort (met de hand bewerkt?)",
    "participatiemoe": "Organisaties gevraagd voor meer dan {most} bijeenkomsten binnen {days} dagen",
    "onbekende_velden": "Records met een onbekend veld (met de hand bewerkt?)",
    "restbestanden": "Achtergebleven tijdelijke indexbestanden (kopie van de gegevens; 'forget' of "
                     "de volgende wijziging ruimt ze op)",
    "shape": "moet {want} zijn, is {got}",
    "never": "nooit geverifieerd",
    "bad_date": "geen geldige datum: '{value}'",
    "older": "laatst geverifieerd op {date}",
    "no_stadsdeel": "geen stadsdeel",
    "unconfirmed": "stadsdeel '{sd}' onbevestigd",
    "used_by": "gebruikt door {refs}",
})
CATEGORIES = ("verwijzingen", "dekking", "kanalen", "verificatie", "te_controleren", "dubbelen",
              "ongeldige_kanalen", "stadsdeel_onbevestigd", "inactief_gebruikt", "vorm", "participatiemoe",
              "onbekende_velden", "restbestanden")
#: category -> the item fields shown as columns, in order.
COLUMNS: dict[str, list[str]] = {
    "verwijzingen": ["soort", "id", "veld", "waarde"],
    "dekking": ["wijk", "wijk_naam", "stadsdeel", "thema"],
    "kanalen": ["id", "rol", "dienst", "gebied"],
    "verificatie": ["soort", "id", "geverifieerd_op", "reden"],
    "te_controleren": ["id", "rol", "bron_datum", "geverifieerd_op", "reden"],
    "dubbelen": ["soort", "id", "lijkt_op", "score", "reden"],
    "ongeldige_kanalen": ["soort", "id", "veld", "waarde", "reden"],
    "stadsdeel_onbevestigd": ["wijk", "naam", "stadsdeel", "reden"],
    "inactief_gebruikt": ["soort", "id", "gebruikt_door"],
    "vorm": ["id", "veld", "reden"],
    "participatiemoe": ["organisatie", "naam", "aantal", "van", "tot", "bijeenkomsten"],
    "onbekende_velden": ["soort", "id", "veld"],
    "restbestanden": ["bestand", "bytes"],
}
#: contactpunt field -> (accepted types, the Dutch name of what it must be)
SHAPES = {"kanalen": ((dict, type(None)), N_("een object met kanalen")),
          "persoon": ((dict, type(None)), N_("leeg of een object (naam, telefoon, email)")),
          "gebied": ((list,), N_("een lijst van gebieden")),
          "themas": ((list,), N_("een lijst van thema's")),
          "niveau": ((int,), N_("een geheel getal 1, 2 of 3")),
          "dienst": ((str,), N_("een dienst-id (tekst)")),
          "rol": ((str,), N_("tekst"))}
INACTIVE = "inactief"
AREA_KINDS = ("wijken", "stadsdelen", "gemeenten")
#: (kind, field, target kinds) of every reference; list fields are checked per item.
REFERENCES = [
    ("contactpunten", "dienst", ("diensten",)),
    ("contactpunten", "gebied", AREA_KINDS),
    ("contactpunten", "themas", ("themas",)),
    ("organisaties", "stadsdeel", ("stadsdelen",)),
    ("organisaties", "wijken", ("wijken",)),
    ("wijken", "stadsdeel", ("stadsdelen",)),
    ("wijken", "gemeente", ("gemeenten",)),
    ("buurten", "wijk", ("wijken",)),
    ("postcodes", "buurt", ("buurten",)),
    ("postcodes", "wijk", ("wijken",)),
    ("stadsdelen", "gemeente", ("gemeenten",)),
    ("themas", "diensten", ("diensten",)),
    ("bijeenkomsten", "gebied", AREA_KINDS),
    ("bijeenkomsten", "organisaties", ("organisaties",)),
    ("bijeenkomsten", "diensten", ("diensten",)),
    ("vragen", "aan", ("contactpunten",)),
    ("vragen", "organisatie", ("organisaties",)),
    ("vragen", "thema", ("themas",)),
]
SINGULAR = {"gemeenten": "gemeente", "stadsdelen": "stadsdeel", "wijken": "wijk", "buurten": "buurt",
            "postcodes": "postcode", "organisaties": "organisatie", "diensten": "dienst",
            "themas": "thema", "contactpunten": "contactpunt", "bijeenkomsten": "bijeenkomst", "vragen": "vraag"}


def _active(rec: dict) -> bool:
    return rec.get("status") != INACTIVE


def _rid(kind: str, rec: dict) -> str:
    return str(rec.get(KINDS[kind]))


def months_before(day: _dt.date, months: int) -> _dt.date:
    """Return the date *months* calendar months before *day* (clamped to month end)."""
    import calendar

    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    return _dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def check_references(data: Snapshot) -> tuple[list[dict], list[dict]]:
    """Return (dangling references, inactive-but-referenced records).

    Dangling: ``{soort, id, veld, waarde}`` for every value of a reference
    field that names no record of its target kinds (``"*"`` is fine in
    contactpunt.themas). Inactive-but-referenced: ``{soort, id, gebruikt_door}``.
    Only active referrers count. One dict look-up per value."""
    targets_of: dict[tuple, dict] = {}  # target kinds -> {id: (kind, active)}
    for _kind, _fld, targets in REFERENCES:
        if targets not in targets_of:
            merged: dict = {}
            for t in reversed(targets):  # the first kind wins, as in who
                merged.update((_rid(t, r), (t, _active(r))) for r in data.get(t, []))
            targets_of[targets] = merged
    dangling, used_by = [], defaultdict(list)
    for kind, fld, targets in REFERENCES:
        index = targets_of[targets]
        skip_star = kind == "contactpunten" and fld == "themas"
        for rec in data.get(kind, []):
            value = rec.get(fld)
            if value is None or not _active(rec):
                continue
            for v in (value if isinstance(value, list) else (value,)):
                hit = index.get(v) if isinstance(v, str) else None
                if hit is None:
                    if not (skip_star and v == ALL_THEMAS):
                        dangling.append({"soort": SINGULAR[kind], "id": _rid(kind, rec), "veld": fld,
                                         "waarde": v})
                elif not hit[1]:
                    used_by[(hit[0], v)].append(f"{SINGULAR[kind]} {_rid(kind, rec)}")
    inactive = [{"soort": SINGULAR[t], "id": v, "gebruikt_door": refs}
                for (t, v), refs in used_by.items()]
    return dangling, inactive


def coverage_gaps(data: Snapshot) -> list[dict]:
    """Return ``{wijk, wijk_naam, stadsdeel, thema}`` for every active wijk x
    active thema that no thema-specific, non-inactive niveau-1 contactpunt
    covers through the wijk, its stadsdeel or its gemeente (ordered by wijk
    code, then thema id)."""
    covered: dict[str, set] = defaultdict(set)  # thema -> area ids
    for cp in data.get("contactpunten", []):
        if not _active(cp) or cp.get("niveau") != 1 or cp.get("soort") == "melding":
            continue
        for thema in as_list(cp.get("themas")):
            if thema != ALL_THEMAS:
                covered[thema].update(g for g in as_list(cp.get("gebied")) if isinstance(g, str))
    stadsdelen = {s.get("id"): s for s in data.get("stadsdelen", [])}
    themas = sorted((t for t in data.get("themas", []) if _active(t)), key=lambda t: str(t.get("id")))
    gaps = []
    for wijk in sorted((w for w in data.get("wijken", []) if _active(w)), key=lambda w: str(w.get("code"))):
        sd = wijk.get("stadsdeel")
        gemeente = wijk.get("gemeente") or (stadsdelen.get(sd) or {}).get("gemeente")
        areas = {a for a in (wijk.get("code"), sd, gemeente) if a}
        for thema in themas:
            if areas.isdisjoint(covered.get(thema.get("id"), ())):
                gaps.append({"wijk": wijk.get("code"), "wijk_naam": wijk.get("naam"),
                             "stadsdeel": sd, "thema": thema.get("id")})
    return gaps


def missing_channels(data: Snapshot) -> list[dict]:
    """Return ``{id, rol, dienst, gebied}`` for active contactpunten whose
    ``kanalen`` (and ``persoon`` telefoon/email) are all empty."""
    out = []
    for cp in data.get("contactpunten", []):
        kanalen, persoon = as_dict(cp.get("kanalen")), as_dict(cp.get("persoon"))
        if any(kanalen.values()) or persoon.get("telefoon") or persoon.get("email") or not _active(cp):
            continue
        out.append({"id": cp.get("id"), "rol": cp.get("rol"), "dienst": cp.get("dienst"),
                    "gebied": cp.get("gebied")})
    return out


def stale(data: Snapshot, today: _dt.date, max_age_months: int) -> list[dict]:
    """Return ``{soort, id, geverifieerd_op, reden}`` for active records not
    verified since *max_age_months* before *today* (see the module docstring
    for which kinds). Each distinct date is judged once."""
    cutoff = months_before(today, max_age_months)
    judged: dict = {None: MSG["never"], "": MSG["never"]}

    def judge(value) -> str | None:
        try:
            return MSG["older"].format(date=value) if _dt.date.fromisoformat(str(value)) < cutoff else None
        except ValueError:
            return MSG["bad_date"].format(value=value)

    out = []
    for kind in KINDS:
        always = kind == "contactpunten"
        for rec in data.get(kind, []):
            if not (always or "geverifieerd_op" in rec) or not _active(rec):
                continue
            value = rec.get("geverifieerd_op")
            if not isinstance(value, (str, type(None))):
                value = str(value)
            if value not in judged:
                judged[value] = judge(value)
            if judged[value]:
                out.append({"soort": SINGULAR[kind], "id": _rid(kind, rec), "geverifieerd_op": value,
                            "reden": judged[value]})
    return out


def unconfirmed_stadsdeel(data: Snapshot) -> list[dict]:
    """Return ``{wijk, naam, stadsdeel, reden}`` for active wijken with
    ``stadsdeel_bevestigd`` false (a wijk without stadsdeel is listed only
    when it is marked unconfirmed: many gemeenten have no stadsdelen)."""
    return [{"wijk": w.get("code"), "naam": w.get("naam"), "stadsdeel": w.get("stadsdeel"),
             "reden": MSG["unconfirmed"].format(sd=w.get("stadsdeel")) if w.get("stadsdeel")
             else MSG["no_stadsdeel"]}
            for w in data.get("wijken", []) if _active(w) and w.get("stadsdeel_bevestigd") is False]


def run_checks(data: Snapshot, today: _dt.date | None = None, max_age_months: int = 12,
               max_source_age_years: int = MAX_SOURCE_AGE_YEARS, db_path=None) -> dict:
    """Run every check on *data* (``{kind: [record, ...]}``); with *db_path*
    (the database file) also look for files left beside it.

    Returns ``{"datum": ISO date, "max_age_months": n, "max_source_age_years": n, "problemen": total,
    "samenvatting": [{"categorie", "omschrijving", "aantal"}, ...],
    "categorieen": {category: [item, ...]}}`` with the categories of
    :data:`CATEGORIES` (item fields in :data:`COLUMNS`). Never raises for odd
    data: a malformed value is reported, not fatal."""
    import gc

    today = today or _dt.date.today()
    collecting = gc.isenabled()
    gc.disable()  # the checks make ~10^5 small dicts and no cycles: skip the full-heap scans
    try:
        found = _run_all(data, today, max_age_months)
        found["te_controleren"] = old_sources(data, today, max_source_age_years)
        found["restbestanden"] = leftover_files(db_path) if db_path is not None else []
        for cat, items in found.items():
            if cat != "dekking":  # already in wijk, thema order
                first, second = COLUMNS[cat][:2]
                items.sort(key=lambda item: (str(item.get(first)), str(item.get(second))))
    finally:
        if collecting:
            gc.enable()
    summary = [{"categorie": cat, "omschrijving": description(cat, max_age_months, max_source_age_years),
                "aantal": len(found[cat])} for cat in CATEGORIES]
    return {"datum": today.isoformat(), "max_age_months": max_age_months,
            "max_source_age_years": max_source_age_years,
            "problemen": sum(len(v) for v in found.values()), "samenvatting": summary,
            "categorieen": found}


def _run_all(data: Snapshot, today: _dt.date, max_age_months: int) -> dict[str, list[dict]]:
    dangling, inactive = check_references(data)
    return {
        "verwijzingen": dangling,
        "dekking": coverage_gaps(data),
        "kanalen": missing_channels(data),
        "verificatie": stale(data, today, max_age_months),
        "dubbelen": duplicates(data),  # see wijkwijzer.duplicates
        "ongeldige_kanalen": invalid_channels(data),
        "stadsdeel_onbevestigd": unconfirmed_stadsdeel(data),
        "inactief_gebruikt": inactive,
        "vorm": wrong_shapes(data),
        "participatiemoe": overasked(data, today),  # see wijkwijzer.staff.meetings
        "onbekende_velden": unknown_fields(data),
    }


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def wrong_shapes(data: Snapshot) -> list[dict]:
    """Return ``{id, veld, reden}`` for contactpunt fields of the wrong type
    (SHAPES), as a hand-edited database file may hold; ``who`` reads such a
    field as empty, so it must be repaired here."""
    out = []
    for cp in data.get("contactpunten", []):
        for fld, (types, want) in SHAPES.items():
            value = cp.get(fld)
            wrong = not isinstance(value, types) or isinstance(value, bool)
            if fld == "niveau" and not wrong and not 1 <= value <= MAX_NIVEAU:
                wrong = True
            elif fld in ("gebied", "themas") and not wrong:
                wrong = not all(isinstance(v, str) for v in value)
            if wrong:
                out.append({"id": cp.get("id"), "veld": fld,
                            "reden": MSG["shape"].format(want=_(want), got=_shown(value))})
        if cp.get("status") not in (*STATUSES, None):
            out.append({"id": cp.get("id"), "veld": "status",
                        "reden": MSG["shape"].format(want=" of ".join(STATUSES), got=_shown(cp.get("status")))})
        if cp.get("soort") not in (*CP_SOORTEN, None):  # who would read it as aanspreekpunt
            out.append({"id": cp.get("id"), "veld": "soort",
                        "reden": MSG["shape"].format(want=" of ".join(CP_SOORTEN), got=_shown(cp.get("soort")))})
    return out


def description(category: str, max_age_months: int = 12, max_source_age_years: int = MAX_SOURCE_AGE_YEARS) -> str:
    """The Dutch heading of *category*."""
    return MSG[category].format(months=max_age_months, years=max_source_age_years, most=FATIGUE.most,
                                days=FATIGUE.days)


def display_rows(category: str, items: list[dict]) -> tuple[list[str], list[dict]]:
    """Rows for showing *items* to a person: ``(columns, rows)``. Coverage gaps
    are grouped per thema (``thema, aantal, wijken``) so 300 cells stay readable;
    other categories are shown item by item with :data:`COLUMNS`."""
    if category != "dekking":
        return COLUMNS[category], items
    per_thema: dict[str, list[str]] = defaultdict(list)
    for gap in items:
        per_thema[gap["thema"]].append(f"{gap['wijk_naam']} ({gap['wijk']})")
    rows = [{"thema": t, "aantal": len(w), "wijken": w} for t, w in sorted(per_thema.items())]
    return ["thema", "aantal", "wijken"], rows
