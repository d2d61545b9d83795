"""Bringing the derived read index up to date after a write, instead of rebuilding it.

A write that changed a few records (:class:`wijkwijzer.staff.tx.LineTx`)
calls :func:`update` with those changes: the index is copied next to itself
(``.<file>.index.<pid>.tmp``, the name a build uses, so ``forget`` finds a
leftover), each changed record's rows (:func:`index_build.record_rows`) are
replaced in the copy, its fingerprint is set to the new file's, and the copy
is renamed over the index. A reader never sees half an update; a crash leaves
the old index, whose fingerprint no longer matches, so it is rebuilt.

What cannot be updated record by record is left to a rebuild (the index is
removed): a removed record (every later position would shift), and a change
to a place's name, aliases, status or key (the place-name tables ``name``,
``tok`` and the vocabulary are built over all places). No typer, no rich.
"""

from __future__ import annotations

import os
import shutil
import stat
from contextlib import suppress
from pathlib import Path

from wijkwijzer.dataset import KINDS
from wijkwijzer.lookup.index_build import RECORD_TABLES, insert_rows, record_rows
from wijkwijzer.lookup.places import PLACE_KINDS
from wijkwijzer.store.derived import index_path, invalidate, temp_index_path

#: Fields of a place that feed the place-name tables.
PLACE_FIELDS = ("naam", "aliassen", "status")


def updatable(kind: str, before: dict | None, after: dict | None) -> bool:
    """True when the change of one *kind* record from *before* to *after*
    (None: absent) can be applied to the index row by row."""
    if after is None or kind not in KINDS:
        return False
    if kind in PLACE_KINDS:
        if before is None:
            return False
        return all(before.get(f) == after.get(f) for f in (*PLACE_FIELDS, KINDS[kind]))
    return True


def update(db_path: Path, old: str, new: str, changes: list[tuple[str, int, dict | None, dict | None]]) -> bool:
    """Apply *changes* (``(kind, seq, before, after)``; seq = the record's
    position among its kind in the file, a new record's = the kind's count)
    to the index of *db_path*, whose fingerprint must be *old*; it then
    carries *new*. Returns True when updated; otherwise the index is removed
    (the next read rebuilds it) and False is returned. Never raises for an
    index problem."""
    import sqlite3

    path, tmp = index_path(db_path), temp_index_path(db_path)
    if not all(updatable(kind, before, after) for kind, _s, before, after in changes):
        invalidate(db_path)
        return False
    try:
        shutil.copyfile(path, tmp)
        os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA secure_delete = ON")  # the old rows' bytes are overwritten, not left free
            row = con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row and row[0] == new:  # a reader rebuilt it from the new file meanwhile
                changes = []
            elif not row or row[0] != old:
                raise ValueError("stale")
            for kind, seq, before, after in changes:
                if before is None and seq != con.execute("SELECT COUNT(*) FROM rec WHERE kind = ?",
                                                         (kind,)).fetchone()[0]:
                    raise ValueError("position")
                for table, (_insert, where) in RECORD_TABLES.items():
                    con.execute(f"DELETE FROM {table} WHERE {where}", (kind, seq))  # noqa: S608 - fixed
                insert_rows(con, [record_rows(kind, seq, after)])
            con.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", (new,))
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
        return True
    except (OSError, sqlite3.Error, ValueError, KeyError, TypeError):
        with suppress(OSError):
            os.unlink(tmp)
        invalidate(db_path)
        return False
