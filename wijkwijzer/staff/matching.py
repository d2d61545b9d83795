"""Finding one person in text: names as whole words, numbers in any usual
notation, e-mail addresses - without regard to case or accents.

Used by :mod:`wijkwijzer.staff.privacy` (``forget`` and ``export --public``).
Built for a national database: a text is first tested with plain substring
checks (C speed) and only then with the regular expression, and the
separators of phone numbers are removed from a whole table in one pass.
Standard library only; no typer, no rich.
"""

from __future__ import annotations

import re
import unicodedata

from wijkwijzer.i18n import Messages

ERASED = "(gewist)"
MSG = Messages({
    "empty_name": "Geef de naam van de persoon die gewist moet worden.",
})
_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> tuple[str, list[int]]:
    """*text* without accents, case-folded, with the index in *text* of every
    folded character (folding may change the length: "ß" -> "ss")."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out, index = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(c):
                continue
            for f in c.casefold():
                out.append(f)
                index.append(i)
    return "".join(out), index


def fold_text(text: str) -> str:
    """``_fold(text)[0]`` without the index, at C speed: what a search needs.
    Decomposing the whole text, dropping the combining marks and then
    case-folding gives the same characters as doing it per character."""
    if text.isascii():
        return text.lower()
    if len(text) > 1 << 20:  # a whole file: fold only its lines that need it ("\n" folds to itself)
        return "\n".join(line.lower() if line.isascii() else fold_text(line) for line in text.split("\n"))
    decomposed = unicodedata.normalize("NFKD", text)
    marks = "".join(c for c in set(decomposed) if unicodedata.combining(c))
    if marks:
        decomposed = re.sub(f"[{re.escape(marks)}]", "", decomposed)
    return decomposed.casefold()


def name_tokens(name: str) -> list[str]:
    """The words of *name*, accent-free and case-folded ("José  de Vries" ->
    ["jose", "de", "vries"]); any script, not only Latin."""
    return _WORD.findall(_fold(name)[0])


_PHONE_SEPARATORS = re.compile(r"[\s\-.()]+")
_ASCII_SEPARATORS = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f().-"
_OTHER_SPACES = ("\x85", "\u1680", "\u2028", "\u2029")  # what NFKD leaves of Unicode's \s


def _without_separators(folded: str) -> str | bytes:
    """*folded* without the characters a phone number's pattern allows between
    its digits (whitespace, ``-``, ``.``, ``(``, ``)``). As UTF-8 bytes through
    ``bytes.translate`` (C speed, for a whole table at once) unless the text holds
    a non-ASCII space; then as text through the regex."""
    if any(c in folded for c in _OTHER_SPACES):
        return _PHONE_SEPARATORS.sub("", folded)
    return folded.encode("utf-8", "surrogatepass").translate(None, _ASCII_SEPARATORS)


def _phone_core(phone: str) -> str | None:
    """The digits of a Dutch number after its 0 / 31 / 0031 prefix, or None when
    fewer than six (too short to find safely as a number)."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("0031"):
        digits = digits[4:]
    elif digits.startswith("31"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    return digits if len(digits) >= 6 else None


def _phone_pattern(phone: str) -> str | None:
    """A regex for a Dutch number written any usual way (+31 70..., 070-...)."""
    digits = _phone_core(phone)
    if digits is None:
        return None
    sep = r"[\s\-.()]*"
    return r"(?<!\d)(?:(?:\+|00)?31" + sep + r"(?:\(0\)" + sep + r")?|0)" + sep.join(digits) + r"(?!\d)"


class Matcher:
    """Finds one person: by ``persoon.naam`` (exact on the folded words) and,
    inside any string, by the name as whole words or by a direct phone number /
    e-mail address learnt from a matched ``persoon`` (:meth:`learn`).

    Raises ValueError when *name* has no letters or digits.
    """

    def __init__(self, name: str):
        self.name = name
        self.tokens = name_tokens(name)
        if not self.tokens:
            raise ValueError(MSG["empty_name"])
        self._names: set[tuple[str, ...]] = set()
        self._patterns: list[str] = []
        self._extra: set[str] = set()
        # What every match must contain, tested with `in` before the regex (whose
        # look-behinds make it scan every position): the words of a name, the
        # digits of a number once its separators are gone, an address as is.
        self._literals: list[str] = []
        self._digit_cores: list[str] = []
        self.add_name(name)

    def add_name(self, name: str) -> None:
        """Also find *name* (so one Matcher can stand for several people);
        a name without letters or digits is ignored."""
        tokens = tuple(name_tokens(name))
        if tokens and tokens not in self._names:
            self._names.add(tokens)
            self._patterns.append(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, tokens))
                                  + r"(?![^\W_])")
            self._regex = re.compile("|".join(f"(?:{p})" for p in self._patterns))

    def is_person(self, persoon: object) -> bool:
        """True when *persoon* is a dict whose ``naam`` is this person."""
        return isinstance(persoon, dict) and isinstance(persoon.get("naam"), str) \
            and tuple(name_tokens(persoon["naam"])) in self._names

    def learn(self, value: object) -> None:
        """Remember the phone numbers and e-mail addresses of every matched
        ``persoon`` inside *value* (any JSON value), to erase them from text too."""
        if isinstance(value, dict):
            for key, sub in value.items():
                if key == "persoon" and self.is_person(sub):
                    for field in ("telefoon", "email"):
                        if isinstance(sub.get(field), str) and sub[field].strip():
                            self.add_channel(field, sub[field].strip())
                self.learn(sub)
        elif isinstance(value, list):
            for sub in value:
                self.learn(sub)

    def add_channel(self, field: str, value: str) -> None:
        """Also find the phone number (*field* ``"telefoon"``) or e-mail address *value*."""
        if value in self._extra:
            return
        self._extra.add(value)
        pattern = _phone_pattern(value) if field == "telefoon" else None
        # folded as scrub() folds the text it searches: "josé.vries@x.nl" -> "jose.vries@x.nl"
        self._patterns.append(pattern or re.escape(fold_text(value)))
        if pattern:
            self._digit_cores.append(_phone_core(value))
        else:
            self._literals.append(fold_text(value))
        self._regex = re.compile("|".join(f"(?:{p})" for p in self._patterns))

    def scrub(self, text: str) -> tuple[str, int]:
        """Return *text* with every occurrence replaced by ERASED, and the count."""
        if not self.found_in_folded(fold_text(text)):  # the common case, without an index
            return text, 0
        folded, index = _fold(text)
        spans = [(index[m.start()], index[m.end() - 1] + 1)
                 for m in self._regex.finditer(folded) if m.end() > m.start()]
        if not spans:
            return text, 0
        out, last = [], 0
        for start, end in spans:
            if start < last:
                continue
            out += [text[last:start], ERASED]
            last = end
        out.append(text[last:])
        return "".join(out), len(spans)

    def found_in(self, text: str) -> bool:
        """True when *text* contains the person (see :meth:`scrub`)."""
        return self.found_in_folded(fold_text(text))

    def found_in_folded(self, folded: str) -> bool:
        """:meth:`found_in` for a text already folded (accent-free, case-folded)."""
        return self._may_occur(folded) and self._regex.search(folded) is not None

    def found_in_many(self, folded: list[str]) -> list[bool]:
        """:meth:`found_in_folded` for many folded texts at once (a table's
        records): the separators of phone numbers are removed in one pass
        over all of them instead of one per text."""
        out = [any(all(t in f for t in tokens) for tokens in self._names)
               or any(lit in f for lit in self._literals) for f in folded]
        if self._digit_cores and not all(out):
            import bisect

            bare = _without_separators("\x00".join(folded))  # NUL: never in a folded JSON text
            nul = "\x00" if isinstance(bare, str) else b"\x00"
            bounds, pos = [], bare.find(nul)
            while pos != -1:
                bounds.append(pos)
                pos = bare.find(nul, pos + 1)
            for core in self._digit_cores:
                core = core if isinstance(bare, str) else core.encode()
                pos = bare.find(core)
                while pos != -1:
                    out[bisect.bisect_right(bounds, pos)] = True
                    pos = bare.find(core, pos + 1)
        return [hit and self._regex.search(f) is not None for hit, f in zip(out, folded)]

    def _may_occur(self, folded: str) -> bool:
        """False only when no match is possible (a cheap necessary condition)."""
        if any(all(t in folded for t in tokens) for tokens in self._names):
            return True
        if any(lit in folded for lit in self._literals):
            return True
        if self._digit_cores:
            bare = _without_separators(folded)
            return any((core if isinstance(bare, str) else core.encode()) in bare for core in self._digit_cores)
        return False
