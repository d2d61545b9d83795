"""What counts as a search hit, and which ids `show` suggests (#12, QA's noise).

A text is a hit only when one of its words is near a typed word (the same
word, a word containing it, or a typo of it or of its beginning); then it
scores 100 when the typed text occurs in it, else rapidfuzz WRatio. The
same rule answers from the file and from the index (tests/test_index_reads.py)."""

from __future__ import annotations


def ids(hits) -> list[str]:
    return [h["id"] for h in hits]


def test_a_misspelt_neighbourhood_is_still_found_first(cli_json):
    assert ids(cli_json("search", "zeeheldn"))[:2] == ["BU05182245", "WK051822"]
    assert cli_json("search", "bezuidenhoud")[0]["id"] == "WK051826"
    assert cli_json("search", "schildrswijk")[0]["naam"] == "Schildersbuurt"  # alias Schilderswijk


def test_a_word_typed_differently_finds_its_compounds(cli_json):
    """"parkeren" finds the parkeervergunning contactpunten (a typo of the word's beginning)."""
    found = ids(cli_json("search", "parkeren"))
    assert "gemeente-parkeervergunning-balie" in found and "gemeente-parkeervergunning" in found


def test_search_does_not_answer_with_unrelated_records(cli, cli_json):
    """QA: `kadin` found thema bestuur (via "raadsinformatie") and Kijkduin;
    `zeehelden` found buurt Landen and De Velden; `geluidsoverlast buren` every
    gebiedsregisseur DSO."""
    result = cli("search", "kadin")
    assert result.exit_code == 1 and "Niets gevonden" in result.stderr
    assert {h["naam"] for h in cli_json("search", "zeehelden", "-n", "50")} == {
        "Zeeheldenkwartier", "Bewonersorganisatie Zeeheldenkwartier"}
    assert not any("gebiedsregisseur" in h["naam"] for h in cli_json("search", "geluidsoverlast buren"))


def test_a_query_of_one_or_two_letters_is_a_whole_word(cli, cli_json):
    assert ids(cli_json("search", "nl", "-n", "50")) == ["bezuidenhout-nl"]  # not every "online"
    assert cli("search", "q").exit_code == 1


def test_show_with_an_unknown_id_suggests_only_ids_or_names_that_look_like_it(cli):
    """QA: `show zeeheldenkwartir` also suggested onderwijs-cultuur-sport,
    `show gemeente-14O70` afvalbrengstation-centrum; `show ZZZ123` suggested buurt codes
    nationally."""
    def suggested(record_id: str) -> str:
        result = cli("show", record_id)
        assert result.exit_code == 1 and "Geen record met id of code" in result.stderr
        return result.stderr.partition("Bedoelde u:")[2].strip()

    assert suggested("zeeheldenkwartir") == "'BU05182245', 'WK051822'?"
    assert suggested("gemeente-14O70") == "'gemeente-14070'?"
    assert suggested("centrum-gebiedsregisseur-dsbb").startswith("'centrum-gebiedsregisseur-dsb',")
    assert suggested("ZZZ123") == ""
