"""QA: an export into a folder the user cannot write showed a raw system
error ("Fout: [Errno 13] Permission denied: '/tmp/ro/.out.csv.kc50jswx.tmp'").
Now one Dutch sentence names the file the user chose and the reason in words.
Tests run as root, which ignores permissions: a parent that is a regular file
gives a real OSError, and a refused temporary file is monkeypatched."""

from __future__ import annotations

import tempfile

import pytest


@pytest.fixture(autouse=True)
def database(cli):
    cli("stadsdelen")  # the database exists: stderr holds only the answer to the write


def _says_in_words(result, path) -> None:
    assert result.exit_code == 1
    err = result.stderr.replace("\n", " ")
    assert f"Fout: Kan {path} niet schrijven: " in err, err
    assert "Errno" not in err and ".tmp" not in err and "Traceback" not in err


@pytest.mark.parametrize("fmt,name", [("csv", "out.csv"), ("json", "out.json"), ("vcard", "out.vcf"),
                                      ("ical", "out.ics"), ("html", "kaart.html")])
def test_export_under_a_file_names_the_file_and_the_reason(cli, tmp_path, fmt, name):
    (tmp_path / "gewoon-bestand").write_text("x")
    out = tmp_path / "gewoon-bestand" / name
    result = cli("export", "--format", fmt, "--out", str(out))
    _says_in_words(result, out)
    assert "een deel van het pad is geen map" in result.stderr


def test_export_into_a_folder_without_write_access(cli, tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".out.csv.kc50jswx.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    out = tmp_path / "out.csv"
    result = cli("export", "--format", "csv", "--out", str(out))
    _says_in_words(result, out)
    assert "geen toegang" in result.stderr and not out.exists()


def test_settings_file_that_cannot_be_written(cli, tmp_path, monkeypatch):
    (tmp_path / "gewoon-bestand").write_text("x")
    path = tmp_path / "gewoon-bestand" / "instellingen.json"
    monkeypatch.setenv("WIJKWIJZER_INSTELLINGEN", str(path))
    _says_in_words(cli("instellingen", "gemeente", "Den Haag"), path)
