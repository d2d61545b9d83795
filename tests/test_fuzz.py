"""Property-based tests (hypothesis): whatever a user types or imports, the
program exits 0, 1 or 2, never with a traceback, and a rejected input never
changes the database file.

Default run: few examples per property (fast CI). ``WIJKWIJZER_LONG_TESTS=1``
runs many more.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from wijkwijzer.cli.main import app

LONG = os.environ.get("WIJKWIJZER_LONG_TESTS") == "1"
FUZZ = settings(max_examples=1000 if LONG else 40, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE = ["[bold red]X[/]", "\x1b]8;;http://x\x07", "[/x]", "\u202e", "\x00", "\x1b[2J",
           "-", "--", "--json", "--help", "", " ", "2531", "2531 AB", "WK051822", "zeehelden",
           "bomen", "Loosduinen", "é", "\udcff", "9999", "0000", "%s", "{}", "'", '"']
words = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=12),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=8)),
)
flags = st.lists(st.sampled_from(["--json", "--db-missing", "--limit", "0", "-n", "3", "--x"]),
                 max_size=2)
commands = st.one_of(
    st.builds(lambda a: ["who", a], words),
    st.builds(lambda a, b: ["who", a, b], words, words),
    st.builds(lambda a, b: ["who", *a, *b], st.lists(words, max_size=4), flags),
    st.builds(lambda a, b: ["search", a, *b], words, flags),
    st.builds(lambda a, b: ["show", a, *b], words, flags),
    st.builds(lambda k, a: [k, "--stadsdeel", a],
              st.sampled_from(["wijken", "organisaties", "buurten", "contactpunten"]), words),
    st.builds(lambda a: ["contactpunten", "--thema", a], words),
    st.builds(lambda k, a: [k, *a], st.sampled_from(["stadsdelen", "themas", "diensten", "history"]),
              st.lists(words, max_size=2)),
)


def run(args: list[str], input: str | None = None):
    result = CliRunner().invoke(app, args, input=input, catch_exceptions=True)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, repr(result.exception))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def db_bytes(isolated_db):
    run(["stadsdelen"])  # create the database once
    return isolated_db.read_bytes()


@FUZZ
@given(args=commands)
def test_read_commands_never_crash_or_write(isolated_db, db_bytes, args):
    result = run(args)
    assert isolated_db.read_bytes() == db_bytes
    if result.exit_code == 1:
        assert result.stderr.startswith("Fout: ")


@FUZZ
@given(args=st.lists(words, max_size=5))
def test_any_argument_list_is_handled(isolated_db, db_bytes, args):
    if args and args[0] in ("forget", "restore", "import", "contactpunt", "organisatie", "wijk",
                            "stadsdeel", "thema", "dienst", "buurt", "gemeente", "postcode",
                            "verify", "export"):
        return  # writers and file output are fuzzed below
    run(args)
    assert isolated_db.read_bytes() == db_bytes


@FUZZ
@given(args=st.lists(words, max_size=5), as_json=st.booleans())
def test_fast_who_of_the_console_script_never_crashes_or_writes(isolated_db, db_bytes, args,
                                                                 as_json):
    import io

    from wijkwijzer.cli import fast as quick
    from wijkwijzer.cli.answer import answer
    from wijkwijzer.env import Env

    parsed = quick.parse_who(["who", *args, *(["--json"] if as_json else [])])
    if parsed is None:
        return  # handed to the typer app, fuzzed above
    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), is_tty=False)
    code = answer(*parsed, env=env)
    assert code in (0, 1)
    assert "Traceback" not in env.stderr.getvalue()
    if code == 1:
        assert env.stderr.getvalue().startswith("Fout: ")
    elif as_json:
        json.loads(env.stdout.getvalue())
    assert isolated_db.read_bytes() == db_bytes


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | words,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(words, inner, max_size=4),
    max_leaves=20)
KINDS = ["contactpunten", "organisaties", "wijken", "themas", "diensten", "stadsdelen"]
json_docs = st.one_of(
    json_values,
    st.dictionaries(st.sampled_from(KINDS), st.lists(st.dictionaries(
        st.sampled_from(["id", "code", "naam", "rol", "dienst", "gebied", "themas", "niveau",
                         "wijken", "stadsdeel", "kanalen", "persoon", "status", "bron"]),
        json_values, max_size=8), max_size=3), max_size=3),
)
csv_texts = st.builds(
    lambda header, rows, sep: "\r\n".join([sep.join(header)] + [sep.join(r) for r in rows]),
    st.lists(st.sampled_from(["id", "rol", "dienst", "gebied", "themas", "niveau", "email",
                              "telefoon", "persoon_naam", "naam", "wijken", "code", "x"]),
             min_size=1, max_size=6),
    st.lists(st.lists(words, max_size=6), max_size=4),
    st.sampled_from([";", ",", "\t"]))
import_files = st.one_of(
    st.tuples(st.sampled_from([".csv", ".json", ".txt"]), st.binary(max_size=300)),
    st.tuples(st.just(".json"), json_docs.map(lambda d: json.dumps(d).encode())),
    st.tuples(st.just(".csv"), csv_texts.map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.tuples(st.just(".csv"), csv_texts.map(lambda t: t.encode("cp1252", "replace"))),
)


@FUZZ
@given(spec=import_files, dry=st.booleans(), mode=st.sampled_from(["merge", "replace"]))
def test_import_of_any_file_is_all_or_nothing(isolated_db, db_bytes, tmp_path, spec, dry, mode):
    suffix, payload = spec
    src = tmp_path / f"invoer{suffix}"
    src.write_bytes(payload)
    before = isolated_db.read_bytes()
    args = ["import", str(src), "--mode", mode] + (["--dry-run"] if dry else [])
    result = run(args)
    if result.exit_code != 0 or dry:
        assert isolated_db.read_bytes() == before, (payload, result.output)
    else:  # accepted: the file still parses and the program still answers
        json.loads(isolated_db.read_bytes())
        run(["stadsdelen"])


@FUZZ
@given(raw=st.one_of(st.binary(max_size=200),
                     json_docs.map(lambda d: json.dumps(d).encode())))
def test_any_database_file_is_refused_or_read_never_overwritten(isolated_db, raw):
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    isolated_db.write_bytes(raw)
    result = run(["who", "zeehelden"])
    if "beschadigd" in result.stderr or "nieuwer" in result.stderr:
        assert result.exit_code == 1
        assert isolated_db.read_bytes() == raw  # a damaged file is never overwritten
        assert len(result.stderr.strip().splitlines()) == 1
