"""`check` at national scale (#12): served from the derived read index, batch
by batch, it reports exactly what it reports when it parses the file.

A mid-size national dataset (benchmarks/nldata.py, scaled down) gets a flaw
of every category the store accepts, spread over the file so that some
batches are clean (their fast path) and some are not."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def index_even_for_small_files(monkeypatch):
    from wijkwijzer.lookup import index as cache

    monkeypatch.setattr(cache, "MIN_SIZE", 0)


def flawed(snap: dict) -> dict:
    """*snap* with flaws of every kind, some at the start, some in the middle
    and some at the end of their kind."""
    cps, orgs, wijken = snap["contactpunten"], snap["organisaties"], snap["wijken"]
    n = len(cps)
    cps[3]["dienst"] = "GEEN-DIENST"  # verwijzingen
    cps[n // 2]["gebied"] = ["WK999999", cps[n // 2]["gebied"][0]]
    cps[n - 2]["themas"] = ["*", "geen-thema"]
    wijken[-1]["status"] = "inactief"  # inactief_gebruikt, if a contactpunt covers it
    cps[n - 1]["gebied"] = [wijken[-1]["code"]]
    cps[10]["kanalen"] = {"email": "niet-geldig@", "telefoon": "12", "web": None}  # ongeldige_kanalen
    cps[n // 3]["kanalen"] = {"email": " Info@Voorbeeld.NL ", "telefoon": "+32 2 555 12 12"}
    cps[n // 3 + 1]["persoon"] = {"naam": None, "telefoon": "070 353 3000", "email": "a@b.test"}
    cps[20]["bron_datum"] = "2019"  # te_controleren
    cps[20]["geverifieerd_op"] = "2019-05-01"
    cps[21]["geverifieerd_op"] = "gisteren"  # verificatie: no date
    cps[22]["kanalen"] = {"email": "x@example.org", "fax": "070 1"}  # onbekende_velden
    snap["buurten"][-1]["oud_veld"] = 1
    cps.append(dict(cps[5], status="actief"))  # dubbelen: the same id twice
    cps.append(dict(cps[6], id="kopie-van-6", rol=cps[6]["rol"] + "x"))
    orgs.append(dict(orgs[0], id="kopie-org", naam=orgs[0]["naam"].replace("o", "0", 1)))
    wijken[len(wijken) // 2]["stadsdeel_bevestigd"] = False  # stadsdeel_onbevestigd
    placed = [o for o in orgs if o.get("stadsdeel") and o.get("wijken")][-1]  # verwijzingen: a wijk elsewhere
    placed["stadsdeel"] = "laak" if placed["stadsdeel"] != "laak" else "centrum"
    cps[30]["status"] = "inactief"  # inactive records are not checked
    cps[30]["dienst"] = "OOK-GEEN-DIENST"
    start = (TODAY + dt.timedelta(days=2)).isoformat()  # participatiemoe
    snap["bijeenkomsten"] += [
        {"id": f"overleg-{i}", "titel": f"Overleg {i}", "start": start, "herhaling": "wekelijks",
         "organisaties": [orgs[1]["id"]], "gebied": wijken[0]["code"], "status": "actief", "bron": "test"}
        for i in range(3)]
    return snap


@pytest.fixture(scope="module")
def national(tmp_path_factory, national_snapshot) -> Path:
    """A national-shaped database file with flaws (see :func:`flawed`)."""
    from wijkwijzer.store.atomic import dump
    from wijkwijzer.store.document import new_document

    path = tmp_path_factory.mktemp("nl") / "national.json"
    path.write_bytes(dump(new_document(flawed(national_snapshot()))))
    return path


@pytest.fixture
def db(national, isolated_db) -> Path:
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(national, isolated_db)
    return isolated_db


def test_every_flaw_is_found(cli, db):
    result = cli("check", "--json")
    assert result.exit_code == 1
    found = {s["categorie"]: s["aantal"] for s in json.loads(result.stdout)["samenvatting"]}
    for category in ("verwijzingen", "dekking", "kanalen", "verificatie", "te_controleren", "dubbelen",
                     "ongeldige_kanalen", "stadsdeel_onbevestigd", "inactief_gebruikt", "participatiemoe",
                     "onbekende_velden"):
        assert found[category], category
    wrong = [i for i in json.loads(result.stdout)["categorieen"]["verwijzingen"] if "reden" in i]
    assert wrong and all(i["soort"] == "organisatie" and i["veld"] == "wijken" for i in wrong)


@pytest.mark.parametrize("args", [("--json",), (), ("--alles",), ("--max-age-months", "0", "--json")])
def test_check_from_the_index_is_the_check_from_the_file(cli, db, monkeypatch, args):
    from wijkwijzer.store.database import Store

    index = db.with_name(db.name + ".index")
    slow = cli("check", *args)  # parses the file; builds no index
    assert not index.exists()
    cli("who", "zeehelden", "--json")  # builds it
    assert index.is_file()

    def parse(self):
        raise AssertionError("check parsed the file although the index is current")

    with monkeypatch.context() as m:
        m.setattr(Store, "document", parse)
        fast = cli("check", *args)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (slow.exit_code, slow.stdout, slow.stderr)
    assert slow.exit_code == 1 and slow.stdout


@pytest.mark.parametrize("size", [1, 7, 500])
def test_the_size_of_a_batch_changes_nothing(db, size):
    from wijkwijzer.lookup.index import directory
    from wijkwijzer.staff.check import check_batches, run_checks
    from wijkwijzer.store.database import Store

    store = Store(db)
    expected = run_checks(store.snapshot(), today=TODAY)
    directory(store)  # builds the index
    index = directory(store).index
    assert check_batches(lambda kind: index.batches(kind, size), today=TODAY) == expected


def test_references_point_to_kinds_read_before(cli):
    """check resolves a reference as its record streams past: every target
    kind must come before the referring kind in KINDS."""
    from wijkwijzer.dataset import KINDS
    from wijkwijzer.staff.check_refs import REFERENCES

    order = list(KINDS)
    for kind, field, targets in REFERENCES:
        assert all(order.index(t) < order.index(kind) for t in targets), (kind, field)


def test_a_big_block_scores_as_before(cli):
    """More than 64 names in one block are compared in C (process.extract);
    a score of 92.5 is rounded up to 93 as rapidfuzz's cdist did."""
    from rapidfuzz import fuzz

    from wijkwijzer.staff.check import run_checks

    a = "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"
    b = "abcdefghijklmnopqrstuvwxyzabcdefghijkxyz"
    assert fuzz.ratio(a, b) == 92.5
    gemeenten = [{"id": f"GM{i:04d}", "naam": f"Plaats {i}", "status": "actief"} for i in range(70)]
    gemeenten += [{"id": "GM9001", "naam": a, "status": "actief"}, {"id": "GM9002", "naam": b, "status": "actief"}]
    found = run_checks({"gemeenten": gemeenten}, today=TODAY)["categorieen"]["dubbelen"]
    assert [(d["id"], d["lijkt_op"], d["score"]) for d in found] == [("GM9002", "GM9001", 93)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(r"[ A-Za-z0-9._%+'-]{0,8}(info|WWW)?@[A-Za-z0-9.-]{1,10}\.(nl|org|test|NL|x|a-b)\s?",
                              fullmatch=True), max_size=6))
def test_addresses_in_bulk_are_judged_as_one_by_one(values):
    from wijkwijzer.channels import all_plain_emails, plain_email

    # (a value with white space around it is left to the one-by-one path, which strips it first)
    assert all_plain_emails(values) == all(plain_email(v) is not None and v == v.strip() for v in values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=" \n\r\t-.'AaZz09éÖ!", max_size=12)), min_size=30, max_size=60))
def test_names_folded_in_bulk_are_folded_as_one_by_one(texts):
    from wijkwijzer.staff.duplicates import _fold, _fold_many

    assert dict(_fold_many(set(texts))) == {t: _fold(t) for t in set(texts)}
