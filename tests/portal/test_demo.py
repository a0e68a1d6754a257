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
    assert first[0] == len(DEMO_USERS) and first[1] == len(DEMO_ORGANISATIONS)


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
