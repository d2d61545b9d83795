"""A TinyDB ``Storage`` that never leaves a half-written database behind.

TinyDB's own JSONStorage rewrites its file in place. This one reads the file
once, keeps writes in memory until :meth:`AtomicJSONStorage.flush`, and then
writes a temporary file in the same folder, fsyncs it, keeps the previous
version as ``<file>.bak`` and renames the new file over the old one
(``os.replace`` is atomic on POSIX and Windows), as khard's atomic_write does.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from tinydb.storages import Storage


def dump(data: dict) -> bytes:
    """Serialise a database document as diffable UTF-8 JSON (sorted keys, indent 1)."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def atomic_write(path: Path, payload: bytes, *, backup: bool = True) -> None:
    """Replace *path* with *payload* atomically.

    The bytes go to a temporary file in the same folder, are fsynced, and the
    file is renamed over *path*; with *backup* the old file is first hard-linked
    (or copied) to ``<path>.bak``. Raises OSError on a read-only or full disk,
    in which case *path* is unchanged.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if backup and path.exists():
            bak = path.with_name(path.name + ".bak")
            bak_tmp = bak.with_name(bak.name + ".tmp")
            try:
                os.unlink(bak_tmp)
            except FileNotFoundError:
                pass
            os.link(path, bak_tmp)
            os.replace(bak_tmp, bak)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file with buffered, atomic writes.

    ``read()`` returns the document given at construction (already parsed and
    validated by the caller, so the file is read once per command); ``write()``
    only updates the in-memory copy; ``flush()`` writes it with
    :func:`atomic_write`. Nothing reaches disk unless ``flush()`` is called, so
    an exception in the middle of a command changes nothing.
    """

    def __init__(self, path: Path, data: dict):
        self.path = Path(path)
        self._data = data
        self.dirty = False

    def read(self) -> dict:
        return self._data

    def write(self, data: dict) -> None:
        self._data = data
        self.dirty = True

    def flush(self) -> None:
        """Write the buffered document to disk if anything changed."""
        if self.dirty:
            atomic_write(self.path, dump(self._data))
            self.dirty = False

    def close(self) -> None:
        pass
