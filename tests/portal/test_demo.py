import pytest
from django.core.management import call_command

from portal.demo import DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS
from portal.models import Membership, Organisation, Role, User

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), Organisation.objects.count(), Membership.objects.count())


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[0] == len(DEMO_USERS)
    # The core's organisations, plus those the proposals' demo brings along.
    assert first[1] >= len(DEMO_ORGANISATIONS)


def test_demo_has_every_role_and_the_five_coalitions_organisations(client):
    call_command("seed_demo")
    for role in Role:
        assert User.objects.filter(groups__name=role).exists(), role
    assert User.objects.filter(is_superuser=True).exists()
    for place in ["Apeldoorn", "Horst aan de Maas", "Utrecht", "Voorst", "Wageningen"]:
        kinds = set(Organisation.objects.filter(municipality=place).values_list("kind", flat=True))
        assert {"bewonersinitiatief", "welzijnsorganisatie"} <= kinds, place
    applicant = User.objects.get(email="bewoner@samenspel.demo")
    assert client.login(email=applicant.email, password=DEMO_PASSWORD)


def test_demo_proposals_cover_every_state_and_the_five_coalitions_are_selected():
    from proposals.models import Proposal

    call_command("seed_demo")
    first = Proposal.objects.count()
    call_command("seed_demo")
    assert Proposal.objects.count() == first
    states = set(Proposal.objects.values_list("state", flat=True))
    assert states == set(Proposal.State.values)
    selected = Proposal.objects.filter(state="selected").select_related("lead_organisation")
    assert {p.lead_organisation.municipality for p in selected} == {
        "Apeldoorn",
        "Horst aan de Maas",
        "Utrecht",
        "Voorst",
        "Wageningen",
    }
    assert all(p.reference.startswith("BB-2021-") for p in selected)
