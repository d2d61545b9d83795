"""The exported kaart page in a real browser: playwright driving Debian's
Chromium (/usr/bin/chromium; never a downloaded browser) (#14).

Without Chromium or playwright these tests are skipped with one reason line,
so the README's test command passes on a laptop; with the environment
variable CI set (CI runs with CI=true) a missing browser fails instead.
Set WIJKWIJZER_SCREENSHOT=docs/kaart.png to keep the screenshot.
"""

from __future__ import annotations

import math
import os
import re
import shutil
from pathlib import Path

import pytest

from wijkwijzer.store.database import Store

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
#: A4 (297 x 210 mm) less the print margins of kaart.css (14 and 12 mm), in CSS pixels
A4_HEIGHT_PX, A4_WIDTH_PX = (297 - 28) / 25.4 * 96, (210 - 24) / 25.4 * 96


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} ontbreekt (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright ontbreekt (pip install '.[test]')"
    return None


REASON = _missing()
if REASON:  # one line in the summary for the whole module, not one per test
    if os.environ.get("CI"):
        pytest.fail(f"browsertests van de kaart: {REASON}; in CI mogen ze niet worden overgeslagen",
                    pytrace=False)
    pytest.skip(f"browsertests van de kaart: {REASON}", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _export(folder: Path, hostile: bool, *options: str) -> Path:
    """Export the page of the bundled data (plus, when *hostile*, one hostile
    organisation and contactpunt) into *folder*, with the export's further
    *options* (e.g. ``--lang en``); return its path."""
    from typer.testing import CliRunner

    from wijkwijzer.cli.main import app

    db, out, runner = folder / "db.json", folder / "kaart.html", CliRunner()
    assert runner.invoke(app, ["stadsdelen", "--db", str(db)]).exit_code == 0
    if hostile:
        with Store(db).write() as data:
            data.table("organisaties").insert({"id": "kwaad", "naam": "Kwaad " + HOSTILE, "wijken": ["WK051822"],
                                               "stadsdeel": "centrum", "aliassen": [], "bron": "test",
                                               "status": "actief"})
            data.table("contactpunten").insert({
                "id": "kwaad-cp", "rol": "kwaad " + HOSTILE, "dienst": "DSB", "gebied": ["WK051805"],
                "themas": ["openbare-ruimte"], "niveau": 2, "status": "actief", "bron": "test",
                "kanalen": {"adres": HOSTILE}, "persoon": None})
    result = runner.invoke(app, ["export", "--format", "html", "--out", str(out), "--db", str(db), *options])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def hostile_file(browser, tmp_path_factory) -> Path:
    return _export(tmp_path_factory.mktemp("hostile"), hostile=True)


@pytest.fixture(scope="module")
def clean_file(browser, tmp_path_factory) -> Path:
    return _export(tmp_path_factory.mktemp("clean"), hostile=False)


@pytest.fixture(scope="module")
def english_file(browser, tmp_path_factory) -> Path:
    return _export(tmp_path_factory.mktemp("english"), False, "--lang", "en")


def _open(browser, path: Path):
    """The page at *path*; ``page.problems`` collects console errors, page
    errors and every request to anything but the file itself."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else pg.problems.append(r.url))
    pg.goto(path.as_uri())
    return context, pg


@pytest.fixture
def page(browser, hostile_file):
    """The page of data with a hostile organisation and contactpunt in Centrum."""
    context, pg = _open(browser, hostile_file)
    yield pg
    context.close()


@pytest.fixture
def clean_page(browser, clean_file):
    """The page of the bundled data as it is."""
    context, pg = _open(browser, clean_file)
    yield pg
    context.close()


def visible(pg, selector: str) -> list[str]:
    """The text of every element matching *selector* that a person can see."""
    return pg.evaluate("sel => [...document.querySelectorAll(sel)].filter(n => n.checkVisibility())"
                       ".map(n => n.innerText.trim())", selector)


def search(pg, text: str) -> None:
    pg.fill("#zoek", text)
    pg.wait_for_function("document.getElementById('status').textContent !== ''")


def test_page_loads_without_errors_or_requests(page):
    assert page.title() == "Bij wie moet ik zijn? De kaart van Den Haag"
    assert len(visible(page, "section.stadsdeel")) == 8
    assert page.is_visible("#zoek")
    assert page.problems == []


@pytest.mark.parametrize("width", [1200, 400])
def test_the_page_never_scrolls_sideways(browser, clean_file, width):
    """QA: long web addresses made the page 1323 px wide in a 1200 px window, 1299 px on a phone."""
    context, pg = _open(browser, clean_file)
    try:
        pg.set_viewport_size({"width": width, "height": 900})
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_zeehelden_bomen_shows_the_contact_for_trees(page):
    search(page, "zeehelden bomen")
    assert [s.split("\n")[0] for s in visible(page, "section.stadsdeel h2")] == ["Stadsdeel Centrum"]
    assert visible(page, "section.stadsdeel tr[data-thema] th") == ["openbare ruimte"]
    answer = page.inner_text("#antwoord")
    assert "Bewonersorganisatie Zeeheldenkwartier" in answer
    assert "gebiedsregisseur DSB (Dienst Stadsbeheer) – nog geen kanaal bekend" in answer
    assert "centraal aanspreekpunt stadsdeel (Dienst Publiekszaken) – adres Stadhuis" in answer
    assert page.inner_text("#status") == "1 van 8 stadsdelen getoond."
    assert "Bewonersorganisatie Zeeheldenkwartier" in visible(page, "li.treffer")
    assert page.problems == []


@pytest.mark.parametrize("query, stadsdelen, themas", [
    ("Zéehéldén", ["Centrum"], 13),                     # accents and case do not matter
    ("bomen zeehelden", ["Centrum"], 1),                # thema first, as `who` allows
    ("laak subsidie", ["Laak"], 1),                     # a stadsdeel and a synonym
    ("schilderswijk overlast", ["Centrum"], 1),         # a wijk
    ("paspoort", None, 1),                              # only a thema: every stadsdeel
    ("zeehelden bom", ["Centrum"], 1),                  # a thema word still being typed
    ("zeehelden trees", ["Centrum"], 1),                # an English synonym, as `who` allows
])
def test_search_understands_the_words_of_who(page, query, stadsdelen, themas):
    search(page, query)
    shown = [s.replace("Stadsdeel ", "") for s in visible(page, "section.stadsdeel h2")]
    assert shown == (stadsdelen or shown) and len(shown) == (len(stadsdelen) if stadsdelen else 8)
    assert len(visible(page, "tr[data-thema]")) == themas * len(shown)


def test_nothing_found_says_so_and_clearing_shows_everything(page):
    search(page, "nergenshuizen")
    assert page.inner_text("#status").startswith("Niets gevonden voor 'nergenshuizen'.")
    assert visible(page, "section.stadsdeel") == []
    page.fill("#zoek", "")
    assert len(visible(page, "section.stadsdeel")) == 8
    assert len(visible(page, "tr[data-thema]")) == 8 * 13


def test_injected_script_does_not_run_and_is_shown_as_text(page):
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.query_selector_all("img") == []
    assert any(HOSTILE in t for t in visible(page, "li[data-plaats]"))
    search(page, "kwaad")  # the name also goes through the search's own rendering
    assert HOSTILE in page.inner_text("#antwoord")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.query_selector_all("img") == []
    assert page.problems == []


def test_keyboard_reaches_the_search_field_and_the_skip_link(page):
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "zoek"
    page.keyboard.type("zeehelden bomen")
    assert "gebiedsregisseur DSB" in page.inner_text("#antwoord")


def test_every_table_has_a_caption_and_header_cells(page):
    for table in page.query_selector_all("table"):
        assert table.query_selector("caption").inner_text().strip()
        assert table.query_selector_all("thead th[scope=col]")
    assert page.query_selector("label[for=zoek]").inner_text().strip()


def test_print_gives_one_a4_page_per_stadsdeel(clean_page):
    page = clean_page
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    page.set_viewport_size({"width": round(A4_WIDTH_PX), "height": 1000})
    page.emulate_media(media="print")
    heights = page.evaluate("[...document.querySelectorAll('section.stadsdeel')]"
                            ".map(s => s.getBoundingClientRect().height)")
    assert len(heights) == 8 and max(heights) <= A4_HEIGHT_PX
    # the eight stadsdelen one page each, then the city-wide contacts and the diensten (since #11's
    # 51 city-wide channels that part takes several pages; it was one)
    rest = sum(page.evaluate("[...document.querySelectorAll('section.stad, section.diensten')]"
                             ".map(s => s.getBoundingClientRect().height)"))
    assert 8 + math.ceil(rest / A4_HEIGHT_PX) <= pages <= 8 + math.ceil(rest / A4_HEIGHT_PX) + 1
    assert not page.is_visible("#zoek")


def test_screenshot(clean_page, tmp_path):
    page = clean_page
    search(page, "zeehelden bomen")
    shot = tmp_path / "kaart.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")
    keep = os.environ.get("WIJKWIJZER_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)


@pytest.mark.parametrize("query, stadsdelen", [
    ("2518 subsidie", ["Centrum", "Segbroek"]),     # PC4; 2518 lies mostly in Centrum, partly in Segbroek
    ("2518 AB subsidie", ["Centrum", "Segbroek"]),  # PC6
    ("2518ab12 subsidie", ["Centrum", "Segbroek"]), # PC6 with a house number, as typed on a phone
    ("subsidie 2518", ["Centrum", "Segbroek"]),     # thema first, as `who` allows
    ("2531 overlast", ["Escamp"]),
])
def test_search_understands_a_postcode_as_who_does(clean_page, cli_json, query, stadsdelen):
    """QA: '2518 subsidie' found nothing on the page, while `who 2518 subsidie` answers."""
    page = clean_page
    search(page, query)
    assert [s.split("\n")[0].replace("Stadsdeel ", "") for s in visible(page, "section.stadsdeel h2")] == stadsdelen
    answer = page.inner_text("#antwoord")
    who = cli_json("who", *query.split())
    first = who["contactpunten"][0]
    assert f"{who['gevonden']['id']} (postcode, stadsdeel {who['stadsdeel']['naam']})" in answer
    assert f"{first['rol']} ({first['dienst']['naam']})" in answer  # the first contact who gives
    assert f"Thema: {who['thema']['naam']}." in answer
    if len(stadsdelen) > 1:
        assert "Deze postcode ligt ook in stadsdeel Segbroek" in answer
    assert page.problems == []


def test_a_postcode_that_is_not_on_the_page_says_so(clean_page):
    search(clean_page, "1012 bomen")
    assert clean_page.inner_text("#status").startswith("Postcode 1012 staat niet op deze kaart.")
    assert visible(clean_page, "section.stadsdeel") == []


def test_the_english_page_searches_in_english(browser, english_file):
    """QA: with --lang en the page's words stayed Dutch, the search's among them."""
    context, page = _open(browser, english_file)
    try:
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text("label[for=zoek]") == "Search by organisation, wijk, stadsdeel, postcode and/or thema"
        assert page.inner_text("#zoek-uitleg").startswith("For example: zeehelden trees,")
        search(page, "1012 bomen")
        assert page.inner_text("#status") == "Postcode 1012 is not on this map. Try your wijk or organisation."
        assert visible(page, "section.stadsdeel") == []
        search(page, "zeehelden trees")  # the example of the English page works
        assert page.inner_text("#status") == "1 of 8 stadsdelen shown."
        assert "First contact" in page.inner_text("#antwoord")
        assert page.problems == []
    finally:
        context.close()
