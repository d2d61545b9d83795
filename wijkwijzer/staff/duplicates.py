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
from collections import defaultdict

from wijkwijzer.dataset import KIND_SINGULAR, KINDS, Snapshot
from wijkwijzer.text import normalize
from wijkwijzer.i18n import Messages

MSG = Messages({
    "same_key": "dezelfde {key} '{value}' komt {n} keer voor",
    "similar": "lijkt op {other} ({score}%)",
})
DUPLICATE_SCORE = 92
WORD_SCORE = 88  # the words that differ must be this alike (a typo, not another word)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
#: Tokens that tell two otherwise equal names apart on purpose.
_DISTINGUISHER = re.compile(r"^(\d+[a-z]?|[a-z]|[ivxlc]{1,5}|(noord|zuid)(oost|west)?|oost|west|"
                            r"noorden|zuiden|oosten|westen|boven|beneden|binnen|buiten)$")
#: Kinds staff maintain, where two near-identical names are likely one record.
FUZZY_KINDS = ("gemeenten", "stadsdelen", "organisaties", "diensten", "themas", "contactpunten")


def _fold(text: object) -> str:
    """:func:`wijkwijzer.text.normalize`, with a quick path for ASCII text."""
    s = str(text or "")
    return _NON_ALNUM.sub(" ", s.lower()).strip() if s.isascii() else normalize(s)


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


def duplicates(data: Snapshot) -> list[dict]:
    """Return ``{soort, id, lijkt_op, score, reden}`` for every likely
    duplicate in *data* (``{kind: [record, ...]}``; inactive records are
    skipped), as described in the module docstring. Never raises for odd data."""
    from rapidfuzz import fuzz, process

    out = []
    for kind, key in KINDS.items():
        fuzzy, field = kind in FUZZY_KINDS, ("rol" if kind == "contactpunten" else "naam")
        seen: dict[str, int] = defaultdict(int)
        blocks: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        folded: dict = {}  # roles repeat a lot: fold each text once
        for rec in data.get(kind, []):
            if rec.get("status") == "inactief":
                continue
            rid = rec.get(key)
            rid = rid if isinstance(rid, str) else str(rid)
            seen[rid] += 1
            if not fuzzy:
                continue
            raw = rec.get(field)
            raw = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
            name = folded.get(raw)
            if name is None:
                name = folded[raw] = _fold(raw)
            if name:
                blocks[_dup_block(kind, rec)].append((name, rid))
        for value, n in seen.items():
            if n > 1:
                out.append({"soort": KIND_SINGULAR[kind], "id": value, "lijkt_op": value, "score": 100,
                            "reden": MSG["same_key"].format(key=key, value=value, n=n)})
        for members in blocks.values():
            if len(members) > 1:
                out.extend(_fuzzy_pairs(kind, members, fuzz, process))
    return out


def _distinct_on_purpose(a: str, b: str, fuzz) -> bool:
    """True when the words that differ tell the names apart: a number, a
    roman numeral, a compass word, or a whole other word ("de Hoek" / "de
    Horn"); a typo inside one word ("Zeeheldekwartier") is not."""
    ta, tb = set(a.split()), set(b.split())
    only_a, only_b = ta - tb, tb - ta
    if any(_DISTINGUISHER.match(t) for t in only_a | only_b):
        return True
    return fuzz.ratio(" ".join(sorted(only_a)), " ".join(sorted(only_b))) < WORD_SCORE


def _fuzzy_pairs(kind: str, members: list[tuple[str, str]], fuzz, process) -> list[dict]:
    """Likely duplicates among the (folded name, id) *members* of one block."""
    names = [m[0] for m in members]
    if len(members) <= 64:
        pairs = [(i, j, fuzz.ratio(names[i], names[j], score_cutoff=DUPLICATE_SCORE))
                 for i in range(len(names)) for j in range(i + 1, len(names))]
    else:  # a big block: let rapidfuzz compare all pairs in C
        matrix = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=DUPLICATE_SCORE,
                               dtype="uint8", workers=-1)
        pairs = [(i, int(j), int(matrix[i][j])) for i in range(len(names))
                 for j in matrix[i].nonzero()[0] if j > i]
    return [{"soort": KIND_SINGULAR[kind], "id": members[j][1], "lijkt_op": members[i][1],
             "score": round(score),
             "reden": MSG["similar"].format(other=members[i][1], score=round(score))}
            for i, j, score in pairs if score and members[i][1] != members[j][1]
            and not _distinct_on_purpose(names[i], names[j], fuzz)]


def same_contactpunt(a: dict, b: dict) -> bool:
    """True when contactpunten *a* and *b* have the same rol (folded), dienst
    and set of gebieden: one role in one place, entered twice (``contactpunt
    add`` refuses it without --force)."""
    def areas(r: dict) -> frozenset:
        g = r.get("gebied")
        return frozenset(map(str, g)) if isinstance(g, list) else frozenset([str(g)])

    return (normalize(str(a.get("rol") or "")) == normalize(str(b.get("rol") or ""))
            and a.get("dienst") == b.get("dienst") and areas(a) == areas(b))
