"""Tables on a narrow terminal keep short values whole (QA: 'vragen' at 80
columns split a date over two lines as '2026-11-0' / '2'), and never drop a
column to make room."""

from __future__ import annotations

import io

from wijkwijzer.env import Env
from wijkwijzer.render.terminal import render_table

ROW = {"id": "v1", "gesteld": "2026-11-02", "aan": "gebiedsregisseur DSB",
       "onderwerp": "Omgewaaide boom Piet Heinstraat", "uiterlijk": "ma 16-11-2026", "stand": "14 dagen te laat",
       "volgende": "centraal aanspreekpunt stadsdeel: adres Stadhuis, Spui 70, 2511 BT Den Haag"}


def _shown(monkeypatch, columns: int, row: dict) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    render_table([row], [(k, k) for k in row], Env(stdout=out, stderr=io.StringIO(), is_tty=True, no_color=True))
    return out.getvalue()


def test_a_date_or_id_is_never_broken_over_two_lines(monkeypatch):
    shown = _shown(monkeypatch, 80, ROW)
    assert "2026-11-02" in shown and "v1" in shown.split()
    assert all(header in shown for header in ROW)  # no column dropped for it
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_with_too_many_short_columns_nothing_is_dropped(monkeypatch):
    row = {f"k{i}": "2026-11-02" for i in range(9)}
    shown = _shown(monkeypatch, 60, row)
    assert all(header in shown for header in row)


def test_a_yes_no_field_reads_ja_or_nee_not_true(cli):
    """QA round 2: 'wijken' showed True/False in the Dutch output."""
    out = cli("wijken").stdout
    assert "\tja\t" in out and "True" not in out and "False" not in out
    assert "\tyes\t" in cli("wijken", "--lang", "en").stdout


CONTACT = {"id": "centrum-gebiedsregisseur-dso", "rol": "gebiedsregisseur DSO", "dienst": "DSO", "gebied": "centrum",
           "themas": "gebiedsontwikkeling, bouwen-en-wonen", "niveau": "1",
           "kanalen": "web=https://denhaag.nl/nl/stadsdelen/centrum/wijkagendas-centrum", "status": "onbevestigd"}


def test_a_table_too_wide_for_the_terminal_shows_each_row_as_a_block(monkeypatch):
    """QA: eight columns at 80 columns broke every word ('regisse' / 'ur DSO'); like
    psql's expanded display, each row then becomes a heading and label-value lines."""
    shown = _shown(monkeypatch, 80, CONTACT)
    lines = shown.splitlines()
    assert lines[0].split() == ["id", "centrum-gebiedsregisseur-dso"]
    assert any(line.split() == ["rol", "gebiedsregisseur", "DSO"] for line in lines)
    assert "https://denhaag.nl/nl/stadsdelen/centrum/wijkagendas-centrum" in "".join(lines)
    wide = _shown(monkeypatch, 250, CONTACT)
    assert all(header in wide.splitlines()[1] for header in ("id", "rol", "status"))  # a table row of headers
