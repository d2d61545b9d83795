"""Split the words of ``who WORD...`` (typed without quotes) into PLACE and TOPIC.

Residents type a place and a problem in their own words, in either order:
``who Bezuidenhout subsidie straatfeest``, ``who zeehelden gevaarlijke
kruising``, ``who bomen zeehelden``, ``who 2531 AB Den Haag overlast``. Every
split is tried - place first (longest place first), all words as the place,
then topic first - and the one that matches best wins: fewest topic words
left unexplained, then the closest place (exact name before core name before
start of words before fuzzy), then the order just named. Duck-typed over a
:class:`wijkwijzer.lookup.directory.Directory`; no typer, no rich.
"""

from __future__ import annotations

from wijkwijzer.errors import NotFound
from wijkwijzer.lookup.home import AmbiguousPlace
from wijkwijzer.lookup.postcodes import postcode_of
from wijkwijzer.text import FUNCTION_WORDS, check_query, normalize

#: PlaceMatch.via -> how closely the place matched (lower is closer)
PLACE_TIER = {"code": 0, "postcodetabel": 0, "exacte naam": 0, "naam": 1, "deel van de naam": 2,
              "lijkt op": 3}


def split_words(directory, words: list[str]) -> tuple[str, str | None]:
    """Split ``who PLAATS [THEMA]`` words into ``(plaats, thema or None)``.

    One word is PLAATS, unless it does not resolve as a place and holds
    several words ("Bezuidenhout subsidie" typed in quotes): then its words are
    split like unquoted ones. A postcode in any written form decides: the
    longest leading postcode is PLAATS and the rest THEMA ("2531 AB 7a
    bomen"), or a trailing postcode after a topic ("bomen 2511"). Otherwise
    the best split (module docstring); words typed in quotes are tried as
    given first, then word by word. When none resolves both ways, the first
    split whose place resolves is returned, so the *topic's* error is shown;
    failing that, with two words (or a last word that is a thema) the last
    word is THEMA, else all words are PLAATS, so the place's own error is
    shown. Raises QueryTooLong for too long a text; nothing else."""
    check_query(*words)
    tokens = [t for w in words for t in w.split()]
    if len(words) == 1:
        if len(tokens) > 1 and _place_tier(directory, words[0], 3) is None:
            found = _best_split(directory, tokens)
            return found[1] if found else (words[0], None)
        return words[0], None
    n, join = len(words), " ".join
    whole = join(words)
    if postcode_of(whole):
        return whole, None
    for k in range(n - 1, 0, -1):
        if postcode_of(join(words[:k])):
            return join(words[:k]), join(words[k:])
    for k in range(1, n):
        if postcode_of(join(words[k:])) and _thema(directory, join(words[:k])):
            return join(words[k:]), join(words[:k])
    if not normalize(words[-1]):  # "zeehelden !!!": let the thema error say so
        return join(words[:-1]), words[-1]
    if not normalize(words[0]):  # an empty PLACE: let the place error say so
        return words[0], join(words[1:])
    choice = _best_split(directory, words)
    if choice is None and len(tokens) > n:
        choice = _best_split(directory, tokens)
    bare = _trimmed(words)  # "in de schilderswijk ... s avonds laat": the place starts after "in de"
    if bare != words:
        other = _best_split(directory, bare)
        if other and (choice is None or other[0] < choice[0]):
            choice = other
    if choice:
        return choice[1]
    for k in range(n - 1, 0, -1):
        if _place_tier(directory, join(words[:k]), 3) is not None:
            return join(words[:k]), join(words[k:])
    last_is_thema = directory.thema_exact(normalize(words[-1])) is not None
    return (join(words[:-1]), words[-1]) if last_is_thema or n == 2 else (whole, None)


def _trimmed(words: list[str]) -> list[str]:
    """*words* without the little words (FUNCTION_WORDS) they start or end with."""
    start, end = 0, len(words)
    while start < end and normalize(words[start]) in FUNCTION_WORDS:
        start += 1
    while end > start and normalize(words[end - 1]) in FUNCTION_WORDS:
        end -= 1
    return words[start:end] if end - start >= 2 else words


def _best_split(directory, words: list[str]) -> tuple[tuple, tuple[str, str | None]] | None:
    """``(key, (place, topic))`` for the split of *words* that matches best
    (module docstring; a smaller key is better), or None when no split
    resolves both as a place and (where there is one) a topic."""
    n, join = len(words), " ".join
    for k in range(n, 0, -1):  # a leading postcode decides ("2531 AB bomen" in quotes)
        if postcode_of(join(words[:k])):
            return (0, 0, 0), (join(words[:k]), join(words[k:]) or None)
    splits = ([(join(words[:k]), join(words[k:])) for k in range(n - 1, 0, -1)] + [(join(words), None)]
              + [(join(words[k:]), join(words[:k])) for k in range(1, n)])
    best, choice = None, None
    for idx, (place, topic) in enumerate(splits):
        if best is not None and (0, 0, idx) >= best:
            break  # no later split can match better
        most = max((t for t in range(4) if best is None or (0, t, idx) < best), default=-1)
        tier = _place_tier(directory, place, most)
        if tier is None:
            continue
        unexplained = 0
        if topic is not None:
            tm = _thema(directory, topic)
            if tm is None:
                continue
            unexplained = tm.unexplained
        key = (unexplained, tier, idx)
        if best is None or key < best:
            best, choice = key, (place, topic)
    return (best, choice) if choice else None


def _place_tier(directory, place: str, most: int) -> int | None:
    """How closely *place* resolves (PLACE_TIER), or None when it does not
    resolve within tier *most* (fuzzy matching only runs when *most* is 3). A
    place outside the home gemeente counts as one tier further than its match,
    so a place at home typed as exactly wins (QA: 'zeeheldenkwartier stoeptegel
    van de straat' found a 'straat' elsewhere in the country)."""
    if most < 0 or not normalize(place).strip() or all(w in FUNCTION_WORDS for w in normalize(place).split()):
        return None  # 'het', 'in de': no place, however many names hold them
    try:
        m = directory.resolve_place(place, fuzzy=most >= 3, suggest=False)
    except AmbiguousPlace as exc:  # it is a place, only which one is asked later
        return exc.tier if exc.tier <= most else None
    except NotFound:
        return None
    tier = PLACE_TIER.get(m.via, 3) + (1 if m.elders else 0)
    return tier if tier <= most else None


def _thema(directory, topic: str):
    """The ThemaMatch of *topic*, or None."""
    try:
        return directory.resolve_thema(topic)
    except NotFound:
        return None
