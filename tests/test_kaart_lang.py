"""The kaart web page (`export --format html`) in the chosen language (QA: in
English its headings, labels, search help and footer stayed Dutch, and it
said ``<html lang="nl">``). Data and the domain terms stay Dutch.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tinydb import Query

from tests.test_i18n import _script
from wijkwijzer.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "wijkwijzer" / "formats" / "templates" / "kaart.html.j2"
#: the page's own Dutch words as the Dutch page shows them (each must be on it);
#: none may be on the English page
DUTCH_UI = [
    "Bij wie moet ik zijn?", "De kaart van gemeente", "Naar de inhoud", "Per stadsdeel: wie bij de gemeente",
    "Zoek op organisatie, wijk, stadsdeel, postcode en/of thema", "Bijvoorbeeld:",
    "De pagina toont alleen wat past.", "Kantoor:", "Wie doet wat: eerste aanspreekpunt per thema in",
    "Eerste aanspreekpunt", "Daarna (escalatie)", "Nog geen kanaal bekend? Begin bij",
    "Altijd bereikbaar:", "Aanspreekpunten voor één wijk", "Voor de hele stad", "Diensten en partners",
    "Partners en algemene nummers voor heel", "Welke dienst waarvoor antwoordt", "Rollen op deze kaart",
    "is de waarheid", "Gemaakt met wijkwijzer", "Deze pagina werkt zonder internet",
]
#: Dutch column headings and tags: checked as whole cells (the words occur inside data)
DUTCH_CELLS = ["Kanaal", "Rol", "Organisaties", "algemeen", "alle themas"]
#: template messages that are the same in English: only domain terms (and placeholders)
SAME_IN_ENGLISH = {"Thema", "Themas", "Wijk", "Wijken", "Dienst", "Stadsdelen", "Stadsdeel %(naam)s"}


class Texts(HTMLParser):
    """The text a person reads in a page: text nodes and the attributes a
    browser shows or reads aloud, outside <script> and <style>."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.lang = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self.texts += [v.strip() for k, v in attrs if k in ("title", "aria-label", "placeholder", "alt") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def texts_of(page: str) -> Texts:
    parser = Texts()
    parser.feed(page)
    return parser


def page_of(cli, tmp_path, *args) -> str:
    out = tmp_path / "kaart.html"
    result = cli("export", "--format", "html", "--out", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


@pytest.fixture
def db(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0
    return isolated_db


def test_the_english_page_has_none_of_the_dutch_page_words(cli, db, tmp_path):
    dutch, english = texts_of(page_of(cli, tmp_path)), texts_of(page_of(cli, tmp_path, "--lang", "en"))
    assert dutch.lang == "nl" and english.lang == "en"
    nl_text, en_text = "\n".join(dutch.texts), "\n".join(english.texts)
    for phrase in DUTCH_UI:
        assert phrase in nl_text, f"{phrase!r} is no longer on the Dutch page: update DUTCH_UI"
    for cell in DUTCH_CELLS:
        assert cell in dutch.texts, f"{cell!r} is no longer on the Dutch page: update DUTCH_CELLS"
    assert [p for p in DUTCH_UI if p in en_text] == []
    assert [c for c in DUTCH_CELLS if c in english.texts] == []
    # the same places and data: only the page's own words changed
    assert "Stadsdeel Centrum" in english.texts and "gebiedsregisseur DSB" in en_text
    assert "Who do I need? The map of gemeente Den Haag" in english.texts


def test_english_search_words_of_the_javascript(cli, db, tmp_path):
    index = re.search(r'id="wijkwijzer-index">(.*?)</script>',
                      page_of(cli, tmp_path, "--lang", "en"), re.S).group(1)
    teksten = json.loads(index)["teksten"]
    assert teksten["pc_none"] == "Postcode {pc} is not on this map. Try your wijk or organisation."
    assert teksten["first"] == "First contact"


def test_a_stadsdeel_page_in_english(cli, db, tmp_path):
    page = page_of(cli, tmp_path, "--stadsdeel", "Laak", "--lang", "en")
    assert "<title>Who do I need? The map of Den Haag – Laak</title>" in page
    assert "The map of gemeente Den Haag, stadsdeel Laak" in page


def test_every_message_of_the_template_is_english():
    """Each ``_()`` of the template has an English translation; only messages
    made of domain terms read the same."""
    from jinja2.ext import babel_extract

    from wijkwijzer.formats.html import JS_TEXT
    from wijkwijzer.i18n import _, using

    with TEMPLATE.open("rb") as fh:
        # a call with keyword arguments comes as (msgid, None, ...)
        found = [m[0] if isinstance(m, tuple) else m
                 for _l, _f, m, _c in babel_extract(fh, ("_",), (), {"silent": "false"})]
    assert len(found) > 30
    with using("en"):
        same = {m for m in [*found, *JS_TEXT.msgids()] if _(m) == m}
    assert same <= SAME_IN_ENGLISH | {"Thema: {naam}.", "stadsdeel {naam}"}


def test_the_catalog_script_extracts_the_template_and_checks_its_placeholders():
    script = _script()
    catalog = script.extract()
    message = catalog.get("Naar de inhoud")
    assert message is not None
    assert [f for f, _n in message.locations] == ["wijkwijzer/formats/templates/kaart.html.j2"]
    assert script._placeholders("Kantoor: %(adres)s, {x}") == ["adres", "x"]


def test_the_extractor_refuses_a_broken_template():
    from jinja2 import TemplateSyntaxError
    from jinja2.ext import babel_extract

    with pytest.raises(TemplateSyntaxError):
        list(babel_extract(io.BytesIO(b'{{ _("Een") }}{% if %}'), ("_",), (), _script().JINJA_OPTIONS))


def test_data_in_a_translated_sentence_stays_text(cli, db, tmp_path):
    hostile = '<script>window.__pwned=1</script>'
    with Store(db).write() as data:
        assert data.table("stadsdelen").update({"kantoor": hostile}, Query().id == "centrum")
    page = page_of(cli, tmp_path, "--lang", "en")
    assert "Office: &lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "<script>window" not in page
