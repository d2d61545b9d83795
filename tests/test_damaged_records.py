"""A hand-edited database with a field of the wrong type (QA: 'Onverwachte fout:
list object has no attribute get', 'unhashable type: list' from who, check,
search and the vCard export).

A shape no reader can use (a list where an id or a name belongs, an object
that is not an object of texts) makes the file count as damaged: one sentence
naming the record and the field, for every command. A shape readers can
tolerate (one text where a list belongs, a niveau that is no number) is read
as well as it can be, and `check` names it under 'vorm'."""

from __future__ import annotations

import json

import pytest

from wijkwijzer.store.atomic import atomic_write, dump
from wijkwijzer.store.database import Store


def _edit(path, kind, key, record_id, **fields):
    doc = Store(path).document()
    for rec in doc[kind].values():
        if rec[key] == record_id:
            rec.update(fields)
    atomic_write(path, dump(doc))


@pytest.mark.parametrize("kind,key,rid,fields,named", [
    ("contactpunten", "id", "centrum-gebiedsregisseur-dsb", {"dienst": ["DSB"]}, "veld 'dienst'"),
    ("contactpunten", "id", "centrum-gebiedsregisseur-dsb", {"kanalen": ["x"]}, "veld 'kanalen'"),
    ("contactpunten", "id", "centrum-gebiedsregisseur-dsb", {"persoon": "Jan"}, "veld 'persoon'"),
    ("contactpunten", "id", "centrum-stadsdeeldirecteur", {"gebied": [["centrum"]]}, "veld 'gebied'"),
    ("wijken", "code", "WK051801", {"naam": 5}, "veld 'naam'"),
    ("organisaties", "id", "bewonersorganisatie-zeeheldenkwartier", {"wijken": [["WK051822"]]},
     "veld 'wijken'"),
])
def test_unusable_shapes_are_one_sentence_for_every_command(cli, isolated_db, kind, key, rid, fields,
                                                            named):
    _edit(isolated_db, kind, key, rid, **fields)
    before = isolated_db.read_bytes()
    for args in (("who", "zeehelden", "bomen"), ("check",), ("search", "oost"),
                 ("export", "--format", "vcard"), ("verify", "WK051822")):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert f"record '{rid}'" in result.stderr and named in result.stderr
        assert "Onverwachte" not in result.stderr
    assert isolated_db.read_bytes() == before


def test_tolerable_shapes_still_answer_and_check_names_them(cli, isolated_db):
    _edit(isolated_db, "contactpunten", "id", "centrum-centraal-aanspreekpunt",
          gebied="centrum", themas="*", niveau="x")
    result = cli("who", "zeehelden", "bomen", "--json")
    assert result.exit_code == 0, result.stderr
    assert "centrum-centraal-aanspreekpunt" in [c["id"] for c in json.loads(result.stdout)["contactpunten"]]
    result = cli("check", "--json")
    assert result.exit_code == 1
    found = {(i["id"], i["veld"]) for i in json.loads(result.stdout)["categorieen"]["vorm"]}
    assert found == {("centrum-centraal-aanspreekpunt", "gebied"),
                     ("centrum-centraal-aanspreekpunt", "themas"),
                     ("centrum-centraal-aanspreekpunt", "niveau")}


def test_bundled_data_has_no_shape_problems(cli):
    assert json.loads(cli("check", "--json").stdout)["categorieen"]["vorm"] == []


def test_a_write_that_would_make_an_unusable_record_writes_nothing(isolated_db):
    from wijkwijzer.store.database import StoreError

    store = Store(isolated_db)
    store.document()
    before = isolated_db.read_bytes()
    with pytest.raises(StoreError, match="Niets opgeslagen"):
        with store.write() as db:
            db.table("contactpunten").insert({"id": "x", "dienst": ["DSB"]})
    assert isolated_db.read_bytes() == before
