from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from calls.models import Call, EligibilityRule, Programme, Question, Section, Stage
from portal.models import Membership, Organisation
from proposals import services
from tests.factories import MembershipFactory, OrganisationFactory

Kind = Question.Kind


def build_call(*, deadline=None, slug="proeftuin"):
    """A published two-stage call like the fund's 2021 call, with a conditional help question."""
    now = timezone.now()
    programme, _ = Programme.objects.get_or_create(
        slug="betrokken-buurten", defaults={"name": "Betrokken buurten"}
    )
    call = Call.objects.create(
        programme=programme,
        title="Proeftuin samenwerking",
        slug=slug,
        status=Call.Status.PUBLISHED,
        reference_prefix="BB",
        max_amount=Decimal("50000"),
    )
    EligibilityRule.objects.create(call=call, organisation_kind="bewonersinitiatief")
    EligibilityRule.objects.create(call=call, organisation_kind="welzijnsorganisatie")
    first = Stage.objects.create(
        call=call,
        kind="proposal",
        name="Voorstel",
        order=1,
        deadline=deadline or now + timedelta(days=30),
    )
    idea = Section.objects.create(stage=first, title="Jullie idee", order=1)
    Question.objects.create(
        section=idea,
        key="samenvatting",
        text="Wat willen jullie doen?",
        kind=Kind.LONG_TEXT,
        max_words=50,
        order=1,
    )
    help_wanted = Question.objects.create(
        section=idea,
        key="hulp-gewenst",
        text="Willen jullie hulp bij het schrijven?",
        kind=Kind.YES_NO,
        order=2,
    )
    Question.objects.create(
        section=idea,
        key="hulp-wat",
        text="Wat voor hulp?",
        kind=Kind.LONG_TEXT,
        order=3,
        condition_question=help_wanted,
        condition_value="yes",
    )
    Question.objects.create(
        section=idea, key="bijlage", text="Bijlage", kind=Kind.FILE, required=False, order=4
    )
    context = Section.objects.create(stage=first, title="Lokale context", order=2)
    Question.objects.create(
        section=context,
        key="lokale-context",
        text="Hoe ziet jullie buurt eruit?",
        kind=Kind.LONG_TEXT,
        order=1,
    )
    second = Stage.objects.create(
        call=call,
        kind="full_plan",
        name="Uitwerking",
        order=2,
        deadline=now + timedelta(days=90),
        has_budget=True,
        invitation_only=True,
    )
    plan = Section.objects.create(stage=second, title="Het plan", order=1)
    Question.objects.create(
        section=plan, key="planning", text="Wat is jullie planning?", kind=Kind.LONG_TEXT, order=1
    )
    return call


@pytest.fixture
def open_call(db):
    return build_call()


@pytest.fixture
def applicant(db):
    membership = MembershipFactory(
        organisation=OrganisationFactory(kind=Organisation.Kind.RESIDENT_INITIATIVE),
        role=Membership.Role.MANAGER,
    )
    return membership.user


@pytest.fixture
def draft(open_call, applicant):
    organisation = applicant.organisations.get()
    return services.start_proposal(
        call=open_call, title="Burenhulp De Heeze", lead_organisation=organisation, actor=applicant
    )


def fill_everything(proposal, actor):
    """Answer every required question and add the welfare partner: ready to submit."""
    from proposals.queries import sections_with_questions

    sections = sections_with_questions(proposal.stage)
    questions = [q for s in sections for q in s.questions.all()]
    values = {
        "samenvatting": "Samen een burennetwerk opzetten.",
        "hulp-gewenst": "no",
        "lokale-context": "Een wijk met veel ouderen.",
        "planning": "Start in januari.",
    }
    services.save_answers(
        proposal=proposal,
        questions=questions,
        values={k: v for k, v in values.items() if k in {q.key for q in questions}},
        actor=actor,
    )
    welfare, _ = Organisation.objects.get_or_create(
        name="Stimenz", municipality="Apeldoorn", defaults={"kind": Organisation.Kind.WELFARE}
    )
    services.add_partner(proposal=proposal, organisation=welfare, actor=actor)
    return proposal
