"""A derived read index of the database, so ``who`` stays fast for the whole country.

The TinyDB file stays the store of record. Next to it, ``<file>.index`` is a
SQLite file (stdlib ``sqlite3``) derived from it: every record (marshalled) keyed
by kind and id/code, which contactpunten cover which area, which
organisaties lie in which wijk, and the place names already normalised for
matching (as :class:`wijkwijzer.places.PlaceResolver` computes them). A
``who`` then reads a few hundred records instead of parsing the whole file:
a national database of 40+ MB is answered in well under 100 MB of memory.
``show ID`` (:meth:`Index.find`), the filtered lists
(:mod:`wijkwijzer.lookup.lists`, :meth:`Index.having`) and ``search`` (the
``txt`` table of normalised texts, their words once in ``voc`` and which
records hold which word in ``wrd``) read from it too, with the same answers.

The index is never trusted blindly. It records the size, mtime and ctime (ns),
inode and device of the database file it was built from and a checksum of
the code that built it; when any differs, or the file is damaged, it is
ignored and rebuilt from the database (written to a temporary file and
renamed, so a reader never sees half an index). The ctime is what makes a
copy with preserved timestamps (``cp --preserve=timestamps``, ``touch -r``)
noticed: the kernel sets it on every change and no program can set it back.
A write through :meth:`wijkwijzer.store.Store.write` removes the index
(:func:`invalidate`), so no derived copy of changed or erased data outlives
the change; a staff change of a few records (:class:`wijkwijzer.staff.tx.LineTx`)
instead updates it in the same step (:mod:`wijkwijzer.lookup.index_update`),
so the next read needs no rebuild.

The index holds the same personal data as the database, so it keeps the
database's privacy: it lives only in the database's folder (where the
database's folder is read-only, no index is kept and lookups parse the file),
its temporary file has the database's permission bits from the first byte,
and a build that is interrupted (Ctrl-C, SIGTERM, SIGHUP) removes it; one
left by a killed process is removed by the next build or write, and found by
``forget``.

No typer, no rich.
"""

from __future__ import annotations

import marshal
import os
import stat
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from pathlib import Path

from wijkwijzer.dataset import KINDS
from wijkwijzer.lookup.directory import Directory
from wijkwijzer.lookup.index_build import KEYED, SCHEMA, build  # noqa: F401 - build is part of the API
from wijkwijzer.store.derived import SUFFIX, index_path, invalidate  # noqa: F401
from wijkwijzer.i18n import Messages

FORMAT = 7
# Below this size parsing the file is as fast as opening the index (the bundled
# Den Haag data is ~0.1 MB); no index is kept for it.
MIN_SIZE = 512 * 1024
# The modules whose output the index stores; a change to any of them rebuilds
# it. Named as modules, not files, so a move fails loudly instead of silently
# leaving a file out of the checksum (STYLE.md section 5).
_CODE = ("wijkwijzer.lookup.index", "wijkwijzer.lookup.index_build", "wijkwijzer.lookup.places",
         "wijkwijzer.lookup.directory", "wijkwijzer.lookup.search", "wijkwijzer.text", "wijkwijzer.dataset",
         "wijkwijzer.lookup.index_update")
MSG = Messages({
    "damaged": ("De afgeleide leesindex {path} bleek beschadigd en is verwijderd; voer de opdracht "
                "opnieuw uit (de database zelf is in orde)."),
})


def _code_sum() -> int:
    """CRC-32 over the source of every module in ``_CODE`` (and FORMAT).

    Raises ImportError or OSError when one of them cannot be found: a stale
    list must break the tests, not silently stop the index from rebuilding."""
    import importlib
    import sys

    crc = FORMAT
    for name in _CODE:
        module = sys.modules.get(name) or importlib.import_module(name)
        crc = zlib.crc32(Path(module.__file__).read_bytes(), crc)
    return crc


def _fingerprint(st: os.stat_result, code: int) -> str:
    return f"{FORMAT}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}:{code}"


class IndexDamaged(ValueError):
    """The index turned out to be damaged while reading; it has been removed.
    ``str()`` is one Dutch sentence."""


class Index:
    """An open, current index at *path*. Records come back as fresh dicts
    (stored with ``marshal``).

    *con* is a read-only ``sqlite3.Connection``. Every read raises
    IndexDamaged (after removing the file, so the next command rebuilds it)
    if the file turns out to be damaged."""

    def __init__(self, con, path: Path):
        self.con, self.path = con, path

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        """All rows of one SQL query."""
        import sqlite3

        try:
            return self.con.execute(sql, args).fetchall()
        except sqlite3.DatabaseError:
            raise self.damaged() from None

    def load(self, raw: bytes):
        """Unmarshal one stored value."""
        try:
            return marshal.loads(raw)
        except (ValueError, EOFError, TypeError):
            raise self.damaged() from None

    def damaged(self) -> IndexDamaged:
        with suppress(OSError):
            os.unlink(self.path)
        return IndexDamaged(MSG["damaged"].format(path=self.path))

    def blob(self, name: str):
        """The marshalled object stored under *name* (checked with CRC-32)."""
        rows = self.query("SELECT data, crc FROM blob WHERE name = ?", (name,))
        if not rows or zlib.crc32(rows[0][0]) != rows[0][1]:
            raise self.damaged()
        return self.load(rows[0][0])

    def records(self, kind: str) -> list[dict]:
        """Every record of *kind*, in file order."""
        return [self.load(doc) for (doc,) in
                self.query("SELECT doc FROM rec WHERE kind = ? ORDER BY seq", (kind,))]

    def record(self, kind: str, key: str) -> dict | None:
        """The record of *kind* with id/code *key* (the last one if duplicated), or None."""
        rows = self.query("SELECT doc FROM rec INDEXED BY rec_key WHERE kind = ? AND key = ? "
                          "ORDER BY seq DESC LIMIT 1", (kind, key))
        return self.load(rows[0][0]) if rows else None

    def record_at(self, kind: str, seq: int) -> dict:
        """The record of *kind* at position *seq* in the file."""
        rows = self.query("SELECT doc FROM rec WHERE kind = ? AND seq = ?", (kind, seq))
        if not rows:
            raise self.damaged()
        return self.load(rows[0][0])

    def find(self, record_id: str) -> tuple[str, dict] | None:
        """``(kind, record)`` as :func:`wijkwijzer.lookup.search.find_record`
        finds it in the file: the first kind of KINDS, then the first record in
        file order, whose id equals *record_id* as typed or case-insensitively
        (stripped); None when there is none."""
        rows = self.query("SELECT kind, seq, doc FROM rec INDEXED BY rec_sid WHERE sid = ? UNION ALL "
                          "SELECT kind, seq, doc FROM rec INDEXED BY rec_lid WHERE lid = ?",
                          (record_id, record_id.strip().lower()))
        order = {kind: i for i, kind in enumerate(KINDS)}
        rows = [r for r in rows if r[0] in order]
        if not rows:
            return None
        kind, _seq, doc = min(rows, key=lambda r: (order[r[0]], r[1]))
        return kind, self.load(doc)

    def having(self, kind: str, field: str, values: list[str]) -> list[dict]:
        """Records of *kind* whose *field* (one of index_build.FIELDS) is or
        holds one of *values*, each once, in file order."""
        if not values:
            return []
        marks = ",".join("?" * len(values))
        return [self.load(doc) for (doc,) in self.query(
            f"SELECT doc FROM rec WHERE kind = ?1 AND seq IN (SELECT seq FROM val "  # noqa: S608 - marks only
            f"WHERE kind = ?1 AND field = ?2 AND val IN ({marks})) ORDER BY seq", (kind, field, *values))]

    def linked(self, table: str, kind: str, values: list[str]) -> list[dict]:
        """Records of *kind* linked to any of *values* in *table* (``cp_area``
        or ``org_wijk``), each once, in file order."""
        if not values:
            return []
        marks = ",".join("?" * len(values))
        return [self.load(doc) for (doc,) in self.query(
            f"SELECT doc FROM rec WHERE kind = ? AND seq IN "  # noqa: S608 - fixed names
            f"(SELECT seq FROM {table} WHERE val IN ({marks})) ORDER BY seq", (kind, *values))]

    def batches(self, kind: str, size: int = 500) -> Iterator[list[dict]]:
        """Every record of *kind* in file order, as :meth:`records` gives them,
        but in lists of at most *size* records read one after the other: a
        caller that walks a whole kind (``check``) never holds all of it."""
        import sqlite3
        from operator import itemgetter

        try:
            cursor = self.con.execute("SELECT doc FROM rec WHERE kind = ? ORDER BY seq", (kind,))
        except sqlite3.DatabaseError:
            raise self.damaged() from None
        while True:
            try:
                rows = cursor.fetchmany(size)
                batch = list(map(marshal.loads, map(itemgetter(0), rows)))  # as load(), without a call per record
            except (sqlite3.DatabaseError, ValueError, EOFError, TypeError):
                raise self.damaged() from None
            if not batch:
                return
            yield batch


class LazyKind(Mapping):
    """``Directory.by_id[kind]`` read from the index one key at a time."""

    def __init__(self, index: Index, kind: str):
        self.index, self.kind, self._seen = index, kind, {}

    def __getitem__(self, key):
        if key not in self._seen:
            self._seen[key] = self.index.record(self.kind, key) if isinstance(key, str) else None
        if self._seen[key] is None:
            raise KeyError(key)
        return self._seen[key]

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

    def _all(self) -> dict:
        return {r[KEYED[self.kind]]: r for r in self.index.records(self.kind)}


class LazySnapshot(Mapping):
    """``Directory.data``: ``{kind: [record, ...]}``, each kind read on first use."""

    def __init__(self, index: Index):
        self.index, self._kinds = index, {}

    def __getitem__(self, kind):
        if kind not in KINDS:
            raise KeyError(kind)
        if kind not in self._kinds:
            self._kinds[kind] = self.index.records(kind)
        return self._kinds[kind]

    def __iter__(self):
        return iter(KINDS)

    def __len__(self):
        return len(KINDS)


class LazyNames(Sequence):
    """``PlaceResolver.place_names()`` read from the index one entry at a time."""

    def __init__(self, index: Index):
        self.index, self._seen, self._all = index, {}, None

    def __getitem__(self, i):
        if self._all is not None:
            return self._all[i]
        if i not in self._seen:
            rows = self.index.query("SELECT entry FROM name WHERE seq = ?", (i,))
            if not rows:
                raise IndexError(i)
            self._seen[i] = self.index.load(rows[0][0])
        return self._seen[i]

    def __len__(self):
        return self.index.query("SELECT COUNT(*) FROM name")[0][0]

    def __iter__(self):
        if self._all is None:
            rows = self.index.query("SELECT entry FROM name ORDER BY seq")
            self._all = [self.index.load(entry) for (entry,) in rows]
        return iter(self._all)


class LazyTokens(Mapping):
    """The token index of :meth:`PlaceResolver._token_index`: token -> name indexes."""

    def __init__(self, index: Index):
        self.index = index

    def __getitem__(self, token):
        found = [seq for (seq,) in self.index.query("SELECT seq FROM tok WHERE tok = ? ORDER BY seq",
                                                    (token,))]
        if not found:
            raise KeyError(token)
        return found

    def __iter__(self):
        return iter(self.index.blob("vocab"))

    def __len__(self):
        return len(self.index.blob("vocab"))


class IndexedDirectory(Directory):
    """A :class:`wijkwijzer.lookup.Directory` answered from an :class:`Index`:
    same methods, same answers, but only the records a lookup touches are read."""

    def __init__(self, index: Index):  # noqa: super().__init__ would read every record
        self.index = index
        self.data = LazySnapshot(index)
        self.by_id = {kind: LazyKind(index, kind) for kind in KEYED}
        self._place_names = LazyNames(index)
        self._tokens = (index.blob("vocab"), LazyTokens(index))
        self._suggested: dict[str, list[str]] = {}

    def _suggest_places(self, q: str) -> list[str]:
        # "nothing found" compares q with every name; split_words and who ask twice
        if q not in self._suggested:
            self._suggested[q] = super()._suggest_places(q)
        return list(self._suggested[q])

    def _whole_name_hits(self, q: str, q_core_s: str) -> list[tuple[int, int]]:
        rows = self.index.query("SELECT seq, norm = ?1 FROM name WHERE norm = ?1 UNION "
                                "SELECT seq, norm = ?1 FROM name WHERE core = ?2", (q, q_core_s))
        return [(0 if exact else 1, seq) for seq, exact in rows]

    def contactpunten_in(self, areas) -> list[dict]:
        return self.index.linked("cp_area", "contactpunten", list(areas))

    def organisaties_in(self, wijken) -> list[dict]:
        return self.index.linked("org_wijk", "organisaties", list(wijken))


def _open(path: Path, fingerprint: str) -> Index | None:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if row and row[0] == fingerprint:
            return Index(con, path)
    except sqlite3.Error:
        pass
    con.close()
    return None


def fingerprint_of(db_path: Path) -> str | None:
    """The fingerprint an index current for the file *db_path* (as it is now)
    carries, or None when the file is below MIN_SIZE (no index is kept) or
    cannot be read. Raises ImportError/OSError only for a broken install."""
    try:
        st = os.stat(db_path)
    except OSError:
        return None
    return None if st.st_size < MIN_SIZE else _fingerprint(st, _code_sum())


def current(db_path: Path) -> tuple[Index, str] | None:
    """``(index, fingerprint)`` when the index of *db_path* is current for the
    file as it is now (see the module docstring), else None."""
    fingerprint = fingerprint_of(db_path)
    index = _open(index_path(db_path), fingerprint) if fingerprint else None
    return (index, fingerprint) if index is not None else None


def directory(store, on_rebuild=None) -> Directory:
    """A Directory for *store* (a :class:`wijkwijzer.store.Store`): from the
    derived index when it is current, else by parsing the database file once
    and (re)building the index for the next command. A database smaller than
    :data:`MIN_SIZE` is always parsed; it needs no index. *on_rebuild* (no
    arguments) is called first when that takes a while: a large file whose
    index is missing or stale (seconds for the national data).

    Raises what ``store.snapshot()`` raises (StoreError for a damaged file);
    problems with the index itself are never shown: the file is used instead."""
    try:
        st = os.stat(store.path)
    except FileNotFoundError:
        store.document()  # creates it from the bundled data
        st = os.stat(store.path)
    except OSError:
        return Directory(store.snapshot())
    if st.st_size < MIN_SIZE:
        return Directory(store.snapshot())
    import sqlite3

    fingerprint = _fingerprint(st, _code_sum())
    path = index_path(store.path)
    index = _open(path, fingerprint)
    if index is not None:
        try:
            return IndexedDirectory(index)
        except (sqlite3.Error, ValueError):
            pass
    if on_rebuild is not None:
        on_rebuild()
    full = Directory(store.snapshot())
    try:
        same = _fingerprint(os.stat(store.path), _code_sum()) == fingerprint
    except OSError:
        same = False
    if same:  # never label an index with the stat of a file it was not built from
        try:  # only next to the database (a read-only folder keeps no index)
            build(path, full, fingerprint, stat.S_IMODE(st.st_mode))
        except (OSError, sqlite3.Error):
            pass
        except (KeyError, TypeError, ValueError):  # records the Directory could not index
            pass
    return full

