"""The staff's lists stay at a fixed number of queries at 500 proposals with reviews."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.models import ReviewCriterion
from proposals.models import Proposal, Review, Score
from tests.factories import OrganisationFactory, ReviewerFactory, StaffFactory
from tests.helpers import count_queries

from .conftest import build_call

pytestmark = pytest.mark.django_db


def _add_reviewed_proposals(call, stage, criteria, reviewers, start, count):
    organisation = OrganisationFactory()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            call=call,
            stage=stage,
            title=f"Plan {n}",
            lead_organisation=organisation,
            state=Proposal.State.SUBMITTED,
            reference=f"BB-2026-{n:05d}",
            submitted_at=timezone.now(),
        )
        for n in range(start, start + count)
    )
    reviews = Review.objects.bulk_create(
        Review(
            proposal=proposal,
            stage=stage,
            reviewer=reviewer,
            state="submitted",
            no_conflict_declared=True,
            recommendation="yes",
            submitted_at=timezone.now(),
        )
        for proposal in proposals
        for reviewer in reviewers
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=(review.pk + criterion.pk) % 5 + 1)
        for review in reviews
        for criterion in criteria
    )


@pytest.fixture
def reviewed_call(db):
    call = build_call(slug="groot")
    stage = call.stages.get(order=1)
    criteria = [
        ReviewCriterion.objects.create(stage=stage, name=name, weight=Decimal(weight), order=n)
        for n, (name, weight) in enumerate([("Samenwerking", "2"), ("Leren", "1")])
    ]
    return call, stage, criteria, [ReviewerFactory(), ReviewerFactory()]


@pytest.mark.parametrize("page", ["list", "compare", "decisions"])
def test_staff_pages_run_the_same_queries_for_1_and_500_reviewed_proposals(
    client, reviewed_call, page
):
    call, stage, criteria, reviewers = reviewed_call
    url = {
        "list": reverse("proposals_list:list", args=[call.slug]),
        "compare": reverse("proposals_review:compare", args=[call.slug, stage.pk]),
        "decisions": reverse("proposals_staff:decisions", args=[call.slug, stage.pk]),
    }[page]
    client.force_login(StaffFactory())
    _add_reviewed_proposals(call, stage, criteria, reviewers, 0, 1)
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    _add_reviewed_proposals(call, stage, criteria, reviewers, 1, 499)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one), (len(one), len(many))
    assert len(many) <= 11  # one of them: the staff member's TOTP device still exists
