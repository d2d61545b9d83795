"""Read commands served from the derived index give the answers the file gives (#12).

A mid-size national dataset (benchmarks/nldata.py, scaled down) is indexed;
for a few hundred random queries the fast path is compared with the answer
computed from the file, in the library and through the CLI."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def index_even_for_small_files(monkeypatch):
    from wijkwijzer.lookup import index as cache

    monkeypatch.setattr(cache, "MIN_SIZE", 0)


@pytest.fixture(scope="module")
def national(tmp_path_factory, national_snapshot) -> Path:
    """A national-shaped database file: ~45 generated gemeenten beside the bundled Den Haag."""
    from wijkwijzer.store.atomic import dump
    from wijkwijzer.store.document import new_document

    path = tmp_path_factory.mktemp("nl") / "national.json"
    path.write_bytes(dump(new_document(national_snapshot())))
    return path


def both(path: Path, home: str | None = None):
    """(Directory from the file, IndexedDirectory) for the database at *path*,
    both with home gemeente *home* when given."""
    from wijkwijzer.lookup.directory import Directory
    from wijkwijzer.lookup.home import set_home
    from wijkwijzer.lookup.index import IndexedDirectory, directory
    from wijkwijzer.store.database import Store

    store = Store(path)
    directory(store)  # builds the index
    indexed = directory(store)
    assert isinstance(indexed, IndexedDirectory)
    full = Directory(store.snapshot())
    if home:
        set_home(full, home)
        set_home(indexed, home)
    return full, indexed


@pytest.fixture
def db(national, isolated_db) -> Path:
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(national, isolated_db)
    return isolated_db


def all_ids(d) -> list[str]:
    from wijkwijzer.dataset import KINDS

    return [str(r.get(key)) for kind, key in KINDS.items() for r in d.data.get(kind, [])]


def variants(ids: list[str], n: int, seed: int) -> list[str]:
    """*n* random ids, some as typed by a person (other case, spaces, a typo)."""
    rnd = random.Random(seed)
    out = []
    for rid in rnd.sample(ids, n):
        out += [rid, rid.upper(), f"  {rid.lower()} ", rid[:-1] + "x"]
    return out + ["", "geen-id", "WK", "gm0518", "ZUID"]


def test_show_finds_the_same_record_in_the_index_as_in_the_file(db):
    from wijkwijzer.lookup.search import find_record

    full, indexed = both(db)
    for q in variants(all_ids(full), 300, seed=12):
        assert find_record(indexed, q) == find_record(full, q), q


def cli_pair(cli, db, *args):
    """(output from the index, output from the file) of one command."""
    index = db.with_name(db.name + ".index")
    cli("who", "zeehelden", "--json")
    assert index.is_file()
    fast = cli(*args)
    index.unlink()
    slow = cli(*args)
    return (fast.exit_code, fast.stdout, fast.stderr), (slow.exit_code, slow.stdout, slow.stderr)


def test_show_through_the_cli_is_the_same_from_the_index(cli, db):
    from wijkwijzer.lookup.directory import Directory
    from wijkwijzer.store.database import Store

    ids = all_ids(Directory(Store(db).snapshot()))
    for i, q in enumerate(variants(ids, 3, seed=3)):
        fast, slow = cli_pair(cli, db, "show", q, *(("--json",) if i % 2 else ()))
        assert fast == slow, q


@pytest.mark.parametrize("home", [None, "GM0518", "GM0003"])
def test_lists_and_contactpunten_are_the_same_from_the_index(db, home):
    from wijkwijzer.lookup.lists import contactpunten, in_stadsdeel

    full, indexed = both(db, home)
    stadsdelen = [None, *(s["id"] for s in full.data["stadsdelen"]), "geen-stadsdeel"]
    themas = [None, *(t["id"] for t in full.data["themas"])]
    assert len(stadsdelen) * len(themas) > 100  # times three homes
    answered = 0
    for sd in stadsdelen:
        for tid in themas:
            expected = contactpunten(full, sd, tid)
            assert contactpunten(indexed, sd, tid) == expected, (sd, tid)
            answered += bool(expected)
        for kind in ("wijken", "buurten", "organisaties"):
            if sd:
                assert in_stadsdeel(indexed, kind, sd) == in_stadsdeel(full, kind, sd), (kind, sd)
    assert answered >= 5  # the comparison is not of empty lists only


LIST_COMMANDS = [
    ("contactpunten", "--stadsdeel", "centrum", "--thema", "bomen"),
    ("contactpunten", "--thema", "afval", "--gemeente", "Den Haag"),
    ("contactpunten", "--stadsdeel", "Haagse Hout", "--json"),
    ("contactpunten", "--stadsdeel", "nergens"),
    ("organisaties", "--stadsdeel", "centrum"),
    ("organisaties", "--stadsdeel", "scheveningen", "--json"),
    ("buurten", "--stadsdeel", "laak", "--json"),
    ("wijken", "--stadsdeel", "escamp"),
    ("wijken", "--gemeente", "GM0003", "--json"),
    ("gemeenten", "--json"),
    ("stadsdelen",),
    ("themas", "--json"),
    ("diensten",),
]


@pytest.mark.parametrize("args", LIST_COMMANDS, ids=" ".join)
def test_list_commands_print_the_same_from_the_index(cli, db, args):
    fast, slow = cli_pair(cli, db, *args)
    assert fast == slow


def search_queries(full, n: int, seed: int) -> list[str]:
    """Names and roles as typed, cut short, misspelt, and some words of no record."""
    rnd = random.Random(seed)
    texts = [r.get("naam") or r.get("rol") for kind in ("organisaties", "wijken", "buurten", "contactpunten")
             for r in full.data[kind]]
    out = []
    for t in rnd.sample([t for t in texts if t], n):
        cut = rnd.randrange(3, max(4, len(t)))
        typo = list(t)
        typo[rnd.randrange(len(typo))] = "q"
        out += [t, t[:cut].lower(), "".join(typo)]
    return out + ["zeehelden", "Zeeheldnkwartier", "bomen", "gebiedsregisseur", "xyzzy", "a", "  ", "centrum"]


@pytest.mark.parametrize("home", [None, "GM0518", "GM0003"])
def test_search_gives_the_same_hits_in_the_same_order_from_the_index(db, home):
    from wijkwijzer.lookup.search import search

    full, indexed = both(db, home)
    queries = search_queries(full, 50 if home is None else 15, seed=len(home or ""))
    for q in queries:
        assert search(indexed, q, limit=200) == search(full, q, limit=200), q


@pytest.mark.parametrize("args", [("search", "zeehelden"), ("search", "bomen", "--json", "-n", "50"),
                                  ("search", "gebiedsregisseur", "--gemeente", "GM0003"),
                                  ("search", "xyzzyqq"), ("show", "zeeheldenkwartier")], ids=" ".join)
def test_search_through_the_cli_is_the_same_from_the_index(cli, db, args):
    fast, slow = cli_pair(cli, db, *args)
    assert fast == slow


# Issue #12, search at national scale: the index serves search from a vocabulary
# of words (voc, wrd) instead of scoring every text; the answers stay those of the file.
MISSPELT = ["zeeheldn", "Zeeheldenkwartir", "bezuidenhoud", "kadin", "Kadın", "parkeren", "schildrswijk",
            "zwerfafval", "gebiedsregiseur", "wijkagnet", "bomn", "hondenpoep", "scheveningn"]
SHORT = ["a", "x", "ee", "wk", "de", "dsb", "nl", "070", "zz", "ab", "é", "1"]
MULTI = ["den haag", "wijkagent laak", "gebiedsregisseur dsb centrum", "bomen kappen", "geluidsoverlast buren",
         "zeehelden bomen", "a b", "de en", "  kadin   dayanisma  "]
NON_ASCII = ["Kadın Dayanışma", "café", "Réné-Straat", "straße", "مسجد", "Москва", "Ĳsselmonde", "🌳 bomen", "Ærø"]


def typo_queries(full, n: int, seed: int) -> list[str]:
    """*n* record texts (names, roles, synonyms) each with one typo as a person
    makes it (a letter dropped, doubled, swapped or replaced), sometimes cut to
    one of its words."""
    from wijkwijzer.lookup.search import searched_texts, SEARCH_FIELDS

    rnd = random.Random(seed)
    texts = [t for kind in SEARCH_FIELDS for r in full.data[kind] for t in searched_texts(kind, r)]
    out = []
    for t in rnd.sample(texts, n):
        if rnd.random() < 0.4 and " " in t:
            t = rnd.choice(t.split())
        if len(t) < 2:
            out.append(t)
            continue
        i = rnd.randrange(len(t) - 1)
        out.append(rnd.choice([t[:i] + t[i + 1:], t[:i] + t[i] + t[i:], t[:i] + t[i + 1] + t[i] + t[i + 2:],
                               t[:i] + rnd.choice("aeioulnrstkqz") + t[i + 1:]]))
    return out


def test_search_misspelt_short_multiword_and_foreign_queries_are_the_same_from_the_index(db):
    from wijkwijzer.lookup.search import search

    full, indexed = both(db)
    for q in MISSPELT + SHORT + MULTI + NON_ASCII:
        assert search(indexed, q, limit=500) == search(full, q, limit=500), q


def test_search_with_typos_in_250_random_record_texts_is_the_same_from_the_index(db):
    from wijkwijzer.lookup.search import search

    full, indexed = both(db, "GM0518")
    found = 0
    for q in typo_queries(full, 250, seed=12):
        expected = search(full, q, limit=50)
        assert search(indexed, q, limit=50) == expected, q
        found += bool(expected)
    assert found > 200  # a typo still finds something, nearly always


def test_unknown_ids_get_the_same_suggestions_from_the_index(db):
    from wijkwijzer.lookup.search import suggest_ids

    full, indexed = both(db)
    rnd = random.Random(7)
    queries = [v for v in variants(all_ids(full), 15, seed=8) if v.strip()]
    queries += [q[:i] + q[i + 1:] for q in rnd.sample(all_ids(full), 40) for i in [rnd.randrange(len(q))]]
    queries += ["ZZZ123", "zeeheldenkwartier", "Zeeheldenkwartir", "gemeente-14O70", "wk05182", "x", "BU"]
    for q in queries:
        assert suggest_ids(indexed, q) == suggest_ids(full, q), q


def test_search_after_records_are_replaced_in_place_in_the_index(db):
    """A write will soon replace one record's rows in the index (delete by its
    RECORD_TABLES condition, insert record_rows): search then answers as the
    changed file does, and a word no record holds any more leaves the vocabulary."""
    import sqlite3

    from wijkwijzer.lookup.index import Index, IndexedDirectory, index_path
    from wijkwijzer.lookup.index_build import RECORD_TABLES, insert_rows, record_rows
    from wijkwijzer.lookup.search import search

    full, _indexed = both(db)
    old_names = [full.data["organisaties"][5]["naam"], full.data["wijken"][3]["naam"]]
    changes = [("organisaties", 5, {"naam": "Zeeheldenhuis Kadın", "aliassen": ["Qwertyhuis"]}),
               ("wijken", 3, {"aliassen": ["Zeeheldnpark"]}), ("contactpunten", 10, {"rol": "nachtloket"}),
               ("organisaties", 5, {"naam": "Zeeheldenhuis Kadın Dayanışma", "aliassen": []})]  # again
    path = index_path(db)
    con = sqlite3.connect(path)
    for kind, seq, change in changes:
        full.data[kind][seq] = rec = {**full.data[kind][seq], **change}
        for table, (_insert, condition) in RECORD_TABLES.items():
            con.execute(f"DELETE FROM {table} WHERE {condition}", (kind, seq))  # noqa: S608 - fixed names
        insert_rows(con, [record_rows(kind, seq, rec)])
    con.commit()
    assert con.execute("SELECT word FROM voc EXCEPT SELECT word FROM wrd").fetchall() == []
    assert ("qwertyhuis",) not in con.execute("SELECT word FROM voc").fetchall()
    con.close()
    indexed = IndexedDirectory(Index(sqlite3.connect(f"file:{path}?mode=ro", uri=True), path))
    for q in [*old_names, "zeeheldenhuis", "Kadın", "dayanisma", "qwertyhuis", "zeeheldnpark", "nachtloket",
              "zeehelden", "kadin"]:
        assert search(indexed, q, limit=500) == search(full, q, limit=500), q
    assert search(indexed, "nachtloket")[0]["naam"] == "nachtloket"
