"""The three-way merge of two versions of the database document.

A pure function over three documents as :func:`wijkwijzer.store.document.parse_document`
returns them (``{table: {"<doc id>": record}}``): the common ancestor
(*base*), this desk's version (*ours*, "mijn") and the other desk's version
(*theirs*, "hun"). Git's own merge works per line; this one works per record
and per field, so:

- records are matched by their key (``id`` or ``code``, :data:`KINDS`), not by
  TinyDB's doc id, which two desks hand out independently;
- a record changed on one side only takes that side's version (added,
  changed or removed); changes to different fields of one record are combined
  (nested objects such as ``kanalen`` per field: ``kanalen.email``);
- the same field changed differently on both sides, or a record removed on
  one side and changed on the other, is a :class:`Conflict`, unless *keep*
  says which side wins; each conflict resolved that way adds a history entry
  ``samengevoegd`` whose ``voor`` is the losing version of the record, so the
  value that lost stays visible in ``history``;
- the history table (``historie``) is a union: entries added on either side
  are kept, entries removed on a side (``forget`` rewrites the history) stay
  removed. Its doc ids are renumbered 1..n: ours in order, then theirs' new ones
  by time, so two desks' entry 120 never collide.

Standard library only; no I/O, no clock unless a conflict is resolved without
a *when*.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from wijkwijzer.dataset import KINDS
from wijkwijzer.i18n import Messages
from wijkwijzer.store.schema import HISTORY, META

MSG = Messages({
    "bad_keep": ("'{value}' is geen keuze voor --houd: gebruik mijn of hun, of ID=mijn / "
                 "ID=hun voor één record."),
})

MINE, THEIRS = "mijn", "hun"
SIDES = (MINE, THEIRS)
RESOLVED = "samengevoegd"
_MISSING = object()


@dataclass(frozen=True)
class Conflict:
    """The same thing changed differently on both sides.

    ``soort``: the kind ("contactpunten"); ``record``: its key; ``veld``: the
    dotted field ("kanalen.email"), or "" when the record itself was removed on
    one side and changed on the other; ``mijn``/``hun``/``basis``: the values
    (None for an absent field; for ``veld == ""`` the whole record or None
    when removed)."""

    soort: str
    record: str
    veld: str
    mijn: object
    hun: object
    basis: object

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class MergeResult:
    """``document``: the merged document (on unresolved conflicts: with *ours*'
    value in each conflicting place); ``conflicts``: the unresolved ones;
    ``resolved``: ``[(Conflict, side kept)]``."""

    document: dict
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: list[tuple[Conflict, str]] = field(default_factory=list)


def _fingerprint(entry: dict) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)


def _ordered(table: dict) -> list[tuple[str, dict]]:
    return sorted(table.items(), key=lambda kv: (len(kv[0]), kv[0]))


def merge_history(base: dict, ours: dict, theirs: dict) -> dict:
    """Merge three history tables (``{"<n>": entry}``) as a union that honours
    removals: an entry's count is ``ours + theirs - base`` (at least 0). Ours'
    entries keep their order, theirs' new entries follow ordered by ``tijd``;
    doc ids are renumbered 1..n. Returns the merged table."""
    counts = {side: Counter(_fingerprint(e) for e in table.values())
              for side, table in (("b", base), ("o", ours), ("t", theirs))}
    wanted = {fp: max(0, counts["o"][fp] + counts["t"][fp] - counts["b"][fp])
              for fp in counts["o"] | counts["t"]}
    out: list[dict] = []
    taken: Counter = Counter()
    theirs_new = sorted(_ordered(theirs), key=lambda kv: str(kv[1].get("tijd", "")))
    for _doc_id, entry in [*_ordered(ours), *theirs_new]:
        fp = _fingerprint(entry)
        if taken[fp] < wanted.get(fp, 0):
            taken[fp] += 1
            out.append(entry)
    return {str(i): entry for i, entry in enumerate(out, start=1)}


def _merge_value(base, ours, theirs, path: str, found: list) -> object:
    """Three-way merge of one value; nested dicts per key. Appends
    ``(dotted path, ours, theirs, base)`` to *found* for each clash and then
    keeps *ours* there."""
    if ours == theirs:
        return ours
    if _same(ours, base):
        return theirs
    if _same(theirs, base):
        return ours
    if all(isinstance(v, dict) or v is _MISSING for v in (base, ours, theirs)) and \
            ours is not _MISSING and theirs is not _MISSING:
        b = {} if base is _MISSING else base
        merged = {}
        for key in sorted(set(b) | set(ours) | set(theirs)):
            value = _merge_value(b.get(key, _MISSING), ours.get(key, _MISSING),
                                 theirs.get(key, _MISSING), f"{path}.{key}" if path else key, found)
            if value is not _MISSING:
                merged[key] = value
        return merged
    found.append((path, ours, theirs, base))
    return ours


def _same(a, b) -> bool:
    return (a is _MISSING) == (b is _MISSING) and (a is _MISSING or a == b)


def _plain(value):
    return None if value is _MISSING else value


def _choose(keep: dict | None, record: str) -> str | None:
    if not keep:
        return None
    return keep.get(record.lower()) or keep.get(None)


def _merge_record(kind: str, key: str, b, o, t, keep: dict | None, result: MergeResult,
                  notes: list[tuple[str, dict | None, dict | None]]):
    """Merge one record (``_MISSING`` when absent on a side); returns the merged
    record or ``_MISSING``. Records conflicts and resolution notes."""
    found: list = []
    removed_vs_changed = (o is _MISSING) != (t is _MISSING) and not _same(o, t) \
        and not _same(o, b) and not _same(t, b)
    if removed_vs_changed:
        found.append(("", o, t, b))
        merged = o
    else:
        merged = _merge_value(b, o, t, "", found)
    if not found:
        return merged
    side = _choose(keep, key)
    conflicts = [Conflict(kind, key, path, _plain(mine), _plain(hun), _plain(basis))
                 for path, mine, hun, basis in found]
    if side is None:
        result.conflicts.extend(conflicts)
        return merged
    winner, loser = (o, t) if side == MINE else (t, o)
    # every clash takes the winner's value (_merge_value keeps its first side
    # on a clash); fields changed on one side only stay merged
    merged = winner if removed_vs_changed else _merge_value(b, winner, loser, "", [])
    result.resolved.extend((c, side) for c in conflicts)
    notes.append((kind, key, _plain(loser), _plain(merged)))
    return merged


def _merge_table(kind: str, base: dict, ours: dict, theirs: dict, keep: dict | None,
                 result: MergeResult, notes: list) -> dict:
    """Merge one record table by key; keeps ours' doc ids, gives theirs' new
    records theirs' doc id when free, else the next free number."""
    key_field = KINDS[kind]

    def by_key(table: dict) -> dict:
        return {str(rec.get(key_field)): (doc_id, rec) for doc_id, rec in _ordered(table)}

    b, o, t = by_key(base), by_key(ours), by_key(theirs)
    order = list(o) + [k for k in t if k not in o] + [k for k in b if k not in o and k not in t]
    merged: dict = {}
    pending: list[tuple[str, str, dict]] = []
    for key in order:
        rec = _merge_record(kind, key, *(side[key][1] if key in side else _MISSING for side in (b, o, t)),
                            keep, result, notes)
        if rec is _MISSING:
            continue
        if key in o:
            merged[o[key][0]] = rec
        else:
            pending.append((key, (t.get(key) or b.get(key))[0], rec))
    next_id = max((int(k) for k in [*ours, *theirs, *base] if k.isdigit()), default=0) + 1
    for _key, doc_id, rec in pending:
        if doc_id in merged or doc_id in ours:
            doc_id, next_id = str(next_id), next_id + 1
        merged[doc_id] = rec
    return dict(_ordered(merged))


def _resolution_entry(actor: str, when: str, kind: str, key: str, loser, winner) -> dict:
    return {"tijd": when, "wie": actor, "soort": kind, "record": key, "actie": RESOLVED,
            "voor": loser, "na": winner}


def merge_documents(base: dict | None, ours: dict, theirs: dict, keep: dict | None = None,
                    actor: str = "onbekend", when: str | None = None) -> MergeResult:
    """Three-way merge of database documents (see the module docstring).

    *base* is the common ancestor (None or ``{}`` when the two histories share
    none); *keep* maps a record key, or None for every record, to "mijn" or
    "hun": which side wins a conflict there. *actor* and *when* (ISO UTC,
    default now) sign the history entries of resolved conflicts. Tables other
    than the kinds, ``meta`` and ``historie`` merge by doc id, whole records.
    Returns a :class:`MergeResult`; never raises for odd but well-shaped data.
    The inputs are not changed."""
    import copy

    base, ours, theirs = (copy.deepcopy(d or {}) for d in (base, ours, theirs))
    result = MergeResult(document={})
    notes: list = []
    doc = result.document
    for name in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(name, {}), ours.get(name, {}), theirs.get(name, {})
        if name == HISTORY:
            doc[name] = merge_history(b, o, t)
        elif name == META:
            doc[name] = max((o, t), key=_schema)
        elif name in KINDS:
            doc[name] = _merge_table(name, b, o, t, keep, result, notes)
        else:
            doc[name] = {k: v for k in sorted(set(o) | set(t), key=lambda k: (len(k), k))
                         if (v := _merge_value(b.get(k, _MISSING), o.get(k, _MISSING),
                                               t.get(k, _MISSING), "", [])) is not _MISSING}
    if notes:
        if when is None:
            from wijkwijzer.store.history import now_utc

            when = now_utc()
        table = doc.setdefault(HISTORY, {})
        start = max((int(k) for k in table if k.isdigit()), default=0) + 1
        for i, (kind, key, loser, winner) in enumerate(notes):
            table[str(start + i)] = _resolution_entry(actor, when, kind, key, loser, winner)
    return result


def _schema(meta_table: dict) -> int:
    for rec in meta_table.values():
        value = rec.get("schema", 0) if isinstance(rec, dict) else 0
        return value if isinstance(value, int) else 0
    return 0


def parse_keep(values: list[str] | None) -> dict:
    """Parse ``--houd`` values: "mijn" / "hun" for every conflict, "ID=mijn" /
    "ID=hun" for one record. Returns ``{record key or None: side}``. Raises
    ValueError (Dutch sentence) for anything else."""
    keep: dict = {}
    for value in values or []:
        record, _eq, side = value.rpartition("=")
        side = side.strip().lower()
        if side not in SIDES or (_eq and not record.strip()):
            raise ValueError(MSG["bad_keep"].format(value=value))
        keep[record.strip().lower() or None] = side
    return keep


def new_entries(old: dict, new: dict) -> list[dict]:
    """History entries of table *new* that table *old* does not hold (counted,
    so a repeated entry counts twice), in *new*'s order."""
    have = Counter(_fingerprint(e) for e in old.values())
    out = []
    for _doc_id, entry in _ordered(new):
        fp = _fingerprint(entry)
        if have[fp]:
            have[fp] -= 1
        else:
            out.append(entry)
    return out
