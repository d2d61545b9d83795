"""Generate a national-scale wijkwijzer dataset for the benchmark.

Places: every CBS buurt of the Netherlands from ``cbs_buurten_2024.csv``
(CBS table 85984NED, ``Identifier,Title``; read from ``../shared/data/nl/``
next to the repository, never copied into it). The gemeente code is digits
3-6 of the buurt code, the wijk code digits 3-8. When the file is absent a
synthetic list of the same size is generated (~14,600 buurten, ~3,400 wijken,
342 gemeenten).

Den Haag (GM0518) keeps the real default dataset of ``data/`` (stadsdelen,
wijken, buurten, organisaties, contactpunten). Every other gemeente gets
generated organisaties ("Bewonersorganisatie <buurt>", "Wijkvereniging <wijk>")
and contactpunten (gebiedsregisseur DSB per wijk, wijkagent, ...), up to
20,000 organisaties and 60,000 contactpunten in all. Generated records hold
no personal data: no person, no phone number; the few e-mail and web
channels are on example.org. Every generated record says so in ``bron``.

Nothing here is product code: it only writes files into a temporary folder.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

BRON = "benchmark: gegenereerd (geen echte gegevens)"
BRON_CBS = "CBS 85984NED (buurten 2024); namen van wijk en gemeente afgeleid"
N_ORGANISATIES = 20_000
N_CONTACTPUNTEN = 60_000
DEN_HAAG = "GM0518"

ORG_PATTERNS_BUURT = ("Bewonersorganisatie {n}", "Buurtvereniging {n}", "Bewonerscommissie {n}",
                      "Speeltuinvereniging {n}", "Stichting Buurthuis {n}")
ORG_PATTERNS_WIJK = ("Wijkvereniging {n}", "Wijkberaad {n}", "Stichting Wijkbelangen {n}")
# (rol, dienst, themas, niveau) per wijk; the first two are the 1e aanspreekpunten
# the meeting report asks for.
WIJK_ROLES = (
    ("gebiedsregisseur DSB", "DSB", ["openbare-ruimte"], 1),
    ("gebiedsregisseur DSO", "DSO", ["gebiedsontwikkeling", "bouwen-en-wonen", "verkeer-en-parkeren"], 1),
    ("wijkagent", "POLITIE", ["veiligheid-en-overlast"], 1),
    ("opbouwwerker", "WELZIJN", ["welzijn", "participatie"], 1),
    ("wijkcoach", "OCW", ["welzijn"], 2),
    ("buurtconciërge", "DSB", ["openbare-ruimte", "leefbaarheid"], 2),
    ("handhaver (BOA)", "BSD", ["veiligheid-en-overlast"], 2),
    ("jongerenwerker", "WELZIJN", ["welzijn", "onderwijs-cultuur-sport"], 2),
    ("wijkmanager", "DPZ", ["*"], 1),
    ("teamleider wijkmanagement", "DPZ", ["*"], 2),
    ("consulent werk en inkomen", "SZW", ["werk-en-inkomen"], 1),
    ("accountmanager participatie", "BSD", ["participatie", "leefbaarheid"], 1),
    ("sportcoach", "OCW", ["onderwijs-cultuur-sport"], 1),
    ("wijkredactie", "WIJKMEDIA", ["communicatie"], 1),
    ("projectleider wijkaanpak", "DSO", ["leefbaarheid", "gebiedsontwikkeling"], 2),
    ("gebiedsmanager", "BSD", ["*"], 3),
    ("afdelingshoofd stadsbeheer", "DSB", ["openbare-ruimte"], 3),
)
GEMEENTE_ROLES = (
    ("algemeen nummer gemeente", "GEMEENTE", ["*"], 1),
    ("klantcontactcentrum", "DPZ", ["burgerzaken"], 1),
    ("politie (geen spoed)", "POLITIE", ["veiligheid-en-overlast"], 2),
    ("meldpunt openbare ruimte", "DSB", ["openbare-ruimte"], 2),
    ("bestuurssecretariaat", "BSD", ["bestuur"], 1),
)


def repair(name: str) -> str:
    """Undo the one mis-encoding in the CBS file ("LumiÞrepark"): a Latin-1
    byte read as code page 850. Names without such letters are returned as is."""
    if not any(c in name for c in "ÞþÐð"):
        return name
    try:
        fixed = name.encode("cp850").decode("latin-1")
    except UnicodeError:
        return name
    return fixed if not any(c in fixed for c in "ÞþÐð") else name


def read_cbs(path: Path) -> list[tuple[str, str]]:
    """``[(buurt code, naam), ...]`` from the CBS file (UTF-8, header ``Identifier,Title``)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [(r["Identifier"].strip(), repair(r["Title"].strip())) for r in rows if r.get("Identifier")]


def synthetic_cbs(seed: int = 5) -> list[tuple[str, str]]:
    """A generated list shaped like the CBS file: 342 gemeenten, ~3,400 wijken, ~14,600 buurten."""
    rnd = random.Random(seed)
    pre = ("Oost", "West", "Noord", "Zuid", "Nieuw", "Oud", "Groot", "Klein", "Hoog", "Laag", "Midden")
    stem = ("broek", "veen", "dijk", "hout", "dam", "horst", "wijk", "lo", "rade", "hoven", "meer",
            "zand", "berg", "donk", "kamp", "hem", "sloot", "weide", "akker", "beek")
    mid = ("Ter", "Hof", "Molen", "Kerk", "Water", "Linde", "Eiken", "Vogel", "Bloemen", "Schilders",
           "Zeehelden", "Bomen", "Rivieren", "Vruchten", "Dichters", "Muziek", "Sterren")
    out = []
    for g in range(342):
        gm = f"{(g * 5 + 3) % 2000:04d}"
        for w in range(rnd.choice((8, 10, 10, 12))):
            for b in range(rnd.choice((3, 4, 5, 5))):
                name = f"{rnd.choice(pre)}{rnd.choice(stem)}" if rnd.random() < 0.5 else \
                    f"{rnd.choice(mid)}{rnd.choice(('buurt', 'wijk', 'kwartier', 'park'))}"
                out.append((f"BU{gm}{w:02d}{b:02d}", name))
    return out


def _slug(text: str) -> str:
    from wijkwijzer.text import slug

    return slug(text)


def build(cbs_csv: Path | None, bundled: dict, seed: int = 5) -> tuple[dict, str]:
    """Return ``(snapshot, source description)``: ``{kind: [record, ...]}`` at national scale.

    *bundled* is the default dataset (``dataset.load_bundled()``), kept as is for Den Haag."""
    rnd = random.Random(seed)
    if cbs_csv and cbs_csv.is_file():
        rows, source = read_cbs(cbs_csv), f"{cbs_csv.name} ({'CBS 85984NED'})"
    else:
        rows, source = synthetic_cbs(seed), "synthetische lijst (CBS-bestand niet gevonden)"
    dh_buurten = {b["code"] for b in bundled["buurten"]}
    gemeenten: dict[str, dict] = {g["id"]: g for g in bundled["gemeenten"]}
    wijken: dict[str, dict] = {w["code"]: w for w in bundled["wijken"]}
    buurten: list[dict] = list(bundled["buurten"])
    by_wijk: dict[str, list[str]] = {}
    for code, naam in rows:
        gm, wk = "GM" + code[2:6], "WK" + code[2:8]
        if gm == DEN_HAAG or code in dh_buurten:
            continue
        if gm not in gemeenten:
            # no sourced list of gemeente names is at hand: the CBS code, never a made-up name
            gemeenten[gm] = {"id": gm, "naam": gm, "cbs_naam": None,
                             "status": "actief", "telefoon": None, "bron": BRON_CBS}
        if wk not in wijken:
            wijken[wk] = {"code": wk, "naam": naam, "cbs_naam": f"Wijk {wk[6:8]} {naam}",
                          "gemeente": gm, "stadsdeel": None, "stadsdeel_bevestigd": None,
                          "aliassen": [], "status": "actief", "bron": BRON_CBS}
        buurten.append({"code": code, "naam": naam, "wijk": wk, "status": "actief", "bron": BRON_CBS})
        by_wijk.setdefault(wk, []).append(naam)

    organisaties = list(bundled["organisaties"])
    seen_ids = {o["id"] for o in organisaties}
    gen_wijken = [w for w in wijken.values() if w["gemeente"] != DEN_HAAG]
    while len(organisaties) < N_ORGANISATIES:
        w = rnd.choice(gen_wijken)
        if rnd.random() < 0.7:
            naam = rnd.choice(ORG_PATTERNS_BUURT).format(n=rnd.choice(by_wijk[w["code"]]))
        else:
            naam = rnd.choice(ORG_PATTERNS_WIJK).format(n=w["naam"])
        oid = f"{_slug(naam)}-{w['gemeente'].lower()}"
        if oid in seen_ids:
            continue
        seen_ids.add(oid)
        organisaties.append({"id": oid, "naam": naam, "aliassen": [], "wijken": [w["code"]],
                             "stadsdeel": None, "status": "actief", "bron": BRON})

    contactpunten = list(bundled["contactpunten"])
    n = 0
    today = date.today()

    def verified():  # mostly checked within the last year, some overdue, a few never
        r = rnd.random()
        if r < 0.05:
            return None
        return (today - timedelta(days=rnd.randrange(10, 330 if r < 0.9 else 900))).isoformat()

    def add(rol, dienst, themas, niveau, gebied, area_slug):
        nonlocal n
        n += 1
        kanalen = {"adres": None, "email": None, "openingstijden": None, "telefoon": None, "web": None}
        if rnd.random() < 0.75:  # a maintained directory: most entries have a channel
            kanalen["email"] = f"{_slug(rol)}.{area_slug}@example.org"
        if rnd.random() < 0.4:
            kanalen["web"] = f"https://example.org/{area_slug}/{_slug(rol)}"
        contactpunten.append({
            "id": f"{area_slug}-{_slug(rol)}", "rol": rol, "dienst": dienst, "gebied": gebied,
            "themas": themas, "niveau": niveau, "kanalen": kanalen, "persoon": None,
            "reactietermijn_werkdagen": rnd.choice((None, None, 5, 10)),
            "geverifieerd_op": verified(),
            "opmerking": None, "status": rnd.choice(("actief", "actief", "onbevestigd")), "bron": BRON,
        })

    for gm in gemeenten:
        if gm != DEN_HAAG:
            for rol, dienst, themas, niveau in GEMEENTE_ROLES:
                add(rol, dienst, themas, niveau, [gm], gm.lower())
    for rol, dienst, themas, niveau in WIJK_ROLES:
        for w in gen_wijken:
            if len(contactpunten) >= N_CONTACTPUNTEN:
                break
            add(rol, dienst, themas, niveau, [w["code"]], w["code"].lower())
    team = 0
    while len(contactpunten) < N_CONTACTPUNTEN:  # sociale wijkteams covering two neighbouring wijken
        i = team % (len(gen_wijken) - 1)
        pair = [w["code"] for w in gen_wijken[i:i + 2] if w["gemeente"] == gen_wijken[i]["gemeente"]]
        team += 1
        add("sociaal wijkteam", "OCW", ["welzijn", "werk-en-inkomen"], 2, pair,
            f"{pair[0].lower()}-team{team}")

    snap = dict(bundled)
    snap.update(gemeenten=list(gemeenten.values()), wijken=list(wijken.values()), buurten=buurten,
                organisaties=organisaties, contactpunten=contactpunten)
    return snap, source


def write_files(folder: Path, cbs_csv: Path | None) -> dict:
    """Write the benchmark files into *folder* and return their paths and counts:

    ``national.json`` (the full database), ``national-base.json`` (the same
    without any contactpunt, the target of the import run) and
    ``contactpunten-import.json`` (all 60,000 contactpunten in the JSON shape
    ``wijkwijzer import`` reads: ``{"wijkwijzer": 1, "contactpunten": [...]}``).
    """
    from wijkwijzer.dataset import load_bundled
    from wijkwijzer.store.atomic import dump
    from wijkwijzer.store.document import new_document

    bundled = load_bundled()
    snap, source = build(cbs_csv, bundled)
    folder.mkdir(parents=True, exist_ok=True)
    full = folder / "national.json"
    full.write_bytes(dump(new_document(snap)))
    generated = snap["contactpunten"]
    base = dict(snap, contactpunten=[])
    (folder / "national-base.json").write_bytes(dump(new_document(base)))
    imp = folder / "contactpunten-import.json"
    imp.write_text(json.dumps({"wijkwijzer": 1, "contactpunten": generated}, ensure_ascii=False,
                              indent=1), encoding="utf-8")
    return {"db": full, "base": folder / "national-base.json", "import_json": imp, "source": source,
            "counts": {k: len(v) for k, v in snap.items()}, "import_count": len(generated),
            "size_mb": full.stat().st_size / 1e6}


if __name__ == "__main__":  # python benchmarks/nldata.py OUTDIR [CBS_CSV]: prints the info as JSON
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    result = write_files(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    print(json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in result.items()}))
