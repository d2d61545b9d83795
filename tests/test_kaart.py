"""`wijkwijzer kaart [PLAATS]` and `export --format html` without a browser (#14).

The kaart must never disagree with `who`; personal data never appears on it;
hostile text stays inert on a terminal, a pipe and in the HTML page.
"""

from __future__ import annotations

import json
import re

import pytest
from tinydb import Query

from wijkwijzer.env import Env
from wijkwijzer.store.database import Store

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> \x1b[31mrood \u202eevil'
PERSON = {"naam": "Test Testpersoon", "email": "test@example.org", "telefoon": "+31701234567"}


def add(path, kind: str, record: dict) -> None:
    with Store(path).write() as db:
        db.table(kind).insert(record)


def set_fields(path, kind: str, record_id: str, **fields) -> None:
    with Store(path).write() as db:
        assert db.table(kind).update(fields, Query().id == record_id)


@pytest.fixture
def db(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0  # creates the database from the bundled data
    return isolated_db


WIJKAGENT = {"id": "wijkagent-zeeheldenkwartier", "rol": "wijkagent Zeeheldenkwartier", "dienst": "POLITIE",
             "gebied": ["WK051822"], "themas": ["veiligheid-en-overlast"], "niveau": 1, "status": "actief",
             "kanalen": {"web": "https://www.politie.nl/mijn-buurt"}, "bron": "test", "persoon": None,
             "geverifieerd_op": None, "reactietermijn_werkdagen": None, "opmerking": None}


@pytest.mark.parametrize("place", ["zeehelden", "Centrum", "Laak", "WK051829", "2531", "Den Haag", "kortenbos"])
def test_first_contact_and_escalation_per_thema_are_those_of_who(place):
    from wijkwijzer.dataset import load_bundled
    from wijkwijzer.lookup.directory import Directory, who
    from wijkwijzer.lookup.kaart import kaart

    d = Directory(load_bundled())
    (area,) = kaart(d, place)["gebieden"]
    assert len(area["themas"]) == 13
    for row in area["themas"]:
        chain = who(d, place, row["thema"]["id"])["contactpunten"]
        assert row["eerste"]["id"] == chain[0]["id"], row["thema"]
        assert [c["id"] for c in row["escalatie"]] == [c["id"] for c in chain if c["positie"] == "escalatie"]
        assert row["algemeen"] == ("*" in d.by_id["contactpunten"][chain[0]["id"]]["themas"])


def test_kaart_of_an_organisation_names_the_dsb_regisseur_for_trees_and_where_to_start(cli_json, db):
    kaart = cli_json("kaart", "zeehelden")
    assert kaart["gevonden"]["id"] == "bewonersorganisatie-zeeheldenkwartier"
    row = next(r for r in kaart["gebieden"][0]["themas"] if r["thema"]["id"] == "openbare-ruimte")
    assert row["eerste"]["rol"] == "gebiedsregisseur DSB"
    assert row["eerste"]["kanaal"] == "nog geen kanaal bekend"
    assert row["bereikbaar"]["id"] == "centrum-centraal-aanspreekpunt"
    assert [c["rol"] for c in row["escalatie"]] == ["stadsdeeldirecteur"]
    dsb = next(d for d in kaart["diensten"] if d["id"] == "DSB")
    assert dsb["themas"] == [{"id": "openbare-ruimte", "naam": "openbare ruimte"}]
    assert "gebiedsregisseur DSB" in dsb["rollen"]


def test_kaart_without_place_is_the_whole_city(cli_json, db):
    kaart = cli_json("kaart")
    assert kaart["gevonden"] is None
    assert [a["id"] for a in kaart["gebieden"]] == ["centrum", "escamp", "haagse-hout", "laak",
                                                     "leidschenveen-ypenburg", "loosduinen", "scheveningen",
                                                     "segbroek"]
    wide = {c["id"]: c for c in kaart["stadsbreed"]}
    assert wide["gemeente-14070"]["kanaal"] == "tel. 14070"
    assert {"politie-algemeen", "welzijnsorganisatie", "wijkmedia"} <= set(wide)


def test_kaart_on_a_pipe_is_plain_text_with_who_does_what(cli, db):
    result = cli("kaart", "Centrum")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# De kaart: stadsdeel Centrum\n")
    assert "\x1b" not in out
    line = next(x for x in out.splitlines() if x.startswith("openbare ruimte\t"))
    assert line.split("\t")[1:] == ["gebiedsregisseur DSB (DSB)", "nog geen kanaal bekend"]
    assert "Geen kanaal bekend? Begin bij centraal aanspreekpunt stadsdeel (adres Stadhuis, Spui 70" in out
    assert "Daarna (escalatie, voor elk thema): stadsdeeldirecteur (DPZ)." in out
    assert "Altijd bereikbaar: algemeen nummer gemeente Den Haag, tel. 14070" in out
    assert "Dienst Stadsbeheer (DSB)\topenbare ruimte" in out


def test_kaart_of_the_city_groups_the_stadsdelen(cli, db):
    out = cli("kaart").stdout
    line = next(x for x in out.splitlines() if x.startswith("openbare ruimte\t"))
    assert line.split("\t")[1:3] == ["gebiedsregisseur DSB (DSB)", "alle 8"]
    assert "## Stadsdelen" in out and "## Voor de hele stad" in out
    assert "verschilt per stadsdeel: wijkwijzer kaart STADSDEEL" in out


def test_kaart_on_a_terminal_is_a_rich_table(cli, db, monkeypatch):
    import io

    monkeypatch.setenv("COLUMNS", "100")
    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), is_tty=True)
    assert cli("kaart", "zeehelden", env=env).exit_code == 0
    out = env.stdout.getvalue()
    assert "De kaart: organisatie Bewonersorganisatie Zeeheldenkwartier" in out
    assert "Wie doet wat" in out and "gebiedsregisseur DSB (DSB)" in out
    assert max(len(x) for x in out.splitlines()) <= 100


def test_a_wijk_contact_leads_for_its_wijk_and_is_listed_for_its_stadsdeel(cli, cli_json, db):
    add(db, "contactpunten", WIJKAGENT)
    row = next(r for r in cli_json("kaart", "zeehelden")["gebieden"][0]["themas"]
               if r["thema"]["id"] == "veiligheid-en-overlast")
    assert row["eerste"]["id"] == WIJKAGENT["id"]
    centrum = cli_json("kaart", "Centrum")["gebieden"][0]
    assert [c["id"] for c in centrum["wijkcontacten"]] == [WIJKAGENT["id"]]
    assert "## Alleen voor één wijk" in cli("kaart", "Centrum").stdout


def test_unknown_place_is_one_sentence_and_exit_1(cli, db):
    result = cli("kaart", "nergenshuizen")
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: Geen organisatie, wijk, buurt, stadsdeel of postcode gevonden")
    assert "Traceback" not in result.stderr


def test_personal_data_is_never_on_the_kaart(cli, db, tmp_path):
    set_fields(db, "contactpunten", "centrum-gebiedsregisseur-dsb", persoon=PERSON)
    assert "Testpersoon" not in cli("kaart", "Centrum", "--json").stdout
    assert "Testpersoon" not in cli("kaart", "Centrum").stdout
    out = tmp_path / "kaart.html"
    assert cli("export", "--format", "html", "--out", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "Testpersoon" not in page and "test@example.org" not in page


@pytest.fixture
def hostile(db):
    add(db, "organisaties", {"id": "kwaad", "naam": "Kwaad " + HOSTILE, "wijken": ["WK051822"],
                             "stadsdeel": "centrum", "aliassen": [], "bron": "test", "status": "actief"})
    add(db, "contactpunten", dict(WIJKAGENT, id="kwaad-cp", rol="kwaad " + HOSTILE, themas=["*"],
                                  kanalen={"adres": HOSTILE}))
    return db


@pytest.mark.parametrize("tty", [False, True])
def test_hostile_text_is_inert_on_the_kaart(cli, hostile, tty, monkeypatch):
    import io

    monkeypatch.setenv("COLUMNS", "3000")
    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), is_tty=tty)
    assert cli("kaart", "Centrum", env=env).exit_code == 0
    out = env.stdout.getvalue()
    assert "\\x1b[31mrood" in out and "\\u202eevil" in out
    assert "\x1b[31mrood" not in out and "\u202e" not in out


def page_of(cli, tmp_path, *args) -> str:
    out = tmp_path / "kaart.html"
    result = cli("export", "--format", "html", "--out", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_html_page_is_self_contained(cli, db, tmp_path):
    page = page_of(cli, tmp_path)
    assert page.startswith("<!doctype html>\n<html lang=\"nl\">")
    assert not re.search(r"""(src|href|action)\s*=\s*["']?(https?:)?//""", page)  # no other address
    assert "@import" not in page and "url(" not in page
    assert page.count("<script") == 2 and page.count("<style") == 1
    assert "default-src 'none'" in page
    assert page.count('<section class="stadsdeel"') == 8
    assert "gebiedsregisseur DSB" in page and "tel. 14070" in page


def test_the_script_hash_in_the_policy_is_that_of_the_inline_script(cli, db, tmp_path):
    import base64
    import hashlib

    page = page_of(cli, tmp_path)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page


def test_html_stadsdeel_limits_the_page(cli, db, tmp_path):
    page = page_of(cli, tmp_path, "--stadsdeel", "Laak")
    assert page.count('<section class="stadsdeel"') == 1
    assert 'id="sd-laak"' in page and "Zeeheldenkwartier" not in page


def test_html_unknown_stadsdeel_and_stadsdeel_for_other_formats_are_refused(cli, db, tmp_path):
    result = cli("export", "--format", "html", "--out", str(tmp_path / "x.html"), "--stadsdeel", "Atlantis")
    assert result.exit_code == 1 and "Geen stadsdeel 'Atlantis'" in result.stderr
    assert not (tmp_path / "x.html").exists()
    result = cli("export", "--format", "csv", "--stadsdeel", "Laak")
    assert result.exit_code == 1 and "--stadsdeel geldt alleen voor --format html" in result.stderr


def test_hostile_text_is_escaped_in_the_html(cli, hostile, tmp_path):
    page = page_of(cli, tmp_path)
    assert "<script>window.__pwned" not in page and "<img" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    index = re.search(r'<script type="application/json" id="wijkwijzer-index">(.*?)</script>', page, re.S).group(1)
    assert "<" not in index and ">" not in index
    assert json.loads(index)["contacten"]["kwaad-cp"]["rol"].startswith("kwaad <script>")
    assert "\\x1b[31mrood" in page and "\x1b" not in page and "\u202e" not in page


def test_script_json_cannot_close_its_block():
    from wijkwijzer.formats.html import script_json

    text = script_json({"a": "</script><!-- \u2028 & >"})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 & >"}
