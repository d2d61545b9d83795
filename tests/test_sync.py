"""``wijkwijzer sync``: desks share one directory through a bare git repository
in a temporary folder (issue #16). Each desk is its own database file; git runs
without any user or system configuration, as on a fresh CI machine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wijkwijzer.store.document import parse_document
from wijkwijzer.sync.engine import repository_path

ROOT = Path(__file__).resolve().parent.parent
CP = "centrum-gebiedsregisseur-dsb"


@pytest.fixture(autouse=True)
def no_git_identity(tmp_path, monkeypatch):
    """No ~/.gitconfig, no /etc/gitconfig, no identity: sync must still commit."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(var, raising=False)


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def remote(tmp_path) -> Path:
    path = tmp_path / "gedeeld.git"
    git("init", "-q", "--bare", "-b", "main", str(path))
    return path


def remote_head(remote: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/main"], cwd=remote,
                          capture_output=True, text=True)
    return done.stdout.strip()


class Desk:
    """One member of staff: a database file and the commands they type."""

    def __init__(self, cli, path: Path, name: str):
        self.cli, self.path, self.name = cli, path, name
        path.parent.mkdir(parents=True, exist_ok=True)  # --db is only created in a folder that exists

    def run(self, *args: str):
        return self.cli(*args, "--db", str(self.path))

    def edit(self, ident: str, *options: str):
        result = self.run("contactpunt", "edit", ident, *options, "--as", self.name)
        assert result.exit_code == 0, result.stderr
        return result

    def sync(self, *options: str):
        return self.run("sync", "--as", self.name, *options)

    def record(self, ident: str = CP) -> dict:
        doc = parse_document(self.path.read_bytes())
        return next(r for r in doc["contactpunten"].values() if r["id"] == ident)

    def history(self, ident: str = CP) -> list[dict]:
        result = self.run("history", ident, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)


def joined(cli, tmp_path, remote, names) -> list[Desk]:
    """Desks joined to one remote: the first published, the others joined."""
    out = [Desk(cli, tmp_path / name.lower() / "wijkwijzer.json", name) for name in names]
    for desk in out:
        result = desk.sync("--remote", str(remote))
        assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def desks(cli, tmp_path, remote):
    """Three desks: Anna published, Bob and Cem joined."""
    return joined(cli, tmp_path, remote, ("Anna", "Bob", "Cem"))


@pytest.fixture
def pair(cli, tmp_path, remote):
    """Two desks: Anna published, Bob joined."""
    return joined(cli, tmp_path, remote, ("Anna", "Bob"))


def test_publish_then_join(cli, tmp_path, remote):
    anna = Desk(cli, tmp_path / "a" / "wijkwijzer.json", "Anna")
    anna.edit(CP, "--niveau", "2")
    first = anna.sync("--remote", str(remote), "--json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)["actie"] == "gepubliceerd"
    assert remote_head(remote)
    assert (repository_path(anna.path) / "wijkwijzer.json").read_bytes() == anna.path.read_bytes()

    bob = Desk(cli, tmp_path / "b" / "wijkwijzer.json", "Bob")
    bob.edit(CP, "--niveau", "3")  # unsynced work is replaced, but kept aside
    joined = bob.sync("--remote", str(remote))
    assert joined.exit_code == 0, joined.stderr
    assert "Aangesloten" in joined.stdout
    assert bob.path.read_bytes() == anna.path.read_bytes()
    (kept,) = bob.path.parent.glob("wijkwijzer.json.voor-sync-*")
    assert '"niveau":3' in kept.read_text(encoding="utf-8")


def test_the_first_sync_needs_a_remote(cli, tmp_path):
    result = Desk(cli, tmp_path / "x.json", "Anna").sync()
    assert result.exit_code == 1
    assert "--remote URL" in result.stderr


def test_edits_of_different_records_travel_with_their_authors(desks):
    anna, bob, cem = desks
    anna.edit(CP, "--reactietermijn", "5")
    bob.edit("haagse-hout-gebiedsregisseur-dsb", "--email", "hh@denhaag.nl")
    for desk in (anna, bob, cem, anna):
        result = desk.sync()
        assert result.exit_code == 0, result.stderr
    for desk in desks:
        assert desk.record()["reactietermijn_werkdagen"] == 5
        assert desk.record("haagse-hout-gebiedsregisseur-dsb")["kanalen"]["email"] == "hh@denhaag.nl"
    assert [e["wie"] for e in cem.history()] == ["Anna"]
    assert [e["wie"] for e in cem.history("haagse-hout-gebiedsregisseur-dsb")] == ["Bob"]
    log = git("log", "--format=%an|%s", "main", cwd=repository_path(cem.path))
    assert "Bob|wijkwijzer: 1 wijziging door Bob" in log


def test_edits_of_different_fields_of_one_record_merge(pair):
    anna, bob = pair
    anna.edit(CP, "--reactietermijn", "5")
    bob.edit(CP, "--email", "centrum@denhaag.nl")
    assert anna.sync().exit_code == 0
    result = bob.sync()
    assert result.exit_code == 0, result.stderr
    assert "1 wijziging(en) verstuurd, 1 binnengehaald" in result.stdout
    assert anna.sync().exit_code == 0
    for desk in (anna, bob):
        rec = desk.record()
        assert rec["reactietermijn_werkdagen"] == 5 and rec["kanalen"]["email"] == "centrum@denhaag.nl"


def test_the_same_field_is_a_conflict_then_houd_resolves_it(pair, remote):
    anna, bob = pair
    anna.edit(CP, "--email", "anna@denhaag.nl")
    bob.edit(CP, "--email", "bob@denhaag.nl")
    assert anna.sync().exit_code == 0
    before, head = bob.path.read_bytes(), remote_head(remote)

    result = bob.sync()
    assert result.exit_code == 1
    assert f"{CP}, veld kanalen.email: mijn \"bob@denhaag.nl\", hun \"anna@denhaag.nl\"" in result.stderr
    assert "--houd mijn" in result.stderr
    assert bob.path.read_bytes() == before and remote_head(remote) == head
    assert bob.run("who", "centrum", "--json").exit_code == 0  # still usable

    as_json = bob.sync("--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["conflicten"][0]["hun"] == "anna@denhaag.nl"

    resolved = bob.sync("--houd", "mijn")
    assert resolved.exit_code == 0, resolved.stderr
    assert "'mijn' gehouden" in resolved.stdout
    assert anna.sync().exit_code == 0
    assert anna.record()["kanalen"]["email"] == bob.record()["kanalen"]["email"] == "bob@denhaag.nl"
    last = anna.history()[-1]
    assert (last["actie"], last["wie"]) == ("samengevoegd", "Bob")
    assert last["voor"]["kanalen"]["email"] == "anna@denhaag.nl"  # the losing value stays visible


def test_a_removal_against_an_edit_is_a_conflict_resolved_per_record(pair):
    anna, bob = pair
    ident = "haagse-hout-gebiedsregisseur-dsb"
    removed = anna.run("contactpunt", "remove", ident, "--yes", "--as", "Anna")
    assert removed.exit_code == 0, removed.stderr
    bob.edit(ident, "--niveau", "2")
    assert anna.sync().exit_code == 0
    result = bob.sync()
    assert result.exit_code == 1
    assert f"{ident}, veld het hele record: mijn gewijzigd, hun verwijderd" in result.stderr
    assert bob.sync("--houd", f"{ident}=hun").exit_code == 0
    assert ident not in json.dumps(parse_document(bob.path.read_bytes())["contactpunten"])
    note = bob.history(ident)[-1]
    assert note["actie"] == "samengevoegd" and note["voor"]["niveau"] == 2 and note["na"] is None


def test_a_damaged_local_file_is_not_pushed(pair, remote):
    anna = pair[0]
    head = remote_head(remote)
    anna.path.write_bytes(b'{"contactpunten": {"1": ')
    result = anna.sync()
    assert result.exit_code == 1
    assert "is beschadigd" in result.stderr
    assert remote_head(remote) == head


def test_a_database_that_fails_validation_is_not_pushed(pair, remote):
    anna = pair[0]
    head = remote_head(remote)
    doc = parse_document(anna.path.read_bytes())
    rec = next(r for r in doc["contactpunten"].values() if r["id"] == CP)
    rec["dienst"] = "BESTAAT-NIET"  # a hand edit; no command would allow it
    from wijkwijzer.store.atomic import dump

    anna.path.write_bytes(dump(doc))
    result = anna.sync()
    assert result.exit_code == 1
    assert "BESTAAT-NIET" in result.stderr and "er is niets verstuurd" in result.stderr
    assert remote_head(remote) == head


def test_a_merge_that_would_break_a_reference_is_refused(pair, remote):
    anna, bob = pair
    added = anna.run("dienst", "add", "--id", "PROEF", "--naam", "Proefdienst", "--soort", "partner",
                     "--bron", "test", "--as", "Anna")
    assert added.exit_code == 0, added.stderr
    assert anna.sync().exit_code == 0 and bob.sync().exit_code == 0
    assert anna.run("dienst", "remove", "PROEF", "--yes").exit_code == 0
    assert anna.sync().exit_code == 0
    bob.edit(CP, "--dienst", "PROEF")  # still exists on Bob's desk
    head, before = remote_head(remote), bob.path.read_bytes()
    result = bob.sync()
    assert result.exit_code == 1
    assert "samengevoegde resultaat" in result.stderr and "PROEF" in result.stderr
    assert remote_head(remote) == head and bob.path.read_bytes() == before


def test_a_push_race_is_retried_after_fetching(pair, monkeypatch):
    """Bob fetches, then Anna pushes before Bob does: Bob's push is refused,
    he fetches, merges again and pushes; nobody's edit is lost."""
    from wijkwijzer.sync import engine

    anna, bob = pair
    anna.edit(CP, "--reactietermijn", "5")
    bob.edit(CP, "--email", "bob@denhaag.nl")
    real_push = engine._Session.push
    calls = []

    def racing_push(session):
        if not calls:
            calls.append(1)
            done = subprocess.run([sys.executable, "-m", "wijkwijzer", "sync", "--as", "Anna",
                                   "--db", str(anna.path)], capture_output=True, text=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
            assert done.returncode == 0, done.stderr
        return real_push(session)

    monkeypatch.setattr(engine._Session, "push", racing_push)
    result = bob.sync("--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["pogingen"] == 2
    monkeypatch.undo()
    assert anna.sync().exit_code == 0
    for desk in (anna, bob):
        assert desk.record()["reactietermijn_werkdagen"] == 5
        assert desk.record()["kanalen"]["email"] == "bob@denhaag.nl"


def test_two_desks_syncing_at_the_same_moment_both_land(desks):
    anna, bob, cem = desks
    anna.edit(CP, "--reactietermijn", "5")
    bob.edit("haagse-hout-gebiedsregisseur-dsb", "--niveau", "2")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "wijkwijzer", "sync", "--as", d.name, "--db", str(d.path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for d in (anna, bob)]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert cem.sync().exit_code == 0
    assert cem.record()["reactietermijn_werkdagen"] == 5
    assert cem.record("haagse-hout-gebiedsregisseur-dsb")["niveau"] == 2


def test_nothing_changed_is_a_quiet_sync(pair, remote):
    anna = pair[0]
    head, before = remote_head(remote), anna.path.read_bytes()
    result = anna.sync()
    assert result.exit_code == 0
    assert "0 wijziging(en) verstuurd, 0 binnengehaald" in result.stdout
    assert remote_head(remote) == head and anna.path.read_bytes() == before


def test_houd_with_another_word_is_refused(pair):
    result = pair[0].sync("--houd", "beide")
    assert result.exit_code == 1 and "--houd" in result.stderr


def test_forget_leaves_the_sync_repository_alone(pair):
    """The repository folder sits beside the database (``<db>.sync``); it is
    not one of the database's backup files."""
    from wijkwijzer.store.database import Store

    assert repository_path(pair[0].path) not in Store(pair[0].path).related_files()


def test_resolving_counts_only_what_came_from_the_others(pair):
    anna, bob = pair
    anna.edit(CP, "--email", "anna@denhaag.nl")
    bob.edit(CP, "--email", "bob@denhaag.nl")
    assert anna.sync().exit_code == 0
    assert bob.sync().exit_code == 1
    result = bob.sync("--houd", "hun", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["verstuurd"], report["binnengehaald"]) == (1, 1)
    assert report["opgelost"][0]["gehouden"] == "hun"
    assert bob.record()["kanalen"]["email"] == "anna@denhaag.nl"


def ci_gate_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("**Controle op de git-server (CI).**")[1].split("```sh\n")[1].split("```")[0]
    return section.strip().splitlines()


@pytest.mark.skipif(not shutil.which("jq"), reason="jq not installed")
def test_the_ci_gate_in_the_readme_passes_good_data_and_stops_a_broken_reference(tmp_path):
    """The two README lines, run as a CI job would: in the folder of the file."""
    from wijkwijzer.store.atomic import dump
    from wijkwijzer.store.database import Store

    lines = ci_gate_lines()
    assert len(lines) == 2
    folder = tmp_path / "ci"
    folder.mkdir()
    Store(folder / "wijkwijzer.json").document()  # the bundled data
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = "\n".join(["set -e", *[line.replace("wijkwijzer check", f"{sys.executable} -m wijkwijzer check")
                                    for line in lines]])
    assert subprocess.run(["sh", "-c", script], cwd=folder, env=env, capture_output=True).returncode == 0
    doc = parse_document((folder / "wijkwijzer.json").read_bytes())
    next(iter(doc["contactpunten"].values()))["dienst"] = "BESTAAT-NIET"
    (folder / "wijkwijzer.json").write_bytes(dump(doc))
    assert subprocess.run(["sh", "-c", script], cwd=folder, env=env, capture_output=True).returncode != 0


def test_a_sync_killed_before_writing_the_database_loses_nothing_next_time(desks, monkeypatch):
    """Pushed, then killed before the merged file reached the local database:
    the next sync must merge again, not commit the older database over it."""
    from wijkwijzer.sync import engine

    anna, bob, cem = desks
    anna.edit(CP, "--reactietermijn", "5")
    assert anna.sync().exit_code == 0
    bob.edit(CP, "--email", "bob@denhaag.nl")

    def killed(session, raw, aside):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine._Session, "replace_local", killed)
    assert bob.sync().exit_code != 0
    monkeypatch.undo()
    assert bob.record().get("reactietermijn_werkdagen") is None  # the write never happened
    bob.edit("haagse-hout-gebiedsregisseur-dsb", "--niveau", "2")
    result = bob.sync()
    assert result.exit_code == 0, result.stderr
    assert cem.sync().exit_code == 0
    for desk in (bob, cem):
        assert desk.record()["reactietermijn_werkdagen"] == 5
        assert desk.record()["kanalen"]["email"] == "bob@denhaag.nl"
        assert desk.record("haagse-hout-gebiedsregisseur-dsb")["niveau"] == 2


def test_a_relative_remote_path_is_read_from_where_the_user_stands(cli, tmp_path, remote, monkeypatch):
    monkeypatch.chdir(remote.parent)
    anna = Desk(cli, tmp_path / "a" / "wijkwijzer.json", "Anna")
    result = anna.sync("--remote", remote.name, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["remote"] == str(remote.resolve())
    assert remote_head(remote)


def test_an_unreachable_remote_is_one_sentence_and_changes_nothing(pair, remote):
    import shutil as sh

    anna = pair[0]
    anna.edit(CP, "--niveau", "2")
    before = anna.path.read_bytes()
    sh.rmtree(remote)
    result = anna.sync()
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: git fetch is mislukt")
    assert anna.path.read_bytes() == before
