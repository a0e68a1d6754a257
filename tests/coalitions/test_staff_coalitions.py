"""Staff make and change coalitions by hand, and see all of them in one list."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from coalitions import services
from coalitions.models import Coalition, CoalitionInvitation
from portal.activity import timeline_for
from portal.models import OutboxMessage, User
from tests.factories import OrganisationFactory, ReviewerFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix

pytestmark = pytest.mark.django_db


def form_data(programme, **changes):
    data = {
        "name": "Samen sterk in Ede", "slug": "", "programme": programme.pk,
        "municipality": "Ede", "neighbourhoods": "Veldhuizen", "description": "Kort",
        "story": "Het **verhaal**.", "starts_on": "2026-01-01", "ends_on": "2027-06-30",
        "status": "active", "grant_amount": "40000,00", "is_public": "on",
        "invite_core": "", "invite_contact": "", "invite_member": "",
        "tranches-TOTAL_FORMS": "2", "tranches-INITIAL_FORMS": "0",
        "tranches-MIN_NUM_FORMS": "0", "tranches-MAX_NUM_FORMS": "50",
        "tranches-0-planned_on": "", "tranches-0-amount": "", "tranches-0-paid_on": "",
        "tranches-1-planned_on": "", "tranches-1-amount": "", "tranches-1-paid_on": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_staff_make_a_coalition_with_tranches_and_invitations(client, staff, programme):
    organisation, support = OrganisationFactory(municipality="Ede"), SupportFactory()
    client.force_login(staff)
    response = client.post(reverse("coalitions:staff_create"), form_data(
        programme, organisations=[organisation.pk], support_team=[support.pk],
        invite_core="Kern@Example.org\n\n", invite_contact="contact@example.org",
        invite_member="lid1@example.org\nlid2@example.org",
        **{"tranches-0-planned_on": "2026-02-01", "tranches-0-amount": "16000,00",
           "tranches-0-paid_on": "2026-02-03"},
    ))  # fmt: skip
    coalition = Coalition.objects.get()
    assert response["Location"] == f"/coalities/{coalition.slug}/werkruimte/"
    assert coalition.slug == "samen-sterk-in-ede" and coalition.is_public
    assert coalition.grant_amount == Decimal("40000.00") and coalition.status == "active"
    assert list(coalition.organisations.all()) == [organisation]
    assert list(coalition.support_team.all()) == [support]
    (tranche,) = coalition.tranches.all()
    assert tranche.amount == Decimal("16000") and tranche.paid_on == datetime.date(2026, 2, 3)
    roles = dict(CoalitionInvitation.objects.values_list("email", "role"))
    assert roles == {
        "kern@example.org": "core", "contact@example.org": "contact",
        "lid1@example.org": "member", "lid2@example.org": "member",
    }  # fmt: skip
    assert OutboxMessage.objects.filter(kind="coalitions/mail/invitation").count() == 4
    verbs = [entry.verb for entry in timeline_for(coalition)]
    assert verbs.count("coalition.created") == 1 and verbs.count("coalition.invited") == 4


def test_wrong_form_says_why_in_dutch_and_keeps_what_was_typed(client, staff, programme):
    Coalition.objects.create(programme=programme, name="Bestaand", slug="bezet", municipality="Ede")
    client.force_login(staff)
    html = client.post(reverse("coalitions:staff_create"), form_data(
        programme, slug="bezet", ends_on="2025-01-01",
        invite_core="kern@example.org\ngeen-adres\nKERN@example.org",
        **{"tranches-0-planned_on": "2026-02-01"},
    )).content.decode()  # fmt: skip
    assert "data-error-summary" in html
    assert "Het einde moet na het begin zijn." in html
    assert "“geen-adres” is geen e-mailadres." in html
    assert "“kern@example.org” staat twee keer in de lijst." in html
    assert "bestaat al" in html  # the slug is taken
    assert "Betaling 1" in html and "Dit veld is verplicht." in html  # a tranche without amount
    assert "geen-adres" in html and "Samen sterk in Ede" in html
    assert Coalition.objects.count() == 1


def test_staff_change_a_coalition_and_its_tranches(client, staff, coalition):
    services.update_coalition(
        coalition=coalition, fields={}, organisations=[], support_team=[], actor=staff,
        tranches=[{"planned_on": datetime.date(2026, 1, 1), "amount": Decimal("100")},
                  {"planned_on": datetime.date(2026, 6, 1), "amount": Decimal("200")}],
    )  # fmt: skip
    client.force_login(staff)
    url = reverse("coalitions:staff_edit", args=[coalition.slug])
    html = client.get(url).content.decode()
    assert "Samen in Zuilen" in html and "2026-06-01" in html
    response = client.post(url, form_data(
        coalition.programme, name="Samen in Zuilen en Ondiep", municipality="Utrecht",
        invite_core="niet@gebruikt.nl",
        **{"tranches-TOTAL_FORMS": "3", "tranches-INITIAL_FORMS": "2",
           "tranches-0-planned_on": "2026-01-01", "tranches-0-amount": "100,00",
           "tranches-0-paid_on": "2026-01-05",
           "tranches-1-planned_on": "2026-06-01", "tranches-1-amount": "200,00",
           "tranches-1-DELETE": "on",
           "tranches-2-planned_on": "", "tranches-2-amount": "", "tranches-2-paid_on": ""},
    ))  # fmt: skip
    assert response["Location"] == "/coalities/zuilen/werkruimte/"  # an empty slug keeps it
    coalition.refresh_from_db()
    assert coalition.name == "Samen in Zuilen en Ondiep" and coalition.municipality == "Utrecht"
    assert [(t.amount, t.paid_on) for t in coalition.tranches.all()] == [
        (Decimal("100.00"), datetime.date(2026, 1, 5))
    ]
    assert not CoalitionInvitation.objects.exists()  # inviting is part of making only
    entry = timeline_for(coalition).first()
    assert entry.verb == "coalition.changed" and "name" in entry.data["fields"]


def test_create_coalition_service_makes_a_unique_slug(staff, programme):
    fields = {"name": "Zuilen", "programme": programme, "municipality": "Utrecht"}
    first = services.create_coalition(
        fields=fields, organisations=[], support_team=[], tranches=[], invitations=[], actor=staff
    )
    second = services.create_coalition(
        fields=fields, organisations=[], support_team=[], tranches=[], invitations=[], actor=staff
    )
    assert (first.slug, second.slug) == ("zuilen", "zuilen-2")


def test_staff_list_shows_every_coalition_with_its_member_count(client, staff, coalition, member):
    Coalition.objects.create(
        programme=coalition.programme, name="Verborgen", slug="verborgen", municipality="Ede"
    )
    coalition.is_public = True
    coalition.save()
    client.force_login(staff)
    html = client.get(reverse("coalitions:staff_list")).content.decode()
    assert "Verborgen" in html and "Samen in Zuilen" in html and "Betrokken buurten" in html
    assert 'href="/fonds/coalities/zuilen/wijzigen/"' in html
    assert 'href="/coalities/zuilen/werkruimte/"' in html
    assert "<td>Ja</td>" in html and "<td>Nee</td>" in html
    assert '<td class="text-end">1</td>' in html


def test_staff_list_queries_do_not_grow(client, staff, programme):
    def add(count):
        start = Coalition.objects.count()
        for n in range(start, start + count):
            coalition = Coalition.objects.create(
                programme=programme, name=f"C {n}", slug=f"c-{n}", municipality="Ede"
            )
            coalition.members.create(user=User.objects.create(email=f"lid{n}@example.org"))

    client.force_login(staff)
    assert_queries_do_not_grow(client, reverse("coalitions:staff_list"), add)


@pytest.mark.parametrize("name", ["staff_list", "staff_create", "staff_edit"])
def test_staff_pages_are_for_staff_only(name, coalition, member, support, staff):
    other = Coalition.objects.create(
        programme=coalition.programme, name="Ander", slug="ander", municipality="Ede"
    )
    other_member = UserFactory()
    other.members.create(user=other_member)
    url = reverse(f"coalitions:{name}", args=[coalition.slug] if name == "staff_edit" else [])
    matrix = {
        None: DENIED,
        UserFactory(): DENIED,
        member: DENIED,
        other_member: DENIED,
        support: DENIED,
        SupportFactory(): DENIED,
        ReviewerFactory(): DENIED,
        staff: ALLOWED,
    }
    assert check_permission_matrix(url, matrix) == []


def test_workspace_shows_the_edit_link_to_staff_only(client, coalition, member, staff):
    edit = 'href="/fonds/coalities/zuilen/wijzigen/"'
    url = reverse("coalitions:workspace", args=[coalition.slug])
    client.force_login(member)
    assert edit not in client.get(url).content.decode()
    client.force_login(staff)
    html = client.get(url).content.decode()
    assert edit in html and "Wijzigen" in html


def test_staff_menu_links_to_all_coalitions(client, staff, member):
    link = 'href="/fonds/coalities/"'
    client.force_login(member)
    assert link not in client.get("/").content.decode()
    client.force_login(staff)
    html = client.get("/").content.decode()
    assert link in html and "Coalities (fonds)" in html
