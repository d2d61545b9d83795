"""Free-text search across every record kind, and finding a record by id.

No typer, no rich: returns plain dicts for the CLI to render.
"""

from __future__ import annotations

from wijkwijzer.dataset import KIND_SINGULAR, KINDS
from wijkwijzer.lookup.home import at_home
from wijkwijzer.text import check_query, normalize

SEARCH_CUTOFF = 60
# What is searched per kind: the fields whose text a user may type.
SEARCH_FIELDS = {
    "organisaties": ("naam", "aliassen"),
    "stadsdelen": ("naam",),
    "wijken": ("naam", "cbs_naam", "aliassen"),
    "buurten": ("naam",),
    "themas": ("naam", "synoniemen", "synoniemen_en"),
    "contactpunten": ("rol", "dienst", "id"),
    "diensten": ("id", "naam"),
}


def _texts(rec: dict, fields: tuple[str, ...]) -> list[str]:
    out = []
    for f in fields:
        v = rec.get(f)
        if isinstance(v, list):
            out += [str(x) for x in v if x]
        elif v:
            out.append(str(v))
    return out


def search(directory, text: str, limit: int = 10) -> list[dict]:
    """Return up to *limit* hits, best first: ``[{"soort", "id", "naam",
    "detail", "score"}]`` where score is 0-100 (100: the text occurs as is).
    *directory* is a :class:`wijkwijzer.lookup.Directory`; with a home
    gemeente (``directory.home``) the hits there come first. Raises
    text.QueryTooLong for a text over MAX_QUERY characters."""
    check_query(text)
    q = normalize(text)
    if not q:
        return []
    index = getattr(directory, "index", None)
    hits = []
    for kind, rec, best, via in (_scored(directory, q) if index is None else _scored_in_index(index, q)):
        key = KINDS[kind]
        label = rec.get("naam") or rec.get("rol") or rec[key]
        detail = via if via != label else ""
        hits.append({"soort": KIND_SINGULAR[kind], "id": rec[key], "naam": label,
                     "detail": detail, "score": round(best), "_thuis": at_home(directory, kind, rec)})
    hits.sort(key=lambda h: (not h["_thuis"], -h["score"], len(h["naam"]), h["id"]))
    return [{k: v for k, v in h.items() if k != "_thuis"} for h in hits[:limit]]


def _scored(directory, q: str):
    """``(kind, record, score, text)`` for every record whose best text scores at
    least SEARCH_CUTOFF against normalised *q* (100 when *q* occurs in it, else
    rapidfuzz WRatio; the first text with the best score), kinds in
    SEARCH_FIELDS order, records in file order."""
    from rapidfuzz import fuzz

    for kind, fields in SEARCH_FIELDS.items():
        for rec in directory.data.get(kind, []):
            best, via = 0.0, ""
            for t in _texts(rec, fields):
                n = normalize(t)
                score = 100.0 if q in n else fuzz.WRatio(q, n)
                if score > best:
                    best, via = score, t
            if best >= SEARCH_CUTOFF:
                yield kind, rec, best, via


def _scored_in_index(index, q: str):
    """:func:`_scored` from the derived index (its ``txt`` table holds every
    searched text, normalised, in the same order): the texts are scored in one
    rapidfuzz call and only the records found are read."""
    from rapidfuzz import fuzz, process

    rows = index.query("SELECT pos, norm FROM txt ORDER BY pos")  # a write may leave gaps in pos
    unique = list(dict.fromkeys(n for _p, n in rows))  # a rol or dienst recurs thousands of times: score it once
    by_text = {unique[i]: s for _n, s, i in process.extract(q, unique, scorer=fuzz.WRatio, processor=None,
                                                             score_cutoff=SEARCH_CUTOFF, limit=None)}
    by_text.update((n, 100.0) for n in unique if q in n)
    score = {pos: by_text[n] for pos, n in rows if n in by_text}
    del rows, unique
    positions = sorted(score)
    found: dict[tuple[str, int], tuple[float, str]] = {}
    for start in range(0, len(positions), 500):
        part = positions[start:start + 500]
        rows = index.query(f"SELECT pos, kind, seq, via FROM txt WHERE pos IN ({','.join('?' * len(part))}) "
                           "ORDER BY pos", tuple(part))  # noqa: S608 - marks only
        for pos, kind, seq, via in rows:
            if score[pos] > found.get((kind, seq), (0.0, ""))[0]:
                found[kind, seq] = (score[pos], via)
    rank = {kind: i for i, kind in enumerate(SEARCH_FIELDS)}  # the order _scored yields in
    for (kind, seq), (best, via) in sorted(found.items(), key=lambda kv: (rank[kv[0][0]], kv[0][1])):
        yield kind, index.record_at(kind, seq), best, via


def searched_texts(kind: str, rec: dict) -> list[str]:
    """The texts of *rec* (of *kind*) that ``search`` compares, in order; for the index."""
    return _texts(rec, SEARCH_FIELDS[kind])


def find_record(directory, record_id: str) -> tuple[str, dict] | None:
    """Return ``(kind, record)`` whose key equals *record_id* (codes case-insensitive),
    or None. From the derived index when *directory* is answered from one
    (:class:`wijkwijzer.lookup.index.IndexedDirectory`): the same record."""
    check_query(record_id)
    index = getattr(directory, "index", None)
    if index is not None:
        return index.find(record_id)
    for kind, key in KINDS.items():
        for rec in directory.data.get(kind, []):
            value = str(rec.get(key, ""))
            if value == record_id or value.lower() == record_id.strip().lower():
                return kind, rec
    return None


def suggest_ids(directory, record_id: str) -> list[str]:
    """Up to three existing ids or codes that look like *record_id*, or whose
    record's name does ("show Zeeheldenkwartier" suggests WK051822)."""
    from rapidfuzz import fuzz, process

    ids = [str(rec.get(key)) for kind, key in KINDS.items() for rec in directory.data.get(kind, [])]
    found = [m for m, _s, _i in process.extract(record_id, ids, scorer=fuzz.WRatio,
                                                 score_cutoff=SEARCH_CUTOFF, limit=3)]
    by_name = [str(h["id"]) for h in search(directory, record_id, limit=3) if h["score"] >= 90]
    return list(dict.fromkeys(by_name + found))[:3]
