"""One command's change to the database: the small interface records.py writes through.

:func:`transaction` yields a transaction with ``data`` (``{kind: [record, ...]}``
as it reads now), ``locate``, ``insert``, ``replace``, ``remove`` and ``log``
(a history entry), and lands everything in one atomic replace of the file at
the end, or nothing when an exception escapes. Two implementations:

- :class:`DocTx` over ``Store.write()`` (TinyDB): parses the whole file. Always
  correct; on the national dataset (35 MB) it takes seconds and ~270 MB.
- :class:`LineTx` (issue #12): when the derived read index is current for
  the file, records are read from the index and the file is rewritten by
  replacing only the changed lines (:mod:`wijkwijzer.store.lines`); the index
  is then updated in place (:mod:`wijkwijzer.lookup.index_update`), so the
  next ``who`` needs no rebuild. The file is never parsed whole: a current
  index means the file was checked when the index was built (or by the
  previous LineTx) and has not changed since (size, mtime, ctime, inode).
  Every replaced line is compared with the record the index holds for it;
  a file not laid out as ``dump()`` writes it takes the DocTx path.

The result is byte for byte the file DocTx would write (tests/test_tx.py).
No typer, no rich.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager

from wijkwijzer.dataset import KINDS
from wijkwijzer.store.schema import HISTORY


class _Discard(Exception):
    """Raised at the end of a dry run so that nothing is written."""


def snapshot_of(db) -> dict:
    """``{kind: [record, ...]}`` of a ``tinydb.TinyDB`` opened with
    ``Store.write()`` (no copies)."""
    doc = db.storage.read()
    return {kind: list(doc.get(kind, {}).values()) for kind in KINDS}


class DocTx:
    """A transaction over a ``tinydb.TinyDB`` opened with ``Store.write()``.
    Handles are TinyDB doc ids (int)."""

    def __init__(self, db):
        self.db = db

    @property
    def data(self) -> dict:
        """``{kind: [record, ...]}`` as the file reads now (no copies)."""
        return snapshot_of(self.db)

    def locate(self, kind: str, record_id: str) -> tuple[int, dict] | None:
        """``(handle, record)`` of the first *kind* record whose key equals
        *record_id* case-insensitively (stripped), or None."""
        key, wanted = KINDS[kind], record_id.strip().lower()
        for doc_id, rec in self.db.storage.read().get(kind, {}).items():
            if str(rec.get(key, "")).lower() == wanted:
                return int(doc_id), rec
        return None

    def keys(self, kind: str) -> set[str]:
        """Every id or code of *kind* (as text)."""
        return {str(r.get(KINDS[kind], "")) for r in self.data[kind]}

    def near(self, kind: str, areas: list) -> list[dict]:
        """Records of *kind* that may share one of *areas* (here: all of them);
        the twin check of ``add`` looks among these."""
        return self.data[kind]

    def insert(self, kind: str, record: dict) -> None:
        """Add *record* to *kind* (the next doc id)."""
        self.db.table(kind).insert(record)

    def replace(self, kind: str, handle: int, record: dict) -> None:
        """Put *record* in place of the record at *handle*."""
        def swap(doc):
            doc.clear()
            doc.update(record)

        self.db.table(kind).update(swap, doc_ids=[handle])

    def remove(self, kind: str, handle: int) -> None:
        """Remove the record at *handle*."""
        self.db.table(kind).remove(doc_ids=[handle])

    def log(self, entry: dict) -> None:
        """Append *entry* (:func:`wijkwijzer.store.history.make_entry`) to the history."""
        self.db.table(HISTORY).insert(entry)

    def history(self) -> list[dict]:
        """Every history entry, oldest first."""
        from wijkwijzer.store.history import entries

        return entries(self.db)


class _Data(Mapping):
    """``LineTx.data``: each kind read from the index on first use, with the
    transaction's own changes applied."""

    def __init__(self, tx: "LineTx"):
        self.tx, self._kinds = tx, {}

    def __getitem__(self, kind):
        if kind not in KINDS:
            raise KeyError(kind)
        if kind in self.tx.pending:
            return self.tx.current(kind)
        if kind not in self._kinds:
            self._kinds[kind] = self.tx.index.records(kind)
        return self._kinds[kind]

    def __iter__(self):
        return iter(KINDS)

    def __len__(self):
        return len(KINDS)


class LineTx:
    """A transaction that reads from a current :class:`wijkwijzer.lookup.index.Index`
    and rewrites only the changed lines of the file bytes *raw*. Handles are
    doc ids (str). Changes wait in ``pending`` (``{table: {doc_id: (before,
    after)}}``, the shape :func:`wijkwijzer.store.lines.patch` takes) until
    :meth:`commit`."""

    def __init__(self, index, raw: bytes, fingerprint: str):
        from wijkwijzer.store import schema
        from wijkwijzer.store.lines import NotCanonical, record_at, tables

        #: the index, the file's bytes, and the fingerprint they share (the file as read)
        self.index, self.raw, self.fingerprint = index, raw, fingerprint
        self.tables = tables(raw)  # one pass over the file; patch() uses them too
        if any(kind not in self.tables for kind in (*KINDS, HISTORY, schema.META)):
            raise NotCanonical("tables")
        if record_at(raw, self.tables[schema.META], 0)[1].get("schema") != schema.SCHEMA_VERSION:
            raise NotCanonical(schema.META)  # an older file is migrated by the Store.write() path
        self._counts = dict(index.query("SELECT kind, COUNT(*) FROM rec GROUP BY kind"))
        self._n: dict[str, int] = {}
        self.pending: dict[str, dict[str, tuple[dict | None, dict | None]]] = {}
        self.seqs: dict[tuple[str, str], int] = {}  # (kind, doc id) -> position, for the index
        self.data = _Data(self)

    def _count(self, table: str) -> int:
        """How many records *table* has in the file; for a kind, checked once
        against the index (its positions must be the file's lines). Raises
        NotCanonical when they differ."""
        from wijkwijzer.store.lines import count

        if table not in self._n:
            self._n[table] = count(self.raw, self.tables[table])
            if table in KINDS and self._n[table] != self._counts.get(table, 0):
                from wijkwijzer.staff.linewrite import moved

                raise moved(self.index.path)
        return self._n[table]

    def _doc_id(self, kind: str, seq: int) -> str:
        from wijkwijzer.store.lines import record_at

        self._count(kind)
        return record_at(self.raw, self.tables[kind], seq)[0]

    def current(self, kind: str) -> list[dict]:
        """Every record of *kind* with the pending changes applied, in file order."""
        from wijkwijzer.store.lines import doc_ids

        changes = self.pending.get(kind, {})
        out = []
        self._count(kind)
        for doc_id, rec in zip(doc_ids(self.raw, self.tables[kind]), self.index.records(kind)):
            after = changes[doc_id][1] if doc_id in changes else rec
            if after is not None:
                out.append(after)
        out += [after for before, after in changes.values() if before is None]
        return out

    def locate(self, kind: str, record_id: str) -> tuple[str, dict] | None:
        """As :meth:`DocTx.locate`."""
        key, wanted = KINDS[kind], record_id.strip().lower()
        if kind in self.pending:  # rare: a second change to the same kind
            from wijkwijzer.store.lines import doc_ids

            self._count(kind)
            ids = doc_ids(self.raw, self.tables[kind])
            for seq, doc_id in enumerate(ids):
                self.seqs[kind, doc_id] = seq
            ids = [i for i in ids if self.pending[kind].get(i, (None, True))[1] is not None]
            ids += [i for i, (b, _a) in self.pending[kind].items() if b is None]
            for doc_id, rec in zip(ids, self.current(kind)):
                if str(rec.get(key, "")).lower() == wanted:
                    return doc_id, rec
            return None
        rows = self.index.query("SELECT seq, doc FROM rec INDEXED BY rec_lid WHERE kind = ? AND lid = ? "
                                "ORDER BY seq LIMIT 1", (kind, wanted))
        if not rows:
            return None
        seq, doc = rows[0]
        doc_id = self._doc_id(kind, seq)
        self.seqs[kind, doc_id] = seq
        return doc_id, self.index.load(doc)

    def _set(self, table: str, doc_id: str, before: dict | None, after: dict | None) -> None:
        changes = self.pending.setdefault(table, {})
        original = changes[doc_id][0] if doc_id in changes else before
        if original is None and after is None:
            changes.pop(doc_id, None)
        else:
            changes[doc_id] = (original, after)

    def _next_id(self, table: str) -> str:
        from wijkwijzer.store.lines import last_id

        new = [int(i) for i, (b, _a) in self.pending.get(table, {}).items() if b is None]
        return str(max([last_id(self.raw, self.tables[table]), *new]) + 1)

    def keys(self, kind: str) -> set[str]:
        """As :meth:`DocTx.keys`, from the index (no record is read)."""
        if kind in self.pending:
            return {str(r.get(KINDS[kind], "")) for r in self.current(kind)}
        return {sid for (sid,) in self.index.query("SELECT sid FROM rec WHERE kind = ?", (kind,))}

    def near(self, kind: str, areas: list) -> list[dict]:
        """As :meth:`DocTx.near`: for contactpunten only those linked to one of
        *areas* in the index (all of them for no areas)."""
        wanted = [a for a in areas if isinstance(a, str)]
        if kind != "contactpunten" or not wanted or kind in self.pending:
            return self.data[kind]
        return self.index.linked("cp_area", kind, wanted)

    def insert(self, kind: str, record: dict) -> None:
        """As :meth:`DocTx.insert`."""
        self._count(kind)
        self._set(kind, self._next_id(kind), None, record)

    def replace(self, kind: str, handle: str, record: dict) -> None:
        """As :meth:`DocTx.replace`."""
        self._set(kind, handle, self._now(kind, handle), record)

    def remove(self, kind: str, handle: str) -> None:
        """As :meth:`DocTx.remove`."""
        self._set(kind, handle, self._now(kind, handle), None)

    def _now(self, kind: str, handle: str) -> dict | None:
        """The record at *handle* as it reads now (pending changes applied)."""
        changes = self.pending.get(kind, {})
        if handle in changes:
            return changes[handle][1]
        rows = self.index.query("SELECT doc FROM rec WHERE kind = ? AND seq = ?", (kind, self.seqs[kind, handle]))
        return self.index.load(rows[0][0])

    def log(self, entry: dict) -> None:
        """As :meth:`DocTx.log`."""
        self._set(HISTORY, self._next_id(HISTORY), None, entry)

    def history(self) -> list[dict]:
        """As :meth:`DocTx.history`: read from the file's history lines (the
        index does not hold them), with this transaction's own entries."""
        import orjson

        table = self.tables[HISTORY]
        lines = [] if table.empty else bytes(self.raw[table.head + 1:table.end]).split(b"\n")
        out = [orjson.loads(line[line.index(b": ") + 2:].rstrip(b",")) for line in lines]
        return out + [after for _b, after in self.pending.get(HISTORY, {}).values()]

    def index_changes(self) -> list[tuple[str, int, dict | None, dict | None]]:
        """The record changes as the index sees them: ``(kind, seq, before, after)``;
        a new record's seq follows the kind's last."""
        out = []
        for kind, changes in self.pending.items():
            if kind == HISTORY:
                continue
            count = self._count(kind)
            for doc_id, (before, after) in sorted(changes.items(), key=lambda kv: (len(kv[0]), kv[0])):
                if before is None:
                    out.append((kind, count, None, after))
                    count += 1
                else:
                    out.append((kind, self.seqs[kind, doc_id], before, after))
        return out


@contextmanager
def transaction(store, dry_run: bool = False, fast: bool = True):
    """``with transaction(store, dry_run) as tx:`` one command's change, landed
    in one atomic write (nothing at all for a dry run or when an exception
    escapes). With *fast* and a current read index a :class:`LineTx` (see
    the module docstring), else a :class:`DocTx`. Raises what
    ``Store.write()`` raises."""
    if fast and store.path.is_file():  # (taking the lock would make a missing folder)
        from wijkwijzer.staff.linewrite import begin, commit
        from wijkwijzer.store.lines import NotCanonical

        with store.locked():
            opened = begin(store)
            try:
                line = LineTx(*opened) if opened else None
            except NotCanonical:
                line = None
            if line is not None:
                yield line
                if not dry_run:
                    commit(store, line)
                return
    try:
        with store.write() as db:
            yield DocTx(db)
            if dry_run:
                raise _Discard
    except _Discard:
        pass
