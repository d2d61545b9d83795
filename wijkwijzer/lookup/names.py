"""Place and thema names for shell completion, cached beside the database.

A Tab press runs a whole process, so it must not parse a national database
file: the names are kept in ``<db>.names`` (a small JSON file keyed on the
database file's size, mtime and inode) and rebuilt only after the database
changed. Like the read index, the cache is derived, never the source of truth,
and a cache that cannot be written is simply not kept.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FORMAT = 1
PLACE_KINDS = ("organisaties", "stadsdelen", "wijken", "buurten")


def _fingerprint(st: os.stat_result) -> list:
    return [FORMAT, st.st_size, st.st_mtime_ns, st.st_ino]


def _build(db: Path) -> dict[str, list[str]]:
    from wijkwijzer.store.database import Store

    data = Store(db).snapshot()
    places = sorted({r.get("naam") for kind in PLACE_KINDS for r in data.get(kind, [])
                     if isinstance(r.get("naam"), str) and r.get("status") != "inactief"})
    themas = sorted({name for t in data.get("themas", []) if t.get("status") != "inactief"
                     for name in [t.get("naam"), *t.get("synoniemen", [])] if isinstance(name, str)})
    return {"places": places, "themas": themas}


def names(db: Path) -> dict[str, list[str]]:
    """``{"places": [...], "themas": [...]}``: the names of the organisaties,
    stadsdelen, wijken and buurten, and the thema names and synonyms, of the
    database *db* (empty lists when it does not exist or cannot be read)."""
    try:
        st = db.stat()
    except OSError:
        return {"places": [], "themas": []}
    cache = db.with_name(db.name + ".names")
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("fingerprint") == _fingerprint(st):
            return stored["names"]
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    try:
        found = _build(db)
    except Exception:  # noqa: BLE001 - completion never fails loudly; the command will
        return {"places": [], "themas": []}
    try:
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"fingerprint": _fingerprint(st), "names": found}), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass
    return found


def matching(candidates: list[str], incomplete: str, limit: int = 50) -> list[str]:
    """The *candidates* that start with *incomplete*, ignoring case; each
    completed in the case the user typed (``zeeh`` -> ``zeeheldenkwartier``:
    the shells only offer candidates that start with what was typed, and
    wijkwijzer matches names without regard to case). At most *limit*."""
    typed = incomplete.casefold()
    return [incomplete + c[len(incomplete):] for c in candidates
            if c.casefold().startswith(typed)][:limit]
