"""Resolve PLACE: an organisatie, wijk, buurt, stadsdeel or postcode.

Pure functions over a snapshot; no typer, no rich. Precedence (DESIGN.md,
"The main job", rule 1): the whole name exactly, then the name without
generic words ("Bewonersorganisatie", "Wijk 22"), then every typed word as the
start of a word in the name, then every typed word close to a word of the
name (rapidfuzz). Within an exact tier an organisatie beats a stadsdeel, a
wijk and a buurt; in the fuzzy tier the closest name wins. Names are indexed
once per Directory by their words, which keeps matching fast on national data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wijkwijzer.dataset import KIND_SINGULAR
from wijkwijzer.errors import NotFound
from wijkwijzer.lookup import home, postcodes
from wijkwijzer.text import GENERIC_WORDS, core_tokens, normalize
from wijkwijzer.i18n import Messages

SUGGEST_CUTOFF = 60
#: a typed word shorter than this is never matched fuzzily ("c", "o")
MIN_FUZZY = 3
POSTCODE = re.compile(r"^\s*(\d{4})\s*([a-zA-Z]{2})?\s*$")
PLACE_KINDS = ("organisaties", "stadsdelen", "wijken", "buurten", "gemeenten")
TIER_LABEL = Messages({0: "exacte naam", 1: "naam", 2: "deel van de naam", 3: "lijkt op"})

MSG = Messages({
    "place_none": "Geen organisatie, wijk, buurt, stadsdeel of postcode gevonden voor '{q}'.",
    "unconfirmed": "Het stadsdeel van wijk {wijk} ({code}) is nog niet bevestigd door de gemeente.",
    "no_stadsdeel": "Wijk {wijk} ({code}) heeft geen bekend stadsdeel.",
    "empty": "Geef een plaats op: een organisatie, wijk, buurt, stadsdeel of postcode.",
})


@dataclass
class PlaceMatch:
    """A resolved PLACE: what it matched and the areas that follow from it.

    ``soort`` is organisatie|stadsdeel|wijk|buurt|postcode; ``wijken`` are wijk
    codes; ``stadsdeel`` a stadsdeel id (or None); ``ook`` lists other records
    that matched as well (for "also matched ..."); ``notes`` are caveats;
    ``kandidaten`` (a postcode in more than one stadsdeel) are
    ``[{"stadsdeel": id, "aandeel": float, "wijken": [codes]}]``, largest first;
    ``elders`` is True when the place lies outside the user's home gemeente
    because nothing there matched (:mod:`wijkwijzer.lookup.home`).
    """

    soort: str
    id: str
    naam: str
    via: str
    wijken: list[str] = field(default_factory=list)
    stadsdeel: str | None = None
    gemeente: str | None = None
    ook: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kandidaten: list[dict] = field(default_factory=list)
    elders: bool = False


class PlaceResolver:
    """Mixin for :class:`wijkwijzer.lookup.Directory`: PLACE resolution.

    Expects ``self.data`` (the snapshot) and ``self.by_id`` (kind -> id -> record).
    ``home`` is the user's home gemeente (a CBS code) or None
    (:func:`wijkwijzer.lookup.home.set_home`).
    """

    home: str | None = None

    _place_names: list[tuple] | None = None
    _tokens: tuple[list[str], dict[str, list[int]]] | None = None

    def place_names(self) -> list[tuple[str, str, tuple[str, ...], str, str, str]]:
        """Every matchable name, normalised once:
        ``(normalised name, core name, core tokens, kind, id, display name)``."""
        if self._place_names is None:
            names = []
            for kind in PLACE_KINDS:
                key = "code" if kind in ("wijken", "buurten") else "id"
                for rec in self.data.get(kind, []):
                    if rec.get("status") == "inactief":
                        continue
                    for name in [rec.get("naam", ""), *(rec.get("aliassen") or [])]:
                        if name:
                            norm = normalize(name)
                            core = tuple(core_tokens(norm))
                            names.append((norm, " ".join(core), core, kind, rec[key],
                                          rec.get("naam", "")))
            self._place_names = names
        return self._place_names

    def _token_index(self) -> tuple[list[str], dict[str, list[int]]]:
        """The vocabulary of core tokens and, per token, the names holding it."""
        if self._tokens is None:
            index: dict[str, list[int]] = {}
            for i, entry in enumerate(self.place_names()):
                for tok in dict.fromkeys(entry[2]):  # in order: a set's order changes with PYTHONHASHSEED
                    index.setdefault(tok, []).append(i)
            self._tokens = (list(index), index)
        return self._tokens

    def resolve_place(self, query: str, *, fuzzy: bool = True, suggest: bool = True) -> PlaceMatch:
        """Resolve PLACE (see module docstring), in the home gemeente first
        (:func:`wijkwijzer.lookup.home.narrow`). Raises NotFound, with
        suggestions when *suggest*, or AmbiguousPlace (a NotFound) when the
        best matches lie in several gemeenten and no home gemeente is set;
        *fuzzy* False skips the fuzzy tier (a caller that only needs an exact
        match, such as split_words)."""
        q = normalize(query)
        if not q:
            raise NotFound(MSG["empty"])
        pc4 = postcodes.postcode_of(query)
        if pc4:
            return self._postcode(pc4)
        exact_code = self._by_code(query.strip())
        if exact_code:
            return self._expand(*exact_code, via="code", ook=[])
        ranked = self._rank_places(q, fuzzy=fuzzy)
        if not ranked:
            raise NotFound(MSG["place_none"].format(q=query), self._suggest_places(q) if suggest else [])
        ranked, elsewhere = home.narrow(self, query, ranked)
        ranked = self._prefer_organisation(ranked)
        (tier, _prio, _score, kind, rid), *rest = ranked
        seen = {(kind, rid)}
        ook = []
        own = set(self._expand(kind, rid, via="", ook=[]).wijken)
        for r in rest:
            inside = (r[3] == "wijken" and r[4] in own) or \
                (r[3] == "buurten" and self.by_id["buurten"][r[4]].get("wijk") in own)
            if (r[3], r[4]) not in seen and len(ook) < 3 and not inside:
                seen.add((r[3], r[4]))
                ook.append({"soort": KIND_SINGULAR[r[3]], "id": r[4],
                            "naam": self.by_id[r[3]][r[4]].get("naam", r[4])})
        m = self._expand(kind, rid, via=TIER_LABEL[tier], ook=ook)
        if elsewhere:
            m.elders = True
            m.notes.insert(0, home.elsewhere_note(self, query, m))
        return m

    def _by_code(self, text: str) -> tuple[str, str] | None:
        """A CBS code (WK.., BU.., GM..) or a record id with a dash ("haagse-hout")."""
        up = text.upper()
        for kind in ("wijken", "buurten", "gemeenten"):
            if up in self.by_id[kind]:
                return kind, up
        if "-" in text and " " not in text.strip():
            for kind in ("organisaties", "stadsdelen"):
                if text.lower() in self.by_id[kind]:
                    return kind, text.lower()
        return None

    def _prefer_organisation(self, ranked: list[tuple]) -> list[tuple]:
        """When the best match is a wijk or buurt and an organisation of the same
        name covers that very wijk ("Zeeheldenkwartier"), answer with the
        organisation: same area, and the user learns whose area it is."""
        tier, _p, _s, kind, rid = ranked[0]
        if kind not in ("wijken", "buurten"):
            return ranked
        wijk = rid if kind == "wijken" else self.by_id["buurten"][rid].get("wijk")
        for i, cand in enumerate(ranked[1:], start=1):
            if cand[0] <= max(tier, 1) and cand[3] == "organisaties" and \
                    wijk in self.by_id["organisaties"][cand[4]].get("wijken", []):
                return [cand, *ranked[:i], *ranked[i + 1:]]
        return ranked

    def _rank_places(self, q: str, fuzzy: bool = True) -> list[tuple]:
        """Rank place names for normalised query *q*: ``[(tier, kind priority,
        -score, kind, id), ...]``, best first. Tiers: 0 whole name, 1 core name,
        2 every query word starts a word of the name, 3 every query word is
        close (rapidfuzz ratio) to a word, or the start of a word, of the name."""
        q_core = self._query_core(q)
        q_core_s = " ".join(q_core)
        prio = {k: i for i, k in enumerate(PLACE_KINDS)}
        names = self.place_names()
        best: dict[tuple[str, str], tuple] = {}

        def offer(tier, score, i):
            kind, rid = names[i][3], names[i][4]
            # exact tiers rank by kind first; the fuzzy tier by closeness first
            order = (prio[kind], -score) if tier < 3 else (-round(score), prio[kind])
            cand = (tier, *order, kind, rid)
            if (kind, rid) not in best or cand < best[(kind, rid)]:
                best[(kind, rid)] = cand

        for tier, i in self._whole_name_hits(q, q_core_s):
            offer(tier, 100, i)
        vocab, index = self._token_index()
        prefix_hits = [self._names_with(index, [t for t in vocab if t.startswith(qt)])
                       for qt in q_core] if len(q_core_s) >= 3 else []
        for i in set.intersection(*prefix_hits) if prefix_hits else ():
            offer(2, 100 * len(q_core_s) / max(len(names[i][1]), 1), i)
        if not best and fuzzy:
            for i, score in self._fuzzy_names(q_core, vocab, index).items():
                offer(3, score, i)
        return sorted(best.values())

    def _whole_name_hits(self, q: str, q_core_s: str) -> list[tuple[int, int]]:
        """``[(tier, name index), ...]``: tier 0 where the whole normalised name is
        *q*, else tier 1 where the core name is *q_core_s* (the derived index,
        :mod:`wijkwijzer.cache`, answers this without reading every name)."""
        return [(0 if norm == q else 1, i) for i, (norm, core_s, *_rest) in enumerate(self.place_names())
                if norm == q or core_s == q_core_s]

    @staticmethod
    def _names_with(index: dict[str, list[int]], tokens: list[str]) -> set[int]:
        return {i for t in tokens for i in index[t]}

    def _fuzzy_names(self, q_core: list[str], vocab: list[str],
                     index: dict[str, list[int]]) -> dict[int, float]:
        """Names in which every query word has a close word: ``{name index: mean score}``.

        A word of six letters or more may differ more (cut-off 70) than a
        short one (80); a word also matches the start of a longer word
        ("zeeheldn" ~ "zeeheldenkwartier"). A word of one or two letters is
        too little to go on: it must be a word of the name exactly. Two words
        that share only their ending ("lumierepark", "zuiderpark") are not
        close: what comes before that ending must be close too."""
        from rapidfuzz import fuzz, process

        names = self.place_names()
        per_token: list[dict[int, float]] = []
        for qt in q_core:
            scores: dict[int, float] = {}
            if len(qt) < MIN_FUZZY:
                for i in (index[qt] if qt in index else ()):
                    scores[i] = 100.0
                per_token.append(scores)
                continue
            cutoff = 70 if len(qt) >= 6 else 80
            for prefix in (False, True):
                processor = (lambda t, n=len(qt): t[:n]) if prefix else None
                for t, score, j in process.extract(qt, vocab, scorer=fuzz.ratio, processor=processor,
                                                   score_cutoff=cutoff, limit=None):
                    if not _plausible_typo(qt, t[:len(qt)] if prefix else t, score, cutoff):
                        continue
                    for i in index[vocab[j]]:
                        scores[i] = max(scores.get(i, 0.0), score)
            per_token.append(scores)
        if not per_token:
            return {}
        common = set(per_token[0]).intersection(*per_token[1:])
        # a name with words the user did not type is a less likely match
        # (and a generic word such as "Commissie" tips a tie to the plain name)
        return {i: sum(s[i] for s in per_token) / len(per_token)
                - 5 * max(len(names[i][2]) - len(q_core), 0)
                - (len(names[i][0].split()) - len(names[i][2])) for i in common}

    def _query_core(self, q: str) -> list[str]:
        """The core tokens of the normalised query *q*, also without words that
        are a near miss of a generic word ("wijkraad" for "wijkberaad") and no
        word of any name: a resident's version of "Wijkberaad" still leaves
        the place to match."""
        core = core_tokens(q)
        if len(core) < 2:
            return core
        _vocab, index = self._token_index()
        kept = [t for t in core if t in index or not _near_generic(t)]
        return kept or core

    def _suggest_places(self, q: str) -> list[str]:
        if len(q) < MIN_FUZZY:
            return []
        from rapidfuzz import fuzz, process

        names = self.place_names()
        labels, out = [n[5] for n in names], []
        for _m, _score, idx in process.extract(q, [n[0] for n in names], scorer=fuzz.WRatio,
                                               score_cutoff=SUGGEST_CUTOFF, limit=10):
            if labels[idx] not in out:
                out.append(labels[idx])
        return out[:3]

    def _expand(self, kind: str, rid: str, *, via: str, ook: list[dict]) -> PlaceMatch:
        rec = self.by_id[kind][rid]
        m = PlaceMatch(soort=KIND_SINGULAR[kind], id=rid, naam=rec.get("naam", rid), via=via, ook=ook)
        if kind == "organisaties":
            m.wijken = [w for w in rec.get("wijken", []) if w in self.by_id["wijken"]]
            m.stadsdeel = rec.get("stadsdeel")
        elif kind == "wijken":
            m.wijken = [rid]
        elif kind == "buurten":
            m.wijken = [rec["wijk"]] if rec.get("wijk") in self.by_id["wijken"] else []
        elif kind == "stadsdelen":
            m.stadsdeel = rid
            m.gemeente = rec.get("gemeente")
        elif kind == "gemeenten":
            m.gemeente = rid
        self._complete(m)
        return m

    def _complete(self, m: PlaceMatch) -> None:
        """Fill stadsdeel and gemeente from the wijken and add caveats."""
        for code in m.wijken:
            wijk = self.by_id["wijken"][code]
            if not m.stadsdeel and wijk.get("stadsdeel"):
                m.stadsdeel = wijk["stadsdeel"]
            if not m.gemeente:
                m.gemeente = wijk.get("gemeente")
            if not wijk.get("stadsdeel"):
                m.notes.append(MSG["no_stadsdeel"].format(wijk=wijk["naam"], code=code))
            elif wijk.get("stadsdeel_bevestigd") is False:
                m.notes.append(MSG["unconfirmed"].format(wijk=wijk["naam"], code=code))
        if m.stadsdeel and not m.gemeente:
            m.gemeente = self.by_id["stadsdelen"].get(m.stadsdeel, {}).get("gemeente")

    def _postcode(self, pc4: str) -> PlaceMatch:
        """A PC4: the stadsdeel holding most of its addresses, there its largest
        wijk; every stadsdeel with a share in ``kandidaten`` when there are
        several (see :mod:`wijkwijzer.lookup.postcodes`). Raises NotFound with
        the gemeente of a postcode elsewhere, or when it has no addresses."""
        rows = [r for r in self.data.get("postcodes", []) if r.get("pc4") == pc4]
        wijken = self.by_id["wijken"]
        share = postcodes.shares(rows)
        groups = postcodes.split_by_stadsdeel(share, wijken)
        if not share:
            covered = {wijken.get(r.get("wijk"), {}).get("gemeente") for r in self.data.get("postcodes", [])}
            raise NotFound(postcodes.not_found_sentence(pc4, self.by_id["gemeenten"], covered - {None}))
        ordered = sorted(share, key=lambda w: -share[w])
        main = groups[0]["wijken"][0] if groups else ordered[0]
        m = PlaceMatch(soort="postcode", id=pc4, naam=pc4, via="postcodetabel", wijken=[main])
        if len(ordered) > 1:
            total = sum(share.values()) or 1.0
            others = ", ".join(wijken.get(w, {}).get("naam", w) for w in ordered if w != main)
            m.notes.append(postcodes.MSG["pc_spread"].format(
                pc=pc4, pct=round(100 * share[main] / total), wijk=wijken.get(main, {}).get("naam", main),
                others=others))
        if len(groups) > 1:
            m.kandidaten = groups
        self._complete(m)
        return m


def _plausible_typo(typed: str, word: str, score: float, cutoff: float) -> bool:
    """False when *typed* (close to *word* with rapidfuzz ratio *score*) is
    unlikely to be a misspelling of it: it starts with another letter and is
    not very close (85), or they share an ending of three or more letters and
    what comes before it is not close (ratio below *cutoff*): "lumierepark" is
    not a misspelt "zuiderpark"."""
    if typed[0] != word[0] and score < 85:
        return False
    n = 0
    while n < min(len(typed), len(word)) and typed[-1 - n] == word[-1 - n]:
        n += 1
    if n < 3 or n == len(typed) or n == len(word):
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(typed[:-n], word[:-n]) >= cutoff


def _near_generic(token: str) -> bool:
    """True when *token* is a near miss of a generic word of organisation names
    (``text.GENERIC_WORDS``), such as "wijkraad" or "bewonersorganistie"."""
    if len(token) < 5 or not any(g[:3] == token[:3] for g in GENERIC_WORDS if len(g) >= 5):
        return False
    from rapidfuzz import fuzz

    return any(fuzz.ratio(token, g) >= 80 for g in GENERIC_WORDS if len(g) >= 5)
