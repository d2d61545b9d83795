"""Reference: the same `who PLACE TOPIC` query answered from a plain SQLite file.

Not product code. It shows what a whole process costs when the data already
sits in a purpose-built SQLite database (stdlib ``sqlite3``, no typer, no
rich, no fuzzy matching): resolve PLACE by exact normalised name (organisatie
before wijk before buurt), TOPIC by thema id, name or synonym, then select
the contactpunten covering the wijk, stadsdeel or gemeente with the same
ordering rule as wijkwijzer (thema-specific first, most specific area, niveau).
Prints the answer as JSON.

    python benchmarks/sqlite_ref.py build DB.json OUT.sqlite   # once, not timed
    python benchmarks/sqlite_ref.py who OUT.sqlite PLACE TOPIC  # timed
"""

from __future__ import annotations

import json
import sqlite3
import sys
import unicodedata


def norm(text: str) -> str:
    """Case- and accent-folded text with single spaces (like wijkwijzer.text.normalize)."""
    s = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in s.casefold()).split())


def build(db_json: str, out: str) -> None:
    """Create *out* from a wijkwijzer database file *db_json*."""
    with open(db_json, encoding="utf-8") as fh:
        doc = json.load(fh)
    con = sqlite3.connect(out)
    con.executescript("""
        DROP TABLE IF EXISTS place; DROP TABLE IF EXISTS thema_word; DROP TABLE IF EXISTS cp;
        DROP TABLE IF EXISTS cp_area; DROP TABLE IF EXISTS cp_thema;
        CREATE TABLE place (norm TEXT, prio INT, soort TEXT, id TEXT, naam TEXT,
                            wijk TEXT, stadsdeel TEXT, gemeente TEXT);
        CREATE TABLE thema_word (word TEXT PRIMARY KEY, thema TEXT) WITHOUT ROWID;
        CREATE TABLE cp (id TEXT PRIMARY KEY, niveau INT, doc TEXT) WITHOUT ROWID;
        CREATE TABLE cp_area (area TEXT, cp TEXT);
        CREATE TABLE cp_thema (cp TEXT, thema TEXT);
    """)
    wijken = {w["code"]: w for w in doc["wijken"].values()}
    rows = []
    for o in doc["organisaties"].values():
        w = wijken.get((o.get("wijken") or [None])[0]) or {}
        rows.append((norm(o["naam"]), 0, "organisatie", o["id"], o["naam"], w.get("code"),
                     o.get("stadsdeel") or w.get("stadsdeel"), w.get("gemeente")))
    for w in wijken.values():
        rows.append((norm(w["naam"]), 1, "wijk", w["code"], w["naam"], w["code"], w.get("stadsdeel"),
                     w.get("gemeente")))
    for b in doc["buurten"].values():
        w = wijken.get(b.get("wijk")) or {}
        rows.append((norm(b["naam"]), 2, "buurt", b["code"], b["naam"], w.get("code"),
                     w.get("stadsdeel"), w.get("gemeente")))
    con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?)", rows)
    words = {}
    for t in doc["themas"].values():
        for w in [t["id"], t["naam"], *t.get("synoniemen", [])]:
            words.setdefault(norm(w), t["id"])
    con.executemany("INSERT INTO thema_word VALUES (?,?)", words.items())
    for c in doc["contactpunten"].values():
        if c.get("status") == "inactief":
            continue
        con.execute("INSERT OR REPLACE INTO cp VALUES (?,?,?)",
                    (c["id"], c.get("niveau") or 99, json.dumps(c, ensure_ascii=False)))
        con.executemany("INSERT INTO cp_area VALUES (?,?)", [(a, c["id"]) for a in c.get("gebied", [])])
        con.executemany("INSERT INTO cp_thema VALUES (?,?)", [(c["id"], t) for t in c.get("themas", [])])
    con.executescript("""
        CREATE INDEX place_norm ON place (norm); CREATE INDEX cp_area_area ON cp_area (area);
        CREATE INDEX cp_thema_cp ON cp_thema (cp);
    """)
    con.commit()
    con.close()


def who(path: str, place: str, topic: str) -> int:
    """Answer one query; exit status 0 with an answer, 1 when nothing matched."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    hit = con.execute("SELECT soort, id, naam, wijk, stadsdeel, gemeente FROM place WHERE norm = ? "
                      "ORDER BY prio LIMIT 1", (norm(place),)).fetchone()
    thema = con.execute("SELECT thema FROM thema_word WHERE word = ?", (norm(topic),)).fetchone()
    if not hit or not thema:
        print(json.dumps({"fout": "niet gevonden"}))
        return 1
    soort, rid, naam, wijk, stadsdeel, gemeente = hit
    rows = con.execute("""
        SELECT cp.doc, MIN(CASE a.area WHEN ?1 THEN 0 WHEN ?2 THEN 1 ELSE 2 END) AS rank,
               MIN(CASE t.thema WHEN ?4 THEN 0 ELSE 1 END) AS general
        FROM cp_area a JOIN cp ON cp.id = a.cp JOIN cp_thema t ON t.cp = a.cp
        WHERE a.area IN (?1, ?2, ?3) AND t.thema IN (?4, '*')
        GROUP BY cp.id ORDER BY general, rank, cp.niveau, cp.id
    """, (wijk, stadsdeel, gemeente, thema[0])).fetchall()
    answer = {"gevonden": {"soort": soort, "id": rid, "naam": naam}, "thema": thema[0],
              "contactpunten": [json.loads(doc) for doc, _r, _g in rows]}
    print(json.dumps(answer, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    else:
        sys.exit(who(*sys.argv[2:5]))
