"""coalitions.grouping: pure, deterministic suggestions with reasons people can read."""

import random

import pytest
from django.utils import translation

from coalitions.grouping import (
    Registration,
    group_count,
    group_sizes,
    links_between,
    suggest_groups,
    theme_words,
)
from coalitions.municipalities import BIG, SMALL, province_of, size_of


@pytest.fixture(autouse=True)
def _dutch():
    """The reasons are for people: Dutch here, whatever an earlier test left active."""
    with translation.override("nl"):
        yield


def reg(id, name, municipality="", learning="", wish="", partners=()):
    return Registration(
        id=id, name=name, municipality=municipality, organisations=(name, *partners),
        learning_text=learning, wish_text=wish,
    )  # fmt: skip


def test_province_and_kind_of_a_municipality_ignore_case_and_accents():
    assert province_of("zutphen") == "Gelderland"
    assert province_of("Sudwest-Fryslan") == "Friesland"
    assert size_of("Utrecht") == BIG and size_of("Lochem") == SMALL
    assert province_of("Nergenshuizen") == "" and size_of("") == ""


def test_theme_words_skip_common_words_and_meet_plural_and_singular():
    words = theme_words("Samen met bewoners willen we de eenzaamheid van jongeren aanpakken.")
    assert "bewoners" not in words.values() and "samen" not in words.values()
    assert words[next(iter(theme_words("jongere")))] == "jongeren"
    assert "eenzaamheid" in words.values()


def test_pair_reasons_say_why_two_registrations_fit():
    a = reg(1, "Buurtvereniging De Hoven", "Zutphen", "Eenzaamheid onder ouderen",
            wish="Graag met Lochem")  # fmt: skip
    b = reg(2, "Dorpshuis Barchem", "Lochem", "Ouderen en eenzaamheid in het dorp")
    c = reg(3, "Jongerenplatform", "Venlo", "Jongeren en zeggenschap")
    link = links_between([a, b, c])[(1, 2)]
    assert link.reasons == (
        "Buurtvereniging De Hoven wil leren met Lochem",
        "zelfde provincie: Gelderland",
        "allebei noemen ze ‘eenzaamheid’, ‘ouderen’",
    )
    assert link.points == 3 + 1 + 2
    assert (1, 3) not in links_between([a, b, c])  # nothing in common: no link at all


def test_a_wish_may_name_another_registrations_organisation():
    a = reg(1, "Wijkraad Groenewoud", "Tilburg", partners=("ContourdeTwern",))
    b = reg(2, "Buurtteam", "Eindhoven", wish="Met contourdetwern uit Tilburg")
    reasons = links_between([a, b])[(1, 2)].reasons
    assert reasons[0] == "Buurtteam wil leren met ContourdeTwern"
    assert "zelfde provincie: Noord-Brabant" in reasons and "allebei een grote stad" in reasons


def test_same_municipality_counts_more_than_same_province():
    a, b = reg(1, "A", "Ede"), reg(2, "B", "Ede")
    link = links_between([a, b])[(1, 2)]
    assert link.reasons == ("zelfde gemeente: Ede", "allebei een grote stad")
    assert link.points == 2 + 1


def test_a_word_that_most_registrations_use_is_no_reason():
    registrations = [reg(n, f"R{n}", learning="buurtkamer voor iedereen") for n in range(1, 7)]
    assert links_between(registrations) == {}


def test_group_count_aims_at_the_middle_and_never_above_the_maximum():
    assert group_count(15) == 3 and group_sizes(15, 3) == [5, 5, 5]
    assert group_count(13) == 3 and group_sizes(13, 3) == [5, 4, 4]
    assert group_count(7) == 2  # 7 cannot be split in groups of 4–6: never above the maximum
    assert group_count(3) == 1 and group_count(0) == 0
    assert group_count(24, 2, 3) == 10


THEMES = {
    "eenzaamheid": ["Zutphen", "Lochem", "Epe", "Berkelland", "Voorst"],
    "geldzorgen": ["Leeuwarden", "Het Hogeland", "Emmen", "Groningen", "Heerenveen"],
    "zeggenschap": ["Venlo", "Tilburg", "Eindhoven", "Zaanstad", "Amersfoort"],
}


def themed_registrations():
    registrations, number = [], 0
    for theme, places in THEMES.items():
        for place in places:
            number += 1
            registrations.append(
                reg(number, f"Initiatief {place}", place, f"Wij leren over {theme}.")
            )
    return registrations


def test_suggestions_group_registrations_by_shared_reasons():
    suggestions = suggest_groups(themed_registrations())
    assert [len(s.members) for s in suggestions] == [5, 5, 5]
    assert [s.name for s in suggestions] == [
        "Leergroep eenzaamheid", "Leergroep geldzorgen", "Leergroep zeggenschap",
    ]  # fmt: skip
    for suggestion, places in zip(suggestions, THEMES.values(), strict=True):
        assert [m.municipality for m in suggestion.members] == places
        assert suggestion.loose == []
        assert all(link.reasons for link in suggestion.links)


def test_suggestions_are_the_same_whatever_the_order_of_the_input():
    registrations = themed_registrations()
    expected = [(s.name, s.ids, [link.reasons for link in s.links])
                for s in suggest_groups(registrations)]  # fmt: skip
    for seed in range(5):
        shuffled = registrations[:]
        random.Random(seed).shuffle(shuffled)
        got = [
            (s.name, s.ids, [link.reasons for link in s.links]) for s in suggest_groups(shuffled)
        ]
        assert got == expected


def test_group_sizes_follow_the_chosen_range():
    registrations = themed_registrations()
    sizes = sorted(len(s.members) for s in suggest_groups(registrations, min_size=2, max_size=3))
    assert sizes == [2, 2, 2, 3, 3, 3]  # 15 in groups of 2–3: closest to 2.5 is six groups
    sizes = sorted(len(s.members) for s in suggest_groups(registrations, min_size=6, max_size=8))
    assert sizes == [7, 8]
    everyone = sorted(m.id for s in suggest_groups(registrations, min_size=6, max_size=8)
                      for m in s.members)  # fmt: skip
    assert everyone == list(range(1, 16))


def test_a_registration_without_any_match_is_shown_as_loose():
    registrations = [reg(n, f"R{n}", "Ede", "Wij leren over armoede") for n in range(1, 5)]
    registrations.append(reg(5, "Alleen", "Nergenshuizen", "Iets heel anders"))
    (suggestion,) = suggest_groups(registrations, min_size=4, max_size=6)
    assert [m.name for m in suggestion.loose] == ["Alleen"]


def test_no_registrations_no_suggestions():
    assert suggest_groups([]) == []
