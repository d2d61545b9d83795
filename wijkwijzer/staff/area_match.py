"""Does an organisatie's ``stadsdeel`` agree with its ``wijken``?

The data model nests stadsdeel ⊃ wijk ⊃ buurt, and a wijk's own record says
which stadsdeel it lies in (:func:`wijkwijzer.dataset.wijk_stadsdeel`). An
organisatie that names a stadsdeel must therefore name only wijken in it:
``validate`` refuses one that does not, ``check`` lists one already stored.
An organisatie whose wijken lie in two stadsdelen leaves its ``stadsdeel``
empty. A wijk without a stadsdeel, or with an unconfirmed one, is not held
against the organisatie (``check`` lists such wijken under
``stadsdeel_onbevestigd``). No typer, no rich.
"""

from __future__ import annotations

from collections.abc import Callable

from wijkwijzer.dataset import KIND_SINGULAR, as_list, wijk_stadsdeel
from wijkwijzer.i18n import Messages
from wijkwijzer.staff.check_records import Accumulator

MSG = Messages({
    "elsewhere": "wijk {wijk} ({code}) ligt in stadsdeel {sd}, niet in {own}",
})


def misplaced(org: dict, wijk_of: Callable[[str], dict | None],
              stadsdeel_naam: Callable[[str], str]) -> list[tuple[str, str]]:
    """``[(wijk code, reason), ...]`` for each wijk of organisatie *org* that
    lies in a stadsdeel other than ``org["stadsdeel"]``, in the order of its
    ``wijken``; ``[]`` when *org* names no stadsdeel. *wijk_of(code)* returns
    the wijk record (or None); *stadsdeel_naam(id)* the stadsdeel's name. The
    reason is one Dutch phrase: "wijk Moerwijk (WK051836) ligt in stadsdeel
    Escamp, niet in Laak"."""
    own = org.get("stadsdeel")
    if not isinstance(own, str) or not own:
        return []
    out = []
    for code in as_list(org.get("wijken")):
        if not isinstance(code, str):
            continue
        wijk = wijk_of(code)
        sd = wijk_stadsdeel(wijk)
        if sd is not None and sd != own:
            out.append((code, MSG["elsewhere"].format(wijk=wijk.get("naam") or code, code=code,
                                                      sd=stadsdeel_naam(sd), own=stadsdeel_naam(own))))
    return out


def derived_stadsdeel(wijken: list, wijk_of: Callable[[str], dict | None]) -> str | None:
    """The one stadsdeel that all of *wijken* (codes) with a known, confirmed
    stadsdeel lie in; None when there is none or more than one."""
    found = {wijk_stadsdeel(wijk_of(c)) for c in wijken if isinstance(c, str)} - {None}
    return found.pop() if len(found) == 1 else None


class WrongStadsdeel(Accumulator):
    """For ``check``'s ``verwijzingen``: ``{soort, id, veld, waarde, reden}``
    for each wijk of an active organisatie that lies in another stadsdeel than
    the organisatie names (``veld`` "wijken", ``waarde`` the wijk code,
    ``reden`` as :func:`misplaced` says it). Of the wijken only code -> (naam,
    stadsdeel) is kept, of the stadsdelen their names; stadsdelen and wijken
    come before organisaties in KINDS."""

    kinds = frozenset({"stadsdelen", "wijken", "organisaties"})

    def __init__(self):
        super().__init__()
        self.wijken: dict[str, dict] = {}
        self.names: dict[str, str] = {}

    def feed(self, batch):
        if batch.kind == "stadsdelen":
            self.names.update((i, n) for i, n in zip(batch.col("id"), batch.col("naam"))
                              if isinstance(i, str) and isinstance(n, str))
        elif batch.kind == "wijken":
            for w in batch.records:
                if isinstance(w, dict) and isinstance(w.get("code"), str):
                    self.wijken[w["code"]] = {"naam": w.get("naam"), "stadsdeel": wijk_stadsdeel(w)}
        else:
            for org in batch.live.records:
                for code, reason in misplaced(org, self.wijken.get, self._name):
                    self.found.append({"soort": KIND_SINGULAR["organisaties"], "id": str(org.get("id")), "veld": "wijken",
                                       "waarde": code, "reden": reason})

    def _name(self, sd: str) -> str:
        return self.names.get(sd) or sd
