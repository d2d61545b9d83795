"""The filtered lists of the read commands (``wijken --stadsdeel X``,
``organisaties --stadsdeel X``, ``contactpunten --stadsdeel X --thema Y``),
from the derived read index when the directory is answered from one.

The index only narrows down which records are read (:meth:`Index.having`,
a superset of the answer); every record is then checked with the same test
as on the file, so both give the same rows in the same (file) order.
No typer, no rich.
"""

from __future__ import annotations

from collections.abc import Iterable

from wijkwijzer.dataset import ALL_THEMAS, as_list
from wijkwijzer.lookup.home import at_home


def _having(directory, kind: str, field: str, values: Iterable[str]) -> list[dict]:
    """Records of *kind* whose *field* may hold one of *values*, in file order:
    from the index when there is one (a few), else every record of *kind*."""
    index = getattr(directory, "index", None)
    if index is None:
        return directory.data.get(kind, [])
    return index.having(kind, field, list(values))


def in_stadsdeel(directory, kind: str, stadsdeel: str) -> list[dict]:
    """Records of *kind* (``wijken``, ``buurten`` or ``organisaties``) placed in
    the stadsdeel with id *stadsdeel*, in file order: a buurt through its wijk,
    the others by their own ``stadsdeel`` field."""
    if kind == "buurten":
        codes = [w.get("code") for w in in_stadsdeel(directory, "wijken", stadsdeel)]
        by_code = directory.by_id["wijken"]
        return [r for r in _having(directory, kind, "wijk", [c for c in codes if isinstance(c, str)])
                if by_code.get(r.get("wijk"), {}).get("stadsdeel") == stadsdeel]
    return [r for r in _having(directory, kind, "stadsdeel", [stadsdeel]) if r.get("stadsdeel") == stadsdeel]


def contactpunten(directory, stadsdeel: str | None, thema: str | None) -> list[dict]:
    """The contactpunten of ``contactpunten [--stadsdeel ID] [--thema ID]``, in
    file order: those covering the stadsdeel or one of its wijken, for thema
    *thema* (an id) or for every thema, and belonging to the home gemeente
    (:func:`wijkwijzer.lookup.home.at_home`)."""
    areas = None
    if stadsdeel:
        areas = {stadsdeel} | {w["code"] for w in in_stadsdeel(directory, "wijken", stadsdeel)}
        rows = directory.contactpunten_in(areas)
    elif thema:
        rows = _having(directory, "contactpunten", "themas", [thema, ALL_THEMAS])
    else:
        rows = directory.data.get("contactpunten", [])
    return [c for c in rows
            if (areas is None or areas & set(as_list(c.get("gebied"))))
            and (thema is None or thema in as_list(c.get("themas")) or ALL_THEMAS in as_list(c.get("themas")))
            and at_home(directory, "contactpunten", c)]
