"""Starting and landing a :class:`wijkwijzer.staff.tx.LineTx` (issue #12).

:func:`begin` decides, under the database lock, whether a command's change
can take the line path: the read index must be current for the file as it is
now (the LineTx itself then checks the schema version, ``dump()``'s layout
and that each kind has as many lines as the index has records).
:func:`commit` checks the changed records as ``Store.write()`` checks a
whole document, writes the patched file with the same atomic replace (and
``.bak``), then updates the index in place. No typer, no rich.
"""

from __future__ import annotations

from wijkwijzer.dataset import KINDS, shape_problem
from wijkwijzer.i18n import Messages

MSG = Messages({
    "moved": ("Niets opgeslagen: het databasebestand {path} bleek anders dan de leesindex "
              "zegt; de index is verwijderd, voer de opdracht opnieuw uit."),
})


def begin(store):
    """``(index, file bytes, fingerprint)`` for a LineTx on *store* (whose lock
    the caller holds), or None when the change must take the ``Store.write()``
    path. Never raises for a missing or stale index or an unusual file; the
    slow path then says what is wrong."""
    from wijkwijzer.lookup import index as read_index
    from wijkwijzer.store.database import read_regular_file

    try:
        found = read_index.current(store.path)
    except (ImportError, OSError):
        return None
    if found is None:
        return None
    index, fingerprint = found
    try:
        raw = read_regular_file(store.path)
        if read_index.fingerprint_of(store.path) != fingerprint:
            return None  # changed between the two looks
    except OSError:
        return None
    return index, raw, fingerprint


def moved(index_path):
    """The StoreError for a file that is not what its index (at *index_path*)
    says; the index is removed, so the command works when run again."""
    from pathlib import Path

    from wijkwijzer.store.database import StoreError
    from wijkwijzer.store.derived import SUFFIX, invalidate

    db_path = Path(str(index_path)[:-len(SUFFIX)])
    invalidate(db_path)
    return StoreError(MSG["moved"].format(path=db_path))


def _check(pending: dict) -> None:
    """Raise StoreError (as Store.write() does) when a changed record could not
    be read back."""
    from wijkwijzer.store.database import MSG as STORE_MSG, StoreError

    for kind, changes in pending.items():
        if kind not in KINDS:
            continue
        for _before, after in changes.values():
            if after is None:
                continue
            if not isinstance(after.get(KINDS[kind]), str):
                raise StoreError(STORE_MSG["unsavable"].format(why=KINDS[kind]))
            problem = shape_problem(kind, after)
            if problem:
                raise StoreError(STORE_MSG["unsavable"].format(why=problem))


def commit(store, tx) -> None:
    """Land *tx*'s pending changes: patched file (atomic, ``.bak`` kept), then
    the index updated for the new file. Raises StoreError (nothing written)
    when a changed record is unusable or the file is not what the index says,
    StoreUnwritable for a read-only or full disk."""
    from wijkwijzer.lookup import index as read_index
    from wijkwijzer.lookup.index_update import update
    from wijkwijzer.store.atomic import atomic_write, remove_temp_files
    from wijkwijzer.store.database import MSG as STORE_MSG, StoreError, StoreUnwritable, os_reason
    from wijkwijzer.store.derived import invalidate
    from wijkwijzer.store.lines import NotCanonical, patch

    if not tx.pending:
        return
    _check(tx.pending)
    try:
        chunks = patch(tx.raw, tx.pending, tx.tables)
    except NotCanonical:
        raise moved(tx.index.path) from None
    remove_temp_files(store.path)
    try:
        atomic_write(store.path, chunks)
    except OSError as exc:
        raise StoreUnwritable(STORE_MSG["unreadable"].format(path=store.path, why=os_reason(exc))) from None
    store._doc = None  # a later read in this process sees the new file
    new = read_index.fingerprint_of(store.path)
    kept = new is not None and update(store.path, tx.fingerprint, new, tx.index_changes())
    invalidate(store.path, keep_index=kept)
    tx.index.con.close()
