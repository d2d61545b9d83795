"""The live database: a TinyDB file created from the bundled data on first use.

Reliability design (DESIGN.md, "Reliability and privacy"; issue #4):

- **One atomic replace per command.** Reading (:meth:`Store.snapshot`) parses
  the file once and needs no TinyDB. Writing (:meth:`Store.write`) buffers
  every change of one command in memory (``storage.AtomicJSONStorage``) and
  lands them at the end in one go: a temporary file in the same folder,
  fsync, the old file hard-linked to ``<file>.bak``, ``os.replace``, fsync of
  the folder. An exception inside the block discards everything. A process
  killed at any moment leaves either the old or the new file, never a mix;
  its stray ``.tmp`` files are removed by the next writer. The mode of an
  existing file is kept; a new file is 0600 (it may hold personal data).
- **One writer at a time.** A write holds a ``filelock`` (flock) on
  ``<file>.lock`` for its whole read-modify-write and re-reads the file under
  the lock, so concurrent commands never lose each other's changes. A second
  writer waits at most ``WIJKWIJZER_LOCK_TIMEOUT`` seconds (default 10) and
  then fails with one sentence. The kernel releases the lock of a killed
  process, so a crash never leaves a stale lock. Readers take no lock.
- **A damaged file is never overwritten.** A file that does not parse, is
  empty, or has the wrong shape raises StoreCorrupt naming the file and the
  backup; nothing (not even first-use creation) writes over it.
  :meth:`Store.restore` puts ``<file>.bak`` back and keeps the replaced file
  as ``<file>.damaged-<time>`` (or ``.replaced-<time>`` when it was healthy).
- **Schema version.** The ``meta`` table holds ``schema``. An older file is
  migrated (:mod:`wijkwijzer.migrate`) under the lock after its bytes are
  kept as ``<file>.v<N>.bak``; when the folder is read-only a reader migrates
  in memory only. A newer file is refused: this program would not understand it.
- **Personal data.** :mod:`wijkwijzer.privacy` erases a person from the file,
  its history and every backup next to it (see :meth:`Store.related_files`).
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from wijkwijzer.dataset import KINDS, Snapshot, load_bundled
from wijkwijzer.errors import WijkwijzerError

from wijkwijzer.store import schema
from wijkwijzer.store.document import NewerSchema, check_shape, new_document, parse_document, schema_version
from wijkwijzer.store.schema import HISTORY, META
from wijkwijzer.i18n import Messages
LOCK_TIMEOUT_S = 10.0
ENV_LOCK_TIMEOUT = "WIJKWIJZER_LOCK_TIMEOUT"

MSG = Messages({
    "corrupt": "Het databasebestand {path} is beschadigd ({why}); zet de reservekopie {backup} "
               "terug met 'wijkwijzer restore'.",
    "corrupt_nobak": "Het databasebestand {path} is beschadigd ({why}) en er is geen reservekopie "
                     "{backup}; verplaats het bestand om opnieuw te beginnen met de standaardgegevens.",
    "newer": "Het databasebestand {path} heeft schemaversie {found}, nieuwer dan deze "
             "wijkwijzer ({ours}); werk wijkwijzer bij.",
    "busy": "De database {path} wordt al meer dan {s:g} seconden gewijzigd door een ander proces; "
            "probeer het over een moment opnieuw.",
    "unreadable": "Kan {path} niet lezen of schrijven: {why}.",
    "no_folder": ("Kan {path} niet lezen of schrijven: de map {folder} bestaat niet; maak die eerst "
                  "aan of kies een ander pad."),
    "no_backup": "Er is geen reservekopie {backup} om terug te zetten; er is niets veranderd.",
    "no_older": ("Er is geen oudere versie: de reservekopie {backup} is al teruggezet; "
                 "er is niets veranderd."),
    "backup_bad": "De reservekopie {backup} is ook onbruikbaar ({why}); er is niets veranderd.",
    "unsavable": "Niets opgeslagen: de wijziging zou een onbruikbaar record maken ({why}).",
    "not_regular": "dat is geen gewoon bestand (maar bijvoorbeeld een pipe of apparaat)",
})
_ERRNO_DUTCH = Messages({
    errno.EACCES: "geen toegang", errno.EPERM: "geen toestemming", errno.EISDIR: "dat is een map",
    errno.ENOTDIR: "een deel van het pad is geen map", errno.ENOENT: "het bestand of de map bestaat niet",
    errno.EROFS: "alleen-lezen bestandssysteem", errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "het schijfquotum is op", errno.ENAMETOOLONG: "de naam is te lang",
})


class StoreError(WijkwijzerError):
    """A database problem the user can act on; ``str()`` is one Dutch sentence."""


class StoreCorrupt(StoreError):
    """The file does not parse, is empty or has the wrong shape."""


class StoreBusy(StoreError):
    """Another process held the write lock for longer than the timeout."""


class StoreUnwritable(StoreError):
    """The file or its folder cannot be read or written (permissions, a
    directory, a read-only or full disk)."""


def os_reason(exc: OSError) -> str:
    """A short Dutch reason for an OSError ("geen toegang", "dat is een map")."""
    return _ERRNO_DUTCH.get(exc.errno or 0) or exc.strerror or str(exc)


def read_regular_file(path: Path) -> bytes:
    """The bytes of *path*, refusing anything but a regular file: a FIFO,
    socket or device as ``--db`` would otherwise block or stream forever.
    Opened without blocking, then checked (no race between check and read).
    Raises OSError (EISDIR for a folder, ENODEV "geen gewoon bestand" for the rest)."""
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.ENODEV, MSG["not_regular"], str(path))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: ``$WIJKWIJZER_LOCK_TIMEOUT`` or LOCK_TIMEOUT_S."""
    try:
        return max(0.0, float(os.environ.get(ENV_LOCK_TIMEOUT, LOCK_TIMEOUT_S)))
    except ValueError:
        return LOCK_TIMEOUT_S


class Store:
    """The wijkwijzer database at *path* (a TinyDB JSON file).

    The file holds one TinyDB table per kind in :data:`KINDS`, a ``meta``
    table with the schema version and a ``historie`` table with every change.
    Raises StoreError subclasses (never a traceback) for a damaged, newer or
    unreadable file or a busy lock. *path* is resolved (symlinks, ``~``)
    first: every file beside it and the lock follow the real file. With
    *create_folder* False a database is only created where its folder exists.
    """

    def __init__(self, path: Path, on_create=None, create_folder: bool = True):
        #: the path as given (a symlink, a relative path), for messages
        self.given = Path(path)
        #: the real file: symlinks resolved first, so the lock, the backup and
        #: the derived index belong to the file itself whatever path reached it
        self.path = Path(os.path.realpath(os.path.expanduser(path)))
        #: may the first use create missing folders? (the default location: yes;
        #: a path the user typed: no - a typo must not pass unnoticed)
        self.create_folder = create_folder
        self._doc: dict | None = None
        self._raw: bytes | None = None
        self._filelock = None
        #: called with the path after this Store created a new database from the
        #: bundled data, so the CLI can say so (a mistyped --db is noticed)
        self.on_create = on_create

    def owns(self, other: Path) -> bool:
        """True when *other* is this database file or one of the files kept
        beside it (``.bak``, ``.lock``, ``.index``, migration and replaced
        copies), so an export can refuse to overwrite them."""
        try:
            mine, theirs = self.path.resolve(), Path(other).resolve()
        except OSError:
            return False
        return theirs.parent == mine.parent and (theirs.name == mine.name or
                                                 theirs.name.startswith(mine.name + "."))

    @property
    def backup_path(self) -> Path:
        """``<file>.bak``: the version before the last write."""
        return self.path.with_name(self.path.name + ".bak")

    @property
    def lock_path(self) -> Path:
        """``<file>.lock``: the sidecar file the write lock is taken on."""
        return self.path.with_name(self.path.name + ".lock")

    def version_backup_path(self, version: int) -> Path:
        """``<file>.v<version>.bak``: the file as it was before migrating from *version*."""
        return self.path.with_name(f"{self.path.name}.v{version}.bak")

    def related_files(self) -> list[Path]:
        """Every file next to the database that may hold a copy of its data:
        ``<file>.bak``, ``<file>.v<N>.bak``, ``<file>.damaged-*``,
        ``<file>.replaced-*``, the derived index, stray temporary files (of
        writes and of index builds) and an index an older version left in the
        cache folder (not the lock file)."""
        from wijkwijzer.store.atomic import leftover_temp_files
        from wijkwijzer.store.derived import legacy_index_path, stray_files

        folder, name = self.path.parent, self.path.name
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return []
        out = [folder / n for n in names if n.startswith(name + ".") and n != self.lock_path.name
               and not n.endswith(".tmp") and not (folder / n).is_dir()]  # not <file>.sync/
        try:
            legacy = [p for p in [legacy_index_path(self.path)] if p.is_file()]
        except Exception:  # noqa: BLE001 - no cache folder on this system
            legacy = []
        return out + leftover_temp_files(self.path) + stray_files(self.path) + legacy

    # -- reading -----------------------------------------------------------------
    def _corrupt(self, why: str) -> StoreCorrupt:
        key = "corrupt" if self.backup_path.is_file() else "corrupt_nobak"
        return StoreCorrupt(MSG[key].format(path=self.path, why=why, backup=self.backup_path))

    def _read_doc(self) -> dict:
        try:
            raw = read_regular_file(self.path)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise StoreUnwritable(MSG["unreadable"].format(path=self.path, why=os_reason(exc))) from None
        self._raw = raw
        try:
            return parse_document(raw)
        except NewerSchema as exc:
            raise StoreError(MSG["newer"].format(path=self.path, found=exc.found,
                                                 ours=schema.SCHEMA_VERSION)) from None
        except ValueError as exc:
            raise self._corrupt(str(exc)) from None

    def document(self) -> dict:
        """Return the whole TinyDB document, creating the database from the
        bundled data when the file does not exist yet, and migrating an older
        file (see module docstring). Read once per Store."""
        if self._doc is None:
            try:
                doc = self._read_doc()
            except FileNotFoundError:
                self._create()
                try:
                    doc = self._read_doc()
                except FileNotFoundError as exc:  # e.g. a symlink to nowhere
                    raise StoreUnwritable(MSG["unreadable"].format(
                        path=self.path, why=os_reason(exc))) from None
            if schema_version(doc) < schema.SCHEMA_VERSION:
                doc = self._upgrade_or_migrate_in_memory(doc)
            self._doc = doc
        return self._doc

    def snapshot(self) -> Snapshot:
        """Return ``{kind: [record, ...]}`` for every kind (records are the stored dicts)."""
        doc = self.document()
        return {kind: list(doc.get(kind, {}).values()) for kind in KINDS}

    def history(self) -> list[dict]:
        """Return the change log, oldest first (see :mod:`wijkwijzer.history`)."""
        return list(self.document().get(HISTORY, {}).values())

    # -- locking -----------------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the write lock (re-entrant within this Store). Raises StoreBusy
        after :func:`lock_timeout` seconds, StoreUnwritable when the lock file
        cannot be created."""
        from filelock import FileLock, Timeout

        if self._filelock is None:
            self._filelock = FileLock(str(self.lock_path), timeout=lock_timeout())
        try:
            self._filelock.acquire()
        except Timeout:
            raise StoreBusy(MSG["busy"].format(path=self.path, s=lock_timeout())) from None
        except OSError as exc:
            raise StoreUnwritable(MSG["unreadable"].format(path=self.lock_path,
                                                          why=os_reason(exc))) from None
        try:
            yield
        finally:
            self._filelock.release()

    # -- writing -----------------------------------------------------------------
    def _create(self) -> None:
        from wijkwijzer.store.atomic import atomic_write, dump

        if not self.create_folder and not self.path.parent.is_dir():
            raise StoreUnwritable(MSG["no_folder"].format(path=self.given, folder=self.path.parent))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.locked():
                if os.path.lexists(self.path):
                    return  # created meanwhile, or damaged: never write over it
                atomic_write(self.path, dump(new_document(load_bundled())), backup=False)
        except OSError as exc:
            raise StoreUnwritable(MSG["unreadable"].format(path=self.path, why=os_reason(exc))) from None
        if self.on_create:
            self.on_create(self.path)

    def _upgrade_or_migrate_in_memory(self, doc: dict) -> dict:
        """Migrate the file on disk; when that is impossible (read-only folder,
        busy lock) migrate *doc* in memory so a read still works."""
        import copy

        from wijkwijzer.store.migrate import migrate

        try:
            with self.locked():
                return self._upgrade(self._read_doc())
        except (StoreBusy, StoreUnwritable):
            return migrate(copy.deepcopy(doc), schema_version(doc), schema.SCHEMA_VERSION)

    def _upgrade(self, doc: dict) -> dict:
        """Under the lock: keep the file as ``<file>.v<N>.bak``, migrate, write."""
        from wijkwijzer.store.migrate import migrate
        from wijkwijzer.store.atomic import atomic_write, dump

        found = schema_version(doc)
        if found >= schema.SCHEMA_VERSION:
            return doc
        try:
            atomic_write(self.version_backup_path(found), self.path.read_bytes(), backup=False)
            doc = migrate(doc, found, schema.SCHEMA_VERSION)
            atomic_write(self.path, dump(doc))
        except OSError as exc:
            raise StoreUnwritable(MSG["unreadable"].format(path=self.path, why=os_reason(exc))) from None
        return doc

    @contextmanager
    def write(self) -> Iterator["object"]:
        """Open the database for one command's changes; yields a ``tinydb.TinyDB``.

        Holds the lock throughout, re-reads the file under the lock, and on a
        clean exit writes all changes in one atomic replace. An exception
        inside the block discards every change. Raises StoreBusy when the
        lock is not free within :func:`lock_timeout` seconds, StoreCorrupt
        for a damaged file, StoreUnwritable for a read-only location.
        """
        from tinydb import TinyDB

        from wijkwijzer.store.atomic import AtomicJSONStorage, remove_temp_files

        self.document()  # creates the file on first use, migrates an old one
        with self.locked():
            self._doc = None
            doc = self._upgrade(self._read_doc())
            remove_temp_files(self.path)
            db = TinyDB(storage=AtomicJSONStorage, path=self.path, data=doc, original=self._raw)
            yield db
            if db.storage.dirty:  # never write a file that the next read would refuse
                try:
                    check_shape(db.storage.read())
                except ValueError as exc:
                    raise StoreError(MSG["unsavable"].format(why=exc)) from None
            try:
                changed = db.storage.flush()
            except OSError as exc:
                raise StoreUnwritable(MSG["unreadable"].format(path=self.path,
                                                              why=os_reason(exc))) from None
            if changed:  # no derived copy (the read index) outlives a change
                from wijkwijzer.store.derived import invalidate

                invalidate(self.path)
            self._doc = db.storage.read()

    def restore(self, actor: str | None = None) -> dict:
        """Put ``<file>.bak`` back as the database, under the lock, and record
        that in its history (who: *actor*, default the OS user; when; which
        version: the backup's time and a sha256 prefix of its bytes).

        The current file (if any) is kept as ``<file>.damaged-<UTC time>``
        when it is damaged, else ``<file>.replaced-<UTC time>``; the backup
        stays. Returns ``{"hersteld_uit": Path, "opzij_gezet": Path | None,
        "beschadigd": bool, "versie": str}``. Raises StoreError when there is
        no usable backup, or when the backup is what was restored last (no
        older version); nothing changes then.
        """
        import hashlib

        from wijkwijzer.store.atomic import atomic_write, dump, fsync_dir
        from wijkwijzer.store.history import RESTORE_KIND, current_actor, last_restored, make_entry

        bak = self.backup_path
        try:
            with self.locked():
                try:
                    raw = bak.read_bytes()
                    made = datetime.fromtimestamp(bak.stat().st_mtime, timezone.utc)
                except FileNotFoundError:
                    raise StoreError(MSG["no_backup"].format(backup=bak)) from None
                try:
                    doc = parse_document(raw)
                except ValueError as exc:
                    raise StoreError(MSG["backup_bad"].format(backup=bak, why=exc)) from None
                version = hashlib.sha256(raw).hexdigest()[:12]
                aside, damaged, current = None, False, None
                if os.path.lexists(self.path):
                    try:
                        current = self._read_doc()
                    except StoreCorrupt:
                        damaged = True
                    except StoreError:
                        pass
                    if current is not None and last_restored(current) == version:
                        raise StoreError(MSG["no_older"].format(backup=bak))
                    aside = self._aside_name("damaged" if damaged else "replaced")
                    os.link(self.path, aside)
                    fsync_dir(self.path.parent)
                was = {"versie": hashlib.sha256(self._raw).hexdigest()[:12]} if current is not None else None
                entry = make_entry(current_actor(actor), RESTORE_KIND, self.path.name, "hersteld", was,
                                   {"versie": version, "van": made.strftime("%Y-%m-%dT%H:%M:%SZ")})
                table = doc.setdefault(HISTORY, {})
                table[str(max((int(k) for k in table if str(k).isdigit()), default=0) + 1)] = entry
                atomic_write(self.path, dump(doc), backup=False)
        except OSError as exc:
            raise StoreUnwritable(MSG["unreadable"].format(path=self.path, why=os_reason(exc))) from None
        self._doc = None
        return {"hersteld_uit": bak, "opzij_gezet": aside, "beschadigd": damaged, "versie": version}

    def _aside_name(self, kind: str) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        candidate = self.path.with_name(f"{self.path.name}.{kind}-{stamp}")
        n = 1
        while os.path.lexists(candidate):
            n += 1
            candidate = self.path.with_name(f"{self.path.name}.{kind}-{stamp}-{n}")
        return candidate

