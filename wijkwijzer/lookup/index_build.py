"""Building the derived read index (:mod:`wijkwijzer.lookup.index`): its SQLite
schema and :func:`build`, which writes it atomically with the database's
permissions from the first byte and removes its temporary file when
interrupted. No typer, no rich.
"""

from __future__ import annotations

import marshal
import os
import zlib
from contextlib import suppress
from pathlib import Path

from wijkwijzer.dataset import KINDS, as_list
from wijkwijzer.lookup.directory import Directory
from wijkwijzer.lookup.search import SEARCH_FIELDS, searched_texts
from wijkwijzer.text import normalize
from wijkwijzer.store.derived import SUFFIX, stray_files

# The fields by which the lists are filtered (wijkwijzer.lookup.lists), as (kind, field).
FIELDS = (("contactpunten", "themas"), ("wijken", "stadsdeel"), ("organisaties", "stadsdeel"),
          ("buurten", "wijk"))

# Kinds that Directory.by_id holds, with their key field.
KEYED = {k: v for k, v in KINDS.items() if k != "postcodes"}


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE blob (name TEXT PRIMARY KEY, data BLOB, crc INTEGER) WITHOUT ROWID;
CREATE TABLE rec (kind TEXT, seq INTEGER, key TEXT, sid TEXT, lid TEXT, doc BLOB,
                  PRIMARY KEY (kind, seq)) WITHOUT ROWID;
CREATE TABLE cp_area (val TEXT, seq INTEGER, PRIMARY KEY (val, seq)) WITHOUT ROWID;
CREATE TABLE org_wijk (val TEXT, seq INTEGER, PRIMARY KEY (val, seq)) WITHOUT ROWID;
CREATE TABLE val (kind TEXT, field TEXT, val TEXT, seq INTEGER,
                  PRIMARY KEY (kind, field, val, seq)) WITHOUT ROWID;
CREATE TABLE txt (pos INTEGER PRIMARY KEY, kind TEXT, seq INTEGER, norm TEXT, via TEXT);
CREATE INDEX txt_rec ON txt (kind, seq);
CREATE TABLE wrd (kind TEXT, seq INTEGER, word TEXT, PRIMARY KEY (kind, seq, word)) WITHOUT ROWID;
CREATE TABLE voc (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE name (seq INTEGER PRIMARY KEY, norm TEXT, core TEXT, entry BLOB);
CREATE TABLE tok (tok TEXT, seq INTEGER, PRIMARY KEY (tok, seq)) WITHOUT ROWID;
"""
INDEXES = ("CREATE INDEX name_norm ON name (norm); CREATE INDEX name_core ON name (core); "
           "CREATE INDEX rec_key ON rec (kind, key); CREATE INDEX rec_sid ON rec (sid); "
           "CREATE INDEX rec_lid ON rec (lid); CREATE INDEX wrd_word ON wrd (word);")


def _key(rec: dict, field: str | None) -> str | None:
    if field is None:
        return None
    value = rec[field]  # a record without its key fails here as it does in Directory
    return value if isinstance(value, str) else None


def _texts(value) -> list[str]:
    """Every string *value* holds: itself, or the strings of a list."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def _shown_id(rec: dict, kind: str) -> str:
    """The id as ``show ID`` compares it (:func:`wijkwijzer.lookup.search.find_record`)."""
    return str(rec.get(KINDS[kind], ""))


#: The tables that hold rows of one record each (see :func:`record_rows`), with
#: the SQL that inserts a row and the condition that finds a record's rows.
RECORD_TABLES = {
    "rec": ("INSERT INTO rec VALUES (?, ?, ?, ?, ?, ?)", "kind = ?1 AND seq = ?2"),
    "cp_area": ("INSERT INTO cp_area VALUES (?, ?)", "?1 = 'contactpunten' AND seq = ?2"),
    "org_wijk": ("INSERT INTO org_wijk VALUES (?, ?)", "?1 = 'organisaties' AND seq = ?2"),
    "val": ("INSERT INTO val VALUES (?, ?, ?, ?)", "kind = ?1 AND seq = ?2"),
    "txt": ("INSERT INTO txt (kind, seq, norm, via) VALUES (?, ?, ?, ?)", "kind = ?1 AND seq = ?2"),
    # keyed by record, so replacing one record's words is a range, not a scan of ~300,000 rows
    "wrd": ("INSERT INTO wrd VALUES (?, ?, ?)", "kind = ?1 AND seq = ?2"),
    # every word of wrd once (search reads the vocabulary, ~15,000 words, not ~300,000 rows): a
    # record adds its words if new and takes away those no other record has, in either order with wrd
    "voc": ("INSERT OR IGNORE INTO voc VALUES (?)", "NOT EXISTS (SELECT 1 FROM wrd WHERE wrd.word = voc.word "
            "AND NOT (wrd.kind = ?1 AND wrd.seq = ?2))"),
}


def record_rows(kind: str, seq: int, rec: dict) -> dict[str, list[tuple]]:
    """The rows one record of *kind* at position *seq* (its place among the
    kind's records in the file) contributes to each table of
    :data:`RECORD_TABLES`: ``{table: [row, ...]}``. The same rows whether the
    index is built whole (:func:`build`) or updated by a write
    (:mod:`wijkwijzer.lookup.index_update`). Raises KeyError for a record
    without its key field (as Directory does)."""
    sid = _shown_id(rec, kind)
    rows: dict[str, list[tuple]] = {
        "rec": [(kind, seq, _key(rec, KEYED.get(kind)), sid, sid.lower(), marshal.dumps(rec))]}
    if kind == "contactpunten":
        rows["cp_area"] = [(a, seq) for a in dict.fromkeys(as_list(rec.get("gebied"))) if isinstance(a, str)]
    if kind == "organisaties":
        rows["org_wijk"] = [(w, seq) for w in dict.fromkeys(as_list(rec.get("wijken"))) if isinstance(w, str)]
    rows["val"] = [(kind, field, v, seq) for k, field in FIELDS if k == kind
                   for v in dict.fromkeys(_texts(rec.get(field)))]
    if kind in SEARCH_FIELDS:
        rows["txt"] = [(kind, seq, normalize(t), t) for t in searched_texts(kind, rec)]
        words = dict.fromkeys(w for _k, _s, n, _t in rows["txt"] for w in n.split())
        rows["wrd"] = [(kind, seq, w) for w in words]
        rows["voc"] = [(w,) for w in words]
    return rows


def insert_rows(con, rows) -> None:
    """Insert *rows* (an iterable of :func:`record_rows` results) through *con*,
    table by table in batches."""
    batch: dict[str, list[tuple]] = {t: [] for t in RECORD_TABLES}

    def flush():
        for table, items in batch.items():
            if items:  # voc holds a word once however many records have it: sent once a batch
                con.executemany(RECORD_TABLES[table][0], dict.fromkeys(items) if table == "voc" else items)
                items.clear()
    for n, one in enumerate(rows, 1):
        for table, items in one.items():
            batch[table].extend(items)
        if n % 5000 == 0:
            flush()
    flush()


def build(path: Path, directory: Directory, fingerprint: str, mode: int = 0o600) -> None:
    """Write the index of *directory* (a Directory over the whole snapshot) to
    *path* atomically (temporary file, then rename), with permission bits
    *mode* (those of the database: the index holds the same data). Raises
    OSError or sqlite3.Error."""
    import sqlite3

    data = directory.data
    names = directory.place_names()
    _vocab, tokens = directory._token_index()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with suppress(FileNotFoundError):
        os.unlink(tmp)
    for orphan in stray_files(path.with_name(path.name[:-len(SUFFIX)]), only_orphans=True):
        with suppress(OSError):
            os.unlink(orphan)
    # Created with the database's permissions before SQLite writes a byte (SQLite
    # keeps an existing file's mode); never wider than *mode*, whatever the umask.
    restore = _raise_on_termination()
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0),
                         mode & 0o666))
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.executescript(SCHEMA)
        for kind in KINDS:
            rows = (record_rows(kind, seq, rec) for seq, rec in enumerate(data.get(kind, [])))
            insert_rows(con, rows)
        con.executemany("INSERT INTO name VALUES (?, ?, ?, ?)", (
            (i, entry[0], entry[1], marshal.dumps(entry)) for i, entry in enumerate(names)))
        con.executemany("INSERT INTO tok VALUES (?, ?)", (
            (t, i) for t, seqs in tokens.items() for i in seqs))
        con.executescript(INDEXES)
        raw = marshal.dumps(list(tokens))
        con.execute("INSERT INTO blob VALUES ('vocab', ?, ?)", (raw, zlib.crc32(raw)))
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
        con.commit()
        con.close()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        restore()


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while building: clean up, then exit as killed."""


def _raise_on_termination():
    """Turn SIGTERM/SIGHUP into an exception while an index is built (so its
    temporary file is removed), when this is the main thread. Returns a
    function that puts the previous handlers back; after it, a signal that
    arrived meanwhile terminates the process as it would have."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    got: list[int] = []

    def handler(signum, _frame):
        got.append(signum)
        raise _Terminated(signum)

    sigs = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s]
    old = {s: signal.signal(s, handler) for s in sigs}

    def restore():
        for s, h in old.items():
            signal.signal(s, h)
        if got:
            signal.raise_signal(got[0])
    return restore
