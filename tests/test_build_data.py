"""data/ is what scripts/build_data.py makes of the shared sources (#9): the
transliterating ``slug`` leaves every existing id as it was."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from wijkwijzer.text import slug

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p for p in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data")
               if (p / "denhaag" / "pc4_wijk_2024.csv").is_file()), None)


@pytest.mark.skipif(SHARED is None, reason="shared source data not present")
def test_build_data_reproduces_data_byte_for_byte(tmp_path):
    spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(SHARED / "denhaag", tmp_path)
    for built in sorted(tmp_path.iterdir()):
        assert built.read_bytes() == (ROOT / "data" / built.name).read_bytes(), built.name


def test_ids_are_the_slugs_of_the_names():
    for kind in ("organisaties", "stadsdelen"):
        for rec in json.loads((ROOT / "data" / f"{kind}.json").read_text(encoding="utf-8")):
            assert rec["id"] == slug(rec["naam"])


def test_postcode_tables_cover_den_haag_and_the_country():
    rows = json.loads((ROOT / "data" / "postcodes.json").read_text(encoding="utf-8"))
    assert len({r["pc4"] for r in rows}) == 61
    lines = (ROOT / "data" / "pc4_gemeenten.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "pc4,gemeenten" and len(lines) - 1 == 4072
    assert "3511,GM0344" in lines
