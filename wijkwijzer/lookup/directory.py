"""Answer "bij wie moet ik zijn?": resolve a place and a topic, then rank contactpunten.

Pure functions over a snapshot (``{kind: [record, ...]}``); no typer, no rich.
The rules are those of DESIGN.md, "The main job":

1. PLACE -> organisatie -> its wijken -> stadsdeel (or a wijk, buurt, stadsdeel
   or postcode directly): see :mod:`wijkwijzer.places`.
2. TOPIC -> thema: id, name, synonym, a word of the name, then fuzzy.
3. Candidates cover the area and the thema (or all themas); inactive ones never.
4. Order: thema-specific before general. The thema-specific contacts by
   niveau (1 before 2 before 3), then wijk before stadsdeel before gemeente;
   the general fallback by area, then niveau (the stadsdeel's central
   aanspreekpunt and its escalation before the city's 14070); within the
   same rank, one with a channel before one without. A ``melding`` (a form
   for one single case) comes after every aanspreekpunt and is also listed
   apart (``melden``), so the first contact is an aanspreekpunt whenever
   there is one. DESIGN.md
   orders area before niveau throughout; for thema contacts that let a
   niveau-2 escalation contact of a wijk become the "eerste aanspreekpunt"
   ahead of the stadsdeel's niveau-1 contact, which contradicts what
   niveau means.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkwijzer.dataset import ALL_THEMAS, Snapshot, as_dict, as_list, wijk_stadsdeel
from wijkwijzer.errors import NotFound
from wijkwijzer.lookup import postcodes
from wijkwijzer.lookup.extras import MELDING, melden, names_the_thema, topic_notes
from wijkwijzer.lookup.places import MIN_FUZZY, PlaceMatch, PlaceResolver
from wijkwijzer.lookup.split import split_words
from wijkwijzer.text import (FUNCTION_WORDS, channels_text, check_query, first_reachable, normalize, reachable,
                             short_rol, topic_fit)
from wijkwijzer.i18n import Messages, ngettext

__all__ = ["Directory", "NotFound", "PlaceMatch", "ThemaMatch", "ask", "next_step", "split_words", "who"]

FUZZY_CUTOFF = 82  # themas: rapidfuzz ratio over names and synonyms
SUGGEST_TOPIC = 70  # a thema term this close (ratio) to the topic or one of its words is suggested
AREA_RANK = {"wijk": 0, "stadsdeel": 1, "gemeente": 2}

MSG = Messages({
    "no_contact": "Geen contactpunt gevonden voor deze plaats en dit thema.",
    "no_contact_general": "Geen algemeen contactpunt gevonden voor deze plaats.",
    "topic_none": "Geen thema gevonden voor '{q}'; 'wijkwijzer themas' toont de themas en hun woorden.",
    "next": "Geen antwoord van {rol}{term}? Neem dan contact op met {other} ({kanaal}).",
    "first_no_channel": "Voor {rol} is nog geen kanaal bekend; begin bij {other} ({kanaal}).",
    # how a thema was found and why a contactpunt answers (the answer's "gevonden_via", "reden")
    "via_synonym": "synoniem '{syn}'",
    "via_synonym_en": "Engels synoniem '{syn}'",
    "via_word": "woord uit de naam '{naam}'",
    "via_fuzzy": "lijkt op '{naam}'",
    "reason_area": "voor {soort} {naam}",
    "reason_thema": "thema {naam}",
    "reason_via": ", gevonden via {via}",
    "reason_all": "alle thema's",
    "reason_general": "algemeen aanspreekpunt",
    "reason_niveau": "niveau {niveau}",
    "elsewhere": "{org} staat bij stadsdeel {own}, maar wijk {wijk} ({code}) ligt in stadsdeel {sd}; "
                 "dit antwoord gaat uit van {sd}.",
})


@dataclass
class ThemaMatch:
    """A resolved TOPIC: the thema record and how it was found ("synoniem 'bomen'")."""

    thema: dict
    via: str
    unexplained: int = 0  # words of a topic of several words that named no thema
    ignored: tuple = ()  # those words, as typed (normalised)
    also: tuple = ()  # (word, thema name) for other words of the topic that name another thema


class Directory(PlaceResolver):
    """Indexes over one snapshot, built once per command.

    *data* is ``{kind: [record, ...]}`` as returned by ``Store.snapshot``.
    """

    def __init__(self, data: Snapshot):
        self.data = data
        self.by_id = {
            "gemeenten": {r["id"]: r for r in data.get("gemeenten", [])},
            "stadsdelen": {r["id"]: r for r in data.get("stadsdelen", [])},
            "wijken": {r["code"]: r for r in data.get("wijken", [])},
            "buurten": {r["code"]: r for r in data.get("buurten", [])},
            "organisaties": {r["id"]: r for r in data.get("organisaties", [])},
            "diensten": {r["id"]: r for r in data.get("diensten", [])},
            "themas": {r["id"]: r for r in data.get("themas", [])},
            "contactpunten": {r["id"]: r for r in data.get("contactpunten", [])},
        }

    def _complete(self, m: PlaceMatch) -> None:
        """As :meth:`PlaceResolver._complete`, but an organisatie's stadsdeel
        is the one its wijken lie in (their records are the truth), with a
        note, when a hand edit stored another one."""
        if m.soort == "organisatie" and m.stadsdeel:
            lies_in = {c: wijk_stadsdeel(self.by_id["wijken"].get(c)) for c in m.wijken}
            if lies_in and m.stadsdeel not in lies_in.values() and any(lies_in.values()):
                code, sd = next((c, s) for c, s in lies_in.items() if s)
                name = lambda i: (self.by_id["stadsdelen"].get(i) or {}).get("naam") or i  # noqa: E731
                m.notes.append(MSG["elsewhere"].format(org=m.naam, own=name(m.stadsdeel), sd=name(sd), code=code,
                                                       wijk=self.by_id["wijken"][code].get("naam") or code))
                m.stadsdeel = sd
        super()._complete(m)

    # -- themas ------------------------------------------------------------------
    def resolve_thema(self, query: str) -> ThemaMatch:
        """Resolve TOPIC to a thema: id, name, synonym (Dutch or English), word
        of the name; for a topic of several words the longest part of it that
        is one of those ("eenzame ouderen" via 'ouderen'); then fuzzy
        (rapidfuzz ratio, words of three letters or more).

        Raises NotFound naming the topic, with up to three suggestions."""
        q = normalize(query)
        exact = self.thema_exact(q) or self._thema_in_words(q.split())
        if exact:
            return exact
        themas = [t for t in self.data.get("themas", []) if t.get("status") != "inactief"]
        pool = [(normalize(t["naam"]), t, None) for t in themas]
        pool += [(normalize(s), t, s) for t in themas for s in _terms(t)]
        names: list[str] = []
        if len(q.replace(" ", "")) >= MIN_FUZZY:
            from rapidfuzz import fuzz, process

            hit = process.extractOne(q, [p[0] for p in pool], scorer=fuzz.ratio,
                                     score_cutoff=FUZZY_CUTOFF)
            if hit:
                _n, _score, idx = hit
                _, t, syn = pool[idx]
                return ThemaMatch(t, MSG["via_fuzzy"].format(naam=syn or t['naam']))
            # suggestions: terms close to the topic or to one of its words
            scored = sorted((-max(fuzz.ratio(w, p[0]) for w in [q, *q.split()] if len(w) >= MIN_FUZZY), i)
                            for i, p in enumerate(pool))
            for neg, idx in scored:
                label = pool[idx][2] or pool[idx][1]["naam"]
                if -neg >= SUGGEST_TOPIC and label not in names:
                    names.append(label)
        raise NotFound(MSG["topic_none"].format(q=query), names[:3])

    def thema_exact(self, q: str) -> ThemaMatch | None:
        """The thema whose id, name, synonym (Dutch, then English) or a word of
        the name (three letters or more) is the normalised *q*, in that order;
        None (no fuzzy matching here)."""
        themas = [t for t in self.data.get("themas", []) if t.get("status") != "inactief"]
        for t in themas:
            if q == normalize(t["id"]):
                return ThemaMatch(t, "id")
        for t in themas:
            if q == normalize(t["naam"]):
                return ThemaMatch(t, "naam")
        for field, label in (("synoniemen", "via_synonym"), ("synoniemen_en", "via_synonym_en")):
            for t in themas:
                for syn in as_list(t.get(field)):
                    if q == normalize(syn):
                        return ThemaMatch(t, MSG[label].format(syn=syn))
        for t in themas:
            if len(q) >= MIN_FUZZY and q in normalize(t["naam"]).split():
                return ThemaMatch(t, MSG["via_word"].format(naam=t['naam']))
        return None

    def _thema_in_words(self, words: list[str]) -> ThemaMatch | None:
        """For a topic of several (normalised) *words*: the thema of its longest
        run of words that :meth:`thema_exact` knows, leftmost first, with the
        number of other words (``unexplained``, not counting short words such
        as "de" or "a", nor :data:`wijkwijzer.text.FUNCTION_WORDS` such as
        "het" or "bij"); None when no part names a thema."""
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                m = self.thema_exact(" ".join(words[i:i + size]))
                if m:
                    rest = words[:i] + words[i + size:]
                    m.ignored = tuple(dict.fromkeys(w for w in rest if len(w) >= MIN_FUZZY  # each word once
                                                    and w not in FUNCTION_WORDS and not self.thema_exact(w)))
                    m.unexplained = len(m.ignored)
                    others = [(w, self.thema_exact(w)) for w in rest if len(w) >= MIN_FUZZY]
                    m.also = tuple((w, o.thema["naam"]) for w, o in others
                                   if o and o.thema["id"] != m.thema["id"])
                    return m
        return None

    # -- contactpunten -----------------------------------------------------------
    def contactpunten_in(self, areas) -> list[dict]:
        """Contactpunten that may cover one of *areas* (ids), in file order: here
        all of them; the derived index (:mod:`wijkwijzer.cache`) narrows it down."""
        return self.data.get("contactpunten", [])

    def organisaties_in(self, wijken) -> list[dict]:
        """Organisaties that may lie in one of *wijken* (codes), in file order
        (all of them here; fewer from the derived index)."""
        return self.data.get("organisaties", [])

    def area_of(self, area_id: str) -> tuple[str, str] | None:
        """Return ``(soort, naam)`` for a wijk code, stadsdeel id or gemeente code."""
        for kind, soort in (("wijken", "wijk"), ("stadsdelen", "stadsdeel"), ("gemeenten", "gemeente")):
            rec = self.by_id[kind].get(area_id)
            if rec:
                return soort, rec.get("naam", area_id)
        return None

    def candidates(self, place: PlaceMatch, thema: dict | None,
                   topic: str | None = None) -> list[tuple[dict, str, bool]]:
        """Rank the contactpunten for *place* and *thema* (None: general only).

        Returns ``[(contactpunt, covered area id, thema_specific), ...]`` in
        answer order (rule 4), except that the first is the best niveau-1
        contact whenever one exists. A niveau that is missing or not a number
        sorts last. Among contacts of the same rank, one whose rol fits the
        typed *topic* (:func:`wijkwijzer.text.topic_fit`) comes first (QA: 'Den
        Haag bomen' began with an afvalbrengstation, not the Bomenstichting)."""
        areas = {w: "wijk" for w in place.wijken}
        if place.stadsdeel:
            areas[place.stadsdeel] = "stadsdeel"
        if place.gemeente:
            areas[place.gemeente] = "gemeente"
        ranked = []
        for cp in self.contactpunten_in(areas):
            if cp.get("status") == "inactief" or self._inactive("diensten", cp.get("dienst")):
                continue
            themas = as_list(cp.get("themas"))
            general = ALL_THEMAS in themas
            specific = thema is not None and thema["id"] in themas
            if not (general or specific):
                continue
            hits = [a for a in map(_text, as_list(cp.get("gebied")))
                    if a in areas and not self._inactive_area(a)]
            if not hits:
                continue
            area = min(hits, key=lambda a: AREA_RANK[areas[a]])
            rank = AREA_RANK[areas[area]]
            melding = cp.get("soort") == MELDING
            silent = not reachable(cp.get("kanalen"))  # same rank: a reachable contact first
            fit = tuple(-x for x in topic_fit(cp.get("rol"), topic)) if specific and topic else (0, 0, 0)
            key = ((melding, 0, _niveau(cp), rank, fit, silent, cp["id"]) if specific
                   else (melding, 1, rank, _niveau(cp), silent, cp["id"]))
            ranked.append((key, cp, area, specific))
        ranked.sort(key=lambda x: x[0])
        # the first contact is a niveau-1 aanspreekpunt whenever there is any: a
        # niveau-2 contact is for escalation, even when it is more specific
        first_n1 = next((i for i, r in enumerate(ranked) if _niveau(r[1]) == 1 and not r[0][0]),
                        next((i for i, r in enumerate(ranked) if _niveau(r[1]) == 1), 0))
        if ranked:  # a place no contactpunt covers (a new wijk): nothing to put first
            ranked.insert(0, ranked.pop(first_n1))
        return [(cp, area, specific) for _k, cp, area, specific in ranked]


    def _inactive(self, kind: str, key) -> bool:
        """True when the *kind* record with id *key* exists and is ``inactief``."""
        rec = self.by_id[kind].get(_text(key)) if _text(key) else None
        return bool(rec) and rec.get("status") == "inactief"

    def _inactive_area(self, area_id: str) -> bool:
        """True when the wijk, stadsdeel or gemeente *area_id* is ``inactief``."""
        return any(self._inactive(kind, area_id) for kind in ("wijken", "stadsdelen", "gemeenten"))


def _text(value) -> str | None:
    """*value* when it is a string (an id), else None: a hand-edited list or
    object where an id belongs is read as no reference, never a crash."""
    return value if isinstance(value, str) else None


def position(cp: dict, first_niveau: int, specific: bool) -> str:
    """The ``positie`` of contactpunt *cp* after the first contact (of niveau
    *first_niveau*) in ``who``'s answer: "melding", "escalatie", "ook voor dit
    thema" (*specific*: it names the thema) or "algemeen terugvalpunt"."""
    if cp.get("soort") == MELDING:
        return MELDING
    if _niveau(cp) > first_niveau:
        return "escalatie"
    return "ook voor dit thema" if specific else "algemeen terugvalpunt"


def _niveau(cp: dict) -> int:
    try:
        return int(cp.get("niveau"))
    except (TypeError, ValueError):
        return 99


def ask(directory: Directory, words: list[str]) -> dict:
    """The answer to ``who WORD...``: :func:`split_words`, then :func:`who`.

    Returns the answer dict of :func:`who`. Raises NotFound when PLACE or
    TOPIC does not resolve, or when no contactpunt answers for them."""
    plaats, thema = split_words(directory, words)
    answer = who(directory, plaats, thema)
    if not answer["contactpunten"]:
        raise NotFound(MSG["no_contact" if thema else "no_contact_general"])
    return answer


def who(directory: Directory, place_query: str, topic_query: str | None = None) -> dict:
    """Answer ``wijkwijzer who PLACE [TOPIC]`` as the documented JSON object.

    Returns ``{"vraag", "gevonden", "organisatie", "wijken", "stadsdeel",
    "gemeente", "thuisgemeente", "buiten_thuisgemeente", "thema", "contactpunten", "melden", "organisaties_in_gebied", "opmerkingen"}`` (see
    README, "JSON"). Raises NotFound when PLACE or TOPIC does not resolve or
    no contactpunt covers the area.
    """
    check_query(place_query, topic_query)
    place = directory.resolve_place(place_query)
    tm = directory.resolve_thema(topic_query) if topic_query else None
    thema = tm.thema if tm else None
    # the typed word orders contacts of one rank by fit - not the thema's own name, which every
    # contact of the thema fits alike (and the kaart, which has no typed word, must agree)
    rows = directory.candidates(place, thema, None if names_the_thema(topic_query, thema) else topic_query)
    by = directory.by_id
    first_niveau = 0
    contacts = []
    for i, (cp, area, specific) in enumerate(rows):
        soort, naam = directory.area_of(area) or ("gebied", area)
        dienst = by["diensten"].get(_text(cp.get("dienst")), {})
        if i == 0:
            positie = "eerste aanspreekpunt"
            first_niveau = _niveau(cp)
        else:
            positie = position(cp, first_niveau, specific)
        contacts.append({
            "id": cp["id"], "rol": cp.get("rol"), "positie": positie,
            "dienst": {"id": cp.get("dienst"), "naam": dienst.get("naam")},
            "niveau": cp.get("niveau"),
            "soort": MELDING if cp.get("soort") == MELDING else "aanspreekpunt",
            "gebied": {"soort": soort, "id": area, "naam": naam},
            "reden": _reason(cp, dienst, soort, naam, thema, tm, specific),
            "kanalen": as_dict(cp.get("kanalen")),
            "persoon": as_dict(cp.get("persoon")) or None,
            "reactietermijn_werkdagen": cp.get("reactietermijn_werkdagen"),
            "geverifieerd_op": cp.get("geverifieerd_op"),
            "status": cp.get("status"),
            "bron": cp.get("bron"),
            "bron_datum": cp.get("bron_datum"),
        })
    org = by["organisaties"].get(place.id) if place.soort == "organisatie" else None
    sd = by["stadsdelen"].get(place.stadsdeel) if place.stadsdeel else None
    gm = by["gemeenten"].get(place.gemeente) if place.gemeente else None
    in_area = [{"id": o["id"], "naam": o["naam"]} for o in directory.organisaties_in(place.wijken)
               if place.wijken and set(map(_text, as_list(o.get("wijken")))) & set(place.wijken)
               and not (org and o["id"] == org["id"]) and o.get("status") != "inactief"]
    return {
        "vraag": {"plaats": place_query, "thema": topic_query},
        "gevonden": {"soort": place.soort, "id": place.id, "naam": place.naam, "via": place.via,
                     "ook_gevonden": place.ook},
        "organisatie": {"id": org["id"], "naam": org["naam"]} if org else None,
        "wijken": [{"code": c, "naam": by["wijken"][c]["naam"]} for c in place.wijken],
        "stadsdeel": {"id": sd["id"], "naam": sd["naam"]} if sd else None,
        "gemeente": {"id": gm["id"], "naam": gm["naam"]} if gm else None,
        "thuisgemeente": _home(directory),
        "buiten_thuisgemeente": place.elders,
        "thema": {"id": thema["id"], "naam": thema["naam"], "gevonden_via": tm.via} if tm else None,
        "contactpunten": contacts,
        "melden": melden(contacts, topic_query, thema),
        "kandidaten": postcodes.kandidaten(directory, place, thema),
        "organisaties_in_gebied": in_area,
        "volgende_stap": next_step(contacts),
        "opmerkingen": [n for n in place.notes if n] + topic_notes(tm),
    }


def _home(directory: Directory) -> dict | None:
    """The answer's ``thuisgemeente``: ``{"id", "naam"}`` of the user's home gemeente, or None."""
    code = directory.home
    if not code:
        return None
    return {"id": code, "naam": directory.by_id["gemeenten"].get(code, {}).get("naam") or code}


def next_step(contacts: list[dict]) -> str | None:
    """One sentence telling whom to turn to next, always a contact with a
    channel (telefoon, e-mail, web or adres); None when no other contact can
    be reached. When the first contact has no known channel, it names
    :func:`wijkwijzer.text.first_reachable` (an aanspreekpunt for the wijk or
    stadsdeel first); else the first reachable one after it, "if there is no answer"."""
    if len(contacts) < 2:
        return None
    first = contacts[0]
    if not reachable(first["kanalen"]):
        other = first_reachable(contacts)
        if other is None:
            return None
        return MSG["first_no_channel"].format(rol=first["rol"], other=short_rol(other["rol"]),
                                              kanaal=channels_text(other["kanalen"], most=2))
    other = next((c for c in contacts[1:] if reachable(c["kanalen"])), None)
    if other is None:
        return None
    termijn = first.get("reactietermijn_werkdagen")
    return MSG["next"].format(rol=first["rol"], term=ngettext(" binnen {n} werkdag", " binnen {n} werkdagen", termijn).format(n=termijn) if termijn else "",
                              other=short_rol(other["rol"]), kanaal=channels_text(other["kanalen"], most=2))


def _reason(cp: dict, dienst: dict, soort: str, naam: str, thema: dict | None,
            tm: ThemaMatch | None, specific: bool) -> str:
    who_part = f"{cp.get('rol')} ({dienst.get('naam') or cp.get('dienst')})"
    area_part = MSG["reason_area"].format(soort=soort, naam=naam)
    if specific and thema:
        topic = MSG["reason_thema"].format(naam=thema['naam']) + (
            MSG["reason_via"].format(via=tm.via) if tm and tm.via not in ("id", "naam") else "")
    else:
        topic = MSG["reason_all"] if thema else MSG["reason_general"]
    return f"{who_part} {area_part}; {topic}; " + MSG["reason_niveau"].format(niveau=cp.get('niveau'))


def _terms(thema: dict) -> list[str]:
    """A thema's synonyms, Dutch then English."""
    return [*as_list(thema.get("synoniemen")), *as_list(thema.get("synoniemen_en"))]
