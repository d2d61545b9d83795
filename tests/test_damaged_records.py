"""A hand-edited database with a field of the wrong type: read commands still
answer, and `check` names the field (QA: 'Onverwachte fout: list object has no
attribute get' from who, check and the vCard export)."""

from __future__ import annotations

import json

from wijkwijzer.storage import atomic_write, dump
from wijkwijzer.store import Store


def _damage(path):
    doc = Store(path).document()
    for rec in doc["contactpunten"].values():
        if rec["id"] == "centrum-gebiedsregisseur-dsb":
            rec["kanalen"], rec["persoon"] = ["x"], "Jan"
        if rec["id"] == "centrum-centraal-aanspreekpunt":
            rec["gebied"], rec["themas"], rec["niveau"] = "centrum", "*", "x"
    atomic_write(path, dump(doc))


def test_read_commands_still_answer(cli, isolated_db):
    _damage(isolated_db)
    result = cli("who", "zeehelden", "bomen", "--json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    first = answer["contactpunten"][0]
    assert first["id"] == "centrum-gebiedsregisseur-dsb" and first["kanalen"] == {}
    assert "centrum-centraal-aanspreekpunt" in [c["id"] for c in answer["contactpunten"]]
    for args in (("who", "zeehelden", "bomen"), ("export", "--format", "vcard"),
                 ("export", "--format", "csv"), ("contactpunten",)):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)


def test_check_names_each_wrong_field(cli, isolated_db):
    _damage(isolated_db)
    result = cli("check", "--json")
    assert result.exit_code == 1
    found = {(i["id"], i["veld"]) for i in json.loads(result.stdout)["categorieen"]["vorm"]}
    assert found == {("centrum-gebiedsregisseur-dsb", "kanalen"),
                     ("centrum-gebiedsregisseur-dsb", "persoon"),
                     ("centrum-centraal-aanspreekpunt", "gebied"),
                     ("centrum-centraal-aanspreekpunt", "themas"),
                     ("centrum-centraal-aanspreekpunt", "niveau")}


def test_bundled_data_has_no_shape_problems(cli):
    assert json.loads(cli("check", "--json").stdout)["categorieen"]["vorm"] == []
