"""Learning groups: registrations of a learning trajectory that learn together."""

import pytest
from django.urls import reverse

from coalitions import services
from coalitions.models import LearningGroup, LearningGroupMember
from portal.activity import timeline_for
from tests.factories import ReviewerFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix

from .conftest import add_registration

pytestmark = pytest.mark.django_db


def page_url(call, **sizes):
    url = reverse("coalitions:learning_groups", args=[call.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in sizes.items()) if sizes else "")


@pytest.fixture
def registrations(registration_call):
    """Two themes of four: loneliness in Gelderland, young people in Brabant."""
    rows = [
        ("Buurtvereniging De Hoven", "Zutphen", "eenzaamheid onder ouderen", "met Lochem"),
        ("Dorpshuis Barchem", "Lochem", "eenzaamheid en mantelzorgers", ""),
        ("Noaberhulp Eibergen", "Berkelland", "mantelzorgers en eenzaamheid", ""),
        ("Buurtkamer Epe", "Epe", "eenzaamheid van ouderen", "met Dorpshuis Barchem"),
        ("Wijkraad Groenewoud", "Tilburg", "zeggenschap voor jongeren", "met Eindhoven"),
        ("Buurtteam Woensel", "Eindhoven", "jongeren en zeggenschap", ""),
        ("Jongerenplatform Oost", "Venlo", "jongeren krijgen zeggenschap", ""),
        ("Wijkteam Centrum", "Oss", "zeggenschap van jongeren", ""),
    ]
    return [add_registration(registration_call, *row) for row in rows]


def test_staff_page_suggests_groups_with_reasons_in_dutch(client, staff, registration_call,
                                                          registrations):  # fmt: skip
    add_registration(registration_call, "Nog bezig", "Ede", "eenzaamheid", state="draft")
    client.force_login(staff)
    html = client.get(page_url(registration_call, min_size=3, max_size=5)).content.decode()
    assert "8 aanmeldingen zijn ingestuurd." in html
    assert "Voorgestelde groepen" in html and "Waarom samen?" in html
    assert "Leergroep eenzaamheid" in html and "Leergroep jongeren" in html
    assert "Buurtvereniging De Hoven wil leren met Lochem" in html
    assert "zelfde provincie: Gelderland" in html and "allebei noemen ze ‘eenzaamheid’" in html
    assert "Nog bezig" not in html  # a draft is no registration yet
    assert "Nog geen leergroepen." in html


def test_staff_confirm_a_suggestion_and_the_rest_is_suggested_again(client, staff,
                                                                    registration_call,
                                                                    registrations):  # fmt: skip
    client.force_login(staff)
    lonely = [r.pk for r in registrations[:4]]
    response = client.post(
        reverse("coalitions:learning_group_create", args=[registration_call.slug]),
        {"name": "Leergroep eenzaamheid", "registrations": lonely, "min_size": 3, "max_size": 5},
    )
    assert response["Location"] == page_url(registration_call, min_size=3, max_size=5)
    group = LearningGroup.objects.get()
    assert sorted(group.members.values_list("pk", flat=True)) == sorted(lonely)
    html = client.get(response["Location"]).content.decode()
    assert "De leergroep “Leergroep eenzaamheid” is gemaakt." in html
    assert html.count("Deze groep maken") == 1  # only the young people are left to group
    # A second click on the same (now stale) suggestion changes nothing.
    client.post(
        reverse("coalitions:learning_group_create", args=[registration_call.slug]),
        {"name": "Nog een keer", "registrations": lonely},
    )
    assert LearningGroup.objects.count() == 1


def test_staff_rename_move_and_remove(client, staff, registration_call, registrations):
    first = services.create_learning_group(
        call=registration_call, name="Groep A", registrations=registrations[:2], actor=staff
    )
    second = services.create_learning_group(
        call=registration_call, name="Groep B", registrations=registrations[2:4], actor=staff
    )
    slug = registration_call.slug
    client.force_login(staff)
    client.post(
        reverse("coalitions:learning_group_change", args=[slug, first.pk]),
        {"name": "Ouderen in Gelderland", "description": "Kleine gemeenten"},
    )
    first.refresh_from_db()
    assert (first.name, first.description) == ("Ouderen in Gelderland", "Kleine gemeenten")
    moving = registrations[0]
    client.post(
        reverse("coalitions:learning_group_move", args=[slug]),
        {"registration": moving.pk, "group": second.pk},
    )
    assert LearningGroupMember.objects.get(proposal=moving).group == second
    client.post(reverse("coalitions:learning_group_move", args=[slug]), {"registration": moving.pk})
    assert not LearningGroupMember.objects.filter(proposal=moving).exists()
    response = client.post(reverse("coalitions:learning_group_delete", args=[slug, second.pk]))
    html = client.get(response["Location"]).content.decode()
    assert "Ze zitten nu in geen groep" not in html  # the message says it in its own words
    assert "De leergroep “Groep B” is verwijderd." in html
    assert not LearningGroup.objects.filter(pk=second.pk).exists()
    assert LearningGroupMember.objects.count() == 1  # Groep A kept its other registration
    verbs = [entry.verb for entry in timeline_for(registration_call)]
    assert verbs[:4] == [
        "learning_group.deleted", "learning_group.moved", "learning_group.moved",
        "learning_group.changed",
    ]  # fmt: skip


def test_services_refuse_what_does_not_fit(staff, registration_call, registrations, open_call):
    group = services.create_learning_group(
        call=registration_call, name="Groep A", registrations=registrations[:2], actor=staff
    )
    with pytest.raises(services.CoalitionError, match="zit al in “Groep A”"):
        services.create_learning_group(
            call=registration_call, name="Groep B", registrations=registrations[1:3], actor=staff
        )
    with pytest.raises(services.CoalitionError, match="Er is al een leergroep met deze naam."):
        services.create_learning_group(
            call=registration_call, name="groep a", registrations=[], actor=staff
        )
    with pytest.raises(services.CoalitionError, match="Geef de leergroep een naam."):
        services.change_learning_group(group=group, name="  ", description="", actor=staff)
    draft = add_registration(registration_call, "Concept", "Ede", state="draft")
    with pytest.raises(services.CoalitionError, match="ingestuurde aanmeldingen"):
        services.move_registration(
            call=registration_call, registration=draft, group=group, actor=staff
        )
    assert LearningGroupMember.objects.count() == 2


def test_suggestions_follow_the_group_size_on_the_page(client, staff, registration_call,
                                                       registrations):  # fmt: skip
    client.force_login(staff)
    html = client.get(page_url(registration_call, min_size=2, max_size=2)).content.decode()
    assert html.count("Deze groep maken") == 4
    html = client.get(page_url(registration_call, min_size=5, max_size=3)).content.decode()
    assert "De grootste groep kan niet kleiner zijn dan de kleinste." in html
    assert html.count("Deze groep maken") == 2  # the default 4–6 is used meanwhile


def test_learning_groups_only_for_a_registration_call(client, staff, open_call):
    client.force_login(staff)
    assert client.get(page_url(open_call)).status_code == 404


def test_call_staff_page_links_to_the_learning_groups(client, staff, registration_call,
                                                      open_call):  # fmt: skip
    client.force_login(staff)
    html = client.get(f"/fonds/oproepen/{registration_call.slug}/").content.decode()
    assert page_url(registration_call) in html and "Leergroepen" in html
    html = client.get(f"/fonds/oproepen/{open_call.slug}/").content.decode()
    assert "leergroepen/" not in html


def test_learning_group_pages_are_for_staff_only(registration_call, registrations, staff):
    group = services.create_learning_group(
        call=registration_call, name="Groep A", registrations=registrations[:1], actor=staff
    )
    slug = registration_call.slug

    def matrix():
        return {
            None: DENIED, UserFactory(): DENIED, SupportFactory(): DENIED,
            ReviewerFactory(): DENIED, staff: ALLOWED,
        }  # fmt: skip

    assert check_permission_matrix(page_url(registration_call), matrix()) == []
    for name, args, data in [
        ("learning_group_create", [slug], {"name": "Nieuw"}),
        ("learning_group_move", [slug], {"registration": registrations[1].pk}),
        ("learning_group_change", [slug, group.pk], {"name": "Anders"}),
        ("learning_group_delete", [slug, group.pk], {}),
    ]:
        url = reverse(f"coalitions:{name}", args=args)
        assert check_permission_matrix(url, matrix(), method="post", data=data) == []


def test_learning_groups_page_queries_do_not_grow(client, staff, registration_call):
    def add(count):
        start = LearningGroup.objects.count()
        for n in range(count):
            registration = add_registration(
                registration_call, f"Initiatief {start}-{n}", "Zutphen", "eenzaamheid", "met Epe"
            )
            extra = add_registration(registration_call, f"Los {start}-{n}", "Venlo", "jongeren")
            group = LearningGroup.objects.create(call=registration_call, name=f"Groep {start}-{n}")
            LearningGroupMember.objects.create(group=group, proposal=registration)
            assert extra  # stays outside a group, so there is something to suggest

    client.force_login(staff)
    assert_queries_do_not_grow(client, page_url(registration_call), add, many=12)


def test_demo_registrations_make_three_groups_of_five(client, staff):
    from django.core.management import call_command

    from calls.models import Call
    from coalitions.grouping import suggest_groups
    from coalitions.queries import for_grouping, registrations_of

    call_command("seed_demo")
    call_command("seed_demo")
    call = Call.objects.get(slug="leertraject-lokaal-samenspel")
    registrations = list(registrations_of(call))
    assert len(registrations) == 15
    assert all(r.reference.startswith("LS-") for r in registrations)
    suggestions = suggest_groups([for_grouping(r) for r in registrations])
    assert [len(s.members) for s in suggestions] == [5, 5, 5]
    assert all(s.links and not s.loose for s in suggestions)
    client.force_login(staff)
    html = client.get(page_url(call)).content.decode()
    assert "Leergroep eenzaamheid" in html and "wil leren met" in html
