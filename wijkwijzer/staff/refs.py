"""What references may point to: :class:`Refs`, the ids of each kind, built on first use.

No typer, no rich.
"""

from __future__ import annotations

from functools import cached_property

from wijkwijzer.dataset import Snapshot
from wijkwijzer.text import normalize


class Refs:
    """The ids that references may point to, taken from a snapshot
    (``{kind: [record, ...]}``): diensten, stadsdelen, wijken, buurten,
    gemeenten, themas, and the thema names/synonyms (normalised -> thema id).
    *keys*, when given, answers "every id of this kind" without the records."""

    def __init__(self, data: Snapshot, keys=None):
        # Each set is built on first use: a LineTx (staff.tx) reads a kind from
        # the index only when a check needs it (60,000 contactpunten otherwise),
        # and with *keys* (``keys(kind) -> set of ids``) not even then.
        self.data, self.keys = data, keys

    def _ids(self, kind: str, key: str = "id") -> set:
        if self.keys is not None:
            return self.keys(kind)
        return {r.get(key) for r in self.data.get(kind, [])}

    diensten = cached_property(lambda self: self._ids("diensten"))
    stadsdelen = cached_property(lambda self: self._ids("stadsdelen"))
    wijken = cached_property(lambda self: self._ids("wijken", "code"))
    buurten = cached_property(lambda self: self._ids("buurten", "code"))
    gemeenten = cached_property(lambda self: self._ids("gemeenten"))
    themas = cached_property(lambda self: self._ids("themas"))
    areas = cached_property(lambda self: self.wijken | self.stadsdelen | self.gemeenten)
    organisaties = cached_property(lambda self: self._ids("organisaties"))  # bijeenkomsten, vragen (#15)
    contactpunten = cached_property(lambda self: self._ids("contactpunten"))

    @cached_property
    def wijk_records(self) -> dict[str, dict]:
        """wijk code -> the wijk record (its ``stadsdeel``, ``naam``), read
        once: an organisatie's stadsdeel is checked against its wijken."""
        return {w.get("code"): w for w in self.data.get("wijken", []) if isinstance(w, dict)}

    def stadsdeel_naam(self, sd: str) -> str:
        """The name of stadsdeel *sd* (its id when it has no record or name)."""
        if "_sd_names" not in self.__dict__:
            self._sd_names = {s.get("id"): s.get("naam") for s in self.data.get("stadsdelen", [])
                              if isinstance(s, dict)}
        return self._sd_names.get(sd) or sd

    @cached_property
    def terms(self) -> dict[str, str]:
        """Every thema id, name and synonym, normalised -> the thema id."""
        out: dict[str, str] = {}
        for t in self.data.get("themas", []):
            for term in [t.get("id"), t.get("naam"), *(t.get("synoniemen") or []), *(t.get("synoniemen_en") or [])]:
                if term:
                    out.setdefault(normalize(str(term)), t.get("id"))
        return out

    def area_exists(self, area: str) -> bool:
        """True when *area* is a wijk code, stadsdeel id or gemeente code."""
        return area in self.wijken or area in self.stadsdelen or area in self.gemeenten
