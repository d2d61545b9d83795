"""A small wrapper around the ``git`` program.

Every call is ``subprocess.run([git, ...])``: no shell, output captured, and
an explicit environment built by :func:`git_env`:

- variables that would point git at another repository (``GIT_DIR``,
  ``GIT_WORK_TREE``, ``GIT_INDEX_FILE``, ...; set when wijkwijzer runs from a
  git hook) are dropped; the user's own settings (``GIT_SSH_COMMAND``,
  credential helpers, proxies) are kept, so the gemeente's server is reached
  the way the user's git reaches it;
- ``LC_ALL=C`` so git's messages are the same on every desk;
- the author and committer are the wijkwijzer actor (``--as`` or the OS user),
  with the user's configured ``user.email`` or else ``<slug>@wijkwijzer.invalid``,
  so a commit works on a fresh machine (or CI as root) without a git identity;
- ``PYTHONPATH`` starts with the folder this wijkwijzer is imported from, so
  the merge driver git starts (``python -m wijkwijzer.sync.driver``) is this
  same code, also from a source checkout;
- no password prompt when there is no terminal to answer it.

Errors: :class:`GitMissing` when git is not installed, :class:`GitFailed`
(with git's stderr) when a command fails. No typer, no rich.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from wijkwijzer.errors import WijkwijzerError
from wijkwijzer.i18n import Messages

MSG = Messages({
    "missing": "Het programma git is niet gevonden; installeer git om te synchroniseren.",
    "failed": "git {cmd} is mislukt: {why}",
})
#: variables that would make git use another repository than the one asked for
_REPO_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
              "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX",
              "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES")


class GitMissing(WijkwijzerError):
    """The git program is not installed (not on PATH)."""


class GitFailed(WijkwijzerError):
    """A git command exited non-zero; ``stderr`` holds git's own message."""

    def __init__(self, args: list[str], stderr: str):
        why = " ".join(stderr.strip().splitlines()[-2:]) or "?"
        super().__init__(MSG["failed"].format(cmd=args[0] if args else "", why=why))
        self.stderr = stderr


@dataclass
class Done:
    """What a git command returned: exit code and its output as text."""

    code: int
    out: str
    err: str


def package_root() -> Path:
    """The folder that holds the ``wijkwijzer`` package being run."""
    return Path(__file__).resolve().parent.parent.parent


def git_env(name: str, email: str, base: dict | None = None, extra: dict | None = None) -> dict:
    """The environment for a git call (see the module docstring); *base*
    defaults to ``os.environ``, *extra* is added last."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in _REPO_VARS}
    env.update(LC_ALL="C", LANGUAGE="", GIT_MERGE_AUTOEDIT="no",
               GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
               GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
    if not (sys.stdin and sys.stdin.isatty()):
        env["GIT_TERMINAL_PROMPT"] = "0"
    paths = [str(package_root()), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.update(extra or {})
    return env


class Git:
    """git commands in the repository (working tree) *folder*, signed by
    *actor*. ``run()`` raises on failure, ``attempt()`` returns the :class:`Done`."""

    def __init__(self, folder: Path, actor: str):
        self.folder = Path(folder)
        self.actor = actor
        self.program = shutil.which("git")
        if not self.program:
            raise GitMissing(MSG["missing"])
        self._email: str | None = None

    def email(self) -> str:
        """The user's configured ``user.email``, else one derived from the actor."""
        if self._email is None:
            from wijkwijzer.text import slug

            found = self._call(["config", "user.email"], env=git_env(self.actor, "x@x"),
                               cwd=self.folder if (self.folder / ".git").exists() else None)
            self._email = found.out.strip() or f"{slug(self.actor) or 'wijkwijzer'}@wijkwijzer.invalid"
        return self._email

    def _call(self, args: list[str], env: dict, cwd: Path | None) -> Done:
        proc = subprocess.run([self.program, *args], cwd=cwd, env=env, capture_output=True,
                              stdin=subprocess.DEVNULL, check=False)
        return Done(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                    proc.stderr.decode("utf-8", "replace"))

    def attempt(self, *args: str, extra_env: dict | None = None) -> Done:
        """Run ``git ARGS`` in the repository; return its :class:`Done`."""
        return self._call(list(args), git_env(self.actor, self.email(), extra=extra_env), self.folder)

    def run(self, *args: str, extra_env: dict | None = None) -> str:
        """Run ``git ARGS``; return stdout. Raises GitFailed on a non-zero exit."""
        done = self.attempt(*args, extra_env=extra_env)
        if done.code:
            raise GitFailed(list(args), done.err or done.out)
        return done.out

    def has(self, ref: str) -> bool:
        """True when *ref* ("HEAD", "refs/remotes/origin/main") names a commit."""
        return self.attempt("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").code == 0

    def show(self, ref: str, path: str) -> bytes | None:
        """The bytes of *path* at *ref*, or None when it is not there."""
        proc = subprocess.run([self.program, "show", f"{ref}:{path}"], cwd=self.folder,
                              env=git_env(self.actor, self.email()), capture_output=True,
                              stdin=subprocess.DEVNULL, check=False)
        return proc.stdout if proc.returncode == 0 else None
