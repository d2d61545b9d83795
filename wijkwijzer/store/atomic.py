"""A TinyDB ``Storage`` that never leaves a half-written database behind.

TinyDB's own JSONStorage rewrites its file in place. This one reads the file
once, keeps writes in memory until :meth:`AtomicJSONStorage.flush`, and then
writes a temporary file in the same folder, fsyncs it, keeps the previous
version as ``<file>.bak`` and renames the new file over the old one
(``os.replace`` is atomic on POSIX and Windows), as khard's atomic_write does.
No typer, no rich.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from tinydb.storages import Storage
from wijkwijzer.i18n import Messages

#: Mode of a database file created from scratch: it may hold personal data.
NEW_FILE_MODE = 0o600

MSG = Messages({
    "bad_text": ("De gegevens bevatten een teken dat niet als UTF-8 kan worden opgeslagen "
                 "(positie {pos}); er is niets opgeslagen."),
})


class UnsavableText(ValueError):
    """The document holds a string that cannot be encoded as UTF-8 (a lone
    surrogate); ``str()`` is one Dutch sentence."""


def encode(value) -> bytes:
    """One JSON value as :func:`dump` writes it: compact UTF-8, keys sorted.

    Encoded by orjson (compiled; about 7x faster than the json module, which
    matters when an import writes 60,000 contactpunten plus their history).
    Raises UnsavableText (a ValueError) for a lone surrogate, which UTF-8
    cannot hold: writing it anyway would leave a file that no longer parses."""
    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # a lone surrogate: let the json module say where
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise UnsavableText(MSG["bad_text"].format(pos=exc.start)) from None


def dump(data: dict) -> bytes:
    """Serialise a database document as diffable UTF-8 JSON: one line per
    table name and one line per record (keys sorted within a record, tables by
    name, records by numeric doc id), so a change shows as one changed line
    (and :mod:`wijkwijzer.store.lines` can change one record without parsing
    the rest). Raises UnsavableText (a ValueError) for a lone surrogate.
    """
    return b"".join(dump_chunks(data))


def dump_chunks(data: dict) -> list[bytes]:
    """:func:`dump` as a list of byte chunks (one per table), for
    :func:`atomic_write`: a national import (60,000 contactpunten and as many
    history entries) is then never held twice, as parts and as one joined file."""
    parts = [b"{"]
    for t, name in enumerate(sorted(data)):
        table = data[name]
        parts.append((b"," if t else b"") + b"\n " + encode(name) + b": {")
        ids = sorted(table, key=lambda k: (len(k), k))  # "2" before "10"
        parts.append(b",".join(b"\n  " + encode(k) + b": " + encode(table[k]) for k in ids))
        parts.append(b"\n }" if ids else b"}")
    parts.append(b"\n}\n")
    return parts


def same_bytes(chunks: list[bytes], original: bytes | None) -> bool:
    """True when the *chunks* joined are exactly *original* (compared in place)."""
    if original is None or sum(len(c) for c in chunks) != len(original):
        return False
    view, pos = memoryview(original), 0
    for chunk in chunks:
        if view[pos:pos + len(chunk)] != chunk:
            return False
        pos += len(chunk)
    return True


def sibling(path: Path, suffix: str) -> Path:
    """``<path><suffix>`` next to *path* (``sibling(p, ".bak")`` -> ``db.json.bak``)."""
    return path.with_name(path.name + suffix)


def _copy_to_backup(path: Path, bak: Path) -> None:
    """Make *bak* a complete copy of *path*, atomically (hard link, else copy).
    When *bak* already is *path* (a writer killed after linking it), it is the
    backup as it is: renaming a second link onto it would do nothing and leave
    ``<bak>.tmp`` behind."""
    try:
        if os.path.samefile(path, bak):
            return
    except OSError:  # no backup yet
        pass
    bak_tmp = sibling(bak, ".tmp")
    try:
        os.unlink(bak_tmp)
    except FileNotFoundError:
        pass
    try:
        os.link(path, bak_tmp)
    except OSError:  # no hard links here (FAT, some network shares): copy instead
        shutil.copy2(path, bak_tmp)
        with open(bak_tmp, "rb") as fh:
            os.fsync(fh.fileno())
    os.replace(bak_tmp, bak)


def umask_mode() -> int:
    """The mode a new ordinary file gets under this process's umask (0644 for
    umask 022), as ``open()`` would give it."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, payload, *, backup: bool = True, new_mode: int = NEW_FILE_MODE) -> None:
    """Replace *path* with *payload* (bytes, or a list of byte chunks written in
    turn, so a large file patched in a few places is never joined in memory)
    atomically.

    The bytes go to a temporary file in the same folder, are fsynced, get the
    mode of the file they replace (a new file gets *new_mode*: NEW_FILE_MODE,
    0600, for the database and its copies; an export passes
    :func:`umask_mode`), and
    the file is renamed over *path*; with *backup* the old file is first
    hard-linked (or copied) to ``<path>.bak``. A symlinked *path* replaces its
    target. Raises OSError on a read-only or full disk, in which case *path*
    is unchanged.
    """
    path = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.writelines([payload] if isinstance(payload, (bytes, bytearray)) else payload)
            fh.flush()
            try:
                mode = stat.S_IMODE(os.stat(path).st_mode)
            except FileNotFoundError:
                mode = new_mode
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
                os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        if backup and path.exists():
            _copy_to_backup(path, sibling(path, ".bak"))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """fsync a folder so a rename in it survives a power cut (best effort)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def leftover_temp_files(path: Path) -> list[Path]:
    """Temporary files that :func:`atomic_write` of *path* (or of its backups
    ``<name>.bak`` / ``<name>.v<N>.bak``) may have left when killed:
    ``.<name>.XXXXXXXX.tmp``, ``.<name>.v<N>.bak.XXXXXXXX.tmp`` and
    ``<name>.bak.tmp``. Other programs' temporary files do not match. Only
    remove them while holding the database lock: then no writer uses them."""
    path = Path(os.path.realpath(path))
    ours = re.compile(rf"^(\.{re.escape(path.name)}(\.v\d+\.bak)?\.[a-z0-9_]{{8}}\.tmp"
                      rf"|{re.escape(path.name)}\.bak\.tmp)$")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.parent / n for n in sorted(names) if ours.match(n)]


def remove_temp_files(path: Path) -> int:
    """Delete :func:`leftover_temp_files`; returns how many (errors ignored)."""
    removed = 0
    for tmp in leftover_temp_files(path):
        try:
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file with buffered, atomic writes.

    ``read()`` returns the document given at construction (already parsed and
    validated by the caller, so the file is read once per command); ``write()``
    only updates the in-memory copy; ``flush()`` writes it with
    :func:`atomic_write`. Nothing reaches disk unless ``flush()`` is called, so
    an exception in the middle of a command changes nothing.
    """

    def __init__(self, path: Path, data: dict, original: bytes | None = None):
        self.path = Path(path)
        self._data = data
        self._original = original
        self.dirty = False

    def read(self) -> dict:
        return self._data

    def write(self, data: dict) -> None:
        self._data = data
        self.dirty = True

    def flush(self) -> bool:
        """Write the buffered document to disk if anything changed; return
        whether it did. A write that would store the bytes already on disk
        (*original*) is skipped, so a command that changed nothing leaves the
        file and its ``.bak`` - the version ``restore`` brings back - alone."""
        if not self.dirty:
            return False
        self.dirty = False
        payload = dump_chunks(self._data)
        if same_bytes(payload, self._original):
            return False
        atomic_write(self.path, payload)
        self._original = None  # (not kept joined: a second flush just writes again)
        return True

    def close(self) -> None:
        pass
