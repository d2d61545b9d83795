"""The public channels residents actually use, per thema (issue #11).

Called by ``build_data.py`` after it has written ``data/``: reads
``kanalen_per_thema.csv`` (98 rows, sources in ``KANALEN_SOURCES.md``, both in
``shared/data/denhaag/``) and adds them to ``data/contactpunten.json`` as
contactpunten of their own - a desk, form, page or outlet with its own channels,
never the channel of another role (the afvalmelding form is not the
gebiedsregisseur's e-mail) - and the two partners they need to
``data/diensten.json``.

Every row of the CSV is accounted for: used by a record in :data:`DESKS` (by its
line number in the file, header = line 1) or left out in :data:`LEFT_OUT` with
the reason (HISTORICAL rows, rows whose note says the value could not be
confirmed, rows that hold no channel). The build stops when a row is neither, or
both. Channel values are read from the CSV; where a row needs a shorter or
Dutch form (a phone number out of a sentence), the replacement is written here
and must share a word or the digits with the row. Each record gets ``status:
onbevestigd``, a ``bron`` naming every source with its date, and ``bron_datum``:
the oldest dated source (``wijkwijzer check`` lists it as *te controleren*
when that is over two years old). ``dienst`` is the department a source names;
otherwise GEMEENTE (Gemeente Den Haag, department unknown).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wijkwijzer.channels import normalize_email, normalize_phone  # noqa: E402
from wijkwijzer.dataset import load_bundled  # noqa: E402
from wijkwijzer.staff.validate import Refs, validate_record  # noqa: E402

CSV_NAME = "kanalen_per_thema.csv"
CITE = "shared/data/denhaag/kanalen_per_thema.csv (bronnen: KANALEN_SOURCES.md)"
GM = "GM0518"
SOURCE = "bron"  # a channel taken from the row's source address instead of its value

#: partners the channels belong to (id, naam, line of the source)
PARTNERS = [("BOMENSTICHTING", "Bomenstichting Den Haag", 26),
            ("SCHULDHULPROUTE", "Nederlandse Schuldhulproute (landelijk)", 71)]

WIJKAGENDA = ["participatie", "leefbaarheid", "communicatie"]  # "wijkagenda" is a synonym of leefbaarheid
# A web page about a wijkagenda informs; it is no one to ask about a subsidy or an initiative
# (QA: 'who centrum subsidie' led with the Centrum wijkagenda page, not the Subsidiebureau).
WIJKAGENDA_PAGE = ["leefbaarheid"]
WIJKMEDIA = ["communicatie"]  # the outlets; a newspaper is no first contact for a subsidy


@dataclass
class Desk:
    """One contactpunt built from CSV rows. ``kanalen`` maps a channel to a line
    number, or to ``(line, value)`` where the value needs another form, or to
    ``(line, SOURCE)`` for the row's source address; ``rows`` are further lines
    that only support the record (their sources go into ``bron``)."""

    id: str
    rol: str
    dienst: str
    gebied: list[str]
    themas: list[str]
    soort: str
    kanalen: dict
    rows: tuple[int, ...] = ()
    opmerking: str | None = None
    reactietermijn: int | None = None


M, A = "melding", "aanspreekpunt"
DESKS = [
    # -- openbare ruimte: melden, afval, bomen
    Desk("gemeente-afvalmelding", "afvalmelding: zwerfvuil, bijplaatsing, grofvuil op straat (online formulier "
         "of MyCleanCity-app)", "GEMEENTE", [GM], ["openbare-ruimte"], M, {"web": 2}, rows=(3, 4),
         opmerking="Alle meldingen komen in één centraal meldsysteem (persbericht 1 oktober 2021). Korte link "
         "zoals in het artikel; of de app nog gebruikt wordt is niet gecontroleerd."),
    Desk("gemeente-meldpunt-graffiti", "Meldpunt Graffiti: graffiti, posters en stickers op uw pand gratis "
         "laten verwijderen", "DPZ", [GM], ["openbare-ruimte"], M,
         {"web": 8, "adres": 9, "telefoon": (11, "070 353 46 05"), "email": 12},
         opmerking="Eenmalig toestemming geven (formulier met DigiD, of per post zonder postzegel), daarna "
         "melden; schoonmaak binnen 5 werkdagen na de melding. Huurt u van een corporatie: meld het de "
         "verhuurder. Graffiti in de openbare ruimte: een gewone melding bij de gemeente."),
    Desk("gemeente-grofvuil-ophalen", "grofvuil en groot tuinafval gratis laten ophalen (afspraak; alleen "
         "inwoners)", "GEMEENTE", [GM], ["openbare-ruimte"], M, {"web": 13, "telefoon": (14, "14070")},
         opmerking="Zet het op de afspraakdag op de stoep voor uw woning. Engelstalige pagina; het nummer "
         "14070 voor een afspraak komt uit een bericht van een bewonersorganisatie (2017)."),
    Desk("afvalbrengstation-binckhorst", "afvalbrengstation Binckhorst (alleen hier ook tuinafval)", "GEMEENTE",
         [GM], ["openbare-ruimte"], A, {"adres": 15, "openingstijden": 18, "web": (15, SOURCE)},
         opmerking="Afvalpas nodig."),
    Desk("afvalbrengstation-zichtenburg", "afvalbrengstation Zichtenburg (Loosduinen)", "GEMEENTE", [GM],
         ["openbare-ruimte"], A, {"adres": 16, "openingstijden": 18, "web": (16, SOURCE)},
         opmerking="Afvalpas nodig."),
    Desk("afvalbrengstation-centrum", "afvalbrengstation Centrum", "GEMEENTE", [GM], ["openbare-ruimte"], A,
         {"adres": 17, "openingstijden": 18, "web": (17, SOURCE)}, opmerking="Afvalpas nodig."),
    Desk("gemeente-huisvuil", "huisvuil: afvalkalender, volle of kapotte container melden, minicontainer "
         "bestellen of inleveren", "GEMEENTE", [GM], ["openbare-ruimte"], M, {"web": 19}, rows=(20,),
         opmerking="Kort adres: denhaag.nl/afval. Minicontainer uiterlijk 07.45 uur aan de weg, vanaf "
         "22.00 uur de avond ervoor."),
    Desk("gemeente-ondergrondse-containers", "ondergrondse restafvalcontainers (ORAC): informatie en vragen",
         "GEMEENTE", [GM], ["openbare-ruimte"], A, {"web": 21, "email": 22},
         opmerking="Het e-mailadres komt uit een bericht van een bewonersorganisatie (2017) en kan "
         "verouderd zijn. Grofvuil hoort niet bij de container: naar een afvalbrengstation of op afspraak."),
    Desk("gemeente-onveilige-boom", "zwakke of onveilige boom melden (gratis)", "GEMEENTE", [GM],
         ["openbare-ruimte"], M, {"web": 25}, reactietermijn=3,
         opmerking="Behandeling binnen 3 werkdagen."),
    Desk("gemeente-kapvergunning", "omgevingsvergunning om een boom te kappen: regels, aanvragen via het "
         "landelijke Omgevingsloket", "GEMEENTE", [GM], ["openbare-ruimte", "bouwen-en-wonen"], M, {"web": 24},
         opmerking="Broedseizoen 15 maart tot 15 juli; lees de actuele regels op de pagina."),
    Desk("bomenstichting-kapvergunningen", "Bomenstichting Den Haag: overzicht van aangevraagde "
         "kapvergunningen per buurt", "BOMENSTICHTING", [GM], ["openbare-ruimte"], A, {"web": 26},
         opmerking="Een maatschappelijke organisatie, niet de gemeente."),
    # -- verkeer en parkeren
    Desk("gemeente-parkeervergunning", "parkeervergunning voor bewoners online aanvragen (DigiD, of zonder "
         "DigiD met BSN; hoogstens 3 per adres)", "GEMEENTE", [GM], ["verkeer-en-parkeren"], M, {"web": 27}),
    Desk("gemeente-parkeervergunning-balie", "parkeervergunning aan de balie (op afspraak)", "GEMEENTE", [GM],
         ["verkeer-en-parkeren"], A,
         {"web": 28, "adres": (28, "stadskantoor Centrum of stadskantoor Escamp (op afspraak; contant of pin)")}),
    Desk("gemeente-verkeerslichten", "kapot verkeerslicht of onveilige verkeerssituatie melden", "GEMEENTE",
         [GM], ["verkeer-en-parkeren"], M, {"web": 29},
         opmerking="De pagina zegt: meld dit bij de gemeente. Een apart verkeersmeldpunt is niet gevonden."),
    # -- participatie, subsidie, buurtfeest
    Desk("gemeente-activiteitensubsidie", "activiteitensubsidie voor het stadsdeel aanvragen (straat tot "
         "€ 750, buurt tot € 1.500, wijk tot € 5.000; past bij de wijkagenda)", "GEMEENTE", [GM],
         ["participatie"], M, {"web": 31},
         opmerking="Boven € 750 via een vereniging of stichting; het stadsdeelkantoor helpt er een te "
         "vinden."),
    Desk("gemeente-centraal-subsidiebureau", "Centraal Subsidiebureau (basissubsidie voor "
         "bewonersorganisaties, activiteitensubsidie)", "GEMEENTE", [GM], ["participatie"], A,
         {"email": 32, "adres": 33, "web": 34},
         opmerking="Basissubsidie: pdf-formulier per e-mail of per post; het bedrag hangt af van het aantal "
         "inwoners van de wijk."),
    Desk("gemeente-buurtfeest-melden", "buurtfeest of straatfeest melden (klein evenement: tot 250 bezoekers, "
         "10.00-23.00 uur, minstens 8 weken vooraf, gratis)", "GEMEENTE", [GM], ["participatie"], M,
         {"web": 38, "telefoon": 39}),
    Desk("gemeente-evenementvergunning", "vergunning voor een evenement met 250 tot 25.000 bezoekers "
         "aanvragen", "GEMEENTE", [GM], ["participatie", "onderwijs-cultuur-sport"], M, {"web": 40}),
    Desk("gemeente-haags-samenspel", "Haags Samenspel: meedenken over participatie bij de gemeente",
         "GEMEENTE", [GM], ["participatie", "gebiedsontwikkeling"], A, {"email": 47}),
    Desk("gemeente-doe-mee", "Doe mee Den Haag: participatieplatform van de gemeente", "GEMEENTE", [GM],
         ["participatie", "gebiedsontwikkeling"], A, {"web": 48}),
    # -- bouwen, plannen, bezwaar
    Desk("gemeente-omgevingsvergunning", "omgevingsvergunning aanvragen (eerst de Vergunningcheck in het "
         "Omgevingsloket)", "GEMEENTE", [GM], ["bouwen-en-wonen"], M, {"web": 42}),
    Desk("gemeente-spreekuur-projectinspecteur", "gratis telefonisch spreekuur met een projectinspecteur "
         "(Vergunningen en Toezicht), op afspraak", "GEMEENTE", [GM], ["bouwen-en-wonen"], A,
         {"telefoon": (43, "070 353 4340")}),
    Desk("gemeente-informatiecentrum", "Den Haag Informatiecentrum: ontwerpplannen inzien", "GEMEENTE", [GM],
         ["gebiedsontwikkeling", "bouwen-en-wonen"], A, {"adres": 44, "openingstijden": 45},
         opmerking="Volgens een kennisgeving van 2019 toen ma-vr 9-16 uur en do 16-20 uur op afspraak."),
    Desk("gemeente-bezwaar", "bezwaar maken tegen een besluit van de gemeente", "GEMEENTE", [GM], ["bestuur"],
         M, {"adres": (49, "t.a.v. AWB/bezwaar, Postbus 12 600, 2500 DJ Den Haag"),
             "web": (49, "www.denhaag.nl/bezwaar")},
         opmerking="Richt het bezwaar aan wie besloot (burgemeester of college), zoals de bekendmaking zegt."),
    # -- burgerzaken
    Desk("gemeente-paspoort-id", "paspoort en ID-kaart aanvragen (balie, op afspraak)", "GEMEENTE", [GM],
         ["burgerzaken"], A, {"adres": (50, "Stadhuis (Spui) of stadsdeelkantoor Leyweg, op afspraak")},
         opmerking="Ophalen na een week zonder afspraak; spoedaanvraag vóór 14.00 uur is na 2 werkdagen "
         "klaar (extra kosten)."),
    Desk("gemeente-verhuizing", "verhuizing doorgeven (online met DigiD, 4 weken vóór tot 5 dagen na de "
         "verhuizing)", "DPZ", [GM], ["burgerzaken"], M, {"web": 54}, rows=(55,),
         opmerking="Per post: Gemeente Den Haag, DPZ/KCC Unit Beheer en Verstrekkingen, Afdeling "
         "Adreswijziging, Postbus 12620 (postcode niet bekend)."),
    # -- overlast
    Desk("scheveningen-meldpunt-overlast", "Meldpunt Overlast Scheveningen", "GEMEENTE", ["scheveningen"],
         ["veiligheid-en-overlast"], M,
         {"web": 57, "telefoon": (58, "14070"), "openingstijden": 59, "email": 60},
         opmerking="Bellen: 14070, keuzemenu optie overlast Scheveningen. Proef sinds 2021; of het meldpunt "
         "nog bestaat is niet gecontroleerd."),
    # -- welzijn, werk en inkomen
    Desk("gemeente-team-eenzaamheid", "team eenzaamheid van de gemeente ('Met z'n allen niet alleen')",
         "GEMEENTE", [GM], ["welzijn"], A, {"email": 64, "web": (64, "www.ehbe.nl")}),
    Desk("gemeente-wmo-aanvragen", "Wmo-ondersteuning aanvragen (onder meer met een digitaal formulier; de "
         "gemeente belt terug, advies binnen ongeveer 6 weken)", "GEMEENTE", [GM], ["welzijn"], M, {"web": 65}),
    Desk("servicepunt-xl", "Servicepunten XL: wijkcentra voor vragen over zorg en Wmo, wonen, jeugd, werk en "
         "welzijn (online met chat)", "WELZIJN", [GM], ["welzijn", "werk-en-inkomen"], A,
         {"web": (66, "www.servicepuntxl.nl")}, rows=(67,),
         opmerking="13 wijkcentra; adressen en openingstijden niet gevonden, huidige stand niet gecontroleerd."),
    Desk("sociale-zaken-internethoek", "internethoek van Sociale Zaken in het Stadhuis: hulp bij digitaal "
         "aanvragen (onder meer Wmo)", "SZW", [GM], ["welzijn", "werk-en-inkomen"], A,
         {"adres": (68, "Stadhuis (Spui)"), "openingstijden": 68},
         opmerking="Volgens Haag Wonen ook in sommige stadsdeelkantoren."),
    Desk("hulplijn-geldzorgen", "landelijke hulplijn bij geldzorgen (gratis en anoniem)", "SCHULDHULPROUTE",
         [GM], ["werk-en-inkomen"], A, {"telefoon": (71, "0800-8115")}),
    Desk("sociale-zaken-fruitweg", "dienstverlening Sociale Zaken (balie)", "SZW", [GM], ["werk-en-inkomen"], A,
         {"adres": (72, "Fruitweg (huisnummer onbekend), Den Haag")}),
    # -- stadsdelen
    Desk("laak-stadsdeel-email", "stadsdeel Laak (algemeen e-mailadres)", "GEMEENTE", ["laak"], ["*"], A,
         {"email": 78}),
    Desk("scheveningen-wijkagendas-email", "stadsdeel Scheveningen: meedoen met de wijkagenda's", "GEMEENTE",
         ["scheveningen"], WIJKAGENDA, A, {"email": 79}),
    # -- wijkagenda's
    Desk("gemeente-wijkagenda", "wijkagenda: voor iedere wijk een plan (uitleg)", "GEMEENTE", [GM], WIJKAGENDA_PAGE,
         A, {"web": 80}),
    Desk("centrum-wijkagendas", "wijkagenda's stadsdeel Centrum", "GEMEENTE", ["centrum"], WIJKAGENDA_PAGE, A,
         {"web": 81}),
    Desk("haagse-hout-wijkagendas", "wijkprogramma's en wijkagenda's Haagse Hout", "GEMEENTE", ["haagse-hout"],
         WIJKAGENDA_PAGE, A, {"web": 82}),
    Desk("moerwijk-wijkagenda", "wijkagenda Moerwijk 2020-2024", "GEMEENTE", ["WK051836"], WIJKAGENDA_PAGE, A,
         {"web": 83}),
    Desk("bouwlust-vrederust-wijkagenda", "wijkagenda Bouwlust en Vrederust 2021-2025", "GEMEENTE",
         ["WK051833"], WIJKAGENDA_PAGE, A, {"web": 84}),
    Desk("laak-centraal-wijkagenda", "wijkagenda Laak Centraal 2020-2024", "GEMEENTE", ["laak"], WIJKAGENDA_PAGE, A,
         {"web": 85}, opmerking="Laak Centraal is geen CBS-wijk; daarom voor het hele stadsdeel Laak."),
    Desk("laakhavens-wijkagenda", "wijkagenda Laakhavens 2023-2027", "GEMEENTE", ["WK051838"], WIJKAGENDA_PAGE, A,
         {"web": 86}, opmerking="De CBS-buurten Laakhaven-Oost en -West liggen in wijk Laakkwartier en Spoorwijk."),
    Desk("duinoord-scheveningen-wijkagendas", "wijkagenda's Duinoord en Scheveningen-Dorp (2021-2024)",
         "GEMEENTE", ["WK051811", "WK051807"], WIJKAGENDA_PAGE, A, {"web": 87}),
    # -- media
    Desk("den-haag-fm", "Den Haag FM (lokale omroep)", "WIJKMEDIA", [GM], ["communicatie"], A,
         {"web": (89, "denhaagfm.nl")}),
    Desk("omroep-west", "Omroep West (regionale omroep)", "WIJKMEDIA", [GM], ["communicatie"], A,
         {"web": (90, "omroepwest.nl")}),
    Desk("de-scheveninger", "De Scheveninger (huis-aan-huisblad)", "WIJKMEDIA", ["scheveningen", "segbroek"],
         WIJKMEDIA, A, {"web": (91, "issuu.com/descheveninger")}),
    Desk("de-zuidwesterkrant", "De ZuidwesterKrant (huis-aan-huisblad, Haag Media)", "WIJKMEDIA", ["escamp"],
         WIJKMEDIA, A, {"email": (92, "redactie@haagmedia.nl")}),
    Desk("like-je-wijk-ypenburg", "Like je wijk Ypenburg (wijksite)", "WIJKMEDIA", ["WK051842"], WIJKMEDIA, A,
         {"web": 94}),
    Desk("bezuidenhout-nl", "bezuidenhout.nl (wijksite Bezuidenhout)", "WIJKMEDIA", ["WK051826"], WIJKMEDIA, A,
         {"web": 96}),
    Desk("the-hague-online", "The Hague Online (Engelstalig stadsnieuws)", "WIJKMEDIA", [GM], ["communicatie"], A,
         {"web": (98, "thehagueonline.com")}),
    Desk("070online", "070online (stadsnieuws)", "WIJKMEDIA", [GM], ["communicatie"], A, {"web": 99}),
]

HISTORICAL = "HISTORICAL: oude pagina, alleen een aanwijzing"
#: line -> why the row is not in the data
LEFT_OUT = {
    5: "achtergrond uit 2020 over de meldkanalen van toen; BuitenBeter is geen kanaal van de gemeente",
    6: HISTORICAL,
    7: "alleen een aanwijzing uit een prototype (LEAD ONLY); de pagina is niet gelezen",
    10: "alleen 14070, dat al in de gegevens staat; de weekendinstructie is afgebroken",
    23: HISTORICAL,
    30: "het webadres van het formulier is niet gevonden",
    35: "een regeling (subsidieplafonds per stadsdeel), geen kanaal",
    36: "een regeling, geen kanaal",
    37: "een verslag over de beleidsnota, geen kanaal",
    41: "eenmalige regeling van zomer 2021",
    46: "vervangen: sinds 2024 staat het omgevingsplan in het landelijke Omgevingsloket (niet gelezen)",
    51: "geen adres of ander kanaal in het bericht",
    52: "alleen 14070, dat al in de gegevens staat",
    53: HISTORICAL,
    56: "politie 0900-8844 staat al in de gegevens (politie-algemeen); 112 is het alarmnummer",
    61: "derde partij van onbekende plaats; niet bevestigd dat dit bureau in Den Haag werkt",
    62: "alleen het bestaan (ca. 2012); geen huidig kanaal gevonden",
    63: HISTORICAL,
    69: HISTORICAL,
    70: "geen kanaal gevonden",
    73: HISTORICAL,
    74: "één persoonlijke blog, onbevestigd (verify)",
    75: "aanwijzing uit een codebestand; Spui 70 staat al in de gegevens",
    76: "een nooduitgang, geen ingang voor bezoekers",
    77: "geen adressen in het bericht",
    88: "blog van de leverancier, stand na 2021 niet gecontroleerd, geen webadres",
    93: "alleen een domein uit zoekresultaten; de pagina is niet gelezen (verify)",
    95: "alleen een domein uit zoekresultaten; de pagina is niet gelezen (verify)",
    97: "persoonlijke blog",
}

_DATE = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?!\d)(?:-(\d{2})(?!\d))?)?")


def read_rows(src: Path) -> dict[int, dict]:
    """The CSV's rows by line number (header = line 1); stops on a missing column."""
    with (src / CSV_NAME).open(encoding="utf-8", newline="") as fh:
        rows = {n: r for n, r in enumerate(csv.DictReader(fh), start=2)}
    for n, r in rows.items():
        missing = [k for k in ("value", "source_url_or_repo", "source_date") if r.get(k) is None]
        if missing:
            sys.exit(f"{CSV_NAME} regel {n}: kolom {missing} ontbreekt")
    return rows


def row_date(row: dict) -> str | None:
    """The date of a row's source as stored: JJJJ, JJJJ-MM or JJJJ-MM-DD (a
    period "2020-2024" gives its first year); None when undated."""
    text = row["source_date"].strip()
    if text.lower().startswith("undated") or text.lower().startswith("c."):
        return None
    m = _DATE.search(text)
    return "-".join(p for p in m.groups() if p) if m else None


def _date_label(row: dict) -> str:
    text = row["source_date"].strip()
    return "ongedateerd" if text.lower().startswith("undated") else text.split(" (")[0]


def _value(rows: dict[int, dict], spec, channel: str, desk: str) -> str:
    line, value = (spec, None) if isinstance(spec, int) else spec
    row = rows[line]
    if value is None:
        value = row["value"].strip()
    elif value == SOURCE:
        value = row["source_url_or_repo"].strip()
    else:  # a shorter or Dutch form: it must share a word or the digits with the row
        text = " ".join((row["value"], row["what"], row["notes"])).lower()
        words = [w for w in re.findall(r"\w{5,}", value.lower()) if not w.isdigit()]
        digits = re.sub(r"\D", "", value)
        if not (value.lower() in text or any(w in text for w in words)
                or (digits and digits in re.sub(r"\D", "", row["value"]))):
            sys.exit(f"{desk}: '{value}' ({channel}) komt niet uit regel {line}: {row['value']!r}")
    if channel == "telefoon":
        return normalize_phone(value)
    if channel == "email":
        return normalize_email(value)
    return value


def _lines(desk: Desk) -> list[int]:
    lines = [spec if isinstance(spec, int) else spec[0] for spec in desk.kanalen.values()]
    return sorted(set(lines) | set(desk.rows))


def _bron(rows: dict[int, dict], lines: list[int]) -> str:
    sources: dict[str, list[str]] = {}
    for line in lines:
        label = _date_label(rows[line])
        dates = sources.setdefault(rows[line]["source_url_or_repo"].strip(), [])
        if label not in dates:
            dates.append(label)
    cited = "; ".join(f"{url} ({', '.join(dates)})" for url, dates in sources.items())
    return f"{CITE}, regel {', '.join(map(str, lines))}: {cited}"


def _oldest(rows: dict[int, dict], lines: list[int]) -> str | None:
    dates = [d for d in (row_date(rows[n]) for n in lines) if d]
    return min(dates, key=lambda d: tuple(int(p) for p in d.split("-"))) if dates else None


def contactpunt(desk: Desk, rows: dict[int, dict]) -> dict:
    """The contactpunt record of *desk* (not yet validated)."""
    kanalen = {ch: None for ch in ("email", "telefoon", "adres", "web", "openingstijden")}
    for channel, spec in desk.kanalen.items():
        kanalen[channel] = _value(rows, spec, channel, desk.id)
    lines = _lines(desk)
    return {"id": desk.id, "rol": desk.rol, "dienst": desk.dienst, "gebied": desk.gebied,
            "themas": desk.themas, "niveau": 1, "soort": desk.soort, "kanalen": kanalen, "persoon": None,
            "reactietermijn_werkdagen": desk.reactietermijn, "geverifieerd_op": None,
            "status": "onbevestigd", "bron": _bron(rows, lines), "bron_datum": _oldest(rows, lines),
            "opmerking": desk.opmerking}


def check_accounted(rows: dict[int, dict]) -> None:
    """Stop unless every row is used by a desk or left out - and not both."""
    used = {n for desk in DESKS for n in _lines(desk)}
    problems = [f"regel {n} staat in DESKS en LEFT_OUT" for n in sorted(used & set(LEFT_OUT))]
    problems += [f"regel {n} is niet verwerkt" for n in sorted(set(rows) - used - set(LEFT_OUT))]
    problems += [f"regel {n} bestaat niet" for n in sorted((used | set(LEFT_OUT)) - set(rows))]
    if problems:
        sys.exit(f"{CSV_NAME}: " + "; ".join(problems))


def add_to(out: Path, src: Path, write) -> None:
    """Add the channels to the dataset in *out* that build_data.py has just
    written from *src*: the partners to diensten, the channels to
    contactpunten, and to every contactpunt its ``soort`` and ``bron_datum``
    (existing ones: aanspreekpunt, undated). *write* is build_data's
    ``write(out, name, records, key)``. Each new record is validated as
    ``contactpunt add`` would; the build stops on the first invalid one."""
    rows = read_rows(src)
    check_accounted(rows)
    data = load_bundled(out)
    data["diensten"] += [{"id": d, "naam": naam, "soort": "partner", "status": "actief",
                          "bron": f"{CITE}, regel {line}: {rows[line]['source_url_or_repo']}"}
                         for d, naam, line in PARTNERS]
    refs = Refs(data)
    added = [validate_record("contactpunten", contactpunt(desk, rows), refs) for desk in DESKS]
    existing = [dict({"soort": "aanspreekpunt", "bron_datum": None}, **cp) for cp in data["contactpunten"]]
    taken = {cp["id"] for cp in existing}
    clash = [cp["id"] for cp in added if cp["id"] in taken]
    if clash:
        sys.exit(f"ids bestaan al: {clash}")
    write(out, "diensten", data["diensten"], "id")
    write(out, "contactpunten", existing + added, "id")


if __name__ == "__main__":  # a summary of what the CSV gives
    here = Path(__file__).resolve().parent.parent
    rows = read_rows(Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "shared/data/denhaag")
    check_accounted(rows)
    print(json.dumps({"regels": len(rows), "contactpunten": len(DESKS), "weggelaten": len(LEFT_OUT)}))
