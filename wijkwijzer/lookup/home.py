"""The user's home gemeente, and asking instead of guessing (DESIGN.md rule 6, issue #12).

Names repeat across gemeenten ("Centrum", "Zeeheldenkwartier"). With a home
gemeente a PLACE is looked up there first, and elsewhere only when nothing
at home fits - the answer then says which gemeente it is in. Without one, a
PLACE whose best matches lie in several gemeenten is not guessed:
:class:`AmbiguousPlace` lists the choices, each with its gemeente's name and
code. A postcode or a code (WK..., BU..., GM...) names one place and is never
asked about.

The home gemeente is, in this order: ``--gemeente``, ``$WIJKWIJZER_GEMEENTE``,
the stored setting (``wijkwijzer instellingen gemeente NAAM``,
:mod:`wijkwijzer.store.settings`). It is given as a name ("Den Haag") or a
CBS code ("GM0518"). No typer, no rich.
"""

from __future__ import annotations

import os

from wijkwijzer.dataset import KIND_SINGULAR
from wijkwijzer.errors import NotFound
from wijkwijzer.i18n import Messages, ngettext
from wijkwijzer.text import normalize

ENV_GEMEENTE = "WIJKWIJZER_GEMEENTE"
#: at most this many choices are listed when a PLACE is asked about
MAX_CHOICES = 10

MSG = Messages({
    "unknown": "Geen gemeente '{q}' in de database (gegeven {source}); geef een naam of CBS-code uit 'wijkwijzer gemeenten'.",
    "unknown_plain": "Geen gemeente '{q}' in de database; geef een naam of CBS-code uit 'wijkwijzer gemeenten'.",
    "src_option": "met --gemeente",
    "src_env": "in WIJKWIJZER_GEMEENTE",
    "src_setting": "in uw instellingen",
    "elsewhere": "'{q}' ligt niet in uw gemeente {home}; dit antwoord is voor {naam} in gemeente {gemeente}.",
    "choice": "{naam} ({soort}) in gemeente {gemeente}",
    "more": "... en nog {n} andere",
    "how": ("Kies met --gemeente NAAM|CODE (bijv. --gemeente {code}), of stel uw gemeente in met "
            "'wijkwijzer instellingen gemeente NAAM'."),
})


class AmbiguousPlace(NotFound):
    """PLACE matches equally well in several gemeenten and no home gemeente is
    set. ``str()`` is one Dutch sentence; ``choices`` are the lines listing
    each match (``"Centrum (wijk) in gemeente X (GMxxxx)"``) ending with how
    to choose; ``kandidaten`` the same as ``[{"soort", "id", "naam",
    "gemeente": {"id", "naam"}}]``; ``tier`` how closely they matched
    (:data:`wijkwijzer.lookup.split.PLACE_TIER`)."""

    def __init__(self, query: str, kandidaten: list[dict], tier: int):
        n = len({k["gemeente"]["id"] for k in kandidaten})
        super().__init__(ngettext("'{q}' komt voor in {n} gemeente; welke bedoelt u?",
                                  "'{q}' komt voor in {n} gemeenten; welke bedoelt u?", n).format(q=query, n=n))
        self.kandidaten, self.tier = kandidaten, tier
        lines = [MSG["choice"].format(naam=k["naam"], soort=k["soort"], gemeente=_label(k["gemeente"]))
                 for k in kandidaten[:MAX_CHOICES]]
        if len(kandidaten) > MAX_CHOICES:
            lines.append(MSG["more"].format(n=len(kandidaten) - MAX_CHOICES))
        self.choices = [*lines, MSG["how"].format(code=kandidaten[0]["gemeente"]["id"])]


def _label(gemeente: dict) -> str:
    """``"Den Haag (GM0518)"``, or only the code when the gemeente has no
    name of its own (national data without a sourced list of names)."""
    naam, code = gemeente.get("naam"), gemeente["id"]
    return f"{naam} ({code})" if naam and naam != code else code


def chosen(option: str | None) -> tuple[str, str] | None:
    """The home gemeente as typed and where it came from: ``(value, source
    sentence part)`` from *option* (``--gemeente``), else
    ``$WIJKWIJZER_GEMEENTE``, else the stored setting; None when none is set.
    Raises :class:`wijkwijzer.store.settings.SettingsDamaged` for a damaged
    settings file (only when it has to be read)."""
    if option and option.strip():
        return option, MSG["src_option"]
    env = os.environ.get(ENV_GEMEENTE, "")
    if env.strip():
        return env, MSG["src_env"]
    from wijkwijzer.store.settings import load

    stored = load().get("gemeente")
    return (stored, MSG["src_setting"]) if stored else None


def gemeente_code(directory, value: str, source: str = "") -> str:
    """The CBS code of the gemeente *value* (a code such as "gm0518" or a name
    such as "den haag", matched without regard to case or accents) in
    *directory*. Raises NotFound (one sentence naming *source*, "" for none,
    with up to three gemeenten as suggestions) when there is none."""
    gemeenten = directory.by_id["gemeenten"]
    code = value.strip().upper()
    if code in gemeenten:
        return code
    q = normalize(value)
    records = list(gemeenten.values())
    for rec in records:
        if q and q in (normalize(rec.get("naam", "")), normalize(rec.get("cbs_naam") or "")):
            return rec["id"]
    sentence = MSG["unknown_plain"].format(q=value) if source == "" else \
        MSG["unknown"].format(q=value, source=source or MSG["src_option"])
    raise NotFound(sentence,
                   [r.get("naam") or r["id"] for r in records][:3])


def set_home(directory, option: str | None) -> str | None:
    """Give *directory* the user's home gemeente (:func:`chosen`) as
    ``directory.home`` (a CBS code, or None when none is set) and return it.
    Raises NotFound for a gemeente that is not in the database."""
    found = chosen(option)
    directory.home = gemeente_code(directory, *found) if found else None
    return directory.home


def gemeente_of(directory, kind: str, rid: str) -> str | None:
    """The gemeente code of the place record *kind*/*rid*: its own field, or
    that of its stadsdeel or (first) wijk; None when it is not known."""
    by = directory.by_id
    rec = by[kind].get(rid) or {}
    if kind == "gemeenten":
        return rid
    if kind in ("wijken", "stadsdelen"):
        return rec.get("gemeente")
    if kind == "buurten":
        return by["wijken"].get(rec.get("wijk"), {}).get("gemeente") if isinstance(rec.get("wijk"), str) else None
    sd = rec.get("stadsdeel")
    if isinstance(sd, str) and by["stadsdelen"].get(sd, {}).get("gemeente"):
        return by["stadsdelen"][sd]["gemeente"]
    for w in rec.get("wijken") or []:
        if isinstance(w, str) and by["wijken"].get(w, {}).get("gemeente"):
            return by["wijken"][w]["gemeente"]
    return None


def narrow(directory, query: str, ranked: list[tuple]) -> tuple[list[tuple], bool]:
    """Apply the home-gemeente rule to *ranked* place matches (``(tier, prio,
    score, kind, id)``, best first; see ``PlaceResolver._rank_places``).

    Returns ``(ranked, elsewhere)``: with a home gemeente the matches there,
    or, when none lies there, all of them with *elsewhere* True. Without a
    home gemeente *ranked* as it is. Either way, when the matches taken
    from outside the home gemeente tie (best tier) in more than one
    gemeente, raises :class:`AmbiguousPlace` instead of guessing."""
    home = getattr(directory, "home", None)
    if home:
        at_home = [r for r in ranked if gemeente_of(directory, r[3], r[4]) == home]
        if at_home:
            return at_home, False
    _ask_if_tied(directory, query, ranked)
    return ranked, bool(home)


def _ask_if_tied(directory, query: str, ranked: list[tuple]) -> None:
    """Raise :class:`AmbiguousPlace` when the matches of the best tier in
    *ranked* lie in more than one gemeente."""
    tier = ranked[0][0]
    kandidaten, gemeenten = [], set()
    for r in ranked:
        if r[0] != tier:
            break
        gm = gemeente_of(directory, r[3], r[4])
        if gm:
            gemeenten.add(gm)
            kandidaten.append({"soort": KIND_SINGULAR[r[3]], "id": r[4],
                               "naam": directory.by_id[r[3]][r[4]].get("naam", r[4]),
                               "gemeente": {"id": gm, "naam": gemeente_naam(directory, gm)}})
    if len(gemeenten) > 1:
        raise AmbiguousPlace(query, kandidaten, tier)


def gemeente_naam(directory, code: str) -> str:
    """The name of gemeente *code*, or the code itself when it has none."""
    return directory.by_id["gemeenten"].get(code, {}).get("naam") or code


def elsewhere_note(directory, query: str, match) -> str:
    """The sentence saying that *match* (a PlaceMatch) lies outside the home gemeente."""
    code = match.gemeente or "?"
    return MSG["elsewhere"].format(q=query, home=gemeente_naam(directory, directory.home), naam=match.naam,
                                   gemeente=_label({"id": code, "naam": gemeente_naam(directory, code)}))


def at_home(directory, kind: str, rec: dict) -> bool:
    """True when record *rec* of *kind* belongs to the home gemeente, or when
    no home gemeente is set, or when the record has no gemeente (a thema, a
    dienst, a place whose gemeente is unknown). A contactpunt belongs where
    one of its gebieden does. For the lists, ``search`` and ``kaart``."""
    home = getattr(directory, "home", None)
    if not home:
        return True
    if kind == "contactpunten":
        places = []
        for area in rec.get("gebied") or []:
            if isinstance(area, str):
                for k in ("gemeenten", "wijken", "stadsdelen"):
                    if area in directory.by_id[k]:
                        places.append(gemeente_of(directory, k, area))
        return not [g for g in places if g] or home in places
    if kind not in ("gemeenten", "stadsdelen", "wijken", "buurten", "organisaties"):
        return True
    key = "code" if kind in ("wijken", "buurten") else "id"
    gm = gemeente_of(directory, kind, rec.get(key)) if isinstance(rec.get(key), str) else None
    return gm is None or gm == home
