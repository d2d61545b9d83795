"""`wijkwijzer check`: what is wrong or missing in the directory.

Pure functions over a snapshot (``{kind: [record, ...]}``); no typer, no rich.
:func:`run_checks` returns one report with these categories (ids in
:data:`CATEGORIES`), each a list of flat dicts:

- ``verwijzingen``: a reference that points nowhere (contactpunt.dienst/gebied/
  themas, organisatie.stadsdeel/wijken, wijk.stadsdeel/gemeente, buurt.wijk,
  postcode.buurt/wijk, stadsdeel.gemeente, thema.diensten), or to the wrong
  stadsdeel: an organisatie's wijk that lies in another stadsdeel than the
  organisatie names (:mod:`wijkwijzer.staff.area_match`; these items also
  have a ``reden``);
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
number of records (set and dict look-ups). Each category is an accumulator
(:mod:`wijkwijzer.staff.check_records`, :mod:`wijkwijzer.staff.check_refs`)
fed the records kind by kind in batches, so :func:`check_batches` checks a
national database as its records stream out of the derived read index
(:meth:`wijkwijzer.lookup.index.Index.batches`) without holding them all;
:func:`run_checks` feeds it a snapshot instead, with the same report.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from wijkwijzer.dataset import KINDS, Snapshot
from wijkwijzer.staff.channel_check import InvalidChannels, invalid_channels  # noqa: F401 - API
from wijkwijzer.staff.check_records import (Accumulator, Batch, MissingChannels, Stale, Unconfirmed,
                                            WrongShapes, months_before, over)  # noqa: F401 - months_before: API
from wijkwijzer.staff.check_refs import REFERENCES, Coverage, References  # noqa: F401 - API
from wijkwijzer.staff.area_match import WrongStadsdeel
from wijkwijzer.staff.duplicates import Duplicates
from wijkwijzer.staff.meetings import FATIGUE, overasked
from wijkwijzer.staff.freshness import MAX_SOURCE_AGE_YEARS, OldSources
from wijkwijzer.i18n import Messages
from wijkwijzer.staff.hygiene import UnknownFields, leftover_files

MSG = Messages({
    "verwijzingen": "Verwijzingen die nergens heen of naar een ander stadsdeel wijzen",
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
#: the order of ``categorieen`` in the JSON report (as it has always been)
_REPORT_ORDER = ("verwijzingen", "dekking", "kanalen", "verificatie", "dubbelen", "ongeldige_kanalen",
                 "stadsdeel_onbevestigd", "inactief_gebruikt", "vorm", "participatiemoe", "onbekende_velden",
                 "te_controleren")
#: Records read from the database per batch of one kind: ``batches(kind)`` -> lists of records.
Batches = Callable[[str], Iterable[list[dict]]]


def run_checks(data: Snapshot, today: _dt.date | None = None, max_age_months: int = 12,
               max_source_age_years: int = MAX_SOURCE_AGE_YEARS, db_path=None) -> dict:
    """Run every check on the snapshot *data* (``{kind: [record, ...]}``); with
    *db_path* (the database file) also look for files left beside it.

    Returns ``{"datum": ISO date, "max_age_months": n, "max_source_age_years": n, "problemen": total,
    "samenvatting": [{"categorie", "omschrijving", "aantal"}, ...],
    "categorieen": {category: [item, ...]}}`` with the categories of
    :data:`CATEGORIES` (item fields in :data:`COLUMNS`). Never raises for odd
    data: a malformed value is reported, not fatal."""
    return check_batches(lambda kind: _slices(data.get(kind) or []), today, max_age_months, max_source_age_years,
                         db_path)


def _slices(records: list[dict], size: int = 500) -> list[list[dict]]:
    """*records* in lists of at most *size*, as the index hands them out."""
    return [records[i:i + size] for i in range(0, len(records), size)]


def check_store(store, **options) -> dict:
    """:func:`run_checks` for the database of *store* (a :class:`wijkwijzer.store.Store`),
    with *options* as there (``db_path`` is the store's file). The records
    stream out of the derived read index when it matches the file
    (:func:`wijkwijzer.lookup.index.current`): a national database is
    then checked without parsing the file or holding its records. Otherwise
    the file is parsed, as before (no index is built: right after an edit that
    would only add to the wait). The report is the same either way. Raises
    what reading the database raises (IndexDamaged for an index found damaged
    while reading it)."""
    from wijkwijzer.lookup.index import current

    found = current(store.path)
    if found is not None:
        return check_batches(found[0].batches, db_path=store.path, **options)
    return run_checks(store.snapshot(), db_path=store.path, **options)


def check_batches(batches: Batches, today: _dt.date | None = None, max_age_months: int = 12,
                  max_source_age_years: int = MAX_SOURCE_AGE_YEARS, db_path=None) -> dict:
    """:func:`run_checks` over records read batch by batch: ``batches(kind)``
    yields lists of the records of *kind* in file order (each kind is asked
    for once, in KINDS order). The report is the same as for the snapshot of
    those records; only the batch in hand and what the categories keep (ids,
    folded names, covered areas, the findings) are held."""
    import gc

    today = today or _dt.date.today()
    references, wrong_stadsdeel = References(), WrongStadsdeel()
    categories: dict[str, Accumulator] = {
        "dekking": Coverage(), "kanalen": MissingChannels(), "verificatie": Stale(today, max_age_months),
        "te_controleren": OldSources(today, max_source_age_years), "dubbelen": Duplicates(),
        "ongeldige_kanalen": InvalidChannels(), "stadsdeel_onbevestigd": Unconfirmed(),
        "vorm": WrongShapes(), "participatiemoe": _Fatigue(today), "onbekende_velden": UnknownFields()}
    collecting = gc.isenabled()
    gc.disable()  # the checks make ~10^5 small dicts and no cycles: skip the full-heap scans
    try:
        for kind in KINDS:
            readers = [c for c in (references, wrong_stadsdeel, *categories.values()) if kind in c.kinds]
            if not readers:
                continue
            for records in batches(kind):
                if records:
                    batch = Batch(kind, records)
                    for category in readers:
                        category.feed(batch)
        dangling, inactive = references.result()
        found = {"verwijzingen": dangling + wrong_stadsdeel.result(), "inactief_gebruikt": inactive}
        found.update((cat, c.result()) for cat, c in categories.items())
        found = {cat: found[cat] for cat in _REPORT_ORDER}
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


class _Fatigue(Accumulator):
    """``participatiemoe`` (:func:`wijkwijzer.staff.meetings.overasked`): keeps
    the bijeenkomsten and what their agenda names (of the organisaties only
    the name by id)."""

    kinds = frozenset({"bijeenkomsten", "organisaties", "diensten", "wijken", "stadsdelen", "gemeenten"})

    def __init__(self, today: _dt.date):
        super().__init__()
        self.today, self.kept = today, {kind: [] for kind in self.kinds}
        self.organisaties: list[tuple] = []  # (id, naam)

    def feed(self, batch):
        if batch.kind == "organisaties":
            self.organisaties += zip(batch.col("id"), batch.col("naam"))
        else:
            self.kept[batch.kind] += batch.records

    def result(self) -> list[dict]:
        if not self.kept["bijeenkomsten"]:
            return []
        self.kept["organisaties"] = [{"id": i, "naam": n} for i, n in self.organisaties]
        return overasked(self.kept, self.today)


def check_references(data: Snapshot) -> tuple[list[dict], list[dict]]:
    """(dangling references, inactive-but-referenced records) in the snapshot
    *data*: :class:`wijkwijzer.staff.check_refs.References`."""
    return over(References(), data)


def wrong_shapes(data: Snapshot) -> list[dict]:
    """Contactpunt fields of the wrong type in the snapshot *data*:
    :class:`wijkwijzer.staff.check_records.WrongShapes`."""
    return over(WrongShapes(), data)


def description(category: str, max_age_months: int = 12, max_source_age_years: int = MAX_SOURCE_AGE_YEARS) -> str:
    """The Dutch heading of *category*."""
    return MSG[category].format(months=max_age_months, years=max_source_age_years, most=FATIGUE.most,
                                days=FATIGUE.days)


def display_rows(category: str, items: list[dict]) -> tuple[list[str], list[dict]]:
    """Rows for showing *items* to a person: ``(columns, rows)``. Coverage gaps
    are grouped per thema (``thema, aantal, wijken``) so 300 cells stay readable;
    other categories are shown item by item with :data:`COLUMNS`."""
    if category == "verwijzingen" and any("reden" in item for item in items):
        return [*COLUMNS[category], "reden"], items  # a wijk in another stadsdeel says where it lies
    if category != "dekking":
        return COLUMNS[category], items
    per_thema: dict[str, list[str]] = defaultdict(list)
    for gap in items:
        per_thema[gap["thema"]].append(f"{gap['wijk_naam']} ({gap['wijk']})")
    rows = [{"thema": t, "aantal": len(w), "wijken": w} for t, w in sorted(per_thema.items())]
    return ["thema", "aantal", "wijken"], rows
