"""The small wrapper around the git program (issue #16): no shell, an explicit
environment, git's own message in the error."""

from __future__ import annotations

import pytest

from wijkwijzer.sync.git import Git, GitFailed, GitMissing, git_env, package_root


def test_the_environment_keeps_git_on_this_repository_and_signs_as_the_actor():
    env = git_env("Fatima (DSB)", "f@denhaag.nl",
                  base={"GIT_DIR": "/elders/.git", "GIT_INDEX_FILE": "x", "GIT_SSH_COMMAND": "ssh -i k",
                        "PYTHONPATH": "/a", "PATH": "/bin"})
    assert "GIT_DIR" not in env and "GIT_INDEX_FILE" not in env
    assert env["GIT_SSH_COMMAND"] == "ssh -i k"  # the user's way to reach the server stays
    assert env["GIT_AUTHOR_NAME"] == env["GIT_COMMITTER_NAME"] == "Fatima (DSB)"
    assert env["GIT_AUTHOR_EMAIL"] == env["GIT_COMMITTER_EMAIL"] == "f@denhaag.nl"
    assert env["LC_ALL"] == "C"
    assert env["PYTHONPATH"].split(":")[:2] == [str(package_root()), "/a"]


def test_an_identity_is_derived_when_git_has_none(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    assert Git(tmp_path, "Fatima de Vries").email() == "fatima-de-vries@wijkwijzer.invalid"


def test_git_not_installed_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GitMissing, match="installeer git"):
        Git(tmp_path, "x")


def test_a_failing_command_carries_gits_message(tmp_path):
    git = Git(tmp_path, "x")
    git.run("init", "-q")
    with pytest.raises(GitFailed, match="git rev-parse is mislukt") as info:
        git.run("rev-parse", "--verify", "geen-tak")
    assert "geen-tak" in info.value.stderr or "Needed a single revision" in info.value.stderr
    assert git.has("HEAD") is False and git.show("HEAD", "x") is None
