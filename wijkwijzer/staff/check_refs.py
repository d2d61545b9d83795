"""The categories of `wijkwijzer check` that relate records to each other:
``verwijzingen`` and ``inactief_gebruikt`` (:class:`References`) and
``dekking`` (:class:`Coverage`); accumulators as described in
:mod:`wijkwijzer.staff.check_records`.

Every reference points to a kind that comes earlier in KINDS (a test holds
:data:`REFERENCES` to that), so a referring record is judged as it passes by,
against the ids of kinds already complete: of those kinds only ``{id:
active}`` is kept, never the records. No typer, no rich.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from itertools import chain, repeat
from operator import is_not, ne

from wijkwijzer.dataset import ALL_THEMAS, KIND_SINGULAR, KINDS, as_list
from wijkwijzer.staff.check_records import INACTIVE, Accumulator

AREA_KINDS = ("wijken", "stadsdelen", "gemeenten")
#: (kind, field, target kinds) of every reference; list fields are checked per item.
REFERENCES = [
    ("contactpunten", "dienst", ("diensten",)),
    ("contactpunten", "gebied", AREA_KINDS),
    ("contactpunten", "themas", ("themas",)),
    ("organisaties", "stadsdeel", ("stadsdelen",)),
    ("organisaties", "wijken", ("wijken",)),
    ("wijken", "stadsdeel", ("stadsdelen",)),
    ("wijken", "gemeente", ("gemeenten",)),
    ("buurten", "wijk", ("wijken",)),
    ("postcodes", "buurt", ("buurten",)),
    ("postcodes", "wijk", ("wijken",)),
    ("stadsdelen", "gemeente", ("gemeenten",)),
    ("themas", "diensten", ("diensten",)),
    ("bijeenkomsten", "gebied", AREA_KINDS),
    ("bijeenkomsten", "organisaties", ("organisaties",)),
    ("bijeenkomsten", "diensten", ("diensten",)),
    ("vragen", "aan", ("contactpunten",)),
    ("vragen", "organisatie", ("organisaties",)),
    ("vragen", "thema", ("themas",)),
]
TARGET_KINDS = frozenset(t for _kind, _fld, targets in REFERENCES for t in targets)


class References(Accumulator):
    """``verwijzingen``: ``{soort, id, veld, waarde}`` for every value of a
    reference field that names no record of its target kinds (``"*"`` is fine
    in contactpunt.themas); ``inactief_gebruikt``: ``{soort, id, gebruikt_door}``
    for inactive records that active ones point to. Only active referrers
    count; where an id is in several target kinds, the first kind wins (as in
    ``who``), and within a kind the last record. :meth:`result` returns both."""

    kinds = TARGET_KINDS | {kind for kind, _fld, _targets in REFERENCES}

    def __init__(self):
        super().__init__()
        self.status: dict[str, dict[str, bool]] = {}  # target kind -> {id: active}
        self._ok: dict[tuple, frozenset] = {}  # (targets, star) -> ids that name an active record
        self.dangling: list[list[dict]] = [[] for _ in REFERENCES]
        self.used: list[list[tuple]] = [[] for _ in REFERENCES]

    def feed(self, batch):
        kind = batch.kind
        if kind in TARGET_KINDS:
            self.status.setdefault(kind, {}).update(zip(map(str, batch.col(KINDS[kind])),
                                                        map(ne, batch.col("status"), repeat(INACTIVE))))
            self._ok = {k: ids for k, ids in self._ok.items() if kind not in k[0]}
        live = batch.live
        for i, (referrer, fld, targets) in enumerate(REFERENCES):
            if referrer != kind:
                continue
            star = kind == "contactpunten" and fld == "themas"
            ok = self._active_ids(targets, star)
            values = live.col(fld)
            if _all_in(ok, list(filter(partial(is_not, None), values))):
                continue  # every value of the batch names an active record
            for rec, value in zip(live.records, values):
                if value is None:
                    continue
                try:  # the common case: every value names an active record
                    if value.__class__ is str:
                        if value in ok:
                            continue
                    elif value.__class__ is list and ok.issuperset(value):
                        continue
                except TypeError:  # an unhashable value in the list: judged one by one
                    pass
                self._judge(i, rec, value, star)

    def _active_ids(self, targets: tuple, star: bool) -> frozenset:
        if (targets, star) not in self._ok:
            merged: dict[str, bool] = {}
            for t in reversed(targets):  # the first kind wins
                merged.update(self.status.get(t, {}))
            ok = {v for v, alive in merged.items() if alive}
            if star and ALL_THEMAS not in merged:
                ok.add(ALL_THEMAS)
            self._ok[(targets, star)] = frozenset(ok)
        return self._ok[(targets, star)]

    def _hit(self, targets: tuple, value) -> tuple[str, bool] | None:
        for t in targets:
            active = self.status.get(t, {}).get(value)
            if active is not None:
                return t, active
        return None

    def _judge(self, i: int, rec: dict, value, star: bool) -> None:
        kind, fld, targets = REFERENCES[i]
        rid = str(rec.get(KINDS[kind]))
        for v in (value if isinstance(value, list) else (value,)):
            hit = self._hit(targets, v) if isinstance(v, str) else None
            if hit is None:
                if not (star and v == ALL_THEMAS):
                    self.dangling[i].append({"soort": KIND_SINGULAR[kind], "id": rid, "veld": fld, "waarde": v})
            elif not hit[1]:
                self.used[i].append((hit[0], v, f"{KIND_SINGULAR[kind]} {rid}"))

    def result(self) -> tuple[list[dict], list[dict]]:
        """``(dangling, inactive-but-referenced)``, in REFERENCES order, then record order."""
        used_by: dict[tuple, list[str]] = defaultdict(list)
        for events in self.used:
            for target, v, referrer in events:
                used_by[(target, v)].append(referrer)
        inactive = [{"soort": KIND_SINGULAR[t], "id": v, "gebruikt_door": refs} for (t, v), refs in used_by.items()]
        return [d for found in self.dangling for d in found], inactive


def _all_in(ok: frozenset, values: list) -> bool:
    """True when each of *values* (texts, or lists of texts) is in *ok*;
    False when one is not, or is of another kind (then each record is judged)."""
    try:
        classes = set(map(type, values))
        if classes <= {str}:
            return ok.issuperset(values)
        return classes <= {list} and ok.issuperset(chain.from_iterable(values))
    except TypeError:  # an unhashable item in a list
        return False


class Coverage(Accumulator):
    """``dekking``: ``{wijk, wijk_naam, stadsdeel, thema}`` for every active
    wijk x active thema that no thema-specific, non-inactive niveau-1
    contactpunt (not a ``melding``) covers through the wijk, its stadsdeel or
    its gemeente (ordered by wijk code, then thema id). Of the contactpunten
    only the covered areas per thema are kept."""

    kinds = frozenset({"contactpunten", "wijken", "stadsdelen", "themas"})

    def __init__(self):
        super().__init__()
        self.covered: dict[str, set] = defaultdict(set)  # thema -> area ids
        self.kept: dict[str, list[dict]] = defaultdict(list)

    def feed(self, batch):
        if batch.kind != "contactpunten":
            self.kept[batch.kind] += batch.records
            return
        covered, live = self.covered, batch.live
        for niveau, soort, themas, gebied in zip(live.col("niveau"), live.col("soort"), live.col("themas"),
                                                 live.col("gebied")):
            if niveau != 1 or soort == "melding":
                continue
            themas = as_list(themas)
            if themas:
                areas = [g for g in as_list(gebied) if isinstance(g, str)]
                for thema in themas:
                    if thema != ALL_THEMAS:
                        covered[thema].update(areas)

    def result(self) -> list[dict]:
        stadsdelen = {s.get("id"): s for s in self.kept["stadsdelen"]}
        themas = sorted((t for t in self.kept["themas"] if t.get("status") != INACTIVE),
                        key=lambda t: str(t.get("id")))
        covered = [(t.get("id"), self.covered.get(t.get("id"), ())) for t in themas]
        gaps = []
        for wijk in sorted((w for w in self.kept["wijken"] if w.get("status") != INACTIVE),
                           key=lambda w: str(w.get("code"))):
            sd = wijk.get("stadsdeel")
            gemeente = wijk.get("gemeente") or (stadsdelen.get(sd) or {}).get("gemeente")
            areas = {a for a in (wijk.get("code"), sd, gemeente) if a}
            for thema, areas_covered in covered:
                if areas.isdisjoint(areas_covered):
                    gaps.append({"wijk": wijk.get("code"), "wijk_naam": wijk.get("naam"),
                                 "stadsdeel": sd, "thema": thema})
        return gaps
