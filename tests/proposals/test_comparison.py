"""The staff's comparison table: weighted mean, median, spread, recommendations, sorting,
ranking notes, printing, and a fixed number of queries."""

import itertools

import pytest
from django.urls import reverse

from proposals import review_services
from proposals.models import Proposal, Review
from tests.factories import OrganisationFactory, ReviewerFactory, StaffFactory
from tests.helpers import assert_queries_do_not_grow

from .conftest import build_call
from .test_reviews import add_criteria, finished_review, submitted_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db):
    return build_call()


@pytest.fixture
def stage(call):
    return call.stages.get(order=1)


@pytest.fixture
def criteria(stage):
    return add_criteria(stage)  # weights 2 and 1


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def url(call, stage):
    return reverse("proposals_review:compare", args=[call.slug, stage.pk])


def _rows(response):
    return {row["proposal"].title: row for row in response.context["rows"]}


def _titles(response):
    return [row["proposal"].title for row in response.context["rows"]]


@pytest.fixture
def scored(call, criteria, staff):
    """Three proposals: three reviews, one review, none."""
    strong = submitted_proposal(call, "Sterk maar verdeeld")
    steady = submitted_proposal(call, "Middelmatig")
    submitted_proposal(call, "Nog zonder beoordeling")
    a, b = criteria
    # Per review: (2×4 + 1×1)/3 = 3, (2×5 + 1×5)/3 = 5, (2×2 + 1×5)/3 = 3.
    finished_review(strong, ReviewerFactory(), {a: 4, b: 1}, "yes", staff=staff)
    finished_review(strong, ReviewerFactory(), {a: 5, b: 5}, "yes", staff=staff)
    finished_review(strong, ReviewerFactory(), {a: 2, b: 5}, "no", staff=staff)
    # Saved but not sent in: does not count.
    unfinished = review_services.assign_reviewer(
        proposal=strong, reviewer=ReviewerFactory(), actor=staff, notify=False
    )
    review_services.declare_conflict(
        review=unfinished, has_conflict=False, actor=unfinished.reviewer
    )
    review_services.save_review(
        review=unfinished, scores={a.pk: 1, b.pk: 1}, recommendation="no", comment="",
        submit=False, actor=unfinished.reviewer,
    )  # fmt: skip
    finished_review(steady, ReviewerFactory(), {a: 3, b: 3}, "maybe", staff=staff)
    # A draft is not ready for review and is not in the table.
    Proposal.objects.create(
        call=call, stage=strong.stage, title="Nog een concept",
        lead_organisation=OrganisationFactory(),
    )  # fmt: skip
    return strong, steady


def test_weighted_mean_median_spread_and_recommendations(client, staff, url, scored):
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    rows = _rows(response)
    assert set(rows) == {"Sterk maar verdeeld", "Middelmatig", "Nog zonder beoordeling"}

    strong = rows["Sterk maar verdeeld"]
    # Σ(weight × score) / Σ weight = (8 + 1 + 10 + 5 + 4 + 5) / 9 = 3.67
    assert round(float(strong["mean"]), 2) == 3.67
    assert strong["median"] == 3.0
    assert strong["spread"] == 2.0
    assert (strong["yes"], strong["maybe"], strong["no"]) == (2, 0, 1)
    assert (strong["done"], strong["assigned"]) == (3, 4)

    steady = rows["Middelmatig"]
    assert round(float(steady["mean"]), 2) == 3.0
    assert (steady["median"], steady["spread"]) == (3.0, 0.0)
    assert (steady["yes"], steady["maybe"], steady["no"]) == (0, 1, 0)

    empty = rows["Nog zonder beoordeling"]
    assert (empty["mean"], empty["median"], empty["spread"], empty["done"]) == (None,) * 3 + (0,)

    html = response.content.decode()
    assert "3,67" in html or "3.67" in html
    assert "data-print" in html and "js/print.js" in html and "d-print-none" in html
    assert 'aria-sort="descending"' in html


def test_sorting_by_each_numeric_column_keeps_empty_values_last(client, staff, url, scored):
    client.force_login(staff)
    by_mean = ["Sterk maar verdeeld", "Middelmatig", "Nog zonder beoordeling"]
    assert _titles(client.get(url)) == by_mean  # highest weighted mean first
    assert _titles(client.get(url, {"sort": "-mean"})) == by_mean
    assert _titles(client.get(url, {"sort": "mean"})) == [
        "Middelmatig", "Sterk maar verdeeld", "Nog zonder beoordeling"
    ]  # fmt: skip
    assert _titles(client.get(url, {"sort": "spread"}))[:2] == [
        "Middelmatig", "Sterk maar verdeeld"
    ]  # fmt: skip
    assert _titles(client.get(url, {"sort": "-no"}))[0] == "Sterk maar verdeeld"
    assert _titles(client.get(url, {"sort": "-maybe"}))[0] == "Middelmatig"
    assert _titles(client.get(url, {"sort": "-done"}))[0] == "Sterk maar verdeeld"
    assert _titles(client.get(url, {"sort": "median"}))[-1] == "Nog zonder beoordeling"
    assert _titles(client.get(url, {"sort": "nonsense"})) == by_mean
    ascending = client.get(url, {"sort": "median"}).content.decode()
    assert 'aria-sort="ascending"' in ascending and 'href="?sort=-median"' in ascending


def test_staff_keep_a_ranking_note_per_proposal(client, staff, url, scored):
    strong, _steady = scored
    review_services.set_pending_decision(
        proposals=Proposal.objects.filter(pk=strong.pk), decision="invite", actor=staff
    )
    client.force_login(staff)
    response = client.post(f"{url}?sort=spread", {"proposal": strong.pk, "note": "Bovenaan"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?sort=spread#voorstel-{strong.pk}"
    strong.refresh_from_db()
    assert (strong.decision_reason, strong.pending_decision) == ("Bovenaan", "invite")
    assert "Bovenaan" in client.get(url).content.decode()
    # A proposal outside this table cannot be changed through it.
    other_call = build_call(slug="andere-oproep")
    other_call.reference_prefix = "AO"  # same prefix would give the same reference numbers
    other_call.save()
    other = submitted_proposal(other_call, "Elders")
    assert client.post(url, {"proposal": other.pk, "note": "x"}).status_code == 404
    # Only staff.
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    assert client.post(url, {"proposal": strong.pk, "note": "Onderaan"}).status_code == 403
    strong.refresh_from_db()
    assert strong.decision_reason == "Bovenaan"


def test_query_count_does_not_grow_with_proposals_and_reviews(client, call, stage, criteria):
    staff = StaffFactory()
    reviewers = [ReviewerFactory() for _ in range(3)]
    organisation = OrganisationFactory()
    numbers = itertools.count(1)
    a, b = criteria

    def add_rows(count):
        for _ in range(count):
            number = next(numbers)
            proposal = Proposal.objects.create(
                call=call, stage=stage, title=f"Voorstel {number}", reference=f"BB-T-{number:04}",
                lead_organisation=organisation, state=Proposal.State.SUBMITTED,
            )  # fmt: skip
            for offset, reviewer in enumerate(reviewers[:2]):
                finished_review(
                    proposal, reviewer, {a: 1 + (number + offset) % 5, b: 1 + number % 5},
                    ["yes", "maybe", "no"][(number + offset) % 3], staff=staff,
                )  # fmt: skip
            review_services.assign_reviewer(
                proposal=proposal, reviewer=reviewers[2], actor=staff, notify=False
            )

    client.force_login(staff)
    url = reverse("proposals_review:compare", args=[call.slug, stage.pk])
    client.get(url)  # warm up: the first request of a session checks two-factor and more
    queries = assert_queries_do_not_grow(client, url, add_rows, many=30)
    assert Review.objects.filter(state=Review.State.SUBMITTED).count() == 62
    response = client.get(url)
    assert len(response.context["rows"]) == 31
    print(f"comparison table: {queries} queries for 1 and for 31 proposals")
