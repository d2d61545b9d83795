"""Hostile strings in the data are stored faithfully and printed inert (issue #4).

Rich markup, ANSI/OSC escape sequences, control characters, bidi overrides,
NUL and a 1 MB value, in every kind of field, through who/search/show/the
lists/history, on a terminal and on a pipe, and as JSON and CSV.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from wijkwijzer.env import Env
from wijkwijzer.store.database import Store

HOSTILE = ("[bold red]X[/] \x1b]8;;http://x\x07klik\x1b]8;;\x07 [link=http://x]L[/link] [/x] "
           "\x1b[2J\x1b[31mrood\x1b[0m \x00nul \u202eevil\u202c \x9b31m \x07bel\r\nregel\u2028")
BIG = "woord " * 174_763  # ~1 MB
ORG_ID, CP_ID = "kwaad-org", "kwaad-cp"
RAW_DANGER = ("\x1b]", "\x07", "\x00", "\u202e", "\u202c", "\x9b", "\x1b[2J", "\x1b[31m", "\u2028", "\r")
SHOWN = ("[bold red]X[/]", "\\x1b]8;;http://x\\x07klik", "[link=http://x]L[/link] [/x]",
         "\\x1b[2J\\x1b[31mrood", "\\x00nul", "\\u202eevil\\u202c", "\\x9b31m", "\\x07bel")

ORG = {"id": ORG_ID, "naam": "Kwaadaardig " + HOSTILE, "wijken": ["WK051822"],
       "stadsdeel": "centrum", "aliassen": [HOSTILE], "bron": HOSTILE, "status": "actief"}
CP = {"id": CP_ID, "rol": "kwaadaardig " + HOSTILE, "dienst": "DSB", "gebied": ["WK051822"],
      "themas": ["*"], "niveau": 1, "status": "actief", "bron": HOSTILE, "opmerking": BIG,
      "geverifieerd_op": None, "reactietermijn_werkdagen": None,
      "kanalen": {"email": HOSTILE, "telefoon": HOSTILE, "web": HOSTILE, "adres": HOSTILE,
                  "openingstijden": HOSTILE},
      "persoon": {"naam": HOSTILE, "telefoon": None, "email": None}}


@pytest.fixture
def hostile_db(isolated_db):
    with Store(isolated_db).write() as db:
        db.table("organisaties").insert(ORG)
        db.table("contactpunten").insert(CP)
        db.table("historie").insert({"tijd": "2026-11-29T09:00:00Z", "wie": HOSTILE,
                                     "soort": "contactpunten", "record": CP_ID,
                                     "actie": "toegevoegd", "voor": None, "na": {"rol": HOSTILE}})
    return isolated_db


@pytest.fixture(params=["pipe", "tty"])
def mode(request, monkeypatch):
    """Run every command once as if on a pipe and once on a colour terminal."""
    if request.param == "tty":
        monkeypatch.setattr(Env, "__post_init__", lambda self: setattr(self, "is_tty", True))
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "3000")
        monkeypatch.setenv("TERM", "xterm-256color")
    return request.param


def assert_inert(text: str, tty: bool) -> None:
    for bad in RAW_DANGER:
        assert bad not in text, repr(bad)
    if not tty:
        assert "\x1b" not in text


COMMANDS = [
    ("who", "kwaadaardig"),
    ("who", "kwaadaardig", "bomen"),
    ("search", "kwaadaardig"),
    ("show", CP_ID),
    ("show", ORG_ID),
    ("organisaties",),
    ("organisaties", "--stadsdeel", "centrum"),
    ("contactpunten",),
    ("history",),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_hostile_text_is_shown_literally_never_obeyed(cli, hostile_db, mode, args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert_inert(out, tty=mode == "tty")
    assert_inert(result.stderr, tty=False)
    if mode == "tty" and args[0] != "history":
        assert "\x1b[" in out  # really rendered for a colour terminal
    assert "[bold red]X[/]" in out
    if args[0] in ("who", "show", "search") or args == ("organisaties",):
        for shown in SHOWN:
            assert shown in out, shown


@pytest.mark.parametrize("tty", [False, True])
@pytest.mark.parametrize("as_json", [False, True])
def test_fast_who_of_the_console_script_is_inert_too(hostile_db, monkeypatch, tty, as_json):
    from wijkwijzer.cli import fast as quick
    from wijkwijzer.cli.answer import answer

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "3000")
    for _ in range(2):  # the second run answers from the derived read index
        env = Env(stdout=io.StringIO(), stderr=io.StringIO(), is_tty=tty)
        parsed = quick.parse_who(["who", "kwaadaardig", *(["--json"] if as_json else [])])
        assert answer(*parsed, env=env) == 0, env.stderr.getvalue()
        out = env.stdout.getvalue()
        assert_inert(out, tty=tty and not as_json)
        if as_json:
            assert json.loads(out)["contactpunten"][0]["rol"] == CP["rol"]
        else:
            for shown in SHOWN:
                assert shown in out, shown


def test_1mb_value_is_shown_whole_on_a_pipe(cli, hostile_db):
    result = cli("show", CP_ID)
    assert result.exit_code == 0
    assert BIG.strip() in result.stdout


def test_hostile_text_is_stored_faithfully(hostile_db):
    doc = json.loads(hostile_db.read_bytes().decode("utf-8"))
    assert CP in doc["contactpunten"].values()
    assert ORG in doc["organisaties"].values()


@pytest.mark.parametrize("args,pick", [
    (("show", CP_ID), lambda d: d),
    (("show", ORG_ID), lambda d: d),
    (("who", "kwaadaardig"), lambda d: d["contactpunten"][0]),
    (("organisaties",), lambda d: next(o for o in d if o["id"] == ORG_ID)),
    (("contactpunten",), lambda d: next(c for c in d if c["id"] == CP_ID)),
])
def test_json_output_is_valid_and_round_trips(cli, hostile_db, args, pick):
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout, tty=False)
    got = pick(json.loads(result.stdout))
    for key in ("rol", "naam", "kanalen", "persoon", "bron", "opmerking"):
        if key in got and got["id"] == CP_ID:
            assert got[key] == CP[key], key
        elif key in got:
            assert got[key] == ORG[key], key


def test_search_json_round_trips(cli, hostile_db):
    result = cli("search", "kwaadaardig", "--json")
    hit = next(h for h in json.loads(result.stdout) if h["id"] == ORG_ID)
    assert hit["naam"] == ORG["naam"]


def test_lone_surrogate_from_argv_gives_valid_json(cli, hostile_db):
    # argv bytes that are not UTF-8 reach Python as lone surrogates
    result = cli("who", "kwaadaardig\udcff", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["vraag"]["plaats"] == "kwaadaardig\udcff"
    result = cli("who", "\udcffqq")
    assert result.exit_code == 1 and "\\udcff" in result.stderr


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=1"]


def test_csv_export_neutralises_formula_cells(cli, isolated_db):
    with Store(isolated_db).write() as db:
        for i, formula in enumerate(FORMULAS):
            db.table("contactpunten").insert({**CP, "id": f"formule-{i}", "rol": formula,
                                              "opmerking": formula, "bron": formula})
    result = cli("export", "--format", "csv", "--soort", "contactpunten")
    assert result.exit_code == 0, result.stderr
    text = result.stdout_bytes.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    cells = [dict(zip(header, r)) for r in rows[1:]]
    ours = [c for c in cells if c["id"].startswith("formule-")]
    assert len(ours) == len(FORMULAS)
    for row in cells:
        for value in row.values():
            assert not value[:1] in ("=", "+", "-", "@", "\t", "\r"), value
    assert {c["rol"] for c in ours} == {"'" + f for f in FORMULAS}


def test_check_report_stays_inert(cli, hostile_db, mode):
    result = cli("check")
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert_inert(result.stdout, tty=mode == "tty")
    assert_inert(result.stderr, tty=False)


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_export_to_a_terminal_stays_inert(cli, hostile_db, monkeypatch, fmt):
    monkeypatch.setattr(Env, "__post_init__", lambda self: setattr(self, "is_tty", True))
    result = cli("export", "--format", fmt)
    assert result.exit_code in (0, 1)
    assert_inert(result.stdout_bytes.decode("utf-8", errors="replace"), tty=True)
