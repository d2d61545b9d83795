"""Channels whose source has aged: `check`'s category ``te_controleren``.

A contactpunt's ``bron_datum`` is the date of its source, as precise as the
source is (``2021``, ``2021-10``, ``2021-10-03``; a period counts to its last
day, so only a source surely older than the limit is listed). A channel is
*te controleren* when both that date and ``geverifieerd_op`` lie more than
:data:`MAX_SOURCE_AGE_YEARS` years back (a setting: ``check
--max-source-age-years``): ``verify`` sets ``geverifieerd_op`` to today and so
clears it. An undated source is not listed here; ``verificatie`` lists every
record never verified. Pure functions; no typer, no rich.
"""

from __future__ import annotations

import datetime as _dt

from wijkwijzer.channels import source_date_end
from wijkwijzer.dataset import Snapshot, as_dict
from wijkwijzer.i18n import Messages
from wijkwijzer.staff.check_records import Accumulator, over

MSG = Messages({
    "source_older": "bron van {date}",
})
#: a channel whose source is older than this many years is listed as te controleren
MAX_SOURCE_AGE_YEARS = 2


def years_before(day: _dt.date, years: int) -> _dt.date:
    """*day* minus *years* calendar years (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class OldSources(Accumulator):
    """``te_controleren``: ``{id, rol, bron_datum, geverifieerd_op, reden}`` for
    every contactpunt that is not inactive, has a channel, and whose source
    and verification both lie more than *max_years* before *today*. A
    malformed date counts as absent (``check`` reports it under
    ``verificatie``). Each distinct source date is read once."""

    kinds = frozenset({"contactpunten"})

    def __init__(self, today: _dt.date, max_years: int = MAX_SOURCE_AGE_YEARS):
        super().__init__()
        self.cutoff = years_before(today, max_years)
        self.ends: dict = {}

    def feed(self, batch):
        cutoff, ends = self.cutoff, self.ends
        try:  # a batch without an old source has nothing to say
            sources = set(batch.col("bron_datum"))
            for bron in sources - ends.keys():
                ends[bron] = source_date_end(bron)
            if not any(end is not None and end < cutoff for end in map(ends.get, sources)):
                return
        except TypeError:  # an unhashable value: not a date
            pass
        for cp, bron in zip(batch.records, batch.col("bron_datum")):
            try:
                end = ends[bron]
            except KeyError:
                end = ends[bron] = source_date_end(bron)
            except TypeError:  # an unhashable value: not a date
                end = None
            if end is None or end >= cutoff or cp.get("status") == "inactief":
                continue
            if not any(as_dict(cp.get("kanalen")).values()):
                continue  # no channel to check: listed under kanalen
            checked = cp.get("geverifieerd_op")
            try:
                if checked and _dt.date.fromisoformat(str(checked)) >= cutoff:
                    continue
            except ValueError:
                pass
            self.found.append({"id": cp.get("id"), "rol": cp.get("rol"), "bron_datum": bron,
                               "geverifieerd_op": checked, "reden": MSG["source_older"].format(date=bron)})


def old_sources(data: Snapshot, today: _dt.date, max_years: int = MAX_SOURCE_AGE_YEARS) -> list[dict]:
    """:class:`OldSources` over the snapshot *data* (``{kind: [record, ...]}``)."""
    return over(OldSources(today, max_years), data)
