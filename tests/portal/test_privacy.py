"""A person downloads their data and deletes their account; shared records stay, anonymised."""

import json

import pytest
from django.urls import reverse

from coalitions.models import Coalition
from portal.models import Membership
from proposals.models import Proposal
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix
from tests.proposals.conftest import build_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return MembershipFactory(user=UserFactory(name="Sanne Willems")).user


def _proposal(person, state):
    call = Proposal.objects.first().call if Proposal.objects.exists() else build_call()
    proposal = Proposal.objects.create(
        call=call, stage=call.stages.first(), title=f"Plan {state}", state=state,
        lead_organisation=person.organisations.first(),
    )  # fmt: skip
    proposal.people.add(person)
    return proposal


def test_download_holds_account_organisations_and_proposals(client, person):
    _proposal(person, "submitted")
    client.force_login(person)
    response = client.post(reverse("download_my_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["name"] == "Sanne Willems"
    assert data["organisations"][0]["organisation"]
    assert data["proposals"]["proposals"][0]["title"] == "Plan submitted"


def test_deleting_the_account_anonymises_and_keeps_what_the_fund_must_keep(client, person):
    kept = _proposal(person, "submitted")
    only_mine = _proposal(person, "draft")
    client.force_login(person)
    response = client.post(reverse("my_data"), {"password": PASSWORD, "sure": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Verwijderde gebruiker" and not person.is_active
    assert "@" in person.email and "sanne" not in person.email.lower()
    assert not person.has_usable_password()
    assert not Membership.objects.filter(user=person).exists()
    assert Proposal.objects.filter(pk=kept.pk).exists()  # the fund keeps it
    assert not Proposal.objects.filter(pk=only_mine.pk).exists()  # a draft of theirs alone goes
    html = client.get(reverse("home")).content.decode()
    assert "Je account is verwijderd" in html


def test_deleting_needs_the_password_and_the_tick(client, person):
    client.force_login(person)
    response = client.post(reverse("my_data"), {"password": "fout", "sure": "on"})
    assert "Dit wachtwoord klopt niet" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active and person.name == "Sanne Willems"


def test_coalition_membership_is_removed(client, person):
    from calls.models import Programme

    programme = Programme.objects.create(name="P", slug="p")
    coalition = Coalition.objects.create(
        programme=programme, name="Zuilen", slug="zuilen", municipality="Utrecht"
    )
    coalition.members.create(user=person)
    client.force_login(person)
    client.post(reverse("my_data"), {"password": PASSWORD, "sure": "on"})
    assert not coalition.members.exists()


def test_my_data_pages_are_for_the_logged_in_person_only(person):
    assert check_permission_matrix(reverse("my_data"), {person: ALLOWED, None: DENIED}) == []
    matrix = {person: ALLOWED, None: DENIED}
    assert check_permission_matrix(reverse("download_my_data"), matrix, method="post") == []
