"""``wijkwijzer sync``: share one directory between desks through a git remote.

The sync repository is a git working tree beside the database:
``<database>.sync/`` (for ``~/.local/share/wijkwijzer/wijkwijzer.json`` that is
``~/.local/share/wijkwijzer/wijkwijzer.json.sync/``). It holds one file,
:data:`FILE`, plus ``.gitattributes``; the database itself stays where it was.
One :func:`sync`, under the database's write lock:

1. the local database must load and pass :func:`gate` (no dangling
   references, no invalid e-mail or phone, no field of the wrong type), else
   nothing is committed or pushed;
2. first time (no repository yet, ``--remote URL``): an empty remote gets this
   desk's database (*publish*); a remote that has one replaces the local
   database after keeping it as ``<database>.voor-sync-<time>`` (*join*);
3. after that: commit the local database, on the commit it was last made
   from (:data:`LOCAL_REF`), when it changed (the message lists
   the history entries: who changed what), fetch, merge the remote branch
   with the per-record merge driver (:mod:`wijkwijzer.sync.driver`), check
   the result with :func:`gate`, push; a push refused because another desk
   pushed first is retried after fetching and merging again;
4. a conflict aborts the merge (:class:`SyncConflict`); the local database and
   the remote stay as they were. ``keep`` resolves conflicts next time;
5. the merged file replaces the local database (atomic, with ``.bak``).

No typer, no rich.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

from wijkwijzer.errors import WijkwijzerError
from wijkwijzer.i18n import Messages, ngettext
from wijkwijzer.sync.git import Git, GitFailed

FILE = "wijkwijzer.json"
BRANCH = "main"
REMOTE = "origin"
REMOTE_REF = f"refs/remotes/{REMOTE}/{BRANCH}"
#: the commit whose file the local database was last made from (or committed as)
LOCAL_REF = "refs/wijkwijzer/lokaal"
DRIVER = "wijkwijzer"
ATTRIBUTES = f"/{FILE} merge={DRIVER}\n"
PUSH_ATTEMPTS = 5
#: categories of ``check`` that make a database unfit to share
BLOCKING = ("verwijzingen", "ongeldige_kanalen", "vorm")

MSG = Messages({
    "no_remote": ("Deze database wordt nog niet gesynchroniseerd; geef de eerste keer de "
                  "gedeelde repository op met 'wijkwijzer sync --remote URL'."),
    "not_loading": "{what} laadt niet ({why}); er is niets verstuurd.",
    "item": "{soort} {id}, veld {veld}: {reden}",
    "local": "De database {path}",
    "merged": "Het samengevoegde resultaat met de andere bureaus",
    "remote_file": "De database op {url}",
    "busy": ("Het versturen lukte {n} keer niet omdat andere bureaus steeds net eerder "
             "verstuurden; probeer het over een moment opnieuw."),
    "published": "wijkwijzer: directory gepubliceerd door {actor}",
    "merge_msg": "wijkwijzer: samengevoegd door {actor}",
    "updated": "wijkwijzer: database bijgewerkt door {actor}",
})


class SyncError(WijkwijzerError):
    """The sync cannot go on; nothing was pushed and the local database is unchanged."""


class SyncConflict(WijkwijzerError):
    """The same field changed differently here and on the remote.
    ``conflicts``: ``[{soort, record, veld, mijn, hun, basis}]``."""

    def __init__(self, conflicts: list[dict], url: str):
        super().__init__(ngettext(
            "{n} conflict met de versie op {url}: hetzelfde veld is hier en daar verschillend gewijzigd. "
            "Er is niets veranderd; kies met 'wijkwijzer sync --houd mijn' of '--houd hun' (of per record "
            "'--houd ID=mijn').",
            "{n} conflicten met de versie op {url}: hetzelfde veld is hier en daar verschillend gewijzigd. "
            "Er is niets veranderd; kies met 'wijkwijzer sync --houd mijn' of '--houd hun' (of per record "
            "'--houd ID=mijn').", len(conflicts)).format(n=len(conflicts), url=url))
        self.conflicts = conflicts


def repository_path(db_path: Path) -> Path:
    """Where the sync repository of the database at *db_path* lives: ``<db>.sync/``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".sync")


def gate(raw: bytes, what: str) -> dict:
    """Parse *raw* (a database file's bytes) and check that it may be shared:
    it loads, and ``check`` finds nothing in :data:`BLOCKING`. Returns the
    document. Raises SyncError naming *what* and the first problem."""
    from wijkwijzer.dataset import KINDS
    from wijkwijzer.staff.check import check_references, invalid_channels, wrong_shapes
    from wijkwijzer.sync.driver import load

    try:
        doc = load(raw)
        if not doc:
            raise ValueError("leeg bestand")
    except ValueError as exc:
        raise SyncError(MSG["not_loading"].format(what=what, why=exc)) from None
    data = {kind: list(doc.get(kind, {}).values()) for kind in KINDS}
    problems = check_references(data)[0] + invalid_channels(data) + \
        [{"soort": "contactpunten", **p} for p in wrong_shapes(data)]
    if problems:
        p = problems[0]
        first = MSG["item"].format(soort=p.get("soort", ""), id=p.get("id", ""), veld=p.get("veld", ""),
                                   reden=p.get("reden") or repr(p.get("waarde")))
        raise SyncError(ngettext("{what} heeft {n} fout die eerst hersteld moet worden: {first} "
                                 "(zie 'wijkwijzer check'); er is niets verstuurd.",
                                 "{what} heeft {n} fouten die eerst hersteld moeten worden, bijvoorbeeld {first} "
                                 "(zie 'wijkwijzer check'); er is niets verstuurd.", len(problems))
                        .format(what=what, n=len(problems), first=first))
    return doc


def commit_message(old: dict, new: dict, actor: str) -> str:
    """The commit message for going from document *old* to *new*: a title
    naming the number of changes and their authors, then one line per new
    history entry ("- 2026-11-30T09:12:03Z jan: contactpunten x gewijzigd (email: a -> b)")."""
    from wijkwijzer.store.history import summary
    from wijkwijzer.store.schema import HISTORY
    from wijkwijzer.sync.merge import new_entries

    added = new_entries(old.get(HISTORY, {}), new.get(HISTORY, {}))
    if not added:
        return MSG["updated"].format(actor=actor)
    authors = ", ".join(sorted({str(e.get("wie")) for e in added}))
    title = ngettext("wijkwijzer: {n} wijziging door {wie}", "wijkwijzer: {n} wijzigingen door {wie}",
                     len(added)).format(n=len(added), wie=authors)
    lines = [f"- {e.get('tijd')} {e.get('wie')}: {e.get('soort')} {e.get('record')} {e.get('actie')}"
             + (f" ({summary(e)})" if e.get("actie") == "gewijzigd" else "") for e in added]
    return "\n".join([title, "", *lines])


class _Session:
    """One sync of one database (see :func:`sync`)."""

    def __init__(self, store, actor: str, keep: dict | None):
        self.store, self.actor, self.keep = store, actor, keep or {}
        self.folder = repository_path(store.path)
        self.git: Git | None = None
        self.url = ""
        #: conflicts the last merge resolved by *keep*: [{..., "gehouden": side}]
        self.resolved: list[dict] = []

    @property
    def work_file(self) -> Path:
        return self.folder / FILE

    def open(self, remote: str | None) -> bool:
        """Create or open the repository, install the merge driver, point
        ``origin`` at *remote* when given. Returns True when it is new."""
        fresh = not (self.folder / ".git").is_dir()
        if fresh and not remote:
            raise SyncError(MSG["no_remote"])
        self.git = git = Git(self.folder, self.actor)
        if fresh:
            self.folder.mkdir(parents=True, exist_ok=True)
            git.run("init", "-q", "-b", BRANCH)
        install_driver(git)
        if remote:
            local_path = Path(remote).expanduser()
            if local_path.exists():  # a folder: git would read it relative to the repository
                remote = str(local_path.resolve())
            verb = "set-url" if git.attempt("remote", "get-url", REMOTE).code == 0 else "add"
            git.run("remote", verb, REMOTE, remote)
        done = git.attempt("remote", "get-url", REMOTE)
        if done.code:
            raise SyncError(MSG["no_remote"])
        self.url = done.out.strip()
        return fresh

    def settle(self) -> None:
        """Put the working tree back on the commit the local database stands
        on (:data:`LOCAL_REF`): a sync killed after merging but before writing
        the database must not commit the older database over the merge."""
        git = self.git
        if git.has(LOCAL_REF):
            git.run("reset", "-q", "--hard", LOCAL_REF)
        elif git.has("HEAD"):
            git.run("reset", "-q", "--hard", "HEAD")  # also ends a merge left half-way

    def mark(self) -> None:
        """Record that the local database now equals HEAD's file."""
        self.git.run("update-ref", LOCAL_REF, "HEAD")

    def fetch(self) -> None:
        self.git.run("fetch", "-q", REMOTE)

    def doc_at(self, ref: str) -> dict:
        """The database document at *ref* ("HEAD", :data:`REMOTE_REF`); ``{}`` when none."""
        from wijkwijzer.sync.driver import load

        raw = self.git.show(ref, FILE) if self.git.has(ref) else None
        return load(raw or b"")

    def commit(self, raw: bytes, local: dict, message: str | None = None) -> bool:
        """Put *raw* in the working tree and commit it when it differs from HEAD."""
        self.work_file.write_bytes(raw)
        (self.folder / ".gitattributes").write_text(ATTRIBUTES, encoding="utf-8")
        self.git.run("add", FILE, ".gitattributes")
        if self.git.attempt("diff", "--cached", "--quiet").code == 0:
            return False
        self.git.run("commit", "-q", "-m", message or commit_message(self.doc_at("HEAD"), local, self.actor))
        return True

    def merge(self) -> None:
        """Merge the fetched remote branch; on a conflict abort and raise SyncConflict."""
        from wijkwijzer.sync import driver

        report = self.folder / ".git" / "wijkwijzer-conflicts.json"
        report.unlink(missing_ok=True)
        keep = {(k if k is not None else driver.ALL): v for k, v in self.keep.items()}
        env = {driver.ENV_KEEP: json.dumps(keep), driver.ENV_ACTOR: self.actor,
               driver.ENV_CONFLICTS: str(report)}
        done = self.git.attempt("merge", "-q", "--no-edit", "--allow-unrelated-histories", "-m",
                                MSG["merge_msg"].format(actor=self.actor), REMOTE_REF, extra_env=env)
        found = json.loads(report.read_text(encoding="utf-8")) if report.is_file() else {}
        self.resolved = found.get("opgelost", [])
        if done.code == 0:
            return
        conflicts = found.get("conflicten", [])
        self.git.attempt("merge", "--abort")
        if conflicts:
            raise SyncConflict(conflicts, self.url)
        raise GitFailed(["merge", REMOTE_REF], done.err or done.out)

    def push(self) -> bool:
        """Push HEAD to the remote branch. Returns False when the remote moved
        on meanwhile (another desk pushed first); raises GitFailed otherwise."""
        if self.git.has(REMOTE_REF) and \
                self.git.run("rev-parse", "HEAD") == self.git.run("rev-parse", REMOTE_REF):
            return True
        done = self.git.attempt("push", "--porcelain", REMOTE, f"HEAD:refs/heads/{BRANCH}")
        if done.code == 0:
            return True
        text = done.out + done.err
        if any(s in text for s in ("[rejected]", "fetch first", "non-fast-forward",
                                   "cannot lock ref", "failed to update ref")):
            return False
        raise GitFailed(["push", REMOTE], done.err or done.out)

    def replace_local(self, raw: bytes, aside: bool) -> Path | None:
        """Make *raw* the local database (atomic, ``.bak`` kept); with *aside*
        also keep the current file as ``<db>.voor-sync-<time>``."""
        from wijkwijzer.store.atomic import atomic_write
        from wijkwijzer.store.derived import invalidate

        path = self.store.path
        kept = None
        if aside and path.exists():
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            kept = path.with_name(f"{path.name}.voor-sync-{stamp}")
            atomic_write(kept, path.read_bytes(), backup=False)
        if path.read_bytes() != raw:
            atomic_write(path, raw)
            invalidate(path)
        return kept


def install_driver(git: Git) -> None:
    """Register the per-record merge driver in the repository: its config
    (``merge.wijkwijzer.driver = "<this python>" -m wijkwijzer.sync.driver %O %A %B``)
    and ``.git/info/attributes``, so it applies even if the remote's
    ``.gitattributes`` is missing or changed."""
    import shlex
    import sys

    command = f"{shlex.quote(sys.executable)} -m wijkwijzer.sync.driver %O %A %B"
    git.run("config", f"merge.{DRIVER}.name", "wijkwijzer: per record en per veld")
    git.run("config", f"merge.{DRIVER}.driver", command)
    info = git.folder / ".git" / "info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "attributes").write_text(ATTRIBUTES, encoding="utf-8")


def sync(store, actor: str, remote: str | None = None, keep: dict | None = None) -> dict:
    """Synchronise the database of *store* (a :class:`wijkwijzer.store.database.Store`)
    with the shared git remote (see the module docstring).

    *remote*: the URL, needed the first time; *keep*: ``{record key or None:
    "mijn"|"hun"}`` to resolve conflicts. Returns ``{"actie": "gepubliceerd" |
    "aangesloten" | "gesynchroniseerd", "remote", "repository", "verstuurd",
    "binnengehaald" (history entries sent and received), "opgelost" (conflicts
    resolved by *keep*: [{soort, record, veld, mijn, hun, basis, gehouden}]),
    "reservekopie" (Path of the replaced local database on joining, else None),
    "pogingen"}``. Raises StoreError for a damaged database, SyncError,
    SyncConflict, GitMissing or GitFailed; then the local database is unchanged
    and nothing was pushed that does not load."""
    store.document()  # a damaged file stops here (StoreCorrupt); the first use creates it
    session = _Session(store, actor, keep)
    with store.locked():
        raw = store.path.read_bytes()
        local = gate(raw, MSG["local"].format(path=store.path))
        fresh = session.open(remote)
        session.fetch()
        report = {"actie": "gesynchroniseerd", "remote": session.url,
                  "repository": str(session.folder), "verstuurd": 0, "binnengehaald": 0,
                  "opgelost": [], "reservekopie": None, "pogingen": 0}
        if fresh and session.git.has(REMOTE_REF):
            return {**report, **_join(session, local)}
        session.settle()
        if not session.git.has("HEAD"):
            report["actie"] = "gepubliceerd"
            session.commit(raw, local, MSG["published"].format(actor=actor))
        else:
            session.commit(raw, local)
        session.mark()
        return {**report, **_exchange(session, local)}


def _join(session: _Session, local: dict) -> dict:
    """Take the remote's database as this desk's (the first sync of a desk)."""
    from wijkwijzer.store.schema import HISTORY
    from wijkwijzer.sync.merge import new_entries

    git = session.git
    try:
        git.run("checkout", "-q", "-B", BRANCH, REMOTE_REF)
        theirs = session.work_file.read_bytes() if session.work_file.is_file() else b""
        doc = gate(theirs, MSG["remote_file"].format(url=session.url))
    except (SyncError, GitFailed):
        shutil.rmtree(session.folder, ignore_errors=True)  # next time starts fresh, not on top
        raise
    kept = session.replace_local(theirs, aside=True)
    session.mark()
    return {"actie": "aangesloten", "reservekopie": kept,
            "binnengehaald": len(new_entries(local.get(HISTORY, {}), doc.get(HISTORY, {})))}


def _exchange(session: _Session, local: dict) -> dict:
    """Merge with the remote and push, retrying when another desk pushed first."""
    from wijkwijzer.store.schema import HISTORY
    from wijkwijzer.sync.merge import new_entries

    git = session.git
    sent = new_entries(session.doc_at(REMOTE_REF).get(HISTORY, {}), local.get(HISTORY, {}))
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        before = git.run("rev-parse", "HEAD").strip()
        if git.has(REMOTE_REF):
            session.merge()
        merged_raw = session.work_file.read_bytes()
        try:
            gate(merged_raw, MSG["merged"])
        except SyncError:
            git.run("reset", "-q", "--hard", before)
            raise
        received = session.doc_at(REMOTE_REF).get(HISTORY, {})  # a push moves REMOTE_REF
        if session.push():
            break
        session.fetch()
    else:
        raise SyncError(MSG["busy"].format(n=PUSH_ATTEMPTS))
    session.replace_local(merged_raw, aside=False)
    session.mark()
    return {"verstuurd": len(sent), "pogingen": attempt, "opgelost": session.resolved,
            "binnengehaald": len(new_entries(local.get(HISTORY, {}), received))}
