import pytest

from calls.models import Programme
from coalitions.models import Coalition
from reflections.models import Element, Framework, Theme
from tests.factories import UserFactory
from tests.proposals.conftest import applicant  # noqa: F401  (shared fixture)


@pytest.fixture
def coalition(db):
    programme = Programme.objects.create(name="Betrokken buurten", slug="bb")
    framework = Framework.objects.create(programme=programme, name="Lokaal Samenspel")
    for order, name in enumerate(["Vertrouwen", "Gelijkwaardigheid"]):
        Element.objects.create(framework=framework, name=name, order=order)
    Theme.objects.create(name="Vertrouwen")
    return Coalition.objects.create(
        programme=programme, name="Samen in Zuilen", slug="zuilen", municipality="Utrecht"
    )


@pytest.fixture
def member(coalition):
    user = UserFactory()
    coalition.members.create(user=user, role="core")
    return user
