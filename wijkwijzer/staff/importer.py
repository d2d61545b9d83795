"""Import records from a JSON or CSV file: all or nothing.

The file is parsed by :mod:`wijkwijzer.io_json` / :mod:`wijkwijzer.io_csv`
(their docstrings describe the formats). Then, before anything is written,
every new or changed row is validated against the state the import would
produce (all errors collected, each naming its row and field), and records
that others still point at may not disappear. Only then is each touched table
rebuilt in one go (through the storage document, never per-row TinyDB
calls) and one history entry per changed record ("geimporteerd") appended,
all inside one ``Store.write()``: one atomic replace of the database file.

Modes: ``merge`` upserts by id (a row without id gets a new one); ``replace``
makes the file's records the whole set of that kind. A column absent from a
CSV file keeps the stored value; a new record without ``bron`` gets "geïmporteerd
uit FILE op DAY" (who imported it is in the history, not in a published field).
References may be names as staff type them ("Laak" for stadsdeel ``laak``),
resolved exactly as ``records.Resolver`` does. A row equal to the stored
record changes nothing and is not re-validated. What is stored is exactly the
validated, normalised record the history shows. No typer, no rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from wijkwijzer.dataset import KIND_SINGULAR, KINDS, SINGULAR, Snapshot
from wijkwijzer.channels import iso_date, normalize_email, normalize_phone
from wijkwijzer.store.history import changed_fields, show_value
from wijkwijzer.dataset import ALL_THEMAS, STATUSES
from wijkwijzer.staff.validate import (_ALLOWED, _SLUG, _WEB, CHANNELS, FIELDS, MAX_NIVEAU, MAX_TERMIJN, Refs,
                       ValidationError, ValidationErrors, check_record)
from wijkwijzer.i18n import Messages

MSG = Messages({
    "bad_soort": "Onbekende soort '{value}'; kies uit: {kinds}.",
    "soort_missing": "Het JSON-bestand bevat geen {kind}.",
    "duplicate": "staat ook in rij {other}; elke id mag één keer voorkomen",
    "still_used": "{soort} '{id}' zou verdwijnen maar wordt nog gebruikt door {refs}",
    "unreadable": "Kan {path} niet lezen: {why}.",
    "too_big": ("{path} is {size:.0f} MB; wijkwijzer importeert hoogstens {limit} MB in één keer "
                "(ongeveer 100.000 contactpunten). Splits het bestand, bijvoorbeeld per gemeente of "
                "per soort, en importeer de delen na elkaar; er is niets veranderd."),
    "row_csv": "Rij",
    "row_json": "{kind}, record",
    "file": "bestand",
    "bron": "geïmporteerd uit {name} op {day}",
})
#: Kinds in the order references allow (a wijk needs its stadsdeel first).
ORDER = ("gemeenten", "stadsdelen", "diensten", "wijken", "buurten", "postcodes", "themas",
         "organisaties", "contactpunten", "bijeenkomsten", "vragen")
PROGRESS_STEP = 1000
#: The largest import file, in MB. An import is all or nothing, so it holds the
#: file, its records and the database in memory at once: about 12 bytes per byte
#: of JSON (benchmarks: 34 MB, 60,000 contactpunten -> 425 MB peak). 64 MB keeps
#: an import under about 800 MB; a 206 MB file would need 2.1 GB.
MAX_IMPORT_MB = 64
CHANNELS_SET = frozenset(CHANNELS)
Progress = Callable[[int, int], None]


@dataclass
class KindPlan:
    """What an import does to one kind: ids ``added``, ``changed`` as
    ``[(id, [field, ...])]``, ids ``removed``, and the number ``unchanged``."""

    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: per changed id: ``[(dotted field, old value, new value), ...]``
    diffs: dict[str, list[tuple[str, object, object]]] = field(default_factory=dict)

    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class Plan:
    """The outcome of an import (or of a dry run): ``{kind: KindPlan}``."""

    mode: str
    kinds: dict[str, KindPlan] = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        """``{"toegevoegd", "gewijzigd", "verwijderd", "ongewijzigd"}`` counts over all kinds."""
        ks = self.kinds.values()
        return {"toegevoegd": sum(len(k.added) for k in ks), "gewijzigd": sum(len(k.changed) for k in ks),
                "verwijderd": sum(len(k.removed) for k in ks), "ongewijzigd": sum(k.unchanged for k in ks)}

    def rows(self) -> list[dict]:
        """One row per record that changes: ``{"actie", "soort", "id", "wijziging"}``."""
        out = []
        for kind, kp in self.kinds.items():
            soort = KIND_SINGULAR[kind]
            out += [{"actie": "toevoegen", "soort": soort, "id": i, "wijziging": ""} for i in kp.added]
            out += [{"actie": "wijzigen", "soort": soort, "id": i,
                     "wijziging": "; ".join(f"{k}: {show_value(old)} -> {show_value(new)}"
                                            for k, old, new in kp.diffs.get(i, [])) or ", ".join(f)}
                    for i, f in kp.changed]
            out += [{"actie": "verwijderen", "soort": soort, "id": i, "wijziging": ""} for i in kp.removed]
        return out

    def as_dict(self) -> dict:
        """JSON-ready: ``{"modus", "totaal", "soorten": {kind: {"toegevoegd": [ids],
        "gewijzigd": [{"id", "velden"}], "verwijderd": [ids], "ongewijzigd": n}}}``."""
        return {"modus": self.mode, "totaal": self.totals(), "soorten": {
            kind: {"toegevoegd": kp.added,
                   "gewijzigd": [{"id": i, "velden": f, "wijzigingen": [
                       {"veld": k, "voor": old, "na": new} for k, old, new in kp.diffs.get(i, [])]}
                                 for i, f in kp.changed],
                   "verwijderd": kp.removed, "ongewijzigd": kp.unchanged}
            for kind, kp in self.kinds.items()}}


def _kind_name(value: str) -> str:
    v = value.strip().lower()
    if v in KINDS:
        return v
    if v in SINGULAR:
        return SINGULAR[v]
    raise ValueError(MSG["bad_soort"].format(value=value, kinds=", ".join(SINGULAR)))


def read_file(path: Path, soort: str | None = None) -> tuple[dict[str, list[tuple[int, dict]]], bool]:
    """Parse *path* as JSON (``.json`` or text starting with ``{``) or CSV.

    Returns ``({kind: [(row, record), ...]}, is_json)``. *soort* (singular or
    plural kind) names the kind of a CSV file (else it is guessed from the
    header) or picks one kind out of a JSON file. Raises ValueError subclasses
    (CsvError, JsonError) with a Dutch sentence, or ValueError for an unreadable
    file or one larger than :data:`MAX_IMPORT_MB`."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_IMPORT_MB * 1_000_000:
            raise ValueError(MSG["too_big"].format(path=path, size=size / 1e6, limit=MAX_IMPORT_MB))
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(MSG["unreadable"].format(path=path, why=exc.strerror)) from None
    kind = _kind_name(soort) if soort else None
    if Path(path).suffix.lower() == ".json" or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        from wijkwijzer.formats.json_io import read_json

        parsed = read_json(data)
        if kind:
            if kind not in parsed:
                raise ValueError(MSG["soort_missing"].format(kind=kind))
            parsed = {kind: parsed[kind]}
        return parsed, True
    from wijkwijzer.formats.csv_io import guess_kind, read_csv

    kind = kind or guess_kind(data)
    return {kind: read_csv(data, kind)}, False


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _same(stored, new) -> bool:
    """Equal, treating None, "", [] and {} alike, and dicts field by field."""
    if stored == new or (_empty(stored) and _empty(new)):
        return True
    if isinstance(stored, dict) and isinstance(new, dict):
        return all(_same(stored.get(k), new.get(k)) for k in set(stored) | set(new))
    return False


def _merge_row(stored: dict, row: dict) -> tuple[dict, list[str]]:
    merged, fields = dict(stored), []
    for name, value in row.items():
        if _same(stored.get(name), value):
            continue
        if isinstance(value, dict) and isinstance(stored.get(name), dict):
            value = {**stored[name], **value}
            fields += [f"{name}.{k}" for k in sorted(value) if not _same(stored[name].get(k), value.get(k))]
        else:
            fields.append(name)
        merged[name] = value
    return merged, fields


def plan_import(data: Snapshot, parsed: dict[str, list[tuple[int, dict]]], mode: str,
                is_json: bool = False, progress: Progress | None = None, default_bron: str | None = None
                ) -> tuple[Plan, dict[str, list[dict]], list[tuple[str, str, dict | None, dict | None]]]:
    """Work out and validate an import without writing anything.

    *data* is the current snapshot, *parsed* the output of :func:`read_file`.
    Returns ``(plan, {kind: new full list of records}, [(kind, id, before,
    after), ...])``. Raises ValidationErrors listing every problem (row and
    field) when any row is invalid or a removed record is still referenced."""
    from wijkwijzer.staff.records import REFERENCES, Resolver, new_id, referrers

    plan, tables, candidates, removed = Plan(mode), {}, [], {}
    errors: list[ValidationError] = []
    for kind in [k for k in ORDER if k in parsed]:
        key, kp = KINDS[kind], KindPlan()
        label = MSG["row_json"].format(kind=kind) if is_json else MSG["row_csv"]
        stored = {str(r.get(key)).lower(): r for r in data.get(kind, [])}
        taken = set(stored)
        seen: dict[str, int] = {}
        replaced: dict[str, dict] = {}
        added: list[dict] = []
        for row, rec in parsed[kind]:
            rid = str(rec.get(key) or "").strip()
            if not rid and key == "id":
                rid = new_id(kind, rec, taken)
                rec = dict(rec, id=rid)
            elif rid and rec.get(key) != rid:  # " nieuw-cp " as Excel leaves it is nieuw-cp
                rec = dict(rec, **{key: rid})
            low = rid.lower()
            taken.add(low)
            if low in seen:
                errors.append(ValidationError(key, MSG["duplicate"].format(other=seen[low]), row, label))
                continue
            seen[low] = row
            if low in stored:
                merged, fields = _merge_row(stored[low], rec)
                if fields:
                    replaced[low] = merged
                    candidates.append((kind, row, label, low, merged, stored[low], fields))
                else:
                    kp.unchanged += 1
            else:
                if default_bron and not rec.get("bron"):
                    rec = dict(rec, bron=default_bron)
                added.append(rec)
                candidates.append((kind, row, label, low, rec, None, []))
        keep = [r for low, r in stored.items() if mode == "merge" or low in seen]
        gone = [r for low, r in stored.items() if mode == "replace" and low not in seen]
        kp.removed = [str(r.get(key)) for r in gone]
        removed[kind] = gone
        tables[kind] = [replaced.get(str(r.get(key)).lower(), r) for r in keep] + added
        plan.kinds[kind] = kp
    future = {k: tables.get(k, v) for k, v in data.items()}
    refs, resolver = Refs(future), None
    final: dict[int, dict] = {}  # id() of a row's record object -> what is stored
    changes = []
    for done, (kind, row, label, low, rec, before, fields) in enumerate(candidates, start=1):
        if progress and done % PROGRESS_STEP == 0:
            progress(done, len(candidates))
        out = fast_contactpunt(rec, refs) if kind == "contactpunten" else None
        errs = []
        if out is None:
            if resolver is None:
                resolver = Resolver(future)
            out, errs = check_record(kind, resolver.lenient(kind, rec, refs), refs, row)
        for e in errs:
            e.row_label = label
        errors += errs
        if errs:
            continue
        rid = str(out[KINDS[kind]])
        if before is None:
            plan.kinds[kind].added.append(rid)
        elif out == before:
            plan.kinds[kind].unchanged += 1
            final[id(rec)] = before
            continue
        else:
            plan.kinds[kind].changed.append((rid, fields))
            plan.kinds[kind].diffs[rid] = changed_fields(before, out)
        final[id(rec)] = out
        changes.append((kind, rid, before, out))
    if progress and candidates:
        progress(len(candidates), len(candidates))
    for kind, gone in removed.items():
        used = {v for other, fld in REFERENCES.get(kind, []) if gone
                for r in future.get(other, []) for v in _values(r.get(fld))}
        for rec in gone:
            rid = str(rec.get(KINDS[kind]))
            if rid in used:
                errors.append(ValidationError(MSG["file"], MSG["still_used"].format(
                    soort=KIND_SINGULAR[kind], id=rid, refs=", ".join(referrers(future, kind, rid)[:5]))))
            changes.append((kind, rid, rec, None))
    if errors:
        raise ValidationErrors(errors)
    # What is stored is exactly the validated, normalised record the history shows:
    # each row's record object is replaced by its checked form (by identity, so
    # no re-derived key can miss it and leave the raw row behind).
    for kind in tables:
        tables[kind] = [final.get(id(r), r) for r in tables[kind]]
    return plan, tables, changes


def _clean(value) -> bool:
    """A non-empty string without surrounding blanks or control characters (nor
    anything else not printable): what the checker would keep as is."""
    return value.__class__ is str and value != "" and value == value.strip() and value.isprintable()


def _clean_ids(values, pool, extra: str | None = None) -> bool:
    """A non-empty list of distinct clean strings, each in *pool* (or equal to *extra*)."""
    if values.__class__ is not list or not values or len(set(values)) != len(values):
        return False
    for v in values:
        if v.__class__ is not str or v != v.strip() or not v or (v not in pool and v != extra):
            return False
    return True


def fast_contactpunt(rec: dict, refs: Refs) -> dict | None:
    """The normalised contactpunt when *rec* is plainly valid, else None.

    Gives exactly what :func:`wijkwijzer.validate.check_record` gives for such
    a record (tests hold the two equal) in a fraction of the time; anything
    unusual (blanks to strip, duplicates, a persoon, an error) returns None
    and the full checker then normalises it or names the problem."""
    if rec.keys() - _ALLOWED["contactpunten"]:
        return None
    out = dict(FIELDS["contactpunten"])
    out.update(rec)
    rid, niveau, termijn = out["id"], out["niveau"], out["reactietermijn_werkdagen"]
    if not (_clean(rid) and _SLUG.match(rid) and _clean(out["rol"]) and _clean(out["bron"])
            and out["dienst"].__class__ is str and out["dienst"] in refs.diensten
            and out["persoon"] is None
            and niveau.__class__ is int and 1 <= niveau <= MAX_NIVEAU
            and (termijn is None or (termijn.__class__ is int and 1 <= termijn <= MAX_TERMIJN))
            and out["status"] in STATUSES
            and (out["opmerking"] is None or _clean(out["opmerking"]))
            and _clean_ids(out["gebied"], refs.areas)
            and _clean_ids(out["themas"], refs.themas, ALL_THEMAS)):
        return None
    kanalen = out["kanalen"] or {}
    if kanalen.__class__ is not dict or kanalen.keys() - CHANNELS_SET:
        return None
    kanalen = {ch: kanalen.get(ch) for ch in CHANNELS}
    for v in kanalen.values():
        if v is not None and not _clean(v):
            return None
    try:
        if out["geverifieerd_op"] is not None and iso_date(out["geverifieerd_op"]) != out["geverifieerd_op"]:
            return None
        if kanalen["email"] is not None:
            kanalen["email"] = normalize_email(kanalen["email"])
        if kanalen["telefoon"] is not None:
            kanalen["telefoon"] = normalize_phone(kanalen["telefoon"])
    except ValueError:
        return None
    if kanalen["web"] is not None and not _WEB.match(kanalen["web"]):
        return None
    out["kanalen"] = kanalen
    return out


def _values(value) -> list:
    return value if isinstance(value, list) else [value]


def run_import(store, path: Path, *, soort: str | None = None, mode: str = "merge",
               actor: str, dry_run: bool = False, progress: Progress | None = None) -> Plan:
    """Import *path* into *store* (a :class:`wijkwijzer.store.Store`) and return the Plan.

    All or nothing: raises ValidationErrors / CsvError / JsonError (ValueError
    subclasses, Dutch sentences) and then the database file is untouched. A
    *dry_run* reads a snapshot only and never takes the write lock."""
    from wijkwijzer.store.history import make_entry, now_utc

    parsed, is_json = read_file(path, soort)
    # the editor goes to the history only: record fields are published (#18)
    bron = MSG.source("bron").format(name=Path(path).name, day=date.today().isoformat())
    if dry_run:
        return plan_import(store.snapshot(), parsed, mode, is_json, progress, bron)[0]
    from wijkwijzer.staff.records import snapshot_of

    with store.write() as db:
        plan, tables, changes = plan_import(snapshot_of(db), parsed, mode, is_json, progress, bron)
        del parsed  # the file's rows: ~100 MB for 60,000 contactpunten, not needed to write (#12)
        when = now_utc()
        entries = [make_entry(actor, kind, rid, "geimporteerd", before, after, when, copy_records=False)
                   for kind, rid, before, after in changes]
        _write_tables(db, {k: v for k, v in tables.items() if plan.kinds[k].touched()}, entries)
    return plan


def _write_tables(db, tables: dict[str, list[dict]], entries: list[dict]) -> None:
    """Replace whole tables and append history through the storage document in
    one ``write`` (TinyDB's per-table calls copy every record); TinyDB's cached
    Table objects are dropped so nothing stale survives."""
    from wijkwijzer.store.schema import HISTORY

    doc = db.storage.read()
    for kind, records in tables.items():
        doc[kind] = {str(i): rec for i, rec in enumerate(records, start=1)}
    history = doc.setdefault(HISTORY, {})
    start = max((int(k) for k in history), default=0) + 1
    history.update((str(i), e) for i, e in enumerate(entries, start=start))
    db.storage.write(doc)
    db._tables.clear()  # noqa: SLF001 - TinyDB keeps Table objects with a cached next id
