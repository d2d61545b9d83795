"""Build the default Den Haag dataset in ``data/`` from the shared CBS files.

Run once by a maintainer (``python scripts/build_data.py ../shared/data/denhaag``);
the output in ``data/`` is committed and is the source of truth afterwards.
Areas come verbatim from the CBS files described in SOURCES.md; diensten,
themas and contactpunten are the roles named in the meeting report of
16 October 2024 (Koorenhuis). No person, e-mail address or phone number is
invented: unknown channels are ``null``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# channels.py sits beside this script; the test loads the script by path, so its folder
# is not on sys.path by itself
sys.path.insert(0, str(Path(__file__).resolve().parent))
from wijkwijzer.text import slug  # noqa: E402 - the ids the program itself derives
import channels  # noqa: E402 - scripts/channels.py: the public channels per thema (#11)

VERIFIED = None  # nobody has confirmed these roles with the gemeente yet
SRC_SOURCES = "shared/data/denhaag/SOURCES.md"
SRC_REPORT = "Impressieverslag inspiratiebijeenkomst Haagse bewonersorganisaties, 16 oktober 2024 (Het Koorenhuis)"
SRC_TAKEN = ("werkhypothese over de takenverdeling van de diensten, nog te verifiëren bij de "
             "gemeente (shared/data/README.md)")
GEMEENTE = "GM0518"

# Local names in use next to the CBS names (SOURCES.md §2 and §5).
WIJK_ALIASES = {
    "WK051829": ["Schilderswijk"],
    "WK051820": ["Valkenboskwartier en Heesterbuurt"],
    "WK051813": ["Vogelbuurt"],
    "WK051816": ["Kraayenstein en Vroondaal"],
    "WK051833": ["Bouwlust", "Vrederust"],
    "WK051828": ["Oude Centrum", "Het Oude Centrum"],
    "WK051838": ["Laakkwartier", "Spoorwijk"],
    "WK051807": ["Scheveningen-dorp", "Scheveningen Dorp"],
}

# Stadsdeelkantoren as far as SOURCES.md §6 found them; unknown parts stay unknown.
KANTOREN = {
    "centrum": ("Stadhuis, Spui 70, 2511 BT Den Haag", "SOURCES.md §6: angloinfo.com city-districts-the-hague"),
    "escamp": ("Stadskantoor Escamp, Leyweg (huisnummer onbekend), Den Haag",
               "SOURCES.md §6: denhaag.nl persbericht 11 juni 2019"),
    "haagse-hout": ("Stadsdeelkantoor Haagse Hout, Loudonstraat 95 (postcode onbekend), Den Haag",
                    "SOURCES.md §6: tangramarchitekten.nl; bezuidenhout.nl"),
    "segbroek": ("Stadsdeelkantoor Segbroek, Fahrenheitstraat (huisnummer onbekend), Den Haag",
                 "SOURCES.md §6: janvanzanen.denhaag.nl 29 juli 2020"),
    "loosduinen": ("Stadsdeelkantoor Loosduinen, Kleine Keizer (huisnummer onbekend), Den Haag",
                   "SOURCES.md §6: loosduinsmuseum.nl; wandelenindenhaag.nl"),
}

DIENSTEN = [
    ("DSB", "Dienst Stadsbeheer", "gemeente"),
    ("DSO", "Dienst Stedelijke Ontwikkeling", "gemeente"),
    ("OCW", "Dienst Onderwijs, Cultuur en Welzijn", "gemeente"),
    ("SZW", "Dienst Sociale Zaken en Werkgelegenheid", "gemeente"),
    ("DPZ", "Dienst Publiekszaken", "gemeente"),
    ("BSD", "Bestuursdienst", "gemeente"),
    ("GEMEENTE", "Gemeente Den Haag (algemeen)", "gemeente"),
    ("POLITIE", "Politie", "partner"),
    ("WELZIJN", "Welzijnsorganisatie", "partner"),
    ("WIJKMEDIA", "Wijkmedia", "partner"),
]

# id, naam, dienst, synoniemen (what residents type, in Dutch)
THEMAS = [
    ("openbare-ruimte", "openbare ruimte", "DSB",
     ["afval", "grofvuil", "bomen", "boom", "groen", "straatverlichting", "lantaarnpaal", "straten",
      "stoep", "bestrating", "speelplek", "speeltuin", "zwerfvuil", "container", "onkruid",
      "prullenbak", "hondenpoep", "vuilnis", "zwerfafval", "stoeptegel", "stoeptegels",
      "losliggende tegel", "kuil", "gat in de weg", "vuilniszak", "afvalcontainer", "ondergrondse container",
      "plantsoen", "bankje", "snoeien", "graffiti", "ratten", "meeuwen", "straatvuil",
      "bladeren", "riool", "verstopt riool", "verlichting", "kapotte lamp", "wateroverlast",
      "water op straat"]),
    ("gebiedsontwikkeling", "gebiedsontwikkeling", "DSO",
     ["nieuwbouw", "omgevingsplan", "bestemmingsplan", "ruimtelijke plannen", "herinrichting",
      "stedenbouw", "projectontwikkeling", "herontwikkeling", "gebiedsvisie", "structuurvisie",
      "wijkvernieuwing", "stadsvernieuwing", "sloop", "renovatie", "masterplan", "bouwplan",
      "transformatie", "inrichtingsplan"]),
    ("bouwen-en-wonen", "bouwen en wonen", "DSO",
     ["bouwen", "wonen", "omgevingsvergunning", "bouwvergunning", "verbouwing", "woningbouw",
      "monument", "huurwoning", "woningen", "verbouwen", "dakkapel", "aanbouw", "uitbouw",
      "vergunning", "sociale huur", "woningcorporatie", "huurder", "huurcommissie", "woonruimte",
      "schimmel", "vochtige woning", "kamerverhuur"]),
    ("verkeer-en-parkeren", "verkeer en parkeren", "DSO",
     ["verkeer", "parkeren", "parkeervergunning", "fietsenstalling", "fietsparkeren",
      "verkeersveiligheid", "verkeersdrempel", "oversteekplaats", "laadpaal", "fietspad",
      "kruising", "gevaarlijke kruising", "zebrapad", "drempel", "stoplicht", "verkeerslicht",
      "snelheid", "hardrijders", "te hard rijden", "parkeerplaats", "parkeerplek", "fietsenrek",
      "weesfietsen", "fietswrak", "fietswrakken", "bushalte", "tram", "rotonde", "verkeersbord", "wegafsluiting", "wegwerkzaamheden"]),
    ("welzijn", "welzijn en sociale eenzaamheid", "OCW",
     ["eenzaamheid", "sociale eenzaamheid", "ouderen", "mantelzorg", "buurthuis", "buurtcentrum",
      "jongerenwerk", "jeugd", "ontmoeting", "zorg", "eenzaam", "eenzame ouderen", "senioren",
      "jongeren", "kinderen", "opbouwwerk", "welzijnswerk", "vrijwilligers", "vrijwilligerswerk",
      "buurtwerk", "dagbesteding", "wijkcentrum", "ouderenwerk", "wmo", "huishoudelijke hulp",
      "scootmobiel", "woningaanpassing"]),
    ("onderwijs-cultuur-sport", "onderwijs, cultuur en sport", "OCW",
     ["onderwijs", "school", "cultuur", "sport", "bibliotheek", "kunst", "sportveld", "festival",
      "muziek", "basisschool", "scholen", "sportvereniging", "sportschool", "zwembad", "theater",
      "museum", "erfgoed", "sporten", "voetbalveld", "speelveld", "kunstwerk", "taalles",
      "huiswerkbegeleiding"]),
    ("werk-en-inkomen", "werk en inkomen", "SZW",
     ["werk", "inkomen", "schulden", "bijstand", "uitkering", "armoede", "werkgelegenheid",
      "baan", "schuldhulp", "werkloos", "werkloosheid", "vacature", "sollicitatie", "toeslagen",
      "minimaregeling", "ooievaarspas", "voedselbank", "participatiebaan", "werkervaring",
      "reintegratie", "geldzorgen", "schuldhulpverlening"]),
    ("veiligheid-en-overlast", "veiligheid en overlast", "BSD",
     ["veiligheid", "overlast", "geluidsoverlast", "criminaliteit", "inbraak", "hangjongeren",
      "drugs", "vuurwerk", "openbare orde", "handhaving", "wijkagent", "lawaai", "herrie",
      "burenoverlast", "geluid", "diefstal", "vandalisme", "onveilig", "drugsoverlast",
      "jongerenoverlast", "burenruzie", "fietsendiefstal", "handhaver", "boa", "cameratoezicht",
      "stankoverlast"]),
    ("burgerzaken", "burgerzaken", "DPZ",
     ["paspoort", "identiteitskaart", "id-kaart", "rijbewijs", "verhuizing", "verhuizen",
      "uittreksel", "trouwen", "adreswijziging", "inschrijven", "inschrijving", "geboorteaangifte",
      "aangifte geboorte", "brp", "basisregistratie", "verklaring omtrent gedrag", "vog",
      "naturalisatie", "huwelijk", "geregistreerd partnerschap", "overlijden", "legalisatie"]),
    ("participatie", "participatie, bewonersinitiatieven en subsidie", "DPZ",
     ["subsidie", "bewonersinitiatief", "inspraak", "buurtfeest", "straatfeest", "wijkbudget",
      "initiatief", "bewonersorganisatie", "meedoen", "buurtinitiatief", "subsidieaanvraag",
      "bewonersbudget", "burgerparticipatie", "wijkfeest", "burendag", "buurtactiviteit",
      "meepraten", "meebeslissen", "buurtbudget", "buurtbarbecue"]),
    ("communicatie", "communicatie en wijkmedia", "BSD",
     ["wijkkrant", "wijkmedia", "nieuwsbrief", "informatie", "voorlichting", "sociale media",
      "website", "terugkoppeling", "buurtkrant", "wijkblad", "huis-aan-huisblad", "persbericht",
      "buurtapp", "wijkwebsite", "lokale omroep", "publiciteit", "bekendmaking", "flyer"]),
    ("leefbaarheid", "leefbaarheid", "DPZ",
     ["wijkagenda", "wijkuitvoeringsplan", "leefbaarheidsoverleg", "samenleven", "buren",
      "schoon heel veilig", "wijkoverleg", "woonomgeving", "prettig wonen", "sociale cohesie",
      "buurtgevoel", "wijkaanpak", "wijkprogramma", "buurtschouw", "wijkschouw",
      "leefomgeving", "verloedering", "wijkteam"]),
    ("bestuur", "bestuur", "BSD",
     ["wethouder", "stadsdeelwethouder", "gemeenteraad", "burgemeester", "college",
      "raadslid", "klacht", "gemeentebestuur", "politiek", "raadsvergadering", "inspreken",
      "raadsinformatie", "ombudsman", "bezwaar", "bezwaarschrift", "klachten",
      "stadsdeeldirecteur", "raadsvragen"]),
]
# English synonyms for international residents: stored apart from the Dutch ones in
# ``synoniemen_en`` so the data says which language a word is (and a list in Dutch
# stays Dutch). Words already Dutch ("school", "park") are not repeated here.
THEMAS_EN = {
    "openbare-ruimte": ["trees", "tree", "garbage", "waste", "trash", "rubbish", "litter",
                        "bulky waste", "street lighting", "street light", "pavement", "sidewalk",
                        "playground", "public space", "dog poo", "pothole", "green space", "flooding",
                        "water in the street"],
    "gebiedsontwikkeling": ["urban development", "urban planning", "zoning", "zoning plan",
                            "redevelopment", "new development", "area development"],
    "bouwen-en-wonen": ["building permit", "housing", "construction", "renovation permit",
                        "rent", "rental", "social housing", "landlord", "mould", "extension"],
    "verkeer-en-parkeren": ["parking", "parking permit", "traffic", "road safety", "crossing",
                            "dangerous crossing", "crosswalk", "speeding", "speed bump",
                            "bicycle parking", "bike rack", "charging point", "cycle path",
                            "traffic light"],
    "welzijn": ["loneliness", "lonely", "elderly", "seniors", "social isolation", "wellbeing",
                "welfare", "community centre", "community center", "youth work", "caregiver",
                "informal care", "home care", "mobility scooter", "home adaptation"],
    "onderwijs-cultuur-sport": ["education", "schools", "culture", "sports", "library",
                                "swimming pool", "art", "heritage", "sports club"],
    "werk-en-inkomen": ["work", "job", "jobs", "income", "debt", "debts", "welfare benefits",
                        "benefits", "unemployment", "poverty", "food bank", "allowance"],
    "veiligheid-en-overlast": ["noise", "noise nuisance", "nuisance", "safety", "crime",
                               "burglary", "vandalism", "fireworks", "neighbourhood police",
                               "police officer", "theft", "unsafe", "drug dealing"],
    "burgerzaken": ["passport", "id card", "identity card", "driving licence", "driver's license",
                    "moving house", "change of address", "registration", "birth registration",
                    "marriage", "certificate of conduct", "municipal registration"],
    "participatie": ["subsidy", "grant", "funding", "street party", "block party",
                     "neighbourhood party", "residents initiative", "community initiative",
                     "participation", "get involved", "residents association"],
    "communicatie": ["newsletter", "local news", "neighbourhood newspaper", "communication",
                     "social media", "information", "press release", "local media", "local newspaper"],
    "leefbaarheid": ["liveability", "livability", "quality of life", "neighbours", "neighbors",
                     "community cohesion", "neighbourhood agenda", "living environment"],
    "bestuur": ["alderman", "mayor", "city council", "council", "councillor", "municipal board",
                "complaint", "complaints", "objection", "politics", "local government"],
}
PARTNER_THEMAS = {"POLITIE": ["veiligheid-en-overlast"], "WELZIJN": ["welzijn"],
                  "WIJKMEDIA": ["communicatie"]}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(out: Path, name: str, records: list[dict], key: str) -> None:
    records = sorted(records, key=lambda r: r[key])
    (out / f"{name}.json").write_text(
        json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def contactpunt(cid, rol, dienst, gebied, themas, niveau, bron, *, email=None, telefoon=None,
                adres=None, web=None, openingstijden=None, status="actief", opmerking=None):
    return {
        "id": cid, "rol": rol, "dienst": dienst, "gebied": gebied, "themas": themas,
        "niveau": niveau, "kanalen": {"email": email, "telefoon": telefoon, "adres": adres,
                                       "web": web, "openingstijden": openingstijden},
        "persoon": None, "reactietermijn_werkdagen": None, "geverifieerd_op": VERIFIED,
        "bron": bron, "status": status, "opmerking": opmerking,
    }


SRC_PC4 = (SRC_SOURCES + " §7 (CBS, Buurt, wijk en gemeente 2024 voor postcode-huisnummer, 1 augustus 2024; "
           "geteld door H. Weda / VNG, grenswijzigen; CC BY-NC-SA 4.0)")


def postcode_records(src: Path) -> list[dict]:
    """Every Den Haag PC4 -> CBS wijk with its addresses and share (SOURCES.md §7,
    ``pc4_wijk_2024.csv``); one record per PC4 and wijk, id ``pc4-wijkcode``. The
    2024 table covers all 61 PC4s and replaces the partial 2019 buurt table (§4)."""
    return [{"id": f"{r['pc4']}-{r['wijk_code']}", "pc4": r["pc4"], "wijk": r["wijk_code"], "buurt": None,
             "adressen": int(r["address_count"]), "aandeel": round(float(r["share"]), 4),
             "status": "actief", "bron": SRC_PC4}
            for r in read_csv(src / "pc4_wijk_2024.csv")]


def write_pc4_gemeenten(src: Path, out: Path) -> None:
    """``data/pc4_gemeenten.csv``: every Dutch PC4 -> the gemeente codes holding its
    addresses, largest first (``|``-joined), from ``nl/pc4_gemeente_2024.csv`` (same
    source and licence as §7). Only these two columns are bundled: enough to tell
    a resident whose postcode lies outside Den Haag which gemeente it is in."""
    by_pc4: dict[str, list[tuple[int, str]]] = {}
    for r in read_csv(src):
        by_pc4.setdefault(r["pc4"], []).append((-int(r["address_count"]), r["gemeente_code"]))
    lines = ["pc4,gemeenten"] + [f"{pc4},{'|'.join(code for _n, code in sorted(rows))}"
                                 for pc4, rows in sorted(by_pc4.items())]
    (out / "pc4_gemeenten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def thema_records() -> list[dict]:
    """The themas with their Dutch ``synoniemen`` and English ``synoniemen_en``."""
    return [{"id": t, "naam": n, "diensten": [d] + [p for p, ts in PARTNER_THEMAS.items() if t in ts],
             "synoniemen": syn, "synoniemen_en": THEMAS_EN[t], "status": "actief", "bron": SRC_TAKEN}
            for t, n, d, syn in THEMAS]


def main(src: Path, out: Path) -> None:
    out.mkdir(exist_ok=True)
    write(out, "gemeenten", [{"id": GEMEENTE, "naam": "Den Haag", "cbs_naam": "'s-Gravenhage",
                              "telefoon": "14070", "status": "actief",
                              "bron": "CBS gemeentecode GM0518; 14070: " + SRC_SOURCES + " §6"}], "id")
    stadsdelen = []
    for row in read_csv(src / "stadsdelen.csv"):
        sid = slug(row["name"])
        adres, adres_bron = KANTOREN.get(sid, (None, None))
        stadsdelen.append({"id": sid, "naam": row["name"], "code": row["code"] or None,
                           "gemeente": GEMEENTE, "kantoor": adres, "status": "actief",
                           "bron": SRC_SOURCES + " §1" + (f"; kantoor: {adres_bron}" if adres_bron else
                                                           "; kantooradres niet gevonden (§6)")})
    write(out, "stadsdelen", stadsdelen, "id")
    by_name = {s["naam"]: s["id"] for s in stadsdelen}

    wijken = []
    for row in read_csv(src / "wijken.csv"):
        code = row["wijk_code"]
        naam = re.sub(r"^Wijk \d+ ", "", row["wijk_name"])
        rec = {"code": code, "naam": naam, "cbs_naam": row["wijk_name"], "gemeente": GEMEENTE,
               "stadsdeel": by_name.get(row["stadsdeel"]), "stadsdeel_bevestigd": True,
               "aliassen": WIJK_ALIASES.get(code, []), "status": "actief",
               "bron": SRC_SOURCES + " §2 (CBS WijkEenzaamheid2016, indeling 2016)"}
        if code == "WK051837":
            rec.update(stadsdeel="centrum", stadsdeel_bevestigd=False, status="onbevestigd",
                       bron=rec["bron"] + "; stadsdeel Centrum onbevestigd: geen bron, alleen "
                       "bevolkingscijfers CBS 84583NED wijzen op Centrum (SOURCES.md §2)")
        wijken.append(rec)
    write(out, "wijken", wijken, "code")

    buurten = [{"code": r["buurt_code"], "naam": r["buurt_name"], "wijk": r["wijk_code"],
                "status": "actief", "bron": SRC_SOURCES + " §3 (CBS 85984NED, indeling 2024)"}
               for r in read_csv(src / "buurten.csv")]
    write(out, "buurten", buurten, "code")

    write(out, "postcodes", postcode_records(src), "id")
    write_pc4_gemeenten(src.parent / "nl" / "pc4_gemeente_2024.csv", out)

    organisaties = []
    for r in read_csv(src / "organisaties.csv"):
        organisaties.append({"id": slug(r["naam"]), "naam": r["naam"],
                             "stadsdeel": by_name[r["stadsdeel"]],
                             "wijken": [c for c in r["wijk_codes"].split("|") if c],
                             "aliassen": [], "status": "actief",
                             "bron": SRC_REPORT + "; wijk: " + r["basis"]})
    write(out, "organisaties", organisaties, "id")

    write(out, "diensten", [{"id": d, "naam": n, "soort": s, "status": "actief",
                             "bron": SRC_REPORT if s == "gemeente" and d != "GEMEENTE" else
                             ("gemeente Den Haag" if d == "GEMEENTE" else SRC_REPORT + " (partner)")}
                            for d, n, s in DIENSTEN], "id")
    write(out, "themas", thema_records(), "id")

    themas_of = {d: [t for t, _, dd, _ in THEMAS if dd == d] for d, _, _ in DIENSTEN}
    cps = []
    for s in stadsdelen:
        sid, naam = s["id"], s["naam"]
        cps.append(contactpunt(f"{sid}-centraal-aanspreekpunt", "centraal aanspreekpunt stadsdeel",
                               "DPZ", [sid], ["*"], 1,
                               SRC_REPORT + " (zaal groen: 'Eén centraal aanspreekpunt voor BO's vanuit het stadsdeel'); "
                               "DPZ beheert de stadsdeelorganisaties: " + SRC_TAKEN,
                               adres=s["kantoor"], status="onbevestigd"))
        for d in ("DSO", "DSB"):
            cps.append(contactpunt(f"{sid}-gebiedsregisseur-{d.lower()}", f"gebiedsregisseur {d}", d,
                                   [sid], themas_of[d], 1,
                                   SRC_REPORT + f" (zaal blauw: '{d} gebiedsregisseur (1ste cp)'); thema's: " + SRC_TAKEN,
                                   status="onbevestigd"))
        cps.append(contactpunt(f"{sid}-stadsdeeldirecteur", "stadsdeeldirecteur", "DPZ", [sid], ["*"], 2,
                               SRC_REPORT + " (zaal groen: 'stadsdeeldirecteuren'); escalatie na geen antwoord",
                               status="onbevestigd"))
    cps.append(contactpunt("gemeente-14070", "algemeen nummer gemeente Den Haag", "GEMEENTE", [GEMEENTE],
                           ["*"], 1, SRC_SOURCES + " §6 (denhaag.nl: 'door te bellen met 14070')",
                           telefoon="14070"))
    cps.append(contactpunt("politie-algemeen", "politie (geen spoed)", "POLITIE", [GEMEENTE],
                           ["veiligheid-en-overlast"], 1,
                           "shared/data/README.md: 'the police's general number 0900-8844 is public'",
                           telefoon="+319008844"))  # 0900-8844, stored E.164 as validate.py does
    cps.append(contactpunt("welzijnsorganisatie", "welzijnsorganisatie in de wijk", "WELZIJN", [GEMEENTE],
                           ["welzijn"], 1, SRC_REPORT + " (partners: welzijnsorganisaties); kanaal onbekend"))
    cps.append(contactpunt("wijkmedia", "wijkmedia (wijkkrant, wijkwebsite)", "WIJKMEDIA", [GEMEENTE],
                           ["communicatie"], 1, SRC_REPORT + " (zaal geel: 'meer gebruikmaken van wijkmedia'); kanaal onbekend"))
    write(out, "contactpunten", cps, "id")
    channels.add_to(out, src, write)
    write(out, "bijeenkomsten", bijeenkomsten(organisaties, DIENSTEN), "id")


def bijeenkomsten(organisaties: list[dict], diensten) -> list[dict]:
    """The two city-wide meetings the report names (issue #15), nothing more.

    16 October 2024: date, 19:30-22:30, Het Koorenhuis, the 25 organisations
    and the six diensten are all in the report. 17 April 2024: the report
    names only the date ("de eerdere bijeenkomst van 17 april", the year
    follows from "eerdere") and its topic; its time, place and participants
    are not in it, so they are left unknown rather than copied from October.
    """
    gemeentelijk = [d for d, _n, s in diensten if s == "gemeente" and d != "GEMEENTE"]
    base = {"gebied": GEMEENTE, "herhaling": None, "herhaal_tot": None, "status": "actief"}
    return [
        dict(base, id="2024-04-17-bijeenkomst-bewonersorganisaties",
             titel="Bijeenkomst voor alle bewonersorganisaties en verenigingen van Den Haag",
             start="2024-04-17", duur_minuten=None, plaats=None, organisaties=[], diensten=[],
             opmerking=("onderwerp: 'samenwerking met en informatievoorziening vanuit de gemeente'; "
                        "tijd, plaats en deelnemers staan niet in het verslag"),
             bron=SRC_REPORT + " (uitnodiging: 'navolging op de eerdere bijeenkomst van 17 april')"),
        dict(base, id="2024-10-16-inspiratiebijeenkomst-haagse-bewonersorganisaties",
             titel="Inspiratiebijeenkomst voor Haagse bewonersorganisaties",
             start="2024-10-16T19:30", duur_minuten=180, plaats="Het Koorenhuis",
             organisaties=sorted(o["id"] for o in organisaties), diensten=gemeentelijk,
             opmerking=("5 subthema's: communicatie, participatie, transparantie, samenwerken "
                        "bewonersorganisaties en gemeente, wederzijdse verwachtingen"),
             bron=SRC_REPORT + " (kop, uitnodiging en deelnemerslijst)"),
    ]


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "shared/data/denhaag", here / "data")
