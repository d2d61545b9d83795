"""Likely duplicates within one record kind, for `wijkwijzer check`.

No typer, no rich. Two kinds of finding:

- the same key (id or code) twice in one kind (any kind);
- near-identical names in the kinds staff maintain (:data:`FUZZY_KINDS`; CBS
  areas may legitimately share a name): contactpunten with the same dienst and
  gebied and a near-identical rol, organisaties sharing their first wijk,
  diensten/themas/gemeenten by name, stadsdelen within one gemeente.

"Near-identical" means a rapidfuzz ratio of at least :data:`DUPLICATE_SCORE`
on the normalised names, *and* the words that differ are alike too (a typo,
not another word): "Zeeheldekwartier" is a duplicate of "Zeeheldenkwartier",
"de Hoek" is not one of "de Horn". Names that differ in a number, a roman
numeral, a single letter or a compass word ("II"/"III", "Noordoost"/
"Noordwest") are told apart on purpose.

Cost: records are grouped into blocks by a dict (the area and dienst), and
only records within one block are compared, so the work grows with the
number of records, not its square.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain
from operator import itemgetter

from wijkwijzer.dataset import KIND_SINGULAR, KINDS, Snapshot
from wijkwijzer.text import normalize
from wijkwijzer.i18n import Messages
from wijkwijzer.staff.check_records import Accumulator, over

MSG = Messages({
    "same_key": "dezelfde {key} '{value}' komt {n} keer voor",
    "similar": "lijkt op {other} ({score}%)",
})
DUPLICATE_SCORE = 92
WORD_SCORE = 88  # the words that differ must be this alike (a typo, not another word)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_ALNUM_LINES = re.compile(r"[^0-9a-z\n]+")  # the same, line by line
#: Tokens that tell two otherwise equal names apart on purpose.
_DISTINGUISHER = re.compile(r"^(\d+[a-z]?|[a-z]|[ivxlc]{1,5}|(noord|zuid)(oost|west)?|oost|west|"
                            r"noorden|zuiden|oosten|westen|boven|beneden|binnen|buiten)$")
#: Kinds staff maintain, where two near-identical names are likely one record.
FUZZY_KINDS = ("gemeenten", "stadsdelen", "organisaties", "diensten", "themas", "contactpunten")


def _fold(text: object) -> str:
    """:func:`wijkwijzer.text.normalize`, with a quick path for ASCII text."""
    s = str(text or "")
    return _NON_ALNUM.sub(" ", s.lower()).strip() if s.isascii() else normalize(s)


def _fold_many(texts: Iterable) -> Iterable[tuple]:
    """``(text, _fold(text))`` for each of *texts* (texts or None); the plain
    ASCII ones folded in one pass over all of them."""
    texts = list(texts)
    plain = [t for t in texts if t and t.isascii() and "\n" not in t]
    if len(plain) < 32:
        return [(t, _fold(t)) for t in texts]
    folded = _NON_ALNUM_LINES.sub(" ", "\n".join(plain).lower()).split("\n")
    done = set(plain)
    return [*zip(plain, map(str.strip, folded)), *((t, _fold(t)) for t in texts if t not in done)]


def _dup_block(kind: str, rec: dict) -> tuple:
    """Records are only compared within one block: same area (and dienst)."""
    if kind == "contactpunten":
        gebied = rec.get("gebied")
        if isinstance(gebied, list):
            if len(gebied) == 1 and isinstance(gebied[0], str):
                return (rec.get("dienst"), gebied[0])
            return (rec.get("dienst"), *sorted(map(str, gebied)))
        return (rec.get("dienst"), str(gebied))
    if kind == "organisaties":
        wijken = rec.get("wijken")
        return (min(map(str, wijken)) if isinstance(wijken, list) and wijken else str(rec.get("stadsdeel")),)
    return (str(rec.get("gemeente")),) if kind == "stadsdelen" else ()


class Duplicates(Accumulator):
    """``dubbelen``: ``{soort, id, lijkt_op, score, reden}`` for every likely
    duplicate (inactive records are skipped), as described in the module
    docstring; an accumulator (:mod:`wijkwijzer.staff.check_records`) that
    keeps per kind only the count of every key and, for the kinds of
    :data:`FUZZY_KINDS`, each record's block, folded name and id. Never
    raises for odd data."""

    kinds = frozenset(KINDS)

    def __init__(self):
        super().__init__()
        self.seen: dict[str, Counter] = {kind: Counter() for kind in KINDS}
        # kind -> block -> [name, id, name, id, ...] (flat: no tuple per record)
        self.blocks: dict[str, dict[tuple, list[str]]] = {kind: defaultdict(list) for kind in KINDS}
        self.folded: dict = {}  # raw name -> folded; roles repeat a lot: fold each text once

    def feed(self, batch):
        kind, live = batch.kind, batch.live
        ids = list(map(str, live.col(KINDS[kind])))
        self.seen[kind].update(ids)
        if kind not in FUZZY_KINDS:
            return
        raws, folded = live.col("rol" if kind == "contactpunten" else "naam"), self.folded
        if not set(map(type, raws)) <= {str, type(None)}:  # odd names: as text, one by one
            raws = [raw if isinstance(raw, str) else ("" if raw is None else str(raw)) for raw in raws]
        folded.update(_fold_many(set(raws) - folded.keys()))
        blocks = self.blocks[kind]
        for block, name, rid in zip(_blocks(live), map(folded.__getitem__, raws), ids):
            if name:
                members = blocks[block]
                members.append(name)
                members.append(rid)

    def result(self) -> list[dict]:
        from rapidfuzz import fuzz

        out, similar = [], {}
        for kind, key in KINDS.items():
            seen = self.seen[kind]
            if seen.total() > len(seen):  # some key more than once
                out += [{"soort": KIND_SINGULAR[kind], "id": value, "lijkt_op": value, "score": 100,
                         "reden": MSG["same_key"].format(key=key, value=value, n=n)}
                        for value, n in seen.items() if n > 1]
            for flat in self.blocks[kind].values():
                if len(flat) > 2:
                    out += _fuzzy_pairs(kind, tuple(flat[::2]), flat[1::2], fuzz, similar)
        return out


def _blocks(batch) -> Iterable[tuple]:
    """:func:`_dup_block` of every record of *batch*; for contactpunten that
    each cover one area (the common case) built at C speed."""
    if batch.kind == "contactpunten":
        gebieden = batch.col("gebied")
        try:
            single = (set(map(type, gebieden)) == {list} and set(map(len, gebieden)) == {1}
                      and set(map(type, chain.from_iterable(gebieden))) == {str})
        except TypeError:
            single = False
        if single:
            return zip(batch.col("dienst"), map(itemgetter(0), gebieden))
    elif batch.kind == "organisaties":  # the common case: a non-empty list of wijk codes
        wijken = batch.col("wijken")
        try:
            if set(map(type, wijken)) == {list} and set(map(type, chain.from_iterable(wijken))) == {str} \
                    and 0 not in set(map(len, wijken)):
                return zip(map(min, wijken))
        except TypeError:
            pass
    return [_dup_block(batch.kind, rec) for rec in batch.records]


def duplicates(data: Snapshot) -> list[dict]:
    """:class:`Duplicates` over the snapshot *data* (``{kind: [record, ...]}``)."""
    return over(Duplicates(), data)


def _distinct_on_purpose(a: str, b: str, fuzz) -> bool:
    """True when the words that differ tell the names apart: a number, a
    roman numeral, a compass word, or a whole other word ("de Hoek" / "de
    Horn"); a typo inside one word ("Zeeheldekwartier") is not."""
    ta, tb = set(a.split()), set(b.split())
    only_a, only_b = ta - tb, tb - ta
    if any(_DISTINGUISHER.match(t) for t in only_a | only_b):
        return True
    return fuzz.ratio(" ".join(sorted(only_a)), " ".join(sorted(only_b))) < WORD_SCORE


def _fuzzy_pairs(kind: str, names: tuple[str, ...], ids: list[str], fuzz, similar: dict) -> list[dict]:
    """Likely duplicates among the records of one block: their folded
    *names* and *ids*, in file order. *similar* caches :func:`_similar_names`
    by the names (blocks of one gemeente after another often hold the same
    roles in the same order)."""
    if (pairs := similar.get(names)) is None:
        pairs = similar[names] = _similar_names(names, fuzz)
    return [{"soort": KIND_SINGULAR[kind], "id": ids[j], "lijkt_op": ids[i], "score": round(score),
             "reden": MSG["similar"].format(other=ids[i], score=round(score))}
            for i, j, score in pairs if ids[i] != ids[j]]


def _similar_names(names: tuple[str, ...], fuzz) -> list[tuple[int, int, float]]:
    """``(i, j, score)`` for i < j where names i and j are near-identical and
    not told apart on purpose (:func:`_distinct_on_purpose`)."""
    if len(names) <= 64:
        pairs = [(i, j, fuzz.ratio(names[i], names[j], score_cutoff=DUPLICATE_SCORE))
                 for i in range(len(names)) for j in range(i + 1, len(names))]
    else:  # a big block: one name against all later ones in C, scores rounded half up as cdist's uint8
        from rapidfuzz import process

        pairs = [(i, i + 1 + j, int(score + 0.5)) for i in range(len(names))
                 for _name, score, j in sorted(process.extract(names[i], names[i + 1:], scorer=fuzz.ratio,
                                                               score_cutoff=DUPLICATE_SCORE, limit=None),
                                               key=itemgetter(2))]
    return [(i, j, score) for i, j, score in pairs if score and not _distinct_on_purpose(names[i], names[j], fuzz)]


def same_contactpunt(a: dict, b: dict) -> bool:
    """True when contactpunten *a* and *b* have the same rol (folded), dienst
    and set of gebieden: one role in one place, entered twice (``contactpunt
    add`` refuses it without --force)."""
    def areas(r: dict) -> frozenset:
        g = r.get("gebied")
        return frozenset(map(str, g)) if isinstance(g, list) else frozenset([str(g)])

    return (normalize(str(a.get("rol") or "")) == normalize(str(b.get("rol") or ""))
            and a.get("dienst") == b.get("dienst") and areas(a) == areas(b))
