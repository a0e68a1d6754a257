"""The call dashboard: its numbers on a small data set, its query count, and a browser check."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calls.models import Stage
from portal.models import Organisation
from proposals.models import Proposal, Review
from tests.factories import OrganisationFactory, ReviewerFactory, StaffFactory
from tests.helpers import assert_accessible, assert_queries_do_not_grow

from .conftest import build_call
from .test_staff_list import add_review, make_proposal

State = Proposal.State


def small_call():
    """Five proposals in two municipalities and two stages, with reviews."""
    call = build_call()
    proposal_stage, full_plan = call.stages.order_by("order")
    welfare = Organisation.Kind.WELFARE
    a = make_proposal(
        call,
        organisation=OrganisationFactory(municipality="Zwolle"),
        help_wanted="yes",
        flagged=True,
    )
    b = make_proposal(call, organisation=OrganisationFactory(municipality="Zwolle", kind=welfare))
    make_proposal(
        call,
        organisation=OrganisationFactory(municipality="Ede"),
        state=State.DRAFT,
        help_wanted="yes",
    )
    c = make_proposal(
        call,
        organisation=OrganisationFactory(municipality="Ede"),
        state=State.INVITED,
        stage=full_plan,
    )
    make_proposal(call, organisation=OrganisationFactory(municipality="Zwolle"),
                  state=State.DECLINED)  # fmt: skip
    Proposal.objects.filter(pk=b.pk).update(pending_decision="decline")
    anna, bert = ReviewerFactory(), ReviewerFactory()
    add_review(a, anna, [4, 4])
    add_review(a, bert, [], done=False)
    add_review(b, anna, [3, 3])
    Review.objects.create(proposal=b, stage=b.stage, reviewer=bert, state=Review.State.CONFLICT)
    add_review(c, anna, [], done=False)
    return call, proposal_stage, full_plan


def test_the_dashboard_counts_are_right(db):
    call, proposal_stage, full_plan = small_call()
    Stage.objects.filter(pk=proposal_stage.pk).update(
        deadline=timezone.now() + timedelta(days=10, hours=1),
        review_due=timezone.now() + timedelta(days=20, hours=1),
    )
    Stage.objects.filter(pk=full_plan.pk).update(deadline=timezone.now() - timedelta(days=3))
    client = Client()
    client.force_login(StaffFactory())
    response = client.get(reverse("proposals_list:dashboard", args=[call.slug]))
    assert response.status_code == 200
    context = response.context
    assert context["totals"] == {"total": 5, "help_asked": 2, "flagged": 1, "pending_decision": 1}
    per_state = {value: count for value, _label, count in context["per_state"]}
    assert per_state == {
        "draft": 1, "submitted": 2, "invited": 1, "full_plan_submitted": 0,
        "selected": 0, "declined": 1, "withdrawn": 0,
    }  # fmt: skip
    assert [(stage.pk, count) for stage, count in context["per_stage"]] == [
        (proposal_stage.pk, 4),
        (full_plan.pk, 1),
    ]
    assert {value: count for value, _label, count in context["per_kind"]} == {
        "bewonersinitiatief": 4,
        "welzijnsorganisatie": 1,
    }
    assert context["per_municipality"] == [("Zwolle", 3), ("Ede", 2)]
    rows = {row["stage"].pk: row for row in context["review_rows"]}
    assert (rows[proposal_stage.pk]["assigned"], rows[proposal_stage.pk]["done"]) == (3, 2)
    assert rows[proposal_stage.pk]["conflicts"] == 1
    assert (rows[full_plan.pk]["assigned"], rows[full_plan.pk]["done"]) == (1, 0)
    assert (context["reviews_done"], context["reviews_assigned"]) == (2, 4)
    deadlines = [row["days"] for row in context["deadlines"] if row["kind"] == "deadline"]
    assert deadlines[0] in (10, 11)  # depends on the time of day
    assert deadlines[1] < 0
    review_due = [row["days"] for row in context["deadlines"] if row["kind"] == "review_due"]
    assert review_due[0] in (20, 21)


def test_the_dashboard_runs_a_fixed_number_of_queries(db):
    call = build_call()
    reviewer = ReviewerFactory()
    client = Client()
    client.force_login(StaffFactory())

    def add_rows(count):
        for number in range(count):
            proposal = make_proposal(
                call, organisation=OrganisationFactory(municipality=f"Gemeente {number}")
            )
            add_review(proposal, reviewer, [3, 4])

    url = reverse("proposals_list:dashboard", args=[call.slug])
    client.get(url)  # the first request after logging in updates the session
    assert assert_queries_do_not_grow(client, url, add_rows, many=20) <= 12


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_open_the_dashboard_and_a_filtered_list_in_the_browser(page, login_as):
    call, _stage, _full_plan = small_call()
    login_as(StaffFactory())
    page.goto(reverse("proposals_list:dashboard", args=[call.slug]))
    assert page.locator("#total-proposals").inner_text() == "5"
    assert_accessible(page)
    page.goto(reverse("proposals_list:list", args=[call.slug]))
    page.locator("#id_gemeente").select_option("Zwolle")
    page.locator("form[method=get] button[type=submit]").first.click()
    page.wait_for_url("**gemeente=Zwolle**")
    assert page.locator("tbody tr").count() == 3
    assert_accessible(page)
