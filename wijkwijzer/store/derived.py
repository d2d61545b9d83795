"""Files derived from the database: where they live and how they go away.

Every write either removes them (:func:`invalidate`) or, for a change of a
few records, brings the index up to date in the same step
(:mod:`wijkwijzer.lookup.index_update`), so no derived copy of changed or
erased data outlives the change; the lookup layer builds them
(:mod:`wijkwijzer.lookup.index`). Kept here so the store never imports
the lookup layer. Standard library and platformdirs only.

Every derived file lives in the database's own folder, named after the
database: ``<file>.index`` and, while it is being built,
``.<file>.index.<pid>.tmp``. There is deliberately no copy anywhere else
(issue #18): ``forget`` can then honestly say it checked every copy, because
every copy is a file next to the database. Where that folder is not
writable, no index is kept and lookups parse the database file.
"""

from __future__ import annotations

import os
import re
import zlib
from contextlib import suppress
from pathlib import Path

SUFFIX = ".index"


def index_path(db_path: Path) -> Path:
    """``<database file>.index``: where the derived index of *db_path* lives."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + SUFFIX)


def temp_index_path(db_path: Path, pid: int | None = None) -> Path:
    """``.<database file>.index.<pid>.tmp``: the index while process *pid*
    (default: this one) builds it."""
    db_path = Path(db_path)
    return db_path.with_name(f".{db_path.name}{SUFFIX}.{os.getpid() if pid is None else pid}.tmp")


def stray_files(db_path: Path, only_orphans: bool = False) -> list[Path]:
    """Temporary index files of *db_path* left in its folder (by a build that
    was killed, or one still running). With *only_orphans*, only those whose
    process no longer exists. Never raises."""
    db_path = Path(db_path)
    pattern = re.compile(rf"^\.{re.escape(db_path.name)}{re.escape(SUFFIX)}\.(\d+)\.tmp$")
    try:
        names = sorted(os.listdir(db_path.parent))
    except OSError:
        return []
    out = []
    for name in names:
        m = pattern.match(name)
        if m and not (only_orphans and _alive(int(m.group(1)))):
            out.append(db_path.parent / name)
    return out


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def is_derived(path: Path) -> bool:
    """True for a file that is derived data of a database (an index or its
    temporary file): never scrubbed, always deleted by ``forget``."""
    name = Path(path).name
    return name.endswith(SUFFIX) or re.search(rf"{re.escape(SUFFIX)}\.\d+\.tmp$", name) is not None


def legacy_index_path(db_path: Path) -> Path:
    """Where wijkwijzer before #18 put the index when the database's folder was
    not writable: the user's cache folder (on Linux ``~/.cache/wijkwijzer/index/``),
    named after the database's absolute path. Nothing is written there any
    more; the path is kept so :func:`invalidate` and ``forget`` remove an old copy."""
    from platformdirs import user_cache_path

    absolute = str(Path(db_path).absolute())
    return user_cache_path("wijkwijzer", appauthor=False) / "index" / \
        f"{Path(db_path).name}-{zlib.crc32(absolute.encode('utf-8', 'replace')):08x}{SUFFIX}"


def invalidate(db_path: Path, keep_index: bool = False) -> None:
    """Remove the derived index of *db_path* (after a write; not with
    *keep_index*, when the write brought it up to date itself), a copy an
    older version left in the cache folder, and temporary index files of
    processes that no longer exist. Never raises."""
    paths = [*([] if keep_index else [index_path(db_path)]), *stray_files(db_path, only_orphans=True)]
    with suppress(Exception):  # no cache folder on this system: no old copy either
        paths.append(legacy_index_path(db_path))
    for path in paths:
        with suppress(OSError):
            os.unlink(path)
