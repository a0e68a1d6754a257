import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import Call, Programme, Stage
from coalitions.models import Coalition
from events.models import Event
from proposals.models import Proposal
from tests.factories import OrganisationFactory, UserFactory

_slugs = itertools.count(1)


def make_event(programme, **fields) -> Event:
    """A published public event two weeks from now, 13:00–16:00 (change what the test needs)."""
    start = (timezone.localtime() + timedelta(days=14)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    values = {
        "programme": programme,
        "kind": Event.Kind.LEARNING_MEETING,
        "title": "Leerbijeenkomst",
        "slug": f"leerbijeenkomst-{next(_slugs)}",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "place": "Krachtstation, Utrecht",
        "audience": Event.Audience.PUBLIC,
        "is_published": True,
        **fields,
    }
    return Event.objects.create(**values)


@pytest.fixture
def programme(db):
    return Programme.objects.create(name="Betrokken buurten", slug="betrokken-buurten")


@pytest.fixture
def coalition(programme):
    return Coalition.objects.create(
        programme=programme, name="Samen in Zuilen", slug="zuilen", municipality="Utrecht"
    )


@pytest.fixture
def member(coalition):
    user = UserFactory(name="Fatima Ouali")
    coalition.members.create(user=user, role="core")
    return user


@pytest.fixture
def event(programme):
    return make_event(programme)


def applicant_of_call(programme, slug="leertraject"):
    """A call with one proposal; returns (call, the proposal's applicant)."""
    call = Call.objects.create(programme=programme, title="Leertraject", slug=slug)
    stage = Stage.objects.create(call=call, kind="registration", name="Aanmelding")
    person = UserFactory()
    proposal = Proposal.objects.create(
        call=call, stage=stage, title="Samen leren", lead_organisation=OrganisationFactory()
    )
    proposal.people.add(person)
    return call, person


# --- Programme, harvest and knowledge agenda ------------------------------------------------
def make_table(event, name="Tafel 1: Serieuze partners", **fields):
    from events.models import ThemeTable

    values = {"questions": "Hoe boor je de passie aan van de professionals?", **fields}
    return ThemeTable.objects.create(event=event, name=name, **values)


def register(event, user=None):
    """A registered participant, straight in the database (no mail)."""
    from events.models import Registration

    user = user or UserFactory()
    Registration.objects.create(event=event, user=user)
    return user


@pytest.fixture
def host():
    return UserFactory(name="Mirjam Bos")


@pytest.fixture
def table(event, host):
    return make_table(event, host=host)
