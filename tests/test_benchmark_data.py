"""The benchmark's national dataset reads the CBS file as published (no timing here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CBS = ROOT.parent / "shared" / "data" / "nl" / "cbs_buurten_2024.csv"


def nldata():
    spec = importlib.util.spec_from_file_location("nldata", ROOT / "benchmarks" / "nldata.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mis_encoded_name_is_repaired_and_others_kept():
    repair = nldata().repair
    assert repair("LumiÞrepark") == "Lumièrepark"
    assert repair("Indië") == "Indië" and repair("Damwâld") == "Damwâld"


@pytest.mark.skipif(not CBS.is_file(), reason="shared CBS file not present")
def test_cbs_file_gives_every_buurt_wijk_and_gemeente():
    rows = nldata().read_cbs(CBS)
    assert len(rows) == 14574
    assert len({code[2:6] for code, _ in rows}) == 342
    assert len({code[2:8] for code, _ in rows}) == 3393
    assert not any(c in name for _, name in rows for c in "ÞþÐð")
    assert ("BU00341807", "Lumièrepark") in rows
