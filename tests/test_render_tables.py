"""Tables on a narrow terminal keep short values whole (QA: 'vragen' at 80
columns split a date over two lines as '2026-11-3' / '0')."""

from __future__ import annotations

import io

from wijkwijzer.env import Env
from wijkwijzer.render.terminal import render_table


def test_a_date_or_id_is_never_broken_over_two_lines(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    rows = [{"id": "v1", "datum": "2026-11-30", "tekst": "een lange omschrijving " * 8,
             "rol": "gebiedsregisseur DSB voor stadsdeel Centrum en omgeving"}]
    out = io.StringIO()
    render_table(rows, [("id", "id"), ("datum", "gesteld"), ("rol", "aan"), ("tekst", "onderwerp")],
                 Env(stdout=out, stderr=io.StringIO(), is_tty=True, no_color=True))
    shown = out.getvalue()
    assert "2026-11-30" in shown
    assert max(len(line) for line in shown.splitlines()) <= 60
