"""The three-way merge of database documents, on its own (issue #16): per record
by key, per field, history as a union, conflicts named with both values."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from wijkwijzer.store.atomic import dump
from wijkwijzer.store.document import parse_document
from wijkwijzer.sync.merge import merge_documents, merge_history, parse_keep

WHEN = "2026-11-30T10:00:00Z"


def cp(ident: str, **fields) -> dict:
    rec = {"id": ident, "rol": "gebiedsregisseur", "dienst": "DSB", "gebied": ["centrum"], "themas": ["*"],
           "niveau": 1, "kanalen": {"email": None, "telefoon": None}, "bron": "test"}
    rec.update(fields)
    return rec


def entry(tijd: str, wie: str, record: str = "a") -> dict:
    return {"tijd": tijd, "wie": wie, "soort": "contactpunten", "record": record, "actie": "gewijzigd",
            "voor": None, "na": None}


def doc(*records: dict, history: tuple = ()) -> dict:
    return {"meta": {"1": {"schema": 1}},
            "contactpunten": {str(i): r for i, r in enumerate(records, start=1)},
            "historie": {str(i): e for i, e in enumerate(history, start=1)}}


def records(document: dict) -> dict:
    return {r["id"]: r for r in document["contactpunten"].values()}


BASE = doc(cp("a"), cp("b"))


def changed(document: dict, ident: str, **fields) -> dict:
    out = copy.deepcopy(document)
    for rec in out["contactpunten"].values():
        if rec["id"] == ident:
            for k, v in fields.items():
                if isinstance(v, dict):
                    rec[k] = {**rec[k], **v}
                else:
                    rec[k] = v
    return out


def test_different_records_merge_silently():
    ours = changed(BASE, "a", niveau=2)
    theirs = changed(BASE, "b", rol="wijkagent")
    result = merge_documents(BASE, ours, theirs)
    assert not result.conflicts
    assert records(result.document)["a"]["niveau"] == 2
    assert records(result.document)["b"]["rol"] == "wijkagent"


def test_different_fields_of_one_record_merge_silently_also_nested():
    ours = changed(BASE, "a", kanalen={"email": "a@denhaag.nl"})
    theirs = changed(BASE, "a", niveau=2, kanalen={"telefoon": "+31703533000"})
    result = merge_documents(BASE, ours, theirs)
    assert not result.conflicts
    assert records(result.document)["a"]["niveau"] == 2
    assert records(result.document)["a"]["kanalen"] == {"email": "a@denhaag.nl", "telefoon": "+31703533000"}


def test_same_field_changed_differently_is_a_conflict_naming_both_values():
    ours = changed(BASE, "a", kanalen={"email": "mijn@denhaag.nl"})
    theirs = changed(BASE, "a", kanalen={"email": "hun@denhaag.nl"})
    result = merge_documents(BASE, ours, theirs)
    assert [c.as_dict() for c in result.conflicts] == [
        {"soort": "contactpunten", "record": "a", "veld": "kanalen.email", "mijn": "mijn@denhaag.nl",
         "hun": "hun@denhaag.nl", "basis": None}]


def test_the_same_change_on_both_sides_is_no_conflict():
    ours = changed(BASE, "a", niveau=3)
    result = merge_documents(BASE, ours, copy.deepcopy(ours))
    assert not result.conflicts and records(result.document)["a"]["niveau"] == 3


def test_removal_against_an_edit_is_a_conflict_of_the_whole_record():
    ours = doc(cp("b"))  # a removed here
    theirs = changed(BASE, "a", niveau=2)
    result = merge_documents(BASE, ours, theirs)
    (conflict,) = result.conflicts
    assert (conflict.record, conflict.veld, conflict.mijn) == ("a", "", None)
    assert conflict.hun["niveau"] == 2


def test_removal_on_one_side_only_removes():
    result = merge_documents(BASE, doc(cp("b")), copy.deepcopy(BASE))
    assert not result.conflicts and set(records(result.document)) == {"b"}


@pytest.mark.parametrize("side, value", [("mijn", "mijn@denhaag.nl"), ("hun", "hun@denhaag.nl")])
def test_keep_resolves_and_the_losing_value_is_in_the_history(side, value):
    ours = changed(BASE, "a", kanalen={"email": "mijn@denhaag.nl"}, niveau=2)
    theirs = changed(BASE, "a", kanalen={"email": "hun@denhaag.nl"})
    result = merge_documents(BASE, ours, theirs, keep={None: side}, actor="Fatima", when=WHEN)
    assert not result.conflicts and len(result.resolved) == 1
    rec = records(result.document)["a"]
    assert rec["kanalen"]["email"] == value and rec["niveau"] == 2  # the other change stays
    (note,) = result.document["historie"].values()
    loser = "hun@denhaag.nl" if side == "mijn" else "mijn@denhaag.nl"
    assert note["actie"] == "samengevoegd" and note["wie"] == "Fatima" and note["tijd"] == WHEN
    assert note["voor"]["kanalen"]["email"] == loser and note["na"] == rec


def test_keep_per_record_leaves_other_conflicts_open():
    ours = changed(changed(BASE, "a", niveau=2), "b", niveau=2)
    theirs = changed(changed(BASE, "a", niveau=3), "b", niveau=3)
    result = merge_documents(BASE, ours, theirs, keep=parse_keep(["A=hun"]), when=WHEN)
    assert [c.record for c in result.conflicts] == ["b"]
    assert records(result.document)["a"]["niveau"] == 3


def test_keep_theirs_against_a_removal_brings_the_record_back():
    theirs = changed(BASE, "a", niveau=2)
    result = merge_documents(BASE, doc(cp("b")), theirs, keep={None: "hun"}, when=WHEN)
    assert records(result.document)["a"]["niveau"] == 2
    (note,) = result.document["historie"].values()
    assert note["voor"] is None and note["na"]["niveau"] == 2


def test_records_are_matched_by_key_not_by_doc_id_and_new_ids_do_not_collide():
    ours = copy.deepcopy(BASE)
    ours["contactpunten"]["3"] = cp("new-here")
    theirs = copy.deepcopy(BASE)
    theirs["contactpunten"]["3"] = cp("new-there")
    result = merge_documents(BASE, ours, theirs)
    table = result.document["contactpunten"]
    assert len(table) == 4 and {r["id"] for r in table.values()} == {"a", "b", "new-here", "new-there"}
    assert table["3"]["id"] == "new-here"  # ours keeps its doc id; theirs' goes to the next free one


def test_history_is_a_union_renumbered_without_collisions():
    shared = entry("2026-11-01T00:00:00Z", "x")
    base = {"1": shared}
    ours = {"1": shared, "2": entry("2026-11-30T09:00:00Z", "Anna")}
    theirs = {"1": shared, "2": entry("2026-11-30T08:00:00Z", "Bob")}
    merged = merge_history(base, ours, theirs)
    assert list(merged) == ["1", "2", "3"]
    assert [e["wie"] for e in merged.values()] == ["x", "Anna", "Bob"]


def test_history_entries_removed_on_one_side_stay_removed():
    """``forget`` rewrites the history: the union must not bring the name back."""
    secret, other = entry("2026-11-01T00:00:00Z", "Jan Geheim"), entry("2026-11-02T00:00:00Z", "x")
    base = {"1": secret, "2": other}
    ours = {"1": other, "2": entry("2026-11-30T00:00:00Z", "wis")}
    theirs = {"1": secret, "2": other, "3": entry("2026-11-30T01:00:00Z", "Bob")}
    merged = merge_history(base, ours, theirs)
    assert [e["wie"] for e in merged.values()] == ["x", "wis", "Bob"]


def test_no_common_ancestor_merges_two_identical_databases_cleanly():
    result = merge_documents(None, copy.deepcopy(BASE), copy.deepcopy(BASE))
    assert not result.conflicts and result.document == BASE


def test_inputs_are_not_changed():
    ours, theirs = changed(BASE, "a", niveau=2), changed(BASE, "a", niveau=3)
    saved = copy.deepcopy((BASE, ours, theirs))
    merge_documents(BASE, ours, theirs, keep={None: "mijn"}, when=WHEN)
    assert (BASE, ours, theirs) == saved


@pytest.mark.parametrize("values, expected", [
    (["mijn"], {None: "mijn"}), (["hun", "A=mijn"], {None: "hun", "a": "mijn"}), (None, {})])
def test_parse_keep(values, expected):
    assert parse_keep(values) == expected


@pytest.mark.parametrize("bad", ["beide", "=mijn", "a=beide"])
def test_parse_keep_refuses_other_words(bad):
    with pytest.raises(ValueError, match="--houd"):
        parse_keep([bad])


def test_the_driver_merges_three_files_in_place(tmp_path):
    """git calls ``python -m wijkwijzer.sync.driver O A B``: the merge lands in A."""
    files = []
    for name, document in (("O", BASE), ("A", changed(BASE, "a", niveau=2)), ("B", changed(BASE, "b", niveau=3))):
        files.append(tmp_path / name)
        files[-1].write_bytes(dump(document))
    proc = subprocess.run([sys.executable, "-m", "wijkwijzer.sync.driver", *map(str, files)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    merged = records(parse_document(files[1].read_bytes()))
    assert merged["a"]["niveau"] == 2 and merged["b"]["niveau"] == 3


def test_the_driver_reports_a_conflict_and_leaves_a_alone(tmp_path, monkeypatch):
    from wijkwijzer.sync import driver

    paths = [tmp_path / n for n in "OAB"]
    for path, document in zip(paths, (BASE, changed(BASE, "a", niveau=2), changed(BASE, "a", niveau=3))):
        path.write_bytes(dump(document))
    before = paths[1].read_bytes()
    report = tmp_path / "report.json"
    monkeypatch.setenv(driver.ENV_CONFLICTS, str(report))
    assert driver.main([str(p) for p in paths]) == 1
    assert paths[1].read_bytes() == before
    assert json.loads(report.read_text())["conflicten"][0]["veld"] == "niveau"


def test_the_driver_refuses_a_damaged_side(tmp_path, capsys):
    from wijkwijzer.sync import driver

    paths = [tmp_path / n for n in "OAB"]
    for path in paths[:2]:
        path.write_bytes(dump(BASE))
    paths[2].write_bytes(b'{"contactpunten": {"1": ')
    assert driver.main([str(p) for p in paths]) == 1
    assert "geen bruikbare wijkwijzer-database" in capsys.readouterr().err


def _from_draw(values: dict) -> dict:
    return doc(*(cp(k, niveau=v[0], rol=v[1]) for k, v in sorted(values.items())))


def _versions():
    from hypothesis import strategies as st

    field = st.tuples(st.integers(1, 3), st.sampled_from(["gebiedsregisseur", "wijkagent"]))
    return st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), field, max_size=4)


def test_merge_properties():
    """For any three versions: a side that changed nothing takes the other side;
    both sides equal is that version; without conflicts the result does not
    depend on which side is 'mine'."""
    from hypothesis import given, settings

    @settings(max_examples=150, deadline=None)
    @given(_versions(), _versions(), _versions())
    def check(b, o, t):
        base, ours, theirs = _from_draw(b), _from_draw(o), _from_draw(t)
        assert records(merge_documents(base, base, theirs).document) == records(theirs)
        assert records(merge_documents(base, ours, base).document) == records(ours)
        assert records(merge_documents(base, ours, ours).document) == records(ours)
        one, other = merge_documents(base, ours, theirs), merge_documents(base, theirs, ours)
        assert bool(one.conflicts) == bool(other.conflicts)
        if not one.conflicts:
            assert records(one.document) == records(other.document)
            ids = [r["id"] for r in one.document["contactpunten"].values()]
            assert len(ids) == len(set(ids))

    check()
