"""Free-text search across every record kind, and finding a record by id.

No typer, no rich: returns plain dicts for the CLI to render.
"""

from __future__ import annotations

from wijkwijzer.dataset import KIND_SINGULAR, KINDS
from wijkwijzer.lookup.home import at_home
from wijkwijzer.text import check_query, normalize

SEARCH_CUTOFF = 60
# A text is a hit only when one of its words is near a typed word (near_words):
# typed words shorter than SHORT letters only as whole words, longer ones also
# inside a word or with a typo (rapidfuzz ratio NEAR_RATIO or more).
SHORT = 3
NEAR_RATIO = 80
# A suggested id for an unknown one ("show ID") is this alike (rapidfuzz ratio, case ignored).
ID_RATIO = 80
# ... or its record's name scores this in search (a typo in a name typed whole).
NAME_SCORE = 95
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
    """``(kind, record, score, text)`` for every record whose best text is a
    hit for normalised *q* (:func:`text_score`; the first text with the best
    score), kinds in SEARCH_FIELDS order, records in file order."""
    records = [(kind, rec, [(t, normalize(t)) for t in _texts(rec, fields)])
               for kind, fields in SEARCH_FIELDS.items() for rec in directory.data.get(kind, [])]
    near = near_words(q, {w for _k, _r, texts in records for _t, n in texts for w in n.split()})
    for kind, rec, texts in records:
        best, via = 0.0, ""
        for t, n in texts:
            score = text_score(q, n, near)
            if score > best:
                best, via = score, t
        if best >= SEARCH_CUTOFF:
            yield kind, rec, best, via


def _scored_in_index(index, q: str):
    """:func:`_scored` from the derived index: the words near *q* are picked
    from its vocabulary (``voc``: every word of a searched text), the records
    that hold one of them found in ``wrd``, and only their texts are read and
    scored, then those records."""
    near = near_words(q, [w for (w,) in index.query("SELECT word FROM voc")])
    found: dict[tuple[str, int], tuple[float, str]] = {}
    for kind, seqs in _holding(index, sorted(near)).items():
        for start in range(0, len(seqs), 500):
            part = seqs[start:start + 500]
            rows = index.query(f"SELECT seq, norm, via FROM txt WHERE kind = ? AND seq IN "  # noqa: S608 - marks only
                               f"({','.join('?' * len(part))}) ORDER BY seq, pos", (kind, *part))
            for seq, n, via in rows:  # a record's texts in their order (pos grows with each insert)
                score = text_score(q, n, near)
                if score >= SEARCH_CUTOFF and score > found.get((kind, seq), (0.0, ""))[0]:
                    found[kind, seq] = (score, via)
    rank = {kind: i for i, kind in enumerate(SEARCH_FIELDS)}  # the order _scored yields in
    for (kind, seq), (best, via) in sorted(found.items(), key=lambda kv: (rank[kv[0][0]], kv[0][1])):
        yield kind, index.record_at(kind, seq), best, via


def _holding(index, words: list[str]) -> dict[str, list[int]]:
    """``{kind: [seq, ...]}`` of the records one of whose searched texts has a word of *words*."""
    out: dict[str, set[int]] = {}
    for start in range(0, len(words), 500):
        part = words[start:start + 500]
        for kind, seq in index.query(f"SELECT kind, seq FROM wrd INDEXED BY wrd_word WHERE word IN "  # noqa: S608
                                     f"({','.join('?' * len(part))})", tuple(part)):
            out.setdefault(kind, set()).add(seq)
    return {kind: sorted(seqs) for kind, seqs in out.items()}


def near_words(q: str, vocab) -> set[str]:
    """The words of *vocab* (an iterable of normalised words) that are near a
    word of normalised *q*: the same word; for a typed word of SHORT letters
    or more also a word that contains it, one whose rapidfuzz ratio with it
    is at least NEAR_RATIO (a typo), or whose beginning of the same length
    or one letter longer is (a word typed half, with a typo: "zeeheldn" and
    "zeeheldenkwartier", "parkeren" and "parkeervergunning").
    Whether a word is near depends on that word alone, never on the rest of
    *vocab*: the file and the index give the same answers."""
    from rapidfuzz import fuzz, process

    vocab = list(vocab)
    near: set[str] = set()
    for w in dict.fromkeys(q.split()):
        if len(w) < SHORT:
            near.update((w,) if w in vocab else ())
            continue
        near.update(v for v in vocab if w in v)
        for choices in (vocab, [v[:len(w)] for v in vocab], [v[:len(w) + 1] for v in vocab]):
            near.update(vocab[i] for _m, _s, i in process.extract(
                w, choices, scorer=fuzz.ratio, processor=None, score_cutoff=NEAR_RATIO, limit=None))
    return near


def text_score(q: str, n: str, near: set[str]) -> float:
    """How well normalised text *n* answers normalised query *q*, 0-100: 0
    unless a word of *n* is in *near* (:func:`near_words`), else 100 when *q*
    occurs in *n* as is, else rapidfuzz WRatio. A hit scores SEARCH_CUTOFF or more."""
    if not any(w in near for w in n.split()):
        return 0.0
    if q in n:
        return 100.0
    from rapidfuzz import fuzz

    return fuzz.WRatio(q, n, processor=None)


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
    record's name does ("show Zeeheldenkwartier" suggests WK051822): first the
    records whose name scores NAME_SCORE or more in :func:`search`, then the ids
    whose rapidfuzz ratio with it (both stripped and in lower case) is at
    least ID_RATIO, best first, ties in KINDS and file order. From the
    derived index when *directory* is answered from one: the same ids."""
    from rapidfuzz import fuzz, process

    typed = record_id.strip().lower()
    # ratio >= ID_RATIO needs the lengths within this window: the index reads only those ids
    lo, hi = -(-len(typed) * ID_RATIO // (200 - ID_RATIO)), len(typed) * (200 - ID_RATIO) // ID_RATIO
    index = getattr(directory, "index", None)
    if index is None:
        ids = [(kind, seq, str(rec.get(key, ""))) for kind, key in KINDS.items()
               for seq, rec in enumerate(directory.data.get(kind, []))]
        ids = [(kind, seq, sid, sid.lower()) for kind, seq, sid in ids if lo <= len(sid) <= hi]
        lids = list(dict.fromkeys(r[3] for r in ids))
    else:  # the lower-case ids from their index alone; the records only of those found
        lids = [lid for (lid,) in index.query("SELECT DISTINCT lid FROM rec INDEXED BY rec_lid "
                                              "WHERE length(lid) BETWEEN ? AND ?", (lo, hi))]
    score = {m: s for m, s, _i in process.extract(typed, lids, scorer=fuzz.ratio, processor=None,
                                                   score_cutoff=ID_RATIO, limit=None)} if typed else {}
    if index is not None:
        matched, ids = list(score), []
        for start in range(0, len(matched), 500):
            part = matched[start:start + 500]
            ids += index.query(f"SELECT kind, seq, sid, lid FROM rec INDEXED BY rec_lid WHERE lid IN "  # noqa: S608
                               f"({','.join('?' * len(part))})", tuple(part))  # marks only
    rank = {kind: i for i, kind in enumerate(KINDS)}
    found = sorted((r for r in ids if r[3] in score and r[0] in rank),
                   key=lambda r: (-score[r[3]], rank[r[0]], r[1]))
    by_name = [str(h["id"]) for h in search(directory, record_id, limit=3) if h["score"] >= NAME_SCORE]
    return list(dict.fromkeys(by_name + [r[2] for r in found]))[:3]
