"""Files derived from the database: where they live and how they go away.

The store removes them after every write (:func:`invalidate`), so no derived
copy of changed or erased data outlives the change; the lookup layer builds
them (:mod:`wijkwijzer.lookup.index`). Kept here so the store never imports
the lookup layer. Standard library and platformdirs only.
"""

from __future__ import annotations

import os
import zlib
from contextlib import suppress
from pathlib import Path

SUFFIX = ".index"


def index_path(db_path: Path) -> Path:
    """``<database file>.index``: where the derived index of *db_path* lives."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + SUFFIX)


def fallback_index_path(db_path: Path) -> Path:
    """Where the index lives when the database's folder is not writable: the
    user's cache folder (platformdirs; on Linux ``~/.cache/wijkwijzer/index/``),
    named after the database's absolute path."""
    from platformdirs import user_cache_path

    absolute = str(Path(db_path).absolute())
    return user_cache_path("wijkwijzer", appauthor=False) / "index" / \
        f"{Path(db_path).name}-{zlib.crc32(absolute.encode('utf-8', 'replace')):08x}{SUFFIX}"


def _candidates(db_path: Path):
    yield index_path(db_path)
    try:
        yield fallback_index_path(db_path)
    except Exception:  # noqa: BLE001 - no cache folder on this system: no fallback
        return


def invalidate(db_path: Path) -> None:
    """Remove the derived index of *db_path*, if any, in both places (after a
    write). Never raises."""
    for path in _candidates(db_path):
        with suppress(OSError):
            os.unlink(path)
