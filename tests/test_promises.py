"""The integrity and privacy promises of the README, tried the way an audit broke them (#18).

One test (or a few) per numbered point of the issue; each failed before the fix.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CP = "centrum-gebiedsregisseur-dsb"
NAME = "Test Testpersoon"  # obviously fake, never real data
ROOT = Path(__file__).resolve().parent.parent


def stored(path: Path, rid: str) -> dict | None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return next((r for r in doc["contactpunten"].values() if r.get("id") == rid), None)


def all_ids(path: Path) -> list[str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [r.get("id") for r in doc["contactpunten"].values()]


def history(path: Path) -> list[dict]:
    return list(json.loads(path.read_text(encoding="utf-8"))["historie"].values())


@pytest.fixture
def db(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0
    return isolated_db


# -- 1. import stores exactly the validated, normalised record --------------------------------
def test_csv_row_with_a_padded_id_is_stored_normalised(cli, db, tmp_path):
    path = tmp_path / "nieuw.csv"
    path.write_bytes(b"id;rol;dienst;gebied;themas;niveau;telefoon;status\r\n"
                     b"nieuw-cp ;test;DSB;WK051822;overlast;1;070 353 3000;actief\r\n")
    result = cli("import", str(path), "--as", "Test")
    assert result.exit_code == 0 and "1 toegevoegd" in result.stdout, result.stderr
    rec = stored(db, "nieuw-cp")
    assert rec is not None and "nieuw-cp " not in all_ids(db)
    assert rec["themas"] == ["veiligheid-en-overlast"] and rec["kanalen"]["telefoon"] == "+31703533000"
    assert rec == history(db)[-1]["na"]  # what is stored is what the history shows
    assert cli("show", "nieuw-cp").exit_code == 0
    again = cli("import", str(path), "--as", "Test")
    assert "0 toegevoegd, 0 gewijzigd" in again.stdout and all_ids(db).count("nieuw-cp") == 1


def test_padded_id_of_an_existing_record_does_not_rename_it(cli, db, tmp_path):
    path = tmp_path / "edit.csv"
    path.write_bytes(f"id;rol\r\n {CP} ;nieuwe rol\r\n".encode())
    assert cli("import", str(path)).exit_code == 0
    assert stored(db, CP)["rol"] == "nieuwe rol" and f" {CP} " not in all_ids(db)


def test_json_row_with_names_is_stored_with_ids(cli, db, tmp_path):
    path = tmp_path / "nieuw.json"
    path.write_text(json.dumps({"wijkwijzer": 1, "contactpunten": [{
        "id": " json-cp ", "rol": "test", "dienst": "Dienst Stadsbeheer", "gebied": ["Zeeheldenkwartier"],
        "themas": ["overlast"], "niveau": "1", "status": "Actief", "bron": "test"}]}), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    rec = stored(db, "json-cp")
    assert rec is not None and (rec["dienst"], rec["gebied"], rec["niveau"], rec["status"]) == \
        ("DSB", ["WK051822"], 1, "actief")
    assert rec == history(db)[-1]["na"]
    report = json.loads(cli("check", "--json").stdout)
    assert not [i for i in report["categorieen"]["verwijzingen"] if i["id"] == "json-cp"]


# -- 2. the derived index never answers for content it was not built from ---------------------
def test_copy_with_preserved_timestamps_is_not_answered_from_the_old_index(cli, db, tmp_path, monkeypatch):
    from wijkwijzer.lookup import index as cache

    monkeypatch.setattr(cache, "MIN_SIZE", 0)
    cli("who", "zeehelden", "--json")  # builds the index
    assert cli("who", "zeehelden", "bomen", "--json").exit_code == 0
    assert db.with_name(db.name + ".index").is_file()
    text = db.read_text(encoding="utf-8")
    changed = text.replace('"rol":"gebiedsregisseur DSB"', '"rol":"gebiedsregisseur XYZ"', 1)
    assert changed != text and len(changed) == len(text)
    st = os.stat(db)
    edited = tmp_path / "edited.json"
    edited.write_text(changed, encoding="utf-8")
    shutil.copyfile(edited, db)  # written in place: same inode, same size
    os.utime(db, ns=(st.st_atime_ns, st.st_mtime_ns))  # as cp --preserve=timestamps / touch -r
    after = os.stat(db)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)
    answer = json.loads(cli("who", "zeehelden", "bomen", "--json").stdout)
    assert answer["contactpunten"][0]["rol"] == "gebiedsregisseur XYZ"


# -- 3. a FIFO (or other special file) as --db is refused, never waited on ------------------
@pytest.mark.parametrize("args", [("who", "zeehelden"), ("show", CP), ("contactpunt", "edit", CP, "--rol", "x"),
                                  ("forget", NAME, "--yes"), ("check",), ("export",)])
def test_fifo_as_database_is_refused_in_one_sentence(tmp_path, args):
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    env = dict(os.environ, WIJKWIJZER_DB=str(fifo), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "wijkwijzer", *args], capture_output=True, text=True,
                          timeout=60, env=env, stdin=subprocess.DEVNULL, cwd=ROOT)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "geen gewoon bestand" in lines[0] and str(fifo) in lines[0], done.stderr


# -- 4. everything of a database is found from its resolved path -------------------------------
def test_forget_through_a_symlink_reaches_the_real_files(cli, tmp_path):
    real = tmp_path / "echt" / "db.json"
    real.parent.mkdir()  # a database is only created in a folder that exists (#10)
    link_dir = tmp_path / "link"
    link_dir.mkdir()
    link = link_dir / "db.json"
    assert cli("stadsdelen", "--db", str(real)).exit_code == 0
    link.symlink_to(real)
    r = cli("contactpunt", "edit", CP, "--naam", NAME, "--db", str(link))
    assert r.exit_code == 0, r.stderr
    r = cli("contactpunt", "edit", CP, "--opmerking", "geen", "--db", str(link))  # .bak holds the name
    assert NAME.encode() in (real.parent / "db.json.bak").read_bytes()
    result = cli("forget", NAME, "--yes", "--db", str(link))
    assert result.exit_code == 0, result.stderr
    for path in [*real.parent.iterdir(), *link_dir.iterdir()]:
        if path.is_file():
            assert NAME.encode() not in path.read_bytes(), path
    assert cli("restore", "--yes", "--db", str(real)).exit_code == 0
    assert NAME.encode() not in real.read_bytes()  # the backup does not bring her back
    assert not (link_dir / "db.json.lock").exists() and not (link_dir / "db.json.bak").exists()


def test_a_link_to_a_file_that_does_not_exist_yet_creates_it_there(cli, tmp_path):
    (tmp_path / "nieuw").mkdir()  # the link's folder exists; the file does not yet
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "nieuw" / "db.json")
    result = cli("stadsdelen", "--db", str(link))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "nieuw" / "db.json").is_file() and link.resolve() == tmp_path / "nieuw" / "db.json"


def test_a_link_into_a_missing_folder_is_refused_like_any_missing_folder(cli, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "weg" / "db.json")
    result = cli("stadsdelen", "--db", str(link))
    assert result.exit_code == 1 and "bestaat niet" in result.stderr
    assert not (tmp_path / "weg").exists()


# -- 5. derived files keep the database's privacy ------------------------------------------
def test_index_temp_file_has_the_databases_permissions_from_the_first_byte(cli, db, monkeypatch):
    import sqlite3

    from wijkwijzer.lookup import index as cache

    monkeypatch.setattr(cache, "MIN_SIZE", 0)
    os.chmod(db, 0o600)
    seen = []
    real_connect = sqlite3.connect

    def connect(path, *a, **kw):
        if str(path).endswith(".tmp"):
            seen.append(stat.S_IMODE(os.stat(path).st_mode) if os.path.exists(path) else None)
        return real_connect(path, *a, **kw)

    monkeypatch.setattr(sqlite3, "connect", connect)
    assert cli("who", "zeehelden", "--json").exit_code == 0
    assert seen == [0o600]
    assert stat.S_IMODE(os.stat(db.with_name(db.name + ".index")).st_mode) == 0o600


BUILD_AND_TERMINATE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from wijkwijzer.lookup.directory import Directory
    from wijkwijzer.lookup.index_build import build
    from wijkwijzer.store.database import Store
    from wijkwijzer.store.derived import index_path

    store = Store(Path(sys.argv[1]))
    full = Directory(store.snapshot())

    class Dying(dict):
        def get(self, *args):
            os.kill(os.getpid(), signal.SIGTERM)  # SIGTERM in the middle of writing the index
            return dict.get(self, *args)

    full.data = Dying(full.data)
    build(index_path(store.path), full, "test", 0o600)
""")


def test_an_index_build_stopped_by_sigterm_leaves_no_temp_file(db):
    done = subprocess.run([sys.executable, "-c", BUILD_AND_TERMINATE, str(db)], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == -signal.SIGTERM, done.stderr  # still ends as killed
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_check_and_forget_find_a_stray_index_temp_file(cli, cli_json, db):
    dead_pid = subprocess.Popen(["true"])  # noqa: S603,S607 - a pid that no longer runs
    dead_pid.wait()
    stray = db.with_name(f".{db.name}.index.{dead_pid.pid}.tmp")
    stray.write_bytes(b"SQLite format 3\x00" + NAME.encode())
    report = json.loads(cli("check", "--json").stdout)
    assert report["categorieen"]["restbestanden"] == [{"bestand": str(stray), "bytes": stray.stat().st_size}]
    r = cli("contactpunt", "edit", CP, "--naam", NAME)  # the person is in the data, too
    assert r.exit_code == 0 and not stray.exists()  # the next write removes an orphan
    stray.write_bytes(b"SQLite format 3\x00" + NAME.encode())
    result = cli("forget", NAME, "--yes")
    assert result.exit_code == 0, result.stderr
    assert not stray.exists()


# -- 7. the editor's name stays out of record fields ---------------------------------------
def test_editor_name_goes_to_the_history_not_to_bron(cli, db, tmp_path):
    editor = "Fatima El Amrani"
    r = cli("contactpunt", "add", "--rol", "wijkagent", "--dienst", "POLITIE", "--gebied", "Zeeheldenkwartier",
            "--thema", "overlast", "--niveau", "2", "--web", "https://www.politie.nl/mijn-buurt", "--as", editor)
    assert r.exit_code == 0, r.stderr
    path = tmp_path / "nieuw.csv"
    path.write_bytes(b"id;rol;dienst;gebied;themas;niveau\r\nimport-cp;test;DSB;WK051822;overlast;2\r\n")
    assert cli("import", str(path), "--as", editor).exit_code == 0
    for rid in ("zeeheldenkwartier-wijkagent", "import-cp"):
        assert editor not in json.dumps(stored(db, rid)), rid
    assert editor not in cli("export", "--format", "json", "--public").stdout
    assert editor not in cli("who", "zeehelden", "overlast", "--json").stdout
    assert [e["wie"] for e in history(db)] == [editor, editor]


# -- 8. export --public redacts every value the history marks as personal --------------------
def test_public_export_redacts_a_person_removed_from_persoon(cli, db):
    r = cli("contactpunt", "edit", CP, "--naam", NAME, "--persoon-telefoon", "070 123 4567",
            "--opmerking", f"vraag naar {NAME}, 070-1234567")
    assert r.exit_code == 0, r.stderr
    r = cli("contactpunt", "edit", CP, "--naam", "", "--persoon-telefoon", "")  # the remark is forgotten
    assert r.exit_code == 0, r.stderr
    assert stored(db, CP)["persoon"] is None
    public = cli("export", "--format", "json", "--public").stdout
    assert "Testpersoon" not in public and "1234567" not in public
    assert "vraag naar (gewist), (gewist)" in public


# -- 9. an accented e-mail address is erased by forget -------------------------------------
def test_forget_erases_an_accented_email_address(cli, db):
    email = "josé.testpersoon@example.org"
    r = cli("contactpunt", "edit", CP, "--naam", NAME, "--persoon-email", email,
            "--opmerking", f"mail {email}")
    assert r.exit_code == 0, r.stderr
    assert cli("forget", NAME, "--yes").exit_code == 0
    for path in db.parent.iterdir():
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert "testpersoon@example" not in text, path  # neither josé.… nor an ASCII-escaped form


# -- 10. record keys are data: shown inert, and reported by check ---------------------------
CLIPBOARD = "\x1b]52;c;ZWNobyBrd2FhZAo=\x07"


def test_a_hostile_record_key_is_shown_inert_and_reported(cli, db):
    doc = json.loads(db.read_text(encoding="utf-8"))
    for rec in doc["contactpunten"].values():
        if rec["id"] == CP:
            rec[f"x{CLIPBOARD}"] = "waarde"
            rec["kanalen"][f"fax{CLIPBOARD}"] = "1"
    db.write_text(json.dumps(doc), encoding="utf-8")
    from wijkwijzer.env import Env
    import io

    for tty in (False, True):
        out = io.StringIO()
        result = cli("show", CP, env=Env(stdout=out, stderr=io.StringIO(), is_tty=tty))
        shown = out.getvalue() + result.stdout
        assert result.exit_code == 0
        assert "\x1b" not in shown and "\x07" not in shown and "\\x1b]52" in shown
    report = json.loads(cli("check", "--json").stdout)
    fields = {(i["id"], i["veld"]) for i in report["categorieen"]["onbekende_velden"]}
    assert fields == {(CP, f"x{CLIPBOARD}"), (CP, f"kanalen.fax{CLIPBOARD}")}
    plain = cli("check").stdout
    assert "\x1b" not in plain and "onbekend veld" in plain


# -- at scale: an import above the limit is refused with a clear message --------------------
def test_an_import_above_the_limit_is_refused_before_reading(cli, db, tmp_path, monkeypatch):
    from wijkwijzer.staff import importer

    monkeypatch.setattr(importer, "MAX_IMPORT_MB", 1)
    path = tmp_path / "groot.json"
    with open(path, "wb") as fh:
        fh.truncate(2_500_000)  # only the size counts: refused before it is read
    before = db.read_bytes()
    result = cli("import", str(path), "--yes")
    assert result.exit_code == 1
    assert "hoogstens 1 MB in één keer" in result.stderr and "Splits het bestand" in result.stderr
    assert db.read_bytes() == before


# -- at scale: the fast paths of forget find exactly what the plain regex finds ----------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["José", "jose", "DE", "vries", " ", "-", ".", "(0)", "+31", "0031", "070",
                           "123", "4567", "1234567", "\u2028", "\x85", "é", "\u0301", "İ", "ß", "x@y.nl",
                           "josé.vries@example.org", "\n", "_", "7", "0"])
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_fold_text_equals_the_per_character_fold(text):
    from wijkwijzer.staff.matching import _fold, fold_text

    assert fold_text(text) == _fold(text)[0]


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(_TEXTS, max_size=8))
def test_bulk_search_agrees_with_the_regex_on_each_text(texts):
    from wijkwijzer.staff.matching import Matcher, fold_text

    m = Matcher("José de Vries")
    m.add_channel("telefoon", "070 123 4567")
    m.add_channel("email", "josé.vries@example.org")
    folded = [fold_text(t) for t in texts]
    expected = [m._regex.search(f) is not None for f in folded]  # noqa: SLF001 - the reference
    assert m.found_in_many(folded) == expected
    assert [m.found_in(t) for t in texts] == expected
