"""The categories of `wijkwijzer check` that judge one record at a time:
``kanalen``, ``verificatie``, ``stadsdeel_onbevestigd`` and ``vorm`` (see
:mod:`wijkwijzer.staff.check` for what each means).

Every category of ``check`` is an :class:`Accumulator`: :meth:`~Accumulator.feed`
gets the records of one kind as a :class:`Batch`, the kinds in KINDS order
(:func:`wijkwijzer.staff.check.check_batches`), and :meth:`~Accumulator.result`
returns the findings in the order the records came. So a national database
is checked while its records stream past, batch by batch, and none of them
has to be held. A batch is first tested as a whole, a column at a time at C
speed; only a batch that may hold a finding is walked record by record, by
the same rules. No typer, no rich.
"""

from __future__ import annotations

import datetime as _dt
from itertools import chain, compress, repeat
from operator import methodcaller, ne

from wijkwijzer.dataset import KIND_SINGULAR, KINDS, STATUSES, as_dict
from wijkwijzer.i18n import N_, Messages, _
from wijkwijzer.staff.fields import CP_SOORTEN, MAX_NIVEAU

MSG = Messages({
    "shape": "moet {want} zijn, is {got}",
    "never": "nooit geverifieerd",
    "bad_date": "geen geldige datum: '{value}'",
    "older": "laatst geverifieerd op {date}",
    "no_stadsdeel": "geen stadsdeel",
    "unconfirmed": "stadsdeel '{sd}' onbevestigd",
})
INACTIVE = "inactief"
#: contactpunt field -> (accepted types, the Dutch name of what it must be)
SHAPES = {"kanalen": ((dict, type(None)), N_("een object met kanalen")),
          "persoon": ((dict, type(None)), N_("leeg of een object (naam, telefoon, email)")),
          "gebied": ((list,), N_("een lijst van gebieden")),
          "themas": ((list,), N_("een lijst van thema's")),
          "niveau": ((int,), N_("een geheel getal 1, 2 of 3")),
          "dienst": ((str,), N_("een dienst-id (tekst)")),
          "rol": ((str,), N_("tekst"))}
_OBJECT = (dict, type(None))
_GOOD_STATUS = frozenset((*STATUSES, None))
_GOOD_SOORT = frozenset((*CP_SOORTEN, None))
_GOOD_NIVEAU = frozenset(range(1, MAX_NIVEAU + 1))


def months_before(day: _dt.date, months: int) -> _dt.date:
    """Return the date *months* calendar months before *day* (clamped to month end)."""
    import calendar

    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    return _dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


class Batch:
    """Records of one kind read together (:attr:`records`, a list of dicts),
    with each column computed once for every category that reads it, at C
    speed: :meth:`col` is ``[record.get(field), ...]``; :attr:`live` is the
    batch of the records that are not ``inactief``."""

    def __init__(self, kind: str, records: list[dict]):
        self.kind, self.records = kind, records
        self._cols: dict[str, list] = {}
        self._live: Batch | bool | None = None

    def col(self, field: str) -> list:
        if field not in self._cols:
            self._cols[field] = list(map(methodcaller("get", field), self.records))
        return self._cols[field]

    @property
    def live(self) -> Batch:
        if self._live is None:
            live = list(compress(self.records, map(ne, self.col("status"), repeat(INACTIVE))))
            # all active: the batch itself (not kept in _live: a reference cycle outlives the batch while gc is off)
            self._live = False if len(live) == len(self.records) else Batch(self.kind, live)
        return self._live or self


class Accumulator:
    """One category of ``check``: fed :class:`Batch` es of the kinds in
    :attr:`kinds` (the kinds in KINDS order), then asked for its
    :meth:`result` (``[{field: value}, ...]`` in the order the records came)."""

    kinds: frozenset = frozenset()

    def __init__(self):
        self.found: list[dict] = []

    def feed(self, batch: Batch) -> None:
        raise NotImplementedError

    def result(self) -> list[dict]:
        return self.found


def over(category: Accumulator, data: dict):
    """Feed *category* every kind of the snapshot *data* (``{kind: [record,
    ...]}``, kinds missing from it count as empty) and return its result."""
    for kind in KINDS:
        if kind in category.kinds and data.get(kind):
            category.feed(Batch(kind, data[kind]))
    return category.result()


class MissingChannels(Accumulator):
    """``kanalen``: ``{id, rol, dienst, gebied}`` for active contactpunten whose
    ``kanalen`` (and ``persoon`` telefoon/email) are all empty."""

    kinds = frozenset({"contactpunten"})

    def feed(self, batch):
        for cp, kanalen in zip(batch.live.records, batch.live.col("kanalen")):
            if kanalen.__class__ is dict and any(kanalen.values()):
                continue  # the common case
            kanalen, persoon = as_dict(kanalen), as_dict(cp.get("persoon"))
            if any(kanalen.values()) or persoon.get("telefoon") or persoon.get("email"):
                continue
            self.found.append({"id": cp.get("id"), "rol": cp.get("rol"), "dienst": cp.get("dienst"),
                               "gebied": cp.get("gebied")})


class Stale(Accumulator):
    """``verificatie``: ``{soort, id, geverifieerd_op, reden}`` for active
    records not verified since *max_age_months* before *today*: contactpunten
    always, other kinds only when they carry the field. Each distinct date is
    judged once."""

    kinds = frozenset(KINDS)

    def __init__(self, today: _dt.date, max_age_months: int):
        super().__init__()
        self.cutoff = months_before(today, max_age_months)
        self.judged: dict = {None: MSG["never"], "": MSG["never"]}

    def _judge(self, value) -> str | None:
        try:
            return MSG["older"].format(date=value) if _dt.date.fromisoformat(str(value)) < self.cutoff else None
        except ValueError:
            return MSG["bad_date"].format(value=value)

    def feed(self, batch):
        kind = batch.kind
        judged, key, soort = self.judged, KINDS[kind], KIND_SINGULAR[kind]
        if kind != "contactpunten":
            batch = Batch(kind, list(filter(methodcaller("__contains__", "geverifieerd_op"), batch.records)))
        batch = batch.live
        try:  # a batch whose dates are all recent has nothing to say
            dates = set(batch.col("geverifieerd_op"))
        except TypeError:
            dates = None
        if dates is not None and all(d is None or d.__class__ is str for d in dates):
            for d in dates - judged.keys():
                judged[d] = self._judge(d)
            if not any(map(judged.get, dates)):
                return
        for rec, value in zip(batch.records, batch.col("geverifieerd_op")):
            if not isinstance(value, (str, type(None))):
                value = str(value)
            if value not in judged:
                judged[value] = self._judge(value)
            if judged[value]:
                self.found.append({"soort": soort, "id": str(rec.get(key)), "geverifieerd_op": value,
                                   "reden": judged[value]})


class Unconfirmed(Accumulator):
    """``stadsdeel_onbevestigd``: ``{wijk, naam, stadsdeel, reden}`` for active
    wijken with ``stadsdeel_bevestigd`` false (a wijk without stadsdeel is
    listed only when it is marked unconfirmed: many gemeenten have no stadsdelen)."""

    kinds = frozenset({"wijken"})

    def feed(self, batch):
        self.found += [{"wijk": w.get("code"), "naam": w.get("naam"), "stadsdeel": w.get("stadsdeel"),
                        "reden": MSG["unconfirmed"].format(sd=w.get("stadsdeel")) if w.get("stadsdeel")
                        else MSG["no_stadsdeel"]}
                       for w in batch.live.records if w.get("stadsdeel_bevestigd") is False]


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def shape_problems(cp: dict) -> list[dict]:
    """``[{id, veld, reden}]``: the fields of contactpunt *cp* of the wrong type
    (:data:`SHAPES`), and a status or soort no reader knows."""
    out = []
    for fld, (types, want) in SHAPES.items():
        value = cp.get(fld)
        wrong = not isinstance(value, types) or isinstance(value, bool)
        if fld == "niveau" and not wrong and not 1 <= value <= MAX_NIVEAU:
            wrong = True
        elif fld in ("gebied", "themas") and not wrong:
            wrong = not all(isinstance(v, str) for v in value)
        if wrong:
            out.append({"id": cp.get("id"), "veld": fld,
                        "reden": MSG["shape"].format(want=_(want), got=_shown(value))})
    if cp.get("status") not in (*STATUSES, None):
        out.append({"id": cp.get("id"), "veld": "status",
                    "reden": MSG["shape"].format(want=" of ".join(STATUSES), got=_shown(cp.get("status")))})
    if cp.get("soort") not in (*CP_SOORTEN, None):  # who would read it as aanspreekpunt
        out.append({"id": cp.get("id"), "veld": "soort",
                    "reden": MSG["shape"].format(want=" of ".join(CP_SOORTEN), got=_shown(cp.get("soort")))})
    return out


def _well_shaped(cp: dict) -> bool:
    """True only when :func:`shape_problems` finds nothing (exact types, as
    JSON gives them; anything else goes the slow way)."""
    g, t, n = cp.get("gebied"), cp.get("themas"), cp.get("niveau")
    try:
        return (cp.get("kanalen").__class__ in _OBJECT and cp.get("persoon").__class__ in _OBJECT
                and g.__class__ is list and t.__class__ is list and n.__class__ is int and n in _GOOD_NIVEAU
                and cp.get("dienst").__class__ is str and cp.get("rol").__class__ is str
                and cp.get("status") in _GOOD_STATUS and cp.get("soort") in _GOOD_SOORT
                and all(v.__class__ is str for v in g) and all(v.__class__ is str for v in t))
    except TypeError:  # an unhashable status or soort
        return False


#: per field of SHAPES, the exact classes a batch's fast test accepts
_CLASSES = {"kanalen": {dict, type(None)}, "persoon": {dict, type(None)}, "gebied": {list}, "themas": {list},
            "niveau": {int}, "dienst": {str}, "rol": {str}}


def _all_well_shaped(batch: Batch) -> bool:
    """True only when :func:`shape_problems` finds nothing in any record of
    *batch*, tested a column at a time at C speed."""
    try:
        return (all(set(map(type, batch.col(fld))) <= classes for fld, classes in _CLASSES.items())
                and set(batch.col("niveau")) <= _GOOD_NIVEAU
                and set(batch.col("status")) <= _GOOD_STATUS
                and set(batch.col("soort")) <= _GOOD_SOORT
                and set(map(type, chain.from_iterable(batch.col("gebied")))) <= {str}
                and set(map(type, chain.from_iterable(batch.col("themas")))) <= {str})
    except TypeError:  # an unhashable status or soort
        return False


class WrongShapes(Accumulator):
    """``vorm``: ``{id, veld, reden}`` for contactpunt fields of the wrong type,
    as a hand-edited database file may hold; ``who`` reads such a field as
    empty, so it must be repaired here. Inactive contactpunten too."""

    kinds = frozenset({"contactpunten"})

    def feed(self, batch):
        if _all_well_shaped(batch):
            return
        for cp in batch.records:
            if not _well_shaped(cp):
                self.found += shape_problems(cp)
