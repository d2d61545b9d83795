"""Add, edit, remove and verify records of every kind, with history.

Every function takes a transaction from :func:`transaction` (a
:mod:`wijkwijzer.staff.tx` DocTx or LineTx, so the change lands in one atomic
write, or not at all when an exception escapes) and returns a :class:`Change`. Input from the command line may name references as
people type them (``--dienst Stadsbeheer``, ``--gebied Centrum``,
``--thema bomen``); :class:`Resolver` turns those into ids before validation.
No typer, no rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from wijkwijzer.dataset import ALL_THEMAS, KIND_SINGULAR, KINDS, Snapshot, as_list
from wijkwijzer.store.history import make_entry
from wijkwijzer.staff.tx import snapshot_of  # noqa: F401 - the importer's (TinyDB) snapshot
from wijkwijzer.errors import NotFound
from wijkwijzer.text import normalize, slug
from wijkwijzer.staff.duplicates import same_contactpunt
from wijkwijzer.staff.validate import Refs, ValidationError, validate_record
from wijkwijzer.i18n import Messages

MSG = Messages({
    "and_more": " (en nog {n})",
    "no_record": "Geen {soort} met id '{id}'.",
    "no_id_any": "Geen record met id of code '{id}'.",
    "exists": "Er is al een {soort} met id '{id}'.",
    "key_change": "de id of code van een bestaand record kan niet worden gewijzigd",
    "referenced": ("{soort} '{id}' wordt nog gebruikt door {refs}; pas die eerst aan of "
                   "gebruik --force."),
    "dangling": "Let op: {refs} verwijzen nu naar een {soort} die niet meer bestaat.",
    "unresolved": "'{value}' is geen {what}{hint}",
    "hint": "; bedoelde u {names}?",
    "what_dienst": "dienst (id of naam)",
    "what_gebied": "stadsdeel, wijk(code) of 'gemeente'",
    "what_thema": "thema (id, naam of synoniem) of 'alle'",
    "what_stadsdeel": "stadsdeel (id of naam)",
    "what_wijk": "wijk (code of naam)",
    "what_gemeente": "gemeente (code of naam)",
    "what_organisatie": "organisatie (id of naam)",
    "what_contactpunt": "contactpunt (id)",
    "need_code": "geef de CBS-code op (--code)",
    "nothing": "Geef minstens één veld op om te wijzigen.",
    "by_manual": "handmatig ingevoerd op {day}",
    "same_contact": ("Er is al een contactpunt met dezelfde rol, dienst en gebied: '{id}'; "
                     "pas dat aan, of gebruik --force om toch een tweede toe te voegen."),
})
#: kind -> [(referring kind, field)]: who points at a record of that kind.
REFERENCES: dict[str, list[tuple[str, str]]] = {
    "diensten": [("contactpunten", "dienst"), ("themas", "diensten"), ("bijeenkomsten", "diensten")],
    "organisaties": [("bijeenkomsten", "organisaties"), ("vragen", "organisatie")],
    "contactpunten": [("vragen", "aan")],
    "stadsdelen": [("wijken", "stadsdeel"), ("organisaties", "stadsdeel"), ("contactpunten", "gebied"),
                   ("bijeenkomsten", "gebied")],
    "wijken": [("buurten", "wijk"), ("organisaties", "wijken"), ("contactpunten", "gebied"),
               ("postcodes", "wijk"), ("bijeenkomsten", "gebied")],
    "buurten": [("postcodes", "buurt")],
    "themas": [("contactpunten", "themas"), ("vragen", "thema")],
    "gemeenten": [("stadsdelen", "gemeente"), ("wijken", "gemeente"), ("contactpunten", "gebied"),
                  ("bijeenkomsten", "gebied")],
}
#: Which input fields hold references, and how to resolve them.
REF_FIELDS: dict[str, dict[str, str]] = {
    "contactpunten": {"dienst": "dienst", "gebied": "gebied", "themas": "thema"},
    "organisaties": {"stadsdeel": "stadsdeel", "wijken": "wijk"},
    "themas": {"diensten": "dienst"},
    "wijken": {"stadsdeel": "stadsdeel", "gemeente": "gemeente"},
    "buurten": {"wijk": "wijk"},
    "stadsdelen": {"gemeente": "gemeente"},
    "diensten": {},
    "bijeenkomsten": {"gebied": "gebied", "organisaties": "organisatie", "diensten": "dienst"},
    "vragen": {"aan": "contactpunt", "organisatie": "organisatie", "thema": "thema"},
}
EDITABLE = tuple(REF_FIELDS)
MAX_NAMED = 5


@dataclass
class Change:
    """One change: ``soort`` (kind), ``id``, ``actie`` (a history action),
    ``voor``/``na`` (the record before/after; None when absent) and
    ``waarschuwingen`` (Dutch sentences, e.g. dangling references after --force)."""

    soort: str
    id: str
    actie: str
    voor: dict | None
    na: dict | None
    waarschuwingen: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The change as a JSON-ready dict (the keys above)."""
        return {"soort": KIND_SINGULAR.get(self.soort, self.soort), "id": self.id,
                "actie": self.actie, "voor": self.voor, "na": self.na,
                "waarschuwingen": self.waarschuwingen}


def transaction(store, dry_run: bool = False, fast: bool = True):
    """``with transaction(store, dry_run) as tx:`` see :func:`wijkwijzer.staff.tx.transaction`."""
    from wijkwijzer.staff.tx import transaction as _transaction

    return _transaction(store, dry_run, fast)


class _Tables(dict):
    """A dict that builds a missing entry with *build(key)* on first use."""

    def __init__(self, build):
        super().__init__()
        self.build = build

    def __missing__(self, key):
        self[key] = value = self.build(key)
        return value


class Resolver:
    """Turns what a user typed into ids, exactly (case and accents ignored) -
    never fuzzily, since a wrong guess would be written. Unresolved input raises
    ValidationError naming the field, with up to three suggestions.

    ``gebied`` prefers a stadsdeel over a wijk of the same name ("Centrum");
    give the wijk code (WK051828) for the wijk."""

    #: what -> (kind, key field, name fields) a table of names is built from
    SOURCES = {"dienst": ("diensten", "id", ("naam",)), "stadsdeel": ("stadsdelen", "id", ("naam",)),
               "wijk": ("wijken", "code", ("naam", "cbs_naam", "aliassen")),
               "gemeente": ("gemeenten", "id", ("naam", "cbs_naam")),
               "thema": ("themas", "id", ("naam", "synoniemen", "synoniemen_en")),
               "organisatie": ("organisaties", "id", ("naam", "aliassen")),
               "contactpunt": ("contactpunten", "id", ())}

    def __init__(self, data: Snapshot, keys=None):
        self.data, self.keys = data, keys  # keys(kind) -> every id, without reading records
        #: what -> {normalised name: id}, each built on first use (a LineTx reads
        #: a kind from the index only when a reference to it is resolved)
        self.tables = _Tables(self._table)
        self.labels: dict[str, str] = {}  # normalised name -> the name as written, for hints

    def _table(self, what: str) -> dict[str, str]:
        kind, key, names = self.SOURCES[what]
        table: dict[str, str] = {}
        if not names and self.keys is not None:  # ids only (contactpunt): no record needed
            for k in sorted(self.keys(kind)):
                table.setdefault(normalize(k), k)
                self.labels.setdefault(normalize(k), k)
            return table
        for r in self.data.get(kind, []):
            for n in [r.get(key), *(r.get(x) for x in names if not isinstance(r.get(x), list)),
                      *(v for x in names if isinstance(r.get(x), list) for v in r.get(x))]:
                if n:
                    table.setdefault(normalize(str(n)), r.get(key))
                    if n != r.get(key) or normalize(str(n)) not in self.labels:
                        self.labels[normalize(str(n))] = str(n)  # a name beats an id
        if what == "gemeente" and len(gemeenten := self.data.get("gemeenten", [])) == 1:
            table.setdefault("gemeente", gemeenten[0]["id"])
        return table

    def one(self, what: str, value: str, field_name: str, hint: bool = True) -> str:
        """Resolve *value* as a *what* (dienst, stadsdeel, wijk, gemeente, thema,
        gebied); raises ValidationError naming *field_name* (with suggestions
        unless *hint* is False)."""
        key = normalize(value)
        if what == "thema" and value.strip().lower() in ("*", "alle", "alles"):
            return ALL_THEMAS
        if what == "gebied":
            for sub in ("stadsdeel", "wijk", "gemeente"):
                if key in self.tables[sub]:
                    return self.tables[sub][key]
            pool = {k: v for sub in ("stadsdeel", "wijk", "gemeente") for k, v in self.tables[sub].items()}
        else:
            if key in self.tables[what]:
                return self.tables[what][key]
            pool = self.tables[what]
        raise ValidationError(field_name, MSG["unresolved"].format(
            value=value, what=MSG[f"what_{what}"], hint=self._hint(key, pool) if hint else ""))

    def _hint(self, key: str, pool: dict[str, str]) -> str:
        from rapidfuzz import fuzz, process

        names: list[str] = []
        for name, _s, _i in process.extract(key, list(pool), scorer=fuzz.WRatio, score_cutoff=60, limit=6):
            label = self.labels.get(name, name)
            if label not in names:
                names.append(label)
        return MSG["hint"].format(names=", ".join(f"'{n}'" for n in names[:3])) if names else ""

    def resolve(self, kind: str, fields: dict) -> dict:
        """Return *fields* with the reference fields of *kind* resolved to ids."""
        out = dict(fields)
        for name, what in REF_FIELDS.get(kind, {}).items():
            value = out.get(name)
            if value is None or value == "":
                continue
            if isinstance(value, list):
                out[name] = [self.one(what, str(v), name) for v in value if str(v).strip()]
            else:
                out[name] = self.one(what, str(value), name)
        return out


    def lenient(self, kind: str, record: dict, refs: Refs) -> dict:
        """Like :meth:`resolve` for an imported row: a value that is already an
        id, or that does not resolve, is left as it is for the validator to judge."""
        pools = {"dienst": refs.diensten, "stadsdeel": refs.stadsdelen, "wijk": refs.wijken,
                 "gemeente": refs.gemeenten, "thema": refs.themas}
        out = dict(record)

        def fix(what: str, value):
            if not isinstance(value, str) or value in pools.get(what, ()) or \
                    (what == "gebied" and refs.area_exists(value)) or value == ALL_THEMAS:
                return value
            try:
                return self.one(what, value, what, hint=False)
            except ValidationError:
                return value

        for name, what in REF_FIELDS.get(kind, {}).items():
            value = out.get(name)
            out[name] = [fix(what, v) for v in value] if isinstance(value, list) else fix(what, value)
        return out


def locate(tx, kind: str, record_id: str) -> tuple[object, dict]:
    """Return ``(handle, record)`` of the *kind* record whose key is *record_id*
    (case-insensitive) in transaction *tx*. Raises lookup.NotFound."""
    found = tx.locate(kind, record_id)
    if found is None:
        raise NotFound(MSG["no_record"].format(soort=KIND_SINGULAR[kind], id=record_id))
    return found


def kind_of(tx, record_id: str) -> str:
    """Return the kind holding a record with key *record_id*; raises lookup.NotFound."""
    for kind in KINDS:
        if tx.locate(kind, record_id) is not None:
            return kind
    raise NotFound(MSG["no_id_any"].format(id=record_id))


def referrers(data: Snapshot, kind: str, record_id: str) -> list[str]:
    """Records that point at *record_id* of *kind*: ``["contactpunt centrum-x", ...]``."""
    out = []
    for other, fld in REFERENCES.get(kind, []):
        key = KINDS[other]
        for rec in data.get(other, []):
            value = rec.get(fld)
            if value == record_id or (isinstance(value, list) and record_id in value):
                out.append(f"{KIND_SINGULAR[other]} {rec.get(key)}")
    return out


def _named(refs: list[str]) -> str:
    shown = ", ".join(refs[:MAX_NAMED])
    return shown + (MSG["and_more"].format(n=len(refs) - MAX_NAMED) if len(refs) > MAX_NAMED else "")


def new_id(kind: str, record: dict, taken: set[str], area_names: dict | None = None) -> str:
    """A readable, unused id for a new record: ``<area name>-<rol>`` for a
    contactpunt ("centrum-gebiedsregisseur-dsb"; *area_names* maps area ids to
    names), the slug of the name otherwise (upper case for a dienst); "-2",
    "-3" ... when taken."""
    if kind == "contactpunten":
        areas = record.get("gebied") or []
        area = (area_names or {}).get(areas[0], areas[0]) if areas else ""
        base = slug(f"{area} {record.get('rol') or 'contactpunt'}")
    else:
        base = slug(record.get("naam") or KIND_SINGULAR[kind])
    if kind == "diensten":
        base = base.upper()
    base = base or KIND_SINGULAR[kind]
    candidate, n = base, 2
    lowered = {t.lower() for t in taken}
    while candidate.lower() in lowered:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _merge(record: dict, fields: dict) -> dict:
    """Apply *fields* to a copy of *record*: None means "not given", "" clears a
    field; dict fields (kanalen, persoon) merge per sub-field."""
    import copy

    out = copy.deepcopy(record)
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, dict):
            current = out.get(name) if isinstance(out.get(name), dict) else {}
            for sub, v in value.items():
                if v is not None:
                    current[sub] = v or None
            out[name] = current
        else:
            out[name] = value
    return out


def add(db, kind: str, fields: dict, actor: str, force: bool = False) -> Change:
    """Add a record of *kind* from *fields* (input names resolved, defaults filled,
    validated). The key is taken from *fields* or derived with :func:`new_id`;
    ``bron`` defaults to "handmatig ingevoerd op DAY" (the editor goes to the history only). Raises
    ValidationError (which field, why) or ValueError when the key exists, or
    (unless *force*) when a contactpunt with the same rol, dienst and gebied
    exists (naming it)."""
    data = db.data
    key = KINDS[kind]
    record = _merge({}, Resolver(data, db.keys).resolve(kind, fields))
    record = {k: v for k, v in record.items() if v not in (None, "")}
    record.setdefault("bron", MSG.source("by_manual").format(day=date.today().isoformat()))
    taken = db.keys(kind)
    if not record.get(key):
        if key == "code":
            raise ValidationError("code", MSG["need_code"])
        names = {r.get(k): r.get("naam") for kk, k in (("wijken", "code"), ("stadsdelen", "id"))
                 for r in data.get(kk, [])}
        record[key] = new_id(kind, record, taken, names)
    record = validate_record(kind, record, Refs(data, db.keys))
    if str(record[key]).lower() in {t.lower() for t in taken}:
        raise ValueError(MSG["exists"].format(soort=KIND_SINGULAR[kind], id=record[key]))
    if kind == "contactpunten" and not force:
        twin = next((r for r in db.near(kind, as_list(record.get("gebied"))) if same_contactpunt(r, record)), None)
        if twin is not None:
            raise ValueError(MSG["same_contact"].format(id=twin.get(key)))
    ordered = {k: record[k] for k in sorted(record)}
    db.insert(kind, ordered)
    db.log(make_entry(actor, kind, ordered[key], "toegevoegd", None, ordered))
    return Change(kind, ordered[key], "toegevoegd", None, ordered)


def edit(db, kind: str, record_id: str, fields: dict, actor: str,
         add_list: dict | None = None, remove_list: dict | None = None) -> Change:
    """Change the given *fields* of one record (None: keep; "": clear; lists are
    replaced). *add_list*/*remove_list* (``{"synoniemen": [...]}``) add to or
    take from a list field. Validates the whole result. Raises lookup.NotFound,
    ValidationError, or ValueError when nothing is given."""
    doc_id, current = locate(db, kind, record_id)
    data = db.data
    key = KINDS[kind]
    if fields.get(key) not in (None, current.get(key)):
        raise ValidationError(key, MSG["key_change"])
    given = {k: v for k, v in fields.items() if v is not None}
    if not given and not add_list and not remove_list:
        raise ValueError(MSG["nothing"])
    before = dict(current)
    record = _merge(before, Resolver(data, db.keys).resolve(kind, given))
    for name, values in (add_list or {}).items():
        record[name] = list(record.get(name) or []) + [v for v in values if v not in (record.get(name) or [])]
    for name, values in (remove_list or {}).items():
        drop = {normalize(v) for v in values}
        record[name] = [v for v in record.get(name) or [] if normalize(str(v)) not in drop]
    record = validate_record(kind, record, Refs(data, db.keys))
    record = {k: record[k] for k in sorted(record)}
    if record == before:
        return Change(kind, current[key], "gewijzigd", before, record)
    db.replace(kind, doc_id, record)
    db.log(make_entry(actor, kind, record[key], "gewijzigd", before, record))
    return Change(kind, record[key], "gewijzigd", before, record)


def remove(db, kind: str, record_id: str, actor: str, force: bool = False) -> Change:
    """Remove one record. Refuses (ValueError naming the referring records) when
    others point at it, unless *force*; then the warning lists what now dangles
    (``check`` reports it too). Raises lookup.NotFound."""
    doc_id, current = locate(db, kind, record_id)
    key = KINDS[kind]
    refs = referrers(db.data, kind, current[key])
    soort = KIND_SINGULAR[kind]
    if refs and not force:
        raise ValueError(MSG["referenced"].format(soort=soort.capitalize(), id=current[key],
                                                  refs=_named(refs)))
    before = dict(current)
    db.remove(kind, doc_id)
    db.log(make_entry(actor, kind, before[key], "verwijderd", before, None))
    warnings = [MSG["dangling"].format(refs=_named(refs), soort=soort)] if refs else []
    return Change(kind, before[key], "verwijderd", before, None, warnings)


def verify(db, record_id: str, actor: str, kind: str | None = None,
           today: date | None = None) -> Change:
    """Set ``geverifieerd_op`` of one record (any kind, found by id or code) to
    *today* (default: the local date) and an ``onbevestigd`` status to
    ``actief`` (``inactief`` stays); a record already verified that day is
    left alone (a "gewijzigd" Change with voor == na). Raises lookup.NotFound."""
    kind = kind or kind_of(db, record_id)
    doc_id, current = locate(db, kind, record_id)
    before = dict(current)
    record = dict(before, geverifieerd_op=(today or date.today()).isoformat())
    if record.get("status") == "onbevestigd":  # checked now: no longer unconfirmed
        record["status"] = "actief"
    record = {k: record[k] for k in sorted(record)}
    key = KINDS[kind]
    if record == before:  # already verified today: nothing to write or log
        return Change(kind, record[key], "gewijzigd", before, record)
    db.replace(kind, doc_id, record)
    db.log(make_entry(actor, kind, record[key], "geverifieerd", before, record))
    return Change(kind, record[key], "geverifieerd", before, record)
