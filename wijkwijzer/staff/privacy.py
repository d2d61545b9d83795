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
  scrubbed the same way, or deleted when they do not parse; a derived read
  index (``<file>.index``) is deleted, it is rebuilt when needed;
- one history entry says a person was erased, without the name.

Afterwards every file of the database is searched again, so the caller can
tell the user that ``grep NAME`` finds nothing. No typer, no rich.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

from wijkwijzer.dataset import KINDS
from wijkwijzer.i18n import Messages

#: Fields holding personal data: ``{container field: (sub-fields, ...)}``.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {"persoon": ("naam", "telefoon", "email")}
ERASED = "(gewist)"
#: Files derived from the database (rebuilt on demand), removed by forget:
#: a compressed index may hold the name where no text search can see it.
DERIVED_SUFFIXES = (".index",)
ACTION = "persoon gewist"

MSG = Messages({
    "empty_name": "Geef de naam van de persoon die gewist moet worden.",
    "not_found": "Geen persoon '{name}' gevonden in {path}, de historie of de reservekopieën.",
    "history_note": "Persoonsgegevens gewist op verzoek (AVG): {persons} persoon-gegevens, "
                    "{texts} teksten, {entries} historie-items. De naam is niet vastgelegd.",
})

_WORD = re.compile(r"[^\W_]+")


def is_personal(field: str) -> bool:
    """True for a dotted field path that holds personal data
    (``"persoon"``, ``"persoon.naam"``, ``"persoon.telefoon"`` ...)."""
    head, _, sub = field.partition(".")
    return head in PERSONAL_FIELDS and (not sub or sub in PERSONAL_FIELDS[head])


class PersonNotFound(ValueError):
    """NAME occurs nowhere; ``str()`` is one Dutch sentence."""


def _fold(text: str) -> tuple[str, list[int]]:
    """*text* without accents, case-folded, with the index in *text* of every
    folded character (folding may change the length: "ß" -> "ss")."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out, index = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(c):
                continue
            for f in c.casefold():
                out.append(f)
                index.append(i)
    return "".join(out), index


def name_tokens(name: str) -> list[str]:
    """The words of *name*, accent-free and case-folded ("José  de Vries" ->
    ["jose", "de", "vries"]); any script, not only Latin."""
    return _WORD.findall(_fold(name)[0])


def _phone_pattern(phone: str) -> str | None:
    """A regex for a Dutch number written any usual way (+31 70..., 070-...)."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("0031"):
        digits = digits[4:]
    elif digits.startswith("31"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if len(digits) < 6:
        return None
    sep = r"[\s\-.()]*"
    return r"(?<!\d)(?:(?:\+|00)?31" + sep + r"(?:\(0\)" + sep + r")?|0)" + sep.join(digits) + r"(?!\d)"


class Matcher:
    """Finds one person: by ``persoon.naam`` (exact on the folded words) and,
    inside any string, by the name as whole words or by a direct phone number /
    e-mail address learnt from a matched ``persoon`` (:meth:`learn`).

    Raises ValueError when *name* has no letters or digits.
    """

    def __init__(self, name: str):
        self.name = name
        self.tokens = name_tokens(name)
        if not self.tokens:
            raise ValueError(MSG["empty_name"])
        self._names: set[tuple[str, ...]] = set()
        self._patterns: list[str] = []
        self._extra: set[str] = set()
        self.add_name(name)

    def add_name(self, name: str) -> None:
        """Also find *name* (so one Matcher can stand for several people);
        a name without letters or digits is ignored."""
        tokens = tuple(name_tokens(name))
        if tokens and tokens not in self._names:
            self._names.add(tokens)
            self._patterns.append(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, tokens))
                                  + r"(?![^\W_])")
            self._regex = re.compile("|".join(f"(?:{p})" for p in self._patterns))

    def is_person(self, persoon: object) -> bool:
        """True when *persoon* is a dict whose ``naam`` is this person."""
        return isinstance(persoon, dict) and isinstance(persoon.get("naam"), str) \
            and tuple(name_tokens(persoon["naam"])) in self._names

    def learn(self, value: object) -> None:
        """Remember the phone numbers and e-mail addresses of every matched
        ``persoon`` inside *value* (any JSON value), to erase them from text too."""
        if isinstance(value, dict):
            for key, sub in value.items():
                if key == "persoon" and self.is_person(sub):
                    for field in ("telefoon", "email"):
                        if isinstance(sub.get(field), str) and sub[field].strip():
                            self.add_channel(field, sub[field].strip())
                self.learn(sub)
        elif isinstance(value, list):
            for sub in value:
                self.learn(sub)

    def add_channel(self, field: str, value: str) -> None:
        """Also find the phone number (*field* ``"telefoon"``) or e-mail address *value*."""
        if value in self._extra:
            return
        self._extra.add(value)
        pattern = _phone_pattern(value) if field == "telefoon" else None
        # folded as scrub() folds the text it searches: "josé.vries@x.nl" -> "jose.vries@x.nl"
        self._patterns.append(pattern or re.escape(_fold(value)[0]))
        self._regex = re.compile("|".join(f"(?:{p})" for p in self._patterns))

    def scrub(self, text: str) -> tuple[str, int]:
        """Return *text* with every occurrence replaced by ERASED, and the count."""
        folded, index = _fold(text)
        spans = [(index[m.start()], index[m.end() - 1] + 1)
                 for m in self._regex.finditer(folded) if m.end() > m.start()]
        if not spans:
            return text, 0
        out, last = [], 0
        for start, end in spans:
            if start < last:
                continue
            out += [text[last:start], ERASED]
            last = end
        out.append(text[last:])
        return "".join(out), len(spans)

    def found_in(self, text: str) -> bool:
        """True when *text* contains the person (see :meth:`scrub`)."""
        return self._regex.search(_fold(text)[0]) is not None


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
           for kind, records in data.items()}
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


def erase_in_document(doc: dict, m: Matcher) -> list[dict]:
    """Erase the person from a database document (``{table: {doc_id: record}}``)
    in place. Returns the erasures: ``[{"tabel", "record", "veld", "soort"}]``
    where record is the record's id/code (``#<doc_id>`` for the history)."""
    m.learn(doc)
    hits: list = []
    for table, rows in list(doc.items()):
        if not isinstance(rows, dict):
            doc[table] = _walk(rows, m, hits, (table, "", ""))
            continue
        for doc_id, rec in list(rows.items()):
            label = rec.get(KINDS[table]) if table in KINDS and isinstance(rec, dict) else None
            rows[doc_id] = _walk(rec, m, hits, (table, str(label or f"#{doc_id}"), ""))
    return [{"tabel": t, "record": r, "veld": f, "soort": k} for t, r, f, k in hits]


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


def files_with_name(store, m: Matcher) -> list[Path]:
    """The database file and the files next to it that still contain the person."""
    return [p for p in [store.path, *store.related_files()]
            if (text := _file_text(p)) is not None and m.found_in(text)]


def preview(store, name: str) -> dict:
    """What :func:`forget` would erase, without changing anything.

    *store* is a :class:`wijkwijzer.store.Store`. Returns ``{"naam",
    "treffers": [{"tabel", "record", "veld", "soort"}], "bestanden":
    [Path, ...] (other files holding the name)}``. Raises ValueError for a
    name without letters, PersonNotFound when it occurs nowhere, StoreError
    for a damaged database.
    """
    import copy

    m = Matcher(name)
    hits = erase_in_document(copy.deepcopy(store.document()), m)
    others = [p for p in files_with_name(store, m) if p != store.path]
    if not hits and not others:
        raise PersonNotFound(MSG["not_found"].format(name=name, path=store.path))
    return {"naam": name, "treffers": hits, "bestanden": others}


def _scrub_file(path: Path, m: Matcher) -> str | None:
    """Erase the person from one backup file: rewrite it when it is JSON,
    delete it when not (and always when it is derived data, see
    DERIVED_SUFFIXES). Returns "herschreven", "verwijderd" or None (clean)."""
    from wijkwijzer.store.atomic import atomic_write, dump

    if path.name.endswith(DERIVED_SUFFIXES):
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

    m = Matcher(name)
    rewritten: list[Path] = []
    removed: list[Path] = []
    with store.locked():
        with store.write() as db:
            doc = db.storage.read()
            hits = erase_in_document(doc, m)
            if hits:
                persons = sum(1 for h in hits if h["soort"] == "persoon")
                entries = len({h["record"] for h in hits if h["tabel"] == HISTORY})
                note = MSG["history_note"].format(persons=persons, texts=len(hits) - persons,
                                                  entries=entries)
                table = doc.setdefault(HISTORY, {})
                next_id = max((int(k) for k in table if k.isdigit()), default=0) + 1
                table[str(next_id)] = {
                    "tijd": now_utc(), "wie": ERASED if m.found_in(actor) else actor,
                    "soort": "persoon", "record": "", "actie": ACTION, "voor": None, "na": None,
                    "toelichting": note}
                db.storage.write(doc)
        # The write above kept the previous version - with the name - as .bak.
        for path in store.related_files():
            outcome = _scrub_file(path, m)
            if outcome == "herschreven":
                rewritten.append(path)
            elif outcome == "verwijderd":
                removed.append(path)
        left = files_with_name(store, m)
    if not hits and not rewritten and not removed:
        raise PersonNotFound(MSG["not_found"].format(name=name, path=store.path))
    per_table: dict[str, dict[str, int]] = {}
    for h in hits:
        counts = per_table.setdefault(h["tabel"], {"persoon": 0, "tekst": 0})
        counts[h["soort"]] += 1
    return {"treffers": hits, "per_tabel": per_table, "herschreven": rewritten,
            "verwijderd": removed, "nog_gevonden": left}
