import itertools

import pytest

from calls.models import Call, Programme, Question, Section, Stage
from coalitions.models import Coalition
from proposals.models import Answer, Proposal
from tests.factories import OrganisationFactory, StaffFactory, SupportFactory, UserFactory
from tests.proposals.conftest import applicant, draft, open_call  # noqa: F401  (shared fixtures)

_numbers = itertools.count(1)


@pytest.fixture
def programme(db):
    return Programme.objects.get_or_create(slug="bb", defaults={"name": "Betrokken buurten"})[0]


@pytest.fixture
def coalition(programme):
    return Coalition.objects.create(
        programme=programme, name="Samen in Zuilen", slug="zuilen", municipality="Utrecht"
    )


@pytest.fixture
def member(coalition):
    user = UserFactory()
    coalition.members.create(user=user, role="core")
    return user


@pytest.fixture
def support(coalition):
    user = SupportFactory()
    coalition.support_team.add(user)
    return user


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def registration_call(programme):
    """A one-stage registration call with the learning question and the wish."""
    call = Call.objects.create(
        programme=programme, title="Leertraject", slug="leertraject", status="published",
        kind=Call.Kind.REGISTRATION, reference_prefix="LT",
    )  # fmt: skip
    stage = Stage.objects.create(call=call, kind="registration", name="Aanmelding", order=1)
    section = Section.objects.create(stage=stage, title="Aanmelding", order=1)
    for order, key in enumerate(["leervraag", "leren-met-wie"], start=1):
        Question.objects.create(
            section=section, key=key, text=key, kind=Question.Kind.LONG_TEXT, order=order
        )
    return call


def add_registration(call, name, municipality, learning="", wish="", state="submitted"):
    """A registration sent in by `name` (an organisation in `municipality`)."""
    stage = call.stages.get()
    number = next(_numbers)
    proposal = Proposal.objects.create(
        call=call, stage=stage, title=f"Aanmelding {name}", state=state,
        lead_organisation=OrganisationFactory(name=name, municipality=municipality),
        reference=f"{call.reference_prefix}-2026-{number:04d}",
    )  # fmt: skip
    for question in Question.objects.filter(section__stage=stage):
        value = {"leervraag": learning, "leren-met-wie": wish}[question.key]
        Answer.objects.create(
            proposal=proposal, question=question, question_key=question.key,
            question_text=question.text, value=value,
        )  # fmt: skip
    return proposal
