import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from calls.models import Question
from portal.models import Organisation
from proposals.models import Answer, BudgetLine, Proposal, StageSubmission
from tests.factories import OrganisationFactory
from tests.proposals.conftest import build_call
from tests.reflections.conftest import coalition, member  # noqa: F401  (shared fixtures)


def add_registrations(call, count, start=0):
    """Submitted proposals with answers, made straight in the database (no mails, no PDFs)."""
    stage = call.stages.order_by("order").first()
    questions = list(Question.objects.filter(section__stage=stage))
    made = []
    for n in range(start, start + count):
        lead = OrganisationFactory(
            name=f"Bewonersinitiatief {n:03d}", kind=Organisation.Kind.RESIDENT_INITIATIVE
        )
        proposal = Proposal.objects.create(
            call=call, stage=stage, title=f"Plan {n:03d}", lead_organisation=lead,
            state=Proposal.State.SUBMITTED, reference=f"BB-2026-{n + 1:04d}",
            submitted_at=timezone.now() + datetime.timedelta(seconds=n),
        )  # fmt: skip
        proposal.partners.add(OrganisationFactory(name=f"Welzijn {n:03d}"))
        Answer.objects.bulk_create(
            Answer(proposal=proposal, question=q, question_key=q.key, question_text=q.text,
                   value=f"Antwoord {n:03d} op {q.key}" if q.kind == "long_text" else "no")
            for q in questions if q.kind in ("long_text", "yes_no")
        )  # fmt: skip
        StageSubmission.objects.create(
            proposal=proposal, stage=stage, submitted_at=proposal.submitted_at
        )
        made.append(proposal)
    return made


def add_budget(proposal, amounts):
    for number, amount in enumerate(amounts):
        BudgetLine.objects.create(
            proposal=proposal, category="activities", description=f"Post {number}",
            amount=Decimal(amount),
        )  # fmt: skip


@pytest.fixture
def call(db):
    return build_call()
