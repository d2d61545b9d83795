"""PLACE as a Dutch postcode: the forms people write, the wijk and stadsdeel
shares of a PC4, and the gemeente of a postcode outside the directory.

Data: the ``postcodes`` records (PC4 -> CBS wijk with address counts and
shares, CBS 1 August 2024, tallied by H. Weda / VNG "grenswijzigen", CC BY-NC-SA
4.0; see ``data/README.md``) and the bundled ``pc4_gemeenten.csv`` (every Dutch
PC4 -> its gemeente codes, same source), read only when a postcode is not in
the directory. No typer, no rich.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wijkwijzer.i18n import Messages

#: a PC4, optionally the two letters of the PC6, a house number (with an
#: addition) and the city, as residents write them: "2531-AB", "2531AB 12",
#: "2531 ab 7a", "2531 AB Den Haag", with stray dots and commas (compiled on
#: first use by :func:`postcode_of`, so a name never pays for it).
POSTCODE_FORM = (
    r"""^[\s.,]*(?P<pc4>[1-9]\d{3})(?:[\s.,-]*(?P<letters>[a-zA-Z]{2}))?
        (?:[\s.,-]+(?P<nr>\d{1,5}(?:[\s-]?[a-zA-Z]{1,2}\b|[\s-]\d{1,4})?))?
        (?:[\s.,]+(?P<city>den[\s.-]+haag|the[\s.-]+hague|'?s[\s.-]*gravenhage))?[\s.,]*$""")
#: shares of a PC4 under this fraction are left out of ``kandidaten``
MIN_SHARE = 0.05

MSG = Messages({
    "pc_elsewhere": "Postcode {pc} ligt in gemeente {gemeente}, niet in {here}. Geef een plaats in {here} op.",
    "pc_no_addresses": ("Postcode {pc} heeft geen adressen (CBS, 1 augustus 2024); het is bijvoorbeeld "
                        "een postbusnummer. Geef de postcode van een adres, uw wijk of uw organisatie op."),
    "pc_unknown": "Postcode {pc} staat niet in de postcodetabel. Geef uw wijk of organisatie op.",
    "pc_spread": "Postcode {pc} ligt voor {pct}% in wijk {wijk}; ook in: {others}.",
})


def postcode_of(text: str) -> str | None:
    """The PC4 of *text* when the whole text is a postcode as people write it
    ("2531", "2531 AB", "2531-ab 7a", "2531AB12", "postcode 2531 AB",
    "2531AB, Den Haag"), else None."""
    if text[:1].isalpha() and text.lower().lstrip().startswith("postcode"):
        text = text.lstrip()[len("postcode"):].lstrip(" :")
    if not text.lstrip(" .,")[:4].isdigit():  # most queries are names: no regex needed
        return None
    # a house number written against the letters ("2531AB12") is still a house number
    text = re.sub(r"^(\s*\d{4}\s*[a-zA-Z]{2})(\d)", r"\1 \2", text)
    m = re.match(POSTCODE_FORM, text, re.VERBOSE | re.IGNORECASE)
    return m.group("pc4") if m else None


def shares(rows: list[dict]) -> dict[str, float]:
    """``{wijk code: share of the PC4's addresses}`` over the postcode *rows* of one PC4.

    Uses ``aandeel`` and, where it is missing or not a number, ``adressen``
    relative to the rows' total."""
    total = sum(_number(r.get("adressen")) for r in rows) or 1.0
    out: dict[str, float] = {}
    for r in rows:
        share = r.get("aandeel")
        share = _number(share) if _number(share) else _number(r.get("adressen")) / total
        wijk = r.get("wijk")
        if isinstance(wijk, str):
            out[wijk] = out.get(wijk, 0.0) + share
    return out


def split_by_stadsdeel(wijk_shares: dict[str, float], wijken: dict) -> list[dict]:
    """Group *wijk_shares* by stadsdeel, largest first: ``[{"stadsdeel": id,
    "aandeel": float (rounded to 2 places), "wijken": [codes, largest first]}]``.

    *wijken* maps wijk code -> wijk record. A stadsdeel holding less than
    MIN_SHARE of the addresses is left out; wijken without a known stadsdeel
    are left out too (they cannot be answered for)."""
    groups: dict[str, dict] = {}
    for code, share in sorted(wijk_shares.items(), key=lambda kv: -kv[1]):
        sd = (wijken.get(code) or {}).get("stadsdeel")
        if not isinstance(sd, str) or not sd:
            continue
        g = groups.setdefault(sd, {"stadsdeel": sd, "aandeel": 0.0, "wijken": []})
        g["aandeel"] += share
        g["wijken"].append(code)
    out = [g for g in groups.values() if g["aandeel"] >= MIN_SHARE]
    for g in out:
        g["aandeel"] = round(g["aandeel"], 2)
    return sorted(out, key=lambda g: -g["aandeel"])


def kandidaten(directory, place, thema: dict | None) -> list[dict]:
    """``who --json``'s ``kandidaten`` for *place* (a PlaceMatch) and *thema*
    (a thema record or None): one entry per stadsdeel holding at least
    MIN_SHARE of a postcode's addresses, largest first, each ``{"stadsdeel":
    {"id", "naam"}, "aandeel", "wijken": [{"code", "naam"}], "contactpunten":
    [{"id", "rol", "positie", "niveau", "kanalen"}]}`` (the first contact and
    the general fallback there). ``[]`` when the place lies in one stadsdeel.
    *directory* is a :class:`wijkwijzer.lookup.directory.Directory`."""
    out = []
    for group in place.kandidaten:
        sd = directory.by_id["stadsdelen"].get(group["stadsdeel"], {})
        wijken = directory.by_id["wijken"]
        area = type(place)(soort="postcode", id=place.id, naam=place.naam, via=place.via,
                           wijken=group["wijken"][:1], stadsdeel=group["stadsdeel"],
                           gemeente=(wijken.get(group["wijken"][0]) or {}).get("gemeente"))
        rows = directory.candidates(area, thema)
        fallback = [r for r in rows[1:] if not r[2] and _niveau(r[0]) == 1]
        fallback.sort(key=lambda r: r[1] != group["stadsdeel"])  # the stadsdeel's own first
        picked = rows[:1] + fallback[:1]
        out.append({
            "stadsdeel": {"id": group["stadsdeel"], "naam": sd.get("naam", group["stadsdeel"])},
            "aandeel": group["aandeel"],
            "wijken": [{"code": c, "naam": (wijken.get(c) or {}).get("naam", c)} for c in group["wijken"]],
            "contactpunten": [{"id": cp["id"], "rol": cp.get("rol"),
                               "positie": "eerste aanspreekpunt" if i == 0 else "algemeen terugvalpunt",
                               "niveau": cp.get("niveau"), "kanalen": cp.get("kanalen")}
                              for i, (cp, _area, _specific) in enumerate(picked)],
        })
    return out


def not_found_sentence(pc4: str, gemeenten: dict, covered: set[str]) -> str:
    """The sentence for a PC4 that is not in the directory's postcode table.

    *gemeenten* maps gemeente code -> record (for its name); *covered* holds the
    codes of the gemeenten the table covers (GM0518). Outside them: the
    gemeente it lies in, from the bundled CBS table; no addresses: says so."""
    codes = gemeenten_of(pc4)
    if not codes:
        return MSG["pc_no_addresses"].format(pc=pc4)
    if covered and not covered.intersection(codes):
        here = ", ".join(sorted(gemeenten.get(c, {}).get("naam") or c for c in covered))
        named = [f"{gemeenten[c]['naam']} ({c})" if gemeenten.get(c, {}).get("naam") else c for c in codes]
        return MSG["pc_elsewhere"].format(pc=pc4, gemeente=" / ".join(named), here=here)
    return MSG["pc_unknown"].format(pc=pc4)


def gemeenten_of(pc4: str) -> list[str]:
    """The CBS gemeente codes holding addresses of *pc4*, largest first, from
    the bundled ``pc4_gemeenten.csv``; ``[]`` when the PC4 has no addresses
    (or the file is missing from a broken install)."""
    return _pc4_table().get(pc4, [])


@lru_cache(maxsize=1)
def _pc4_table() -> dict[str, list[str]]:
    from wijkwijzer.paths import bundled_data_dir

    try:
        lines = (bundled_data_dir() / "pc4_gemeenten.csv").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    table = {}
    for line in lines[1:]:
        pc4, _, codes = line.partition(",")
        table[pc4] = [c for c in codes.split("|") if c]
    return table


def _niveau(cp: dict) -> int | None:
    try:
        return int(cp.get("niveau"))
    except (TypeError, ValueError):
        return None


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
