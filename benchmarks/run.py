"""Benchmark wijkwijzer as a user runs it: whole processes, city and national scale.

    python3 benchmarks/run.py              # 7 runs per command, writes benchmarks/RESULTS.md
    python3 benchmarks/run.py --quick      # 3 runs, a rough figure in about a minute
    python3 benchmarks/run.py --runs 15

One run generates a national dataset in a temporary folder (every CBS buurt
of the Netherlands, 20,000 organisaties, 60,000 contactpunten; see
``nldata.py``), then times each command as a separate process, several times,
round-robin so that noise from other processes is spread evenly, after one
untimed warm-up run (which also builds wijkwijzer's derived read index).
It reports the median wall time, the spread (min-max) and the peak RSS of the
child (``os.wait4`` rusage), the ratios of issue #5 and whether each target
is met. A command this checkout does not have yet is listed as "niet
beschikbaar" instead of failing the run.

wijkwijzer is started the way its console script starts it: the entry point
named in pyproject.toml (``[project.scripts]``), imported from this checkout.
Output goes to a pipe, except the rows marked "tty", which run on a
pseudo-terminal of 120 columns (Rich tables, as a user at a terminal sees).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CBS_CSV = REPO.parent / "shared" / "data" / "nl" / "cbs_buurten_2024.csv"
PY = sys.executable
CITY_QUERY = ["Bewonersorganisatie Zeeheldenkwartier", "bomen"]  # same answer at both scales
FORGET_NAME = "Test Testpersoon"  # obviously fake
SEARCH_QUERY = "zeehelden"
SHOW_ID = "centrum-gebiedsregisseur-dsb"
NA = "niet beschikbaar"


@dataclass
class Case:
    """One command to time. *setup* runs before every run, untimed."""

    key: str
    label: str
    argv: list[str] | object  # or a function returning the argv of each run
    env: dict
    tty: bool = False
    runs: int | None = None
    setup: object = None
    available: bool = True
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    note: str = ""

    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def entry_target() -> str:
    """The console-script entry point of pyproject.toml, e.g. ``wijkwijzer.cli.fast:run``."""
    with open(REPO / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["scripts"]["wijkwijzer"]


def entry_argv() -> list[str]:
    """``python -c`` for the console-script entry point of pyproject.toml."""
    module, func = entry_target().split(":")
    return [PY, "-c", f"import sys; from {module} import {func}; sys.exit({func}())"]


def base_env(db: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WIJKWIJZER_") and k not in ("NO_COLOR", "PYTHONPATH")}
    env["PYTHONPATH"] = str(REPO)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode, as in an installed package
    # a Haagse user (#12): without a home gemeente a national 'zeehelden' is asked, not guessed
    env["WIJKWIJZER_GEMEENTE"] = "GM0518"
    if db:
        env["WIJKWIJZER_DB"] = str(db)
    return env


TIME = shutil.which("time", path="/usr/bin:/bin")


def run_once(argv: list[str], env: dict, tty: bool) -> tuple[float, int, int, bytes]:
    """Run one process; return (seconds, exit code, peak RSS in KiB, head of output).

    The peak RSS comes from ``/usr/bin/time -f %M`` when present (its own
    footprint is ~2 MB, so the figure is the command's own); otherwise from
    ``os.wait4``, which counts this runner's size at fork as a floor."""
    err = tempfile.TemporaryFile()
    rss_file = None
    if TIME:
        fd, rss_file = tempfile.mkstemp(prefix="wwbench-rss-")
        os.close(fd)
        argv = [TIME, "-f", "%M", "-o", rss_file, *argv]
    if tty:
        import fcntl
        import termios

        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
        env = dict(env, COLUMNS="120", LINES="50", TERM="xterm-256color")
        chunks: list[bytes] = []

        def drain():
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)

        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=err, env=env,
                                cwd=REPO)
        os.close(slave)
        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        reader.join(timeout=2)
        os.close(master)
        out = b"".join(chunks)
    else:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err,
                                env=env, cwd=REPO)
        out = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss
    if rss_file:
        try:
            rss = int(Path(rss_file).read_text().split()[-1])
        except (ValueError, IndexError):
            pass
        os.unlink(rss_file)
    err.seek(0)
    tail = err.read()[-400:]
    err.close()
    return elapsed, proc.returncode, rss, (out[:300] + tail)


def has_command(entry: list[str], name: str, env: dict) -> bool:
    """Whether this checkout's CLI knows *name* (``name --help`` exits 0)."""
    res = subprocess.run([*entry, name, "--help"], env=env, cwd=REPO, capture_output=True)
    return res.returncode == 0


def import_argv(entry: list[str], env: dict, path: Path) -> list[str]:
    """The import command line: adds ``--yes`` when the command has that option."""
    res = subprocess.run([*entry, "import", "--help"], env=env, cwd=REPO, capture_output=True, text=True)
    extra = ["--yes"] if "--yes" in res.stdout else []
    return [*entry, "import", str(path), *extra]


def prepare(tmp: Path, log) -> dict:
    """Generate the national files and the SQLite reference; return paths and counts.

    Both run in child processes, so this process stays small: a child's peak
    RSS as the kernel reports it starts from its parent's size at fork."""
    t0 = time.perf_counter()
    cmd = [PY, str(HERE / "nldata.py"), str(tmp / "nl"), *([str(CBS_CSV)] if CBS_CSV.is_file() else [])]
    info = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO).stdout)
    for k in ("db", "base", "import_json"):
        info[k] = Path(info[k])
    log(f"national dataset: {info['source']}; {info['counts']}; {info['size_mb']:.1f} MB "
        f"({time.perf_counter() - t0:.1f} s)")
    info["ref"] = tmp / "nl" / "reference.sqlite"
    subprocess.run([PY, str(HERE / "sqlite_ref.py"), "build", str(info["db"]), str(info["ref"])],
                   check=True, cwd=REPO)
    return info


def make_cases(tmp: Path, info: dict, runs: int, log) -> list[Case]:
    entry = entry_argv()
    city_db, nat_db = tmp / "city" / "wijkwijzer.json", info["db"]
    city, nat = base_env(city_db), base_env(nat_db)
    subprocess.run([*entry, "who", *CITY_QUERY, "--json"], env=city, cwd=REPO, capture_output=True)
    have = {c: has_command(entry, c, city) for c in ("who", "search", "check", "import")}
    log("commands: " + ", ".join(f"{c} {'ja' if ok else NA}" for c, ok in have.items()))
    import_db = tmp / "nl" / "import-target.json"

    def fresh_import_target():
        for p in list(import_db.parent.glob(import_db.name + "*")):
            p.unlink()
        shutil.copyfile(info["base"], import_db)

    def touch_nat():  # a changed file: the derived index is rebuilt on the next read
        os.utime(nat_db, ns=(time.time_ns(), time.time_ns()))

    # forget (#18): the national database with one person (a persoon, a remark, the
    # history and the backup holding her), put back before every run
    forget_db = tmp / "forget" / "wijkwijzer.json"
    forget_env = base_env(forget_db)
    forget_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(nat_db, forget_db)
    subprocess.run([*entry, "contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--naam", FORGET_NAME,
                    "--persoon-telefoon", "070 123 4567", "--opmerking", f"vraag naar {FORGET_NAME}"],
                   env=forget_env, cwd=REPO, capture_output=True, check=False)
    kept = {p.name: p.read_bytes() for p in forget_db.parent.iterdir() if p.is_file()}

    def fresh_forget_target():
        for p in forget_db.parent.iterdir():
            p.unlink()
        for name, data in kept.items():
            (forget_db.parent / name).write_bytes(data)

    # a staff edit at national scale (#12): one field of one contactpunt, on a copy of the
    # national database whose read index is current (the warm-up builds it). The value
    # alternates, so every run really writes; the who row runs right after such an edit.
    edit_db = tmp / "edit" / "wijkwijzer.json"
    edit_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(nat_db, edit_db)
    edit_env = base_env(edit_db)
    subprocess.run([*entry, "who", *CITY_QUERY, "--json"], env=edit_env, cwd=REPO, capture_output=True)
    flip = {"n": 0}

    def edit_argv() -> list[str]:
        flip["n"] += 1
        return [*entry, "contactpunt", "edit", SHOW_ID, "--opmerking", f"benchmark {flip['n']}"]

    def staff_edit():  # untimed: the edit a colleague just made
        subprocess.run(edit_argv(), env=edit_env, cwd=REPO, capture_output=True, check=False)

    # a JSON import above the limit (the audit's 206 MB file): refused before it is read;
    # a sparse file is enough, only its size counts
    big_json = tmp / "nl" / "groot-206mb.json"
    with open(big_json, "wb") as fh:
        fh.truncate(206_000_000)

    slow = max(3, runs // 2)
    cases = [
        Case("bare", "python -c pass (kale interpreter)", [PY, "-c", "pass"], city),
        Case("floor", "python -c 'import typer, rich.table, tinydb' (naïeve vloer)",
             [PY, "-c", "import typer, rich.table, tinydb"], city),
        Case("who_city", "who, stad, tabel (tty)", [*entry, "who", *CITY_QUERY], city, tty=True),
        Case("who_city_plain", "who, stad, platte tekst (pipe)", [*entry, "who", *CITY_QUERY], city),
        Case("who_city_json", "who --json, stad (pipe)", [*entry, "who", *CITY_QUERY, "--json"], city),
        Case("who_city_typer", "ter vergelijking: who --json, stad, via de typer-app (cli.run)",
             [PY, "-c", "import sys; from wijkwijzer.cli.fast import run; sys.exit(run())", "who", *CITY_QUERY,
              "--json"], city),
        Case("search_city", f"search {SEARCH_QUERY}, stad (pipe)", [*entry, "search", SEARCH_QUERY], city),
        Case("check_city", "check, stad (pipe)", [*entry, "check"], city),
        Case("who_nat", "who, land, tabel (tty)", [*entry, "who", *CITY_QUERY], nat, tty=True),
        Case("who_nat_json", "who --json, land (pipe)", [*entry, "who", *CITY_QUERY, "--json"], nat),
        Case("who_nat_fuzzy", "who --json, land, tikfout 'zeeheldnkwartier' (pipe)",
             [*entry, "who", "zeeheldnkwartier", "bomen", "--json"], nat),
        Case("who_nat_cold", "who --json, land, eerste keer na wijziging (index opnieuw)",
             [*entry, "who", *CITY_QUERY, "--json"], nat, runs=slow, setup=touch_nat),
        Case("sqlite_nat", "referentie: zelfde who in SQLite (stdlib, pipe)",
             [PY, str(HERE / "sqlite_ref.py"), "who", str(info["ref"]), *CITY_QUERY], nat),
        Case("search_nat", f"search {SEARCH_QUERY}, land (pipe)", [*entry, "search", SEARCH_QUERY], nat,
             runs=slow),
        Case("show_nat", f"show {SHOW_ID}, land (pipe)", [*entry, "show", SHOW_ID], nat),
        Case("contactpunten_nat", "contactpunten --stadsdeel centrum --thema bomen, land (pipe)",
             [*entry, "contactpunten", "--stadsdeel", "centrum", "--thema", "bomen"], nat),
        Case("organisaties_nat", "organisaties --stadsdeel centrum, land (pipe)",
             [*entry, "organisaties", "--stadsdeel", "centrum"], nat),
        Case("check_nat", "check, land (pipe)", [*entry, "check"], nat, runs=slow),
        Case("edit_nat", f"contactpunt edit {SHOW_ID} --opmerking ..., land (één veld)", edit_argv, edit_env),
        Case("who_nat_edited", "who --json, land, direct na een wijziging door een medewerker",
             [*entry, "who", *CITY_QUERY, "--json"], edit_env, setup=staff_edit),
        Case("import_nat", f"import {info['import_count']:,} contactpunten, land",
             import_argv(entry, city, info["import_json"]) if have["import"] else [],
             base_env(import_db), runs=slow, setup=fresh_import_target),
        Case("forget_nat", "forget NAAM, land (persoon in record, historie en reservekopie)",
             [*entry, "forget", FORGET_NAME, "--yes"], forget_env, runs=slow, setup=fresh_forget_target),
        Case("import_big", "import 206 MB JSON, land (boven de grens: geweigerd, exit 1)",
             import_argv(entry, city, big_json) if have["import"] else [], base_env(import_db), runs=slow,
             setup=fresh_import_target),
    ]
    for c in cases:
        cmd = c.key.split("_")[0]
        if cmd in have and not have[cmd]:
            c.available = False
    return cases


def measure(cases: list[Case], runs: int, log) -> None:
    """Warm up each case once, then run them round-robin."""
    for c in cases:
        if not c.available:
            continue
        if c.setup:
            c.setup()
        secs, code, _rss, out = run_once(c.argv() if callable(c.argv) else c.argv, c.env, c.tty)
        log(f"  warm-up {c.key}: {secs * 1000:.0f} ms, exit {code}")
        if code not in (0, 1):
            c.note = f"exit {code}: {out[-200:].decode('utf-8', 'replace').strip()}"
    for i in range(runs):
        for c in cases:
            if not c.available or i >= (c.runs or runs):
                continue
            if c.setup:
                c.setup()
            secs, code, rss, _out = run_once(c.argv() if callable(c.argv) else c.argv, c.env, c.tty)
            c.times.append(secs)
            c.rss_kb.append(rss)
            c.codes.append(code)
        log(f"  round {i + 1}/{runs} done")


def fmt_ms(s: float | None) -> str:
    return "-" if s is None else (f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s")


def report(cases: list[Case], info: dict, runs: int) -> str:
    """The Markdown report: the table of every case, then the targets."""
    by = {c.key: c for c in cases}
    lines = [
        f"Gemeten op {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {runs} runs per commando "
        f"(mediaan; spreiding = min-max; piek-RSS = max over de runs). Belasting van de machine "
        f"(load average 1 min) bij start/eind: {info.get('load_start', '?')} / "
        f"{os.getloadavg()[0]:.1f}; andere processen maken de spreiding groter.",
        f"Landelijke data: {info['source']}: {info['counts']['gemeenten']} gemeenten, "
        f"{info['counts']['wijken']:,} wijken, {info['counts']['buurten']:,} buurten, "
        f"{info['counts']['organisaties']:,} organisaties, {info['counts']['contactpunten']:,} "
        f"contactpunten ({info['size_mb']:.0f} MB databasebestand). Stad: de meegeleverde Den Haag-data.",
        f"who-vraag: `who \"{CITY_QUERY[0]}\" {CITY_QUERY[1]}` (zelfde antwoord op beide schalen).",
        f"wijkwijzer start zoals het console-script: `{entry_target()}` "
        "uit pyproject.toml, met bytecode-cache. 'tty' = pseudo-terminal van 120 kolommen (Rich-"
        "tabellen en -panelen), 'pipe' = stdout naar een pipe (platte tekst of JSON). De index-rij "
        "meet de eerste `who` na een wijziging van het bestand (afgeleide leesindex opnieuw "
        "opgebouwd); de andere who-rijen gebruiken de bestaande index. De edit-rij wijzigt één veld "
        "van één contactpunt (de index wordt door de schrijfactie zelf bijgewerkt); de rij 'direct na "
        "een wijziging' meet de eerste `who` daarna.",
        "Reproduceren: `python3 benchmarks/run.py` (7 runs; `--quick`: 3 runs; `--runs N`).",
        "",
        "| commando | mediaan | spreiding | piek-RSS | runs | exit |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for c in cases:
        if not c.available:
            lines.append(f"| {c.label} | {NA} | | | | |")
            continue
        spread = f"{fmt_ms(min(c.times))} - {fmt_ms(max(c.times))}" if c.times else ""
        rss = f"{max(c.rss_kb) / 1024:.0f} MB" if c.rss_kb else ""
        codes = ",".join(sorted({str(x) for x in c.codes}))
        lines.append(f"| {c.label} | {fmt_ms(c.median())} | {spread} | {rss} | {len(c.times)} | "
                     f"{codes}{' ' + c.note if c.note else ''} |")

    def ratio(a: str, b: str) -> float | None:
        ma, mb = by[a].median(), by[b].median()
        return ma / mb if ma is not None and mb else None

    def rss(key: str) -> float | None:
        return max(by[key].rss_kb, default=0) / 1024 or None

    peak = max(by["who_nat"].rss_kb + by["who_nat_json"].rss_kb, default=None)
    targets = [
        ("who stad (tty) / vloer", ratio("who_city", "floor"), 1.0, "x"),
        ("who --json stad / vloer", ratio("who_city_json", "floor"), 0.75, "x"),
        ("who land / who stad (tty)", ratio("who_nat", "who_city"), 2.0, "x"),
        ("who --json land / who --json stad", ratio("who_nat_json", "who_city_json"), 2.0, "x"),
        ("piek-RSS who land", peak / 1024 if peak else None, 100, "MB"),
        ("show land / vloer", ratio("show_nat", "floor"), 2.0, "x"),
        ("search land / vloer", ratio("search_nat", "floor"), 3.0, "x"),
        ("contactpunten --stadsdeel --thema land / vloer", ratio("contactpunten_nat", "floor"), 3.0, "x"),
        ("organisaties --stadsdeel land / vloer", ratio("organisaties_nat", "floor"), 3.0, "x"),
        ("piek-RSS show, search, lijsten land", max(
            sum((by[k].rss_kb for k in ("show_nat", "search_nat", "contactpunten_nat", "organisaties_nat")), []),
            default=0) / 1024 or None, 100, "MB"),
        ("who land (warm) / vloer", ratio("who_nat_json", "floor"), 1.5, "x"),
        ("who land direct na een wijziging / vloer", ratio("who_nat_edited", "floor"), 2.5, "x"),
        ("piek-RSS who land direct na een wijziging", rss("who_nat_edited"), 100, "MB"),
        ("check land / vloer", ratio("check_nat", "floor"), 12.0, "x"),
        ("piek-RSS check land", rss("check_nat"), 100, "MB"),
        ("contactpunt edit land / vloer", ratio("edit_nat", "floor"), 12.0, "x"),
        ("piek-RSS contactpunt edit land", rss("edit_nat"), 150, "MB"),
        ("import 60.000 contactpunten", by["import_nat"].median(), 5.0, "s"),
        ("piek-RSS import 60.000 contactpunten", rss("import_nat"), 400, "MB"),
        ("check land", by["check_nat"].median(), 3.0, "s"),
        ("forget land", by["forget_nat"].median(), 10.0, "s"),
        ("piek-RSS forget land", max(by["forget_nat"].rss_kb, default=0) / 1024 or None, 500, "MB"),
    ]
    lines += ["", "| doel | gemeten | grens | gehaald? |", "|---|---:|---:|---|"]
    for name, value, limit, unit in targets:
        if value is None:
            lines.append(f"| {name} | - | <= {limit} {unit} | {NA} |")
        else:
            shown = f"{value:.2f} {unit}" if unit != "MB" else f"{value:.0f} MB"
            lines.append(f"| {name} | {shown} | <= {limit} {unit} | "
                         f"{'ja' if value <= limit else 'NEE'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time wijkwijzer at city and national scale.")
    ap.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    ap.add_argument("--quick", action="store_true", help="3 runs per command")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--only", help="comma-separated case keys to run (with the floor), e.g. edit_nat,check_nat; "
                                   "the report then lists the others as not measured")
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="Markdown report path")
    args = ap.parse_args(argv)
    runs = 3 if args.quick else max(1, args.runs)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    tmp = Path(tempfile.mkdtemp(prefix="wijkwijzer-bench-"))
    try:
        load_start = f"{os.getloadavg()[0]:.1f}"
        info = prepare(tmp, log)
        info["load_start"] = load_start
        cases = make_cases(tmp, info, runs, log)
        if args.only:
            keep = {"bare", "floor", *args.only.split(",")}
            for c in cases:
                c.available = c.available and c.key in keep
        measure(cases, runs, log)
        text = report(cases, info, runs)
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(text)
    args.out.write_text("# Benchmark (benchmarks/run.py)\n\n" + text, encoding="utf-8")
    log(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
