"""De kaart: who does what at the gemeente, per thema, for a place or the whole city.

The content behind ``wijkwijzer kaart [PLAATS]`` and ``export --format html``:
per thema the first contact (the eerste aanspreekpunt ``who`` would give),
its escalation and, when the first contact has no known channel, the first
contact that can be reached now; the diensten with the themas they answer for;
the city-wide contacts (partners, 14070). Places resolve exactly as in
``who`` (:meth:`wijkwijzer.lookup.directory.Directory.resolve_place`), and
contacts are ranked by the same :meth:`Directory.candidates`, so the kaart
never disagrees with ``who``. Pure functions over a Directory; personal data
(``persoon``) is never part of the kaart, so it can be handed out.
"""

from __future__ import annotations

from wijkwijzer.dataset import ALL_THEMAS, as_dict, as_list
from wijkwijzer.lookup.directory import Directory, _niveau, _text, position
from wijkwijzer.lookup.places import PlaceMatch
from wijkwijzer.text import channels_text, first_reachable, no_channel_text, normalize

__all__ = ["area_answers", "kaart", "stadsdeel_id"]


def _active(records) -> list[dict]:
    return [r for r in records if r.get("status") != "inactief"]


def _themas(d: Directory) -> list[dict]:
    return sorted(_active(d.data.get("themas", [])), key=lambda t: normalize(t.get("naam", t["id"])))


def _contact(d: Directory, cp: dict, area: str) -> dict:
    """The public face of one contactpunt on the kaart (never its ``persoon``)."""
    soort, naam = d.area_of(area) or ("gebied", area)
    dienst = d.by_id["diensten"].get(_text(cp.get("dienst")), {})
    kanalen = as_dict(cp.get("kanalen"))
    return {"id": cp["id"], "rol": cp.get("rol"),
            "dienst": {"id": cp.get("dienst"), "naam": dienst.get("naam")},
            "niveau": cp.get("niveau"), "gebied": {"soort": soort, "id": area, "naam": naam},
            "kanalen": {k: v for k, v in kanalen.items() if v}, "kanaal": channels_text(kanalen),
            "status": cp.get("status")}


def _thema_row(d: Directory, place: PlaceMatch, thema: dict) -> dict:
    """One thema of the kaart for *place*: ``{"thema", "eerste", "algemeen",
    "escalatie", "bereikbaar"}``; ``eerste`` None when nobody answers."""
    rows = d.candidates(place, thema)
    row = {"thema": {"id": thema["id"], "naam": thema.get("naam")}, "eerste": None,
           "algemeen": False, "escalatie": [], "bereikbaar": None}
    if not rows:
        return row
    (cp, area, specific), rest = rows[0], rows[1:]
    first = _contact(d, cp, area)
    row.update(eerste=first, algemeen=not specific,
               escalatie=[_contact(d, c, a) for c, a, _s in rest if _niveau(c) > _niveau(cp)])
    if first["kanaal"] == no_channel_text():
        # the same choice as who's "nu bereikbaar" (first_reachable): an aanspreekpunt for the
        # wijk or stadsdeel before a city-wide desk or a melding
        probe = [{"i": i, "kanalen": as_dict(c.get("kanalen")), "soort": c.get("soort"),
                  "gebied": {"soort": (d.area_of(a) or ("gebied",))[0]},
                  "positie": position(c, _niveau(cp), s)} for i, (c, a, s) in enumerate(rows)]
        other = first_reachable(probe)
        row["bereikbaar"] = _contact(d, *rows[other["i"]][:2]) if other else None
    return row


def _stadsdeel(d: Directory, sid: str | None) -> dict | None:
    sd = d.by_id["stadsdelen"].get(sid) if sid else None
    return {"id": sd["id"], "naam": sd.get("naam"), "kantoor": sd.get("kantoor")} if sd else None


def _area(d: Directory, place: PlaceMatch) -> dict:
    """The kaart of one resolved place: its themas, organisaties, wijken and,
    for a stadsdeel, the contactpunten that serve only one of its wijken."""
    if place.soort == "stadsdeel":
        wijken = [w["code"] for w in _active(d.data.get("wijken", [])) if w.get("stadsdeel") == place.id]
    else:
        wijken = list(place.wijken)
    orgs = [o for o in _active(d.data.get("organisaties", []))
            if set(map(_text, as_list(o.get("wijken")))) & set(wijken)
            or (place.soort == "stadsdeel" and o.get("stadsdeel") == place.id)
            or (place.soort == "organisatie" and o["id"] == place.id)]
    local = []
    if place.soort == "stadsdeel":
        for cp in _active(d.data.get("contactpunten", [])):
            hits = [a for a in map(_text, as_list(cp.get("gebied"))) if a in wijken]
            if hits:
                entry = _contact(d, cp, hits[0])
                entry["themas"] = [t for t in map(_text, as_list(cp.get("themas"))) if t]
                local.append(entry)
    return {
        "soort": place.soort, "id": place.id, "naam": place.naam,
        "stadsdeel": _stadsdeel(d, place.stadsdeel),
        "wijken": [{"code": c, "naam": d.by_id["wijken"][c].get("naam")} for c in wijken],
        "organisaties": [{"id": o["id"], "naam": o.get("naam"),
                          "wijken": [w for w in map(_text, as_list(o.get("wijken"))) if w]} for o in orgs],
        "themas": [_thema_row(d, place, t) for t in _themas(d)],
        "wijkcontacten": local,
    }


def _diensten(d: Directory, areas: list[dict], stadsbreed: list[dict]) -> list[dict]:
    """Every active dienst with the themas it answers for (the themas'
    ``diensten``) and the roles it has on this kaart."""
    roles: dict[str, list[str]] = {}
    for area in areas:
        contacts = [c for t in area["themas"] for c in [t["eerste"], *t["escalatie"]] if c]
        for c in [*contacts, *area["wijkcontacten"], *stadsbreed]:
            seen = roles.setdefault(c["dienst"]["id"], [])
            if c["rol"] not in seen:
                seen.append(c["rol"])
    out = []
    for dienst in _active(d.data.get("diensten", [])):
        themas = [{"id": t["id"], "naam": t.get("naam")} for t in _themas(d)
                  if dienst["id"] in as_list(t.get("diensten"))]
        out.append({"id": dienst["id"], "naam": dienst.get("naam"), "soort": dienst.get("soort"),
                    "themas": themas, "rollen": roles.get(dienst["id"], [])})
    return out


def _city_wide(d: Directory, gemeente: str | None) -> list[dict]:
    """Contactpunten for the whole gemeente (partners, the general number),
    general ones last: ``[contact + {"themas": [ids] or ["*"]}]``."""
    out = []
    for cp in _active(d.data.get("contactpunten", [])):
        if gemeente and gemeente in map(_text, as_list(cp.get("gebied"))):
            entry = _contact(d, cp, gemeente)
            entry["themas"] = [t for t in map(_text, as_list(cp.get("themas"))) if t]
            out.append(entry)
    return sorted(out, key=lambda c: (ALL_THEMAS in c["themas"], _niveau(c), c["id"]))


def stadsdeel_id(d: Directory, value: str) -> str | None:
    """The id of the stadsdeel named *value* (id or name, any case or accent), or None."""
    for sd in d.data.get("stadsdelen", []):
        if normalize(value) in (normalize(sd["id"]), normalize(sd.get("naam", ""))):
            return sd["id"]
    return None


def kaart(d: Directory, place_query: str | None = None, stadsdeel: str | None = None) -> dict:
    """The kaart for PLAATS (resolved as ``who`` does), or for the whole city
    (one area per stadsdeel; *stadsdeel*, an id, keeps only that one; with
    a home gemeente, ``d.home``, only its stadsdelen).

    Returns ``{"vraag": {"plaats"}, "gevonden": {"soort", "id", "naam", "via",
    "ook_gevonden"} or None, "gemeente": {"id", "naam"} or None, "gebieden":
    [area], "stadsbreed": [contact], "diensten": [{"id", "naam", "soort",
    "themas", "rollen"}], "opmerkingen": [str]}`` where an area is ``{"soort",
    "id", "naam", "stadsdeel", "wijken", "organisaties", "themas":
    [{"thema", "eerste", "algemeen", "escalatie", "bereikbaar"}],
    "wijkcontacten"}`` (see README, "De kaart"). Raises NotFound when PLAATS
    does not resolve."""
    gevonden, notes = None, []
    if place_query is not None:
        place = d.resolve_place(place_query)
        gevonden = {"soort": place.soort, "id": place.id, "naam": place.naam, "via": place.via,
                    "ook_gevonden": place.ook}
        notes = [n for n in place.notes if n]
        areas = [_area(d, place)]
        gm_id = place.gemeente
    else:
        home = getattr(d, "home", None)  # the user's gemeente (issue #12): only its stadsdelen
        sds = [s for s in _active(d.data.get("stadsdelen", [])) if stadsdeel in (None, s["id"])
               and home in (None, s.get("gemeente"))]
        areas = [_area(d, d._expand("stadsdelen", s["id"], via="", ook=[])) for s in sds]
        gms = _active(d.data.get("gemeenten", []))
        gm_id = home or (sds[0].get("gemeente") if sds else (gms[0]["id"] if gms else None))
    gm = d.by_id["gemeenten"].get(gm_id) if gm_id else None
    stadsbreed = _city_wide(d, gm_id)
    return {
        "vraag": {"plaats": place_query},
        "gevonden": gevonden,
        "gemeente": {"id": gm["id"], "naam": gm.get("naam")} if gm else None,
        "gebieden": areas,
        "stadsbreed": stadsbreed,
        "diensten": _diensten(d, areas, stadsbreed),
        "opmerkingen": notes,
    }


def area_answers(d: Directory, stadsdeel: str | None = None) -> dict:
    """What the search of the HTML page needs, for the places of one
    stadsdeel (an id) or all: per organisatie, wijk, buurt and stadsdeel the
    first contact, the one reachable now and the escalation per thema, with
    the words ``who`` understands; per PC4 of the postcode table (data/postcodes.json)
    the answer ``who`` gives for it (its largest wijk in its largest stadsdeel).
    Places with the same answers share one entry, which keeps the page small.
    Returns ``{"plaatsen": [{"soort", "id", "naam", "woorden": [normalised names],
    "stadsdeel", "antwoord": index into "antwoorden" or None}], "postcodes":
    {pc4: {"soort": "postcode", "id", "naam", "stadsdeel", "antwoord", "ook":
    [other stadsdeel ids]}}, "antwoorden": [{thema id: {"e": id, "b": id
    or None, "x": [ids]}}], "contacten": {id: {"rol", "dienst", "kanaal",
    "niveau"}}, "themas": [{"id", "naam", "woorden"}]}``."""
    from wijkwijzer.errors import NotFound

    places, contacts, answers, seen = [], {}, [], {}
    themas = _themas(d)

    def answer_of(place: PlaceMatch) -> int | None:
        area = (tuple(place.wijken), place.stadsdeel, place.gemeente)  # all the answer depends on
        if area not in seen:
            answer = {}
            for t in themas if place.wijken or place.stadsdeel else ():
                row = _thema_row(d, place, t)
                for c in [row["eerste"], row["bereikbaar"], *row["escalatie"]]:
                    if c:
                        contacts[c["id"]] = {k: c[k] for k in ("rol", "dienst", "kanaal", "niveau")}
                if row["eerste"]:
                    answer[t["id"]] = {"e": row["eerste"]["id"],
                                       "b": row["bereikbaar"]["id"] if row["bereikbaar"] else None,
                                       "x": [c["id"] for c in row["escalatie"]]}
            same = next((i for i, a in enumerate(answers) if a == answer), None) if answer else None
            if answer and same is None:
                answers.append(answer)
                same = len(answers) - 1
            seen[area] = same
        return seen[area]

    kinds = (("organisaties", "organisatie"), ("stadsdelen", "stadsdeel"), ("wijken", "wijk"),
             ("buurten", "buurt"))
    for kind, soort in kinds:
        key = "code" if kind in ("wijken", "buurten") else "id"
        for rec in _active(d.data.get(kind, [])):
            place = d._expand(kind, rec[key], via="", ook=[])
            if stadsdeel and place.stadsdeel != stadsdeel:
                continue
            ref = answer_of(place)
            names = [rec.get("naam", ""), *as_list(rec.get("aliassen"))]
            places.append({"soort": soort, "id": rec[key], "naam": rec.get("naam"),
                           "woorden": sorted({normalize(n) for n in names if normalize(n)}),
                           "stadsdeel": place.stadsdeel, "antwoord": ref})
    postcodes = {}
    for pc4 in sorted({r.get("pc4") for r in _active(d.data.get("postcodes", [])) if isinstance(r.get("pc4"), str)}):
        try:
            place = d._postcode(pc4)
        except NotFound:  # no addresses, or no wijk with a stadsdeel: who cannot answer it either
            continue
        if stadsdeel and place.stadsdeel != stadsdeel:
            continue
        postcodes[pc4] = {"soort": "postcode", "id": pc4, "naam": pc4, "stadsdeel": place.stadsdeel,
                          "antwoord": answer_of(place),
                          "ook": [g["stadsdeel"] for g in place.kandidaten if g["stadsdeel"] != place.stadsdeel]}
    thema_words = []
    for t in themas:
        words = {normalize(t["id"]), normalize(t.get("naam", "")), *map(normalize, as_list(t.get("synoniemen"))),
                 *map(normalize, as_list(t.get("synoniemen_en")))}  # as who: 'zeehelden trees' too
        words |= {w for w in normalize(t.get("naam", "")).split() if len(w) > 3}
        thema_words.append({"id": t["id"], "naam": t.get("naam"), "woorden": sorted(w for w in words if w)})
    return {"plaatsen": places, "postcodes": postcodes, "antwoorden": answers, "contacten": contacts,
            "themas": thema_words}
