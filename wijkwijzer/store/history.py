"""The change log: who changed which record when, with the record before and after.

Entries live in the TinyDB table :data:`wijkwijzer.store.HISTORY` ("historie")
of the database file, one plain dict each::

    {"tijd": "2026-11-29T09:12:03Z", "wie": "jan", "soort": "contactpunten",
     "record": "centrum-gebiedsregisseur-dsb", "actie": "gewijzigd",
     "voor": {...} | None, "na": {...} | None}

``actie`` is one of :data:`ACTIONS`. The shape stays plain on purpose:
``forget`` rewrites this table to erase a person. No typer, no rich.
"""

from __future__ import annotations

import copy
import getpass
import os
from datetime import datetime, timezone

from wijkwijzer.store.schema import HISTORY
from wijkwijzer.i18n import Messages

ACTIONS = ("toegevoegd", "gewijzigd", "verwijderd", "geverifieerd", "geimporteerd", "hersteld",
           "samengevoegd")
#: ``soort`` and ``record`` of a ``hersteld`` entry: the whole database went back
#: to its backup (``voor``/``na`` hold ``{"versie": <sha256 prefix>, "van": <time>}``)
RESTORE_KIND = "database"
UNKNOWN_ACTOR = "onbekend"
MSG = Messages({
    "since": "'{value}' is geen datum als JJJJ-MM-DD of DD-MM-JJJJ (bij --since).",
    "added": "nieuw",
    "removed": "verwijderd",
    "empty": "leeg",
    "restored": "reservekopie van {van} teruggezet (versie {versie})",
})


def current_actor(as_name: str | None = None) -> str:
    """Return who makes a change: *as_name* (``--as NAME``) when given, else the
    OS user (getpass.getuser(), then $USER/$USERNAME, else "onbekend")."""
    if as_name and as_name.strip():
        return as_name.strip()
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises OSError/KeyError without a passwd entry
        return os.environ.get("USER") or os.environ.get("USERNAME") or UNKNOWN_ACTOR


def now_utc() -> str:
    """The current time as ISO-8601 UTC with seconds ("2026-11-29T09:12:03Z")."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def make_entry(actor: str, kind: str, record_id: str, action: str,
               before: dict | None, after: dict | None, when: str | None = None,
               copy_records: bool = True) -> dict:
    """Build one history entry (see module docstring). Records are deep-copied
    so later edits of the live record cannot alter the log; an import, whose
    records are fresh objects written once, passes ``copy_records=False``."""
    if action not in ACTIONS:
        raise ValueError(f"onbekende actie {action!r}")
    if copy_records:
        before, after = copy.deepcopy(before), copy.deepcopy(after)
    return {"tijd": when or now_utc(), "wie": actor, "soort": kind, "record": record_id,
            "actie": action, "voor": before, "na": after}


def record_change(db, actor: str, kind: str, record_id: str, action: str,
                  before: dict | None, after: dict | None) -> dict:
    """Append one entry to the history table of *db* (a ``tinydb.TinyDB`` opened
    with ``Store.write()``) and return it. Raises ValueError for an unknown action."""
    entry = make_entry(actor, kind, record_id, action, before, after)
    db.table(HISTORY).insert(entry)
    return entry


def record_many(db, entries: list[dict]) -> None:
    """Append many entries (built with :func:`make_entry`) in one table update."""
    if entries:
        db.table(HISTORY).insert_multiple(entries)


def _all(source) -> list[dict]:
    """Entries in insertion order (TinyDB doc ids are numeric strings, and the
    file is written with sorted keys, so "10" would come before "2")."""
    if hasattr(source, "document"):  # a Store
        source = source.document()
    if hasattr(source, "table"):  # a TinyDB
        return [dict(e) for e in sorted(source.table(HISTORY).all(), key=lambda e: e.doc_id)]
    table = source.get(HISTORY, {})  # a database document
    if not isinstance(table, dict):
        return list(table)
    return [e for _k, e in sorted(table.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0)]


def entries(store_or_doc, record_id: str | None = None, since: str | None = None) -> list[dict]:
    """Return history entries, oldest first.

    *store_or_doc* is a Store, a TinyDB or a database document dict.
    *record_id* keeps the entries of that record (codes case-insensitive);
    *since* (``YYYY-MM-DD`` or ``DD-MM-YYYY``, a date in UTC) keeps entries on or after that day.
    Raises ValueError (Dutch sentence) for a malformed *since*."""
    rows = _all(store_or_doc)
    if record_id:
        wanted = record_id.strip().lower()
        rows = [e for e in rows if str(e.get("record", "")).lower() == wanted]
    if since:
        try:
            from wijkwijzer.channels import parse_date

            day = parse_date(since).isoformat()
        except ValueError:
            raise ValueError(MSG["since"].format(value=since)) from None
        rows = [e for e in rows if str(e.get("tijd", ""))[:10] >= day]
    return sorted(rows, key=lambda e: str(e.get("tijd", "")))


def _flat(record: dict | None, prefix: str = "") -> dict:
    out: dict = {}
    for key, value in (record or {}).items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def show_value(value) -> str:
    """A field value in one short line: lists joined, empty as "leeg"."""
    if value in (None, "", []):
        return MSG["empty"]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def changed_fields(before: dict | None, after: dict | None) -> list[tuple[str, object, object]]:
    """The fields that differ: ``[(dotted field, old, new), ...]`` sorted by field
    (nested dicts such as ``kanalen.email`` are compared per field)."""
    a, b = _flat(before), _flat(after)
    return [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def summary(entry: dict) -> str:
    """One line describing what an entry changed ("email: leeg -> x@y.nl; niveau: 1 -> 2")."""
    if entry.get("actie") == "hersteld" and isinstance(entry.get("na"), dict):
        return MSG["restored"].format(van=entry["na"].get("van"), versie=entry["na"].get("versie"))
    if entry.get("voor") is None and entry.get("na") is not None:
        return MSG["added"]
    if entry.get("na") is None and entry.get("voor") is not None:
        return MSG["removed"]
    return "; ".join(f"{k}: {show_value(old)} -> {show_value(new)}"
                     for k, old, new in changed_fields(entry.get("voor"), entry.get("na")))


def last_restored(doc: dict) -> str | None:
    """The backup version (``na.versie``) the last history entry of the
    database document *doc* put back, when that entry is a restore; else None."""
    table = doc.get(HISTORY)
    if not isinstance(table, dict) or not table:
        return None
    last = table[max(table, key=lambda k: int(k) if str(k).isdigit() else -1)]
    if isinstance(last, dict) and last.get("actie") == "hersteld" and isinstance(last.get("na"), dict):
        return last["na"].get("versie")
    return None
