"""The CSV export as staff really open it: LibreOffice Calc with Dutch settings (#17).

The round trip runs the real program (``soffice --headless``, Debian package
``libreoffice-calc-nogui``; .ci/run installs it): the export is opened as
Calc opens a CSV for nl-NL (``;``, UTF-8, language 1043, formulas evaluated -
the riskiest choice a person can make in the import dialog), saved as a
spreadsheet, then saved back as CSV. Without soffice the test is skipped with
the reason, except in CI (environment variable CI set), where it fails.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile

import pytest

from wijkwijzer.store.database import Store

#: Calc's CSV filter options (LibreOffice help, "CSV Filter Options"): separator 59 (;),
#: text delimiter 34 ("), character set 76 (UTF-8), start at line 1, no column formats,
#: language 1043 (nl-NL), quoted field as text off, detect special numbers off,
#: then for export "save cell contents as shown"; token 13 "evaluate formulas" on for import.
OPEN_NL = "59,34,76,1,,1043,false,false,false,false,false,0,true"
SAVE_NL = "59,34,76,1,,1043,false,false,true,false,false,0"

PHONES = {  # stored form -> what the cell must read, as dialled
    "centrum-centraal-aanspreekpunt": ("+31703533000", "070 353 3000"),
    "centrum-gebiedsregisseur-dsb": ("+31612345678", "06 12345678"),  # as the terminal shows it
    "politie-algemeen": ("+319008844", "0900 8844"),
    "gemeente-14070": ("14070", "14070"),
    "centrum-gebiedsregisseur-dso": ("+3225551234", "'+32 2 555 12 34"),  # abroad: +CC, neutralised
}


@pytest.fixture
def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        reason = ("LibreOffice (soffice) is niet geïnstalleerd; installeer het Debian-pakket "
                  "libreoffice-calc-nogui om de spreadsheet-rondgang te testen")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _convert(soffice: str, profile, src, target: str, outdir) -> None:
    """One ``soffice --headless --convert-to`` with its own writable profile."""
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
           "--convert-to", target, "--outdir", str(outdir), str(src)]
    if src.suffix == ".csv":
        cmd[3:3] = [f"--infilter=Text - txt - csv (StarCalc):{OPEN_NL}"]
    env = dict(os.environ, HOME=str(profile))
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr


def _rows(data: bytes) -> dict[str, dict]:
    text = data.decode("utf-8-sig")
    return {r["id"]: r for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=";")}


def test_export_survives_libreoffice_calc_nl(cli, isolated_db, tmp_path, soffice):
    assert cli("stadsdelen").exit_code == 0
    with Store(isolated_db).write() as db:
        table = db.table("contactpunten")
        for doc in table.all():
            rid = doc["id"]
            if rid in PHONES:
                kanalen = dict(doc["kanalen"], telefoon=PHONES[rid][0])
                table.update({"kanalen": kanalen}, doc_ids=[doc.doc_id])
        first = table.get(lambda r: r["id"] == "centrum-centraal-aanspreekpunt")
        table.update({"rol": '=HYPERLINK("http://x";"klik")', "opmerking": "- geen",
                      "bron": "Ééntje café; overleg met de wijkraad"}, doc_ids=[first.doc_id])
    exported = tmp_path / "contactpunten.csv"
    assert cli("export", "--format", "csv", "--out", str(exported)).exit_code == 0
    before = isolated_db.read_bytes()
    ours = _rows(exported.read_bytes())
    for rid, (_, cell) in PHONES.items():
        assert ours[rid]["telefoon"] == cell, rid  # the file itself: no apostrophe on Dutch numbers

    profile = tmp_path / "lo-profile"
    _convert(soffice, profile, exported, "ods", tmp_path / "ods")
    sheet = tmp_path / "ods" / "contactpunten.ods"
    content = zipfile.ZipFile(sheet).read("content.xml").decode("utf-8")
    assert "table:formula" not in content  # no cell became a formula
    _convert(soffice, profile, sheet, f"csv:Text - txt - csv (StarCalc):{SAVE_NL}", tmp_path / "back")
    saved = (tmp_path / "back" / "contactpunten.csv").read_bytes()

    rows = _rows(saved)
    for rid, (_, cell) in PHONES.items():
        assert rows[rid]["telefoon"] == cell, rid  # reads as dialled, no stray apostrophe
    row = rows["centrum-centraal-aanspreekpunt"]
    assert row["rol"] == "'=HYPERLINK(\"http://x\";\"klik\")"  # shown as text, not evaluated
    assert row["bron"] == "Ééntje café; overleg met de wijkraad"  # accents survive
    assert row["opmerking"] == "'- geen"

    back = tmp_path / "opgeslagen.csv"
    back.write_bytes(saved)
    result = cli("import", str(back), "--as", "Test")
    assert result.exit_code == 0, result.stderr
    assert "0 toegevoegd, 0 gewijzigd, 0 verwijderd" in result.stdout
    assert isolated_db.read_bytes() == before  # re-importing the saved file changes nothing


@pytest.mark.parametrize("cell", ["070 353 3000", "0703533000", "070-353 30 00", "+31703533000",
                                  "'+31703533000", "+31 70 353 3000"])
def test_reader_takes_every_form_of_a_phone_number(cell):
    """Old exports (E.164 behind an apostrophe) and what staff type still import."""
    from wijkwijzer.formats.csv_io import read_csv

    data = f"id;telefoon\r\nx;{cell}\r\n".encode("utf-8-sig")
    (_, rec), = read_csv(data, "contactpunten")
    assert rec["kanalen"]["telefoon"] == "+31703533000"


def test_a_value_that_is_no_phone_number_is_left_for_validation(cli, tmp_path):
    assert cli("stadsdelen").exit_code == 0
    path = tmp_path / "cp.csv"
    path.write_bytes(b"id;rol;telefoon\r\ncentrum-gebiedsregisseur-dsb;gebiedsregisseur DSB;12345\r\n")
    result = cli("import", str(path))
    assert result.exit_code == 1 and "'12345' is geen geldig" in result.stderr
