"""Personal data (AVG/GDPR): what counts as personal, and erasing a person.

A contactpunt's ``persoon`` dict (``{naam, telefoon, email}``) is personal
data (:data:`PERSONAL_FIELDS`): a name and a direct number. ``export
--public`` leaves it out; :func:`forget` erases a person everywhere the
program keeps data:

- every ``persoon`` whose name equals NAME (case and accents ignored) becomes
  ``None`` - in records and in the ``voor``/``na`` snapshots of the history;
- every other string that contains NAME as whole words (a remark, the
  ``wie`` of a history entry), or a direct phone number / e-mail address of
  a matched person, has that part replaced by :data:`ERASED`;
- the files next to the database that keep copies of it (``<file>.bak``,
  ``<file>.v<N>.bak``, ``<file>.replaced-*``, ``<file>.damaged-*``) are
  scrubbed the same way, or deleted when they do not parse; derived files
  (the read index ``<file>.index``, a temporary ``.<file>.index.<pid>.tmp``
  a killed build left, an index an older version put in the cache folder)
  are deleted, the index is rebuilt when needed;
- a vraag (:data:`wijkwijzer.dataset.LOCAL_KINDS`) that mentions the person
  is removed whole, and the history keeps no copy of it: a question may hold
  more about a resident (an address, a complaint) than the name;
- one history entry says a person was erased, without the name.

Everything is found from the database's resolved path (a symlinked ``--db``
reaches the real files). Afterwards every file of the database is searched
again, so the caller can tell the user that ``grep NAME`` finds nothing.
Finding the person is :mod:`wijkwijzer.staff.matching`. No typer, no rich.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import suppress
from pathlib import Path

from wijkwijzer.dataset import KINDS, LOCAL_KINDS
from wijkwijzer.i18n import Messages, ngettext
from wijkwijzer.staff.matching import ERASED, Matcher, fold_text, name_tokens  # noqa: F401 - part of the API

#: Fields holding personal data: ``{container field: (sub-fields, ...)}``.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {"persoon": ("naam", "telefoon", "email")}
#: Files derived from the database (rebuilt on demand), removed by forget:
#: a compressed index may hold the name where no text search can see it.
DERIVED_SUFFIXES = (".index",)
ACTION = "persoon gewist"

MSG = Messages({
    "not_found": "Geen persoon '{name}' gevonden in {path}, de historie of de reservekopieën.",
    "history_note": "Persoonsgegevens gewist op verzoek (AVG): {persons} persoon-gegevens, "
                    "{texts} teksten, {entries} historie-items. De naam is niet vastgelegd.",
})

def is_personal(field: str) -> bool:
    """True for a dotted field path that holds personal data
    (``"persoon"``, ``"persoon.naam"``, ``"persoon.telefoon"`` ...)."""
    head, _, sub = field.partition(".")
    return head in PERSONAL_FIELDS and (not sub or sub in PERSONAL_FIELDS[head])


class PersonNotFound(ValueError):
    """NAME occurs nowhere; ``str()`` is one Dutch sentence."""


def _only_text(name: str, hits: list[dict]) -> None:
    """Raise PersonNotFound when *hits* (of :func:`erase_in_document`) hold the
    name only in ordinary text, never as a person's data or a vraag: then NAME
    is a place or a word ("Centrum"), and erasing it would rewrite names, ids
    and references of records that are no person's, backups included."""
    if hits and not any(h["soort"] == "persoon" for h in hits):
        raise PersonNotFound(ngettext(
            "'{name}' staat in geen persoonsgegeven (naam, telefoon of e-mail van een persoon) en in geen vraag, "
            "alleen in {n} gewone tekst; forget wist alleen personen. Er is niets veranderd; pas de tekst aan "
            "met 'edit'.",
            "'{name}' staat in geen persoonsgegeven (naam, telefoon of e-mail van een persoon) en in geen vraag, "
            "alleen in {n} gewone teksten; forget wist alleen personen. Er is niets veranderd; pas een tekst aan "
            "met 'edit'.", len(hits)).format(name=name, n=len(hits)))


def _persons(value) -> list[dict]:
    """Every ``persoon`` dict anywhere inside *value* (any JSON value)."""
    if isinstance(value, dict):
        own = [value["persoon"]] if isinstance(value.get("persoon"), dict) else []
        return own + [p for sub in value.values() for p in _persons(sub)]
    if isinstance(value, list):
        return [p for sub in value for p in _persons(sub)]
    return []


def redact_public(data: dict[str, list[dict]], history: list[dict] | None = None) -> dict[str, list[dict]]:
    """A copy of a snapshot (``{kind: [record, ...]}``) fit for a public
    export: every record's ``persoon`` left out, and every mention of a
    person (name as whole words, direct number in any usual notation, e-mail
    address) replaced by ERASED in all other text - a remark such as "bel Jan
    de Vries, 06 ..." would otherwise leak it. The persons are those in any
    current ``persoon`` and, with *history* (the change log, see
    :mod:`wijkwijzer.store.history`), every ``persoon`` value it ever
    recorded: a name or number removed from ``persoon`` but still mentioned
    in a remark stays personal. The input is not changed."""
    import copy

    persons = _persons(data) + _persons(history or [])
    names = [p["naam"] for p in persons if isinstance(p.get("naam"), str) and name_tokens(p["naam"])]
    out = {kind: [{k: v for k, v in r.items() if k != "persoon"} for r in records]
           for kind, records in data.items() if kind not in LOCAL_KINDS}
    if not names:
        return copy.deepcopy(out)
    m = Matcher(names[0])
    for name in names[1:]:
        m.add_name(name)
    m.learn(data)
    for person in persons:  # numbers and addresses, also of a person whose name was removed
        for field in ("telefoon", "email"):
            if isinstance(person.get(field), str) and person[field].strip():
                m.add_channel(field, person[field].strip())
    hits: list = []
    return {kind: [_walk(r, m, hits, (kind, "", "")) for r in records] for kind, records in out.items()}


def _walk(value, m: Matcher, hits: list, where: tuple):
    """Return *value* with the person erased; append ``(where, field, kind)``
    to *hits* for each erasure (kind "persoon" or "tekst")."""
    if isinstance(value, dict):
        out = {}
        for key, sub in value.items():
            field = f"{where[2]}.{key}" if where[2] else key
            if key == "persoon" and m.is_person(sub):
                out[key] = None
                hits.append((where[0], where[1], field, "persoon"))
                continue
            new_key, n = m.scrub(key) if isinstance(key, str) else (key, 0)
            if n:
                hits.append((where[0], where[1], field, "tekst"))
            out[new_key] = _walk(sub, m, hits, (where[0], where[1], field))
        return out
    if isinstance(value, list):
        return [_walk(sub, m, hits, where) for sub in value]
    if isinstance(value, str):
        new, n = m.scrub(value)
        if n:
            hits.append((where[0], where[1], where[2], "tekst"))
        return new
    return value


def _folded_json(rec) -> str | None:
    """A record as one folded text in which every match of a Matcher inside any of
    its strings (or keys) is also a match: its JSON, folded. None when that
    does not hold (an escaped character, or no JSON) and the record must be walked."""
    try:
        text = json.dumps(rec, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return None
    return None if "\\" in text else fold_text(text)


def erase_in_document(doc: dict, m: Matcher) -> list[dict]:
    """Erase the person from a database document (``{table: {doc_id: record}}``)
    in place. Returns the erasures: ``[{"tabel", "record", "veld", "soort"}]``
    where record is the record's id/code (``#<doc_id>`` for the history).

    Each record is first tested as one folded JSON text (C speed: a national
    database has 10^5 records and 10^6 strings); only records that mention
    the person are walked string by string. A record is replaced, never
    changed in place, so a shallow copy of the tables keeps the input intact."""
    texts: dict[str, dict[str, str | None]] = {
        table: {doc_id: _folded_json(rec) for doc_id, rec in rows.items()}
        for table, rows in doc.items() if isinstance(rows, dict)}

    def candidates(table: str) -> list[str]:
        """doc_ids of *table* whose records mention the person (or must be walked)."""
        folded = texts[table]
        ids = [i for i, t in folded.items() if t is not None]
        found = m.found_in_many([folded[i] for i in ids])
        hits = {i for i, hit in zip(ids, found) if hit}
        return [i for i, t in folded.items() if t is None or i in hits]

    for table in texts:  # persons named: learn their numbers first
        for doc_id in candidates(table):
            m.learn(doc[table][doc_id])
    hits: list = _drop_local(doc, m)  # a vraag that mentions the person goes whole
    for table, folded in texts.items():  # forget what _drop_local removed
        rows = doc[table]
        texts[table] = {i: t for i, t in folded.items() if i in rows}
    for table, rows in list(doc.items()):
        if not isinstance(rows, dict):
            m.learn(rows)
            doc[table] = _walk(rows, m, hits, (table, "", ""))
            continue
        for doc_id in candidates(table):
            rec = rows[doc_id]
            label = rec.get(KINDS[table]) if table in KINDS and isinstance(rec, dict) else None
            rows[doc_id] = _walk(rec, m, hits, (table, str(label or f"#{doc_id}"), ""))
    return [{"tabel": t, "record": r, "veld": f, "soort": k} for t, r, f, k in hits]


def _drop_local(doc: dict, m: Matcher) -> list:
    """Remove every record of a LOCAL_KINDS table (a vraag) that mentions the
    person, and blank the before/after copies of it in the history. Returns
    the hits ``(table, id, "", "persoon")``."""
    from wijkwijzer.store.schema import HISTORY

    hits, gone = [], set()
    for table in LOCAL_KINDS:
        rows = doc.get(table)
        for doc_id, rec in list(rows.items()) if isinstance(rows, dict) else []:
            if m.found_in(json.dumps(rec, ensure_ascii=False)):
                del rows[doc_id]
                gone.add((table, str(rec.get(KINDS[table]))))
                hits.append((table, str(rec.get(KINDS[table]) or f"#{doc_id}"), "", "persoon"))
    history = doc.get(HISTORY)
    for key, entry in list(history.items()) if isinstance(history, dict) and gone else []:
        if isinstance(entry, dict) and (entry.get("soort"), str(entry.get("record"))) in gone:
            history[key] = {**entry, "voor": None, "na": None}  # replaced, never changed in place
    return hits


def local_only(data: dict[str, list[dict]], soort: str | None, public: bool) -> dict[str, list[dict]]:
    """*data* for an export: the LOCAL_KINDS (vragen) stay on this machine
    unless asked for by name (``--soort vragen``), and never go public."""
    return {kind: records for kind, records in data.items()
            if kind not in LOCAL_KINDS or (kind == soort and not public)}


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _file_text(path: Path) -> str | None:
    """The text of *path* as a search sees it: UTF-8 (bad bytes replaced) with
    JSON ``\\uXXXX`` escapes decoded, so an ASCII-escaped name is found too."""
    from wijkwijzer.store.database import read_regular_file

    try:
        text = read_regular_file(path).decode("utf-8", errors="replace")
    except OSError:
        return None
    return _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def files_with_name(store, m: Matcher, database: bool = True) -> list[Path]:
    """The database file (unless not *database*) and the files kept beside it
    (:meth:`Store.related_files`) that still contain the person."""
    return [p for p in [*([store.path] if database else []), *store.related_files()]
            if (text := _file_text(p)) is not None and m.found_in(text)]


def preview(store, name: str) -> dict:
    """What :func:`forget` would erase, without changing anything.

    *store* is a :class:`wijkwijzer.store.Store`. Returns ``{"naam",
    "treffers": [{"tabel", "record", "veld", "soort"}], "bestanden":
    [Path, ...] (other files holding the name)}``. Raises ValueError for a
    name without letters, PersonNotFound when it occurs nowhere, StoreError
    for a damaged database.
    """
    m = Matcher(name)
    # erase_in_document replaces records, never changes them: copying the tables is enough
    doc = {t: dict(rows) if isinstance(rows, dict) else rows for t, rows in store.document().items()}
    hits = erase_in_document(doc, m)
    _only_text(name, hits)
    others = [p for p in files_with_name(store, m, database=False) if p != store.path]
    if not hits and not others:
        raise PersonNotFound(MSG["not_found"].format(name=name, path=store.path))
    return {"naam": name, "treffers": hits, "bestanden": others}


def _scrub_file(path: Path, m: Matcher) -> str | None:
    """Erase the person from one backup file: rewrite it when it is JSON,
    delete it when not (and always when it is derived data, see
    DERIVED_SUFFIXES). Returns "herschreven", "verwijderd" or None (clean)."""
    from wijkwijzer.store.atomic import atomic_write, dump

    from wijkwijzer.store.derived import is_derived

    if path.name.endswith(DERIVED_SUFFIXES) or is_derived(path):
        os.unlink(path)
        return "verwijderd"
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        data = None
    if isinstance(data, dict) and not path.name.endswith(".tmp"):
        m.learn(data)
        if not erase_in_document(data, m):
            return None
        atomic_write(path, dump(data), backup=False)
        return "herschreven"
    text = _file_text(path)
    if text is None or not m.found_in(text):
        return None
    os.unlink(path)
    return "verwijderd"


def _is_file(path: Path, st: os.stat_result) -> bool:
    """True when *path* is the file *st* was taken of (same inode and size)."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    return (now.st_ino, now.st_dev, now.st_size) == (st.st_ino, st.st_dev, st.st_size)


def forget(store, name: str, actor: str) -> dict:
    """Erase the person called *name* from the database, its history and its
    backups (see module docstring), all under the write lock.

    *actor* is who asked (``--as`` or the OS user); it is recorded, unless it
    contains the name. Returns ``{"treffers": [...] (as :func:`preview`),
    "per_tabel": {table: {"persoon": n, "tekst": n}}, "herschreven": [Path],
    "verwijderd": [Path], "nog_gevonden": [Path]}`` - ``nog_gevonden`` lists
    files that still contain the name (should be empty). Raises
    PersonNotFound, ValueError, StoreError as :func:`preview`.
    """
    from wijkwijzer.store.history import now_utc
    from wijkwijzer.store.schema import HISTORY

    from wijkwijzer.store.atomic import atomic_write, dump

    m = Matcher(name)
    rewritten: list[Path] = []
    removed: list[Path] = []
    previous, note_key = None, None
    with store.locked():
        with store.write() as db:
            with suppress(OSError):
                previous = os.stat(store.path)
            doc = db.storage.read()
            hits = erase_in_document(doc, m)
            _only_text(name, hits)  # raises inside the write: nothing is written
            if hits:
                persons = sum(1 for h in hits if h["soort"] == "persoon")
                entries = len({h["record"] for h in hits if h["tabel"] == HISTORY})
                note = MSG.source("history_note").format(persons=persons, texts=len(hits) - persons,
                                                  entries=entries)
                table = doc.setdefault(HISTORY, {})
                next_id = max((int(k) for k in table if k.isdigit()), default=0) + 1
                note_key = str(next_id)
                table[note_key] = {
                    "tijd": now_utc(), "wie": ERASED if m.found_in(actor) else actor,
                    "soort": "persoon", "record": "", "actie": ACTION, "voor": None, "na": None,
                    "toelichting": note}
                db.storage.write(doc)
        # The write above kept the previous version - with the name - as .bak:
        # when that is the very file just read, write its erased form directly
        # instead of parsing and erasing 35 MB again.
        done = set()
        if note_key is not None and previous is not None and _is_file(store.backup_path, previous):
            note = doc[HISTORY].pop(note_key)  # the previous version = this one without the note
            try:
                atomic_write(store.backup_path, dump(doc), backup=False)
            finally:
                doc[HISTORY][note_key] = note
            rewritten.append(store.backup_path)
            done.add(store.backup_path)
        for path in store.related_files():
            if path in done:
                continue
            outcome = _scrub_file(path, m)
            if outcome == "herschreven":
                rewritten.append(path)
            elif outcome == "verwijderd":
                removed.append(path)
    left = files_with_name(store, m)  # after the lock: a waiting edit need not wait for the check
    if not hits and not rewritten and not removed:
        raise PersonNotFound(MSG["not_found"].format(name=name, path=store.path))
    per_table: dict[str, dict[str, int]] = {}
    for h in hits:
        counts = per_table.setdefault(h["tabel"], {"persoon": 0, "tekst": 0})
        counts[h["soort"]] += 1
    return {"treffers": hits, "per_tabel": per_table, "herschreven": rewritten,
            "verwijderd": removed, "nog_gevonden": left}
