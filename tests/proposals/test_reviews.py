"""Reviewers: conflict declaration, scoring, 'submit and next', seeing others' scores, ties;
staff: review criteria. Plus one browser run with axe-core."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calls.models import ReviewCriterion
from portal.models import Membership, Organisation, OutboxMessage
from proposals import review_services, services
from proposals.models import Proposal, Review, ReviewerTie, Score
from proposals.services import ProposalError
from tests.factories import MembershipFactory, OrganisationFactory, ReviewerFactory, StaffFactory
from tests.helpers import ALLOWED, DENIED, assert_accessible, check_permission_matrix

from .conftest import build_call, fill_everything

ANSWER = "Samen een burennetwerk opzetten."


# --- Helpers (also used by test_comparison.py) ---------------------------------------------
def add_criteria(stage):
    """Two criteria: the first counts twice."""
    return [
        ReviewCriterion.objects.create(
            stage=stage, name="Samenwerking", description="Werken de partners echt samen?",
            weight=Decimal("2"), order=1,
        ),
        ReviewCriterion.objects.create(
            stage=stage, name="Haalbaarheid", description="Kan dit met dit geld?",
            weight=Decimal("1"), order=2,
        ),
    ]  # fmt: skip


def submitted_proposal(call, title="Burenhulp De Heeze"):
    """A proposal sent in the applicant's way (answers, partner, submit)."""
    applicant = MembershipFactory(
        organisation=OrganisationFactory(kind=Organisation.Kind.RESIDENT_INITIATIVE),
        role=Membership.Role.MANAGER,
    ).user
    proposal = services.start_proposal(
        call=call, title=title, lead_organisation=applicant.organisations.get(), actor=applicant
    )
    fill_everything(proposal, applicant)
    services.submit(proposal=proposal, actor=applicant)
    proposal.refresh_from_db()
    return proposal


def finished_review(proposal, reviewer, values, recommendation="yes", comment="", staff=None):
    """Assign, declare no conflict, score and submit: values are criterion → 1..5."""
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=reviewer, actor=staff, notify=False
    )
    review_services.declare_conflict(review=review, has_conflict=False, actor=reviewer)
    return review_services.save_review(
        review=review, scores={c.pk: v for c, v in values.items()},
        recommendation=recommendation, comment=comment, submit=True, actor=reviewer,
    )  # fmt: skip


def review_url(review):
    return reverse("proposals_review:review", args=[review.pk])


def score_data(criteria, values, recommendation="", comment="", button="save"):
    data = {f"score_{c.pk}": str(v) for c, v in zip(criteria, values, strict=False) if v}
    data.update(recommendation=recommendation, comment=comment)
    data[button] = "1"
    return data


@pytest.fixture
def call(db):
    return build_call()


@pytest.fixture
def criteria(call):
    return add_criteria(call.stages.get(order=1))


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def proposal(call, criteria):
    return submitted_proposal(call)


# --- Conflict of interest ------------------------------------------------------------------
@pytest.mark.django_db
def test_no_conflict_opens_the_proposal_and_the_scoring_form(client, proposal, criteria, staff):
    reviewer = ReviewerFactory()
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=reviewer, actor=staff, notify=True
    )
    mail = OutboxMessage.objects.filter(recipient=reviewer).get()
    assert reverse("proposals_review:mine") in mail.body_text
    client.force_login(reviewer)
    stage = proposal.stage
    stage.review_due = timezone.make_aware(datetime(2027, 3, 15, 17, 0))
    stage.save()

    listing = client.get(reverse("proposals_review:mine")).content.decode()
    assert proposal.title in listing and review_url(review) in listing
    assert 'datetime="2027-03-15' in listing  # the review due date

    first = client.get(review_url(review)).content.decode()
    assert "Is er bij dit voorstel sprake van belangenverstrengeling voor jou?" in first
    assert "<fieldset" in first and "<legend" in first
    assert ANSWER not in first  # nothing of the proposal before the declaration

    response = client.post(review_url(review), {"has_conflict": "no"})
    assert response.status_code == 302 and response["Location"] == review_url(review)
    review.refresh_from_db()
    assert review.no_conflict_declared and review.state == Review.State.ASSIGNED

    page = client.get(review_url(review)).content.decode()
    assert ANSWER in page
    for criterion in criteria:
        assert criterion.name in page and criterion.description in page
        assert f'name="score_{criterion.pk}"' in page
    assert 'name="recommendation"' in page and 'name="comment"' in page
    assert 'name="save"' in page and 'name="submit"' in page


@pytest.mark.django_db
def test_a_conflict_removes_the_reviewer_and_asks_another(client, proposal, staff):
    reviewer, other = ReviewerFactory(), ReviewerFactory()
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=reviewer, actor=staff, notify=False
    )
    client.force_login(reviewer)

    missing_reason = client.post(review_url(review), {"has_conflict": "yes"})
    assert missing_reason.status_code == 200
    assert "data-error-summary" in missing_reason.content.decode()
    review.refresh_from_db()
    assert review.state == Review.State.ASSIGNED

    response = client.post(
        review_url(review), {"has_conflict": "yes", "reason": "Mijn zus is penningmeester."}
    )
    assert response["Location"] == reverse("proposals_review:mine")
    review.refresh_from_db()
    assert review.state == Review.State.CONFLICT
    assert review.conflict_reason == "Mijn zus is penningmeester."
    assert client.get(review_url(review)).status_code == 404
    assert client.post(review_url(review), score_data([], [], button="save")).status_code == 404
    assert proposal.title not in client.get(reverse("proposals_review:mine")).content.decode()
    # The other reviewer takes over.
    assert Review.objects.filter(
        proposal=proposal, reviewer=other, state=Review.State.ASSIGNED
    ).exists()


# --- Saving and submitting -----------------------------------------------------------------
@pytest.mark.django_db
def test_save_keeps_a_partial_review_and_submit_needs_everything(client, proposal, criteria, staff):
    reviewer = ReviewerFactory()
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=reviewer, actor=staff, notify=False
    )
    review_services.declare_conflict(review=review, has_conflict=False, actor=reviewer)
    client.force_login(reviewer)

    saved = client.post(review_url(review), score_data(criteria, [4, None], comment="Halverwege"))
    assert saved["Location"] == review_url(review)
    review.refresh_from_db()
    assert review.state == Review.State.ASSIGNED and review.comment == "Halverwege"
    assert {s.criterion_id: s.value for s in review.scores.all()} == {criteria[0].pk: 4}
    form = client.get(review_url(review)).context["form"]
    assert form.initial[f"score_{criteria[0].pk}"] == "4"
    assert form.initial["comment"] == "Halverwege"

    refused = client.post(
        review_url(review), score_data(criteria, [4, None], comment="Halverwege", button="submit")
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "data-error-summary" in html
    assert f'href="#id_score_{criteria[1].pk}"' in html  # the summary links to the group
    assert f'id="id_score_{criteria[1].pk}-error"' in html
    assert 'href="#id_recommendation"' in html
    assert 'aria-invalid="true"' in html
    review.refresh_from_db()
    assert review.state == Review.State.ASSIGNED

    done = client.post(
        review_url(review),
        score_data(criteria, [4, 3], recommendation="maybe", comment="Goed", button="submit"),
    )
    assert done["Location"] == reverse("proposals_review:mine")  # nothing else to do
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED and review.recommendation == "maybe"
    assert review.submitted_at is not None
    # A sent-in review cannot change any more.
    client.post(review_url(review), score_data(criteria, [1, 1], "no", button="submit"))
    review.refresh_from_db()
    assert review.recommendation == "maybe"
    assert Score.objects.get(review=review, criterion=criteria[0]).value == 4


@pytest.mark.django_db
def test_submit_and_next_goes_to_the_proposal_with_the_fewest_finished_reviews(
    client, call, criteria, staff
):
    current = submitted_proposal(call, "Eerste")
    busy = submitted_proposal(call, "Veel beoordeeld")
    quiet = submitted_proposal(call, "Nog niet beoordeeld")
    for _ in range(2):
        finished_review(busy, ReviewerFactory(), dict(zip(criteria, [3, 3], strict=True)))
    reviewer = ReviewerFactory()
    reviews = {
        proposal.pk: review_services.assign_reviewer(
            proposal=proposal, reviewer=reviewer, actor=staff, notify=False
        )
        for proposal in (current, busy, quiet)
    }
    client.force_login(reviewer)
    full = score_data(criteria, [5, 4], recommendation="yes", button="submit")

    for proposal, expected in ((current, quiet), (quiet, busy)):
        review = reviews[proposal.pk]
        client.post(review_url(review), {"has_conflict": "no"})
        response = client.post(review_url(review), full)
        assert response["Location"] == review_url(reviews[expected.pk]), proposal.title
    last = reviews[busy.pk]
    client.post(review_url(last), {"has_conflict": "no"})
    assert client.post(review_url(last), full)["Location"] == reverse("proposals_review:mine")


# --- Other reviewers' scores ---------------------------------------------------------------
@pytest.mark.django_db
def test_others_scores_show_only_after_submitting_your_own(client, proposal, criteria, staff):
    finished_review(
        proposal, ReviewerFactory(), dict(zip(criteria, [2, 5], strict=True)),
        recommendation="no", comment="Opmerking van de eerste beoordelaar",
    )  # fmt: skip
    reviewer = ReviewerFactory()
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=reviewer, actor=staff, notify=False
    )
    client.force_login(reviewer)
    review_services.declare_conflict(review=review, has_conflict=False, actor=reviewer)

    assert not reviewer.has_perm("proposals.view_reviews", proposal)
    before = client.get(review_url(review))
    assert "Opmerking van de eerste beoordelaar" not in before.content.decode()
    assert "show_others" not in before.context

    client.post(review_url(review), score_data(criteria, [4, 4], "yes", button="submit"))
    assert reviewer.has_perm("proposals.view_reviews", proposal)
    after = client.get(review_url(review))
    assert "Opmerking van de eerste beoordelaar" in after.content.decode()
    assert after.context["summary"]["count"] == 2
    assert after.context["summary"]["yes"] == 1 and after.context["summary"]["no"] == 1


@pytest.mark.django_db
def test_others_scores_show_early_when_the_call_allows_it(client, call, proposal, criteria, staff):
    call.scores_hidden_until_own_review = False
    call.save()
    finished_review(
        proposal, ReviewerFactory(), dict(zip(criteria, [2, 5], strict=True)),
        comment="Opmerking van de eerste beoordelaar",
    )  # fmt: skip
    reviewer = ReviewerFactory()
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=reviewer, actor=staff, notify=False
    )
    client.force_login(reviewer)
    # Still nothing before the conflict declaration.
    assert "Opmerking van de eerste" not in client.get(review_url(review)).content.decode()
    client.post(review_url(review), {"has_conflict": "no"})
    page = client.get(review_url(review)).content.decode()
    assert "Opmerking van de eerste beoordelaar" in page
    review.refresh_from_db()
    assert review.state == Review.State.ASSIGNED


# --- Permissions ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_permission_matrix_of_every_review_page(proposal, call, staff):
    applicant = proposal.people.get()
    assigned, conflicted = ReviewerFactory(), ReviewerFactory()
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=assigned, actor=staff, notify=False
    )
    review_services.declare_conflict(review=review, has_conflict=False, actor=assigned)
    conflict_review = review_services.assign_reviewer(
        proposal=proposal, reviewer=conflicted, actor=staff, notify=False
    )
    review_services.declare_conflict(
        review=conflict_review, has_conflict=True, reason="Buurman", actor=conflicted
    )
    not_assigned = ReviewerFactory()  # made after the conflict: not picked as a replacement
    assert not Review.objects.filter(reviewer=not_assigned).exists()
    stage = proposal.stage
    people = {
        "anonymous": None, "applicant": applicant, "not_assigned": not_assigned,
        "assigned": assigned, "conflict": conflicted, "staff": staff,
    }  # fmt: skip

    def matrix(*allowed):
        return {user: ALLOWED if name in allowed else DENIED for name, user in people.items()}

    reviewers = ("not_assigned", "assigned", "conflict")
    cases = [
        (reverse("proposals_review:mine"), matrix(*reviewers)),
        (reverse("proposals_review:ties"), matrix(*reviewers)),
        (review_url(review), matrix("assigned")),
        (review_url(conflict_review), matrix()),
        (reverse("proposals_review:criteria", args=[stage.pk]), matrix("staff")),
        (reverse("proposals_review:compare", args=[call.slug, stage.pk]), matrix("staff")),
    ]
    problems = [p for url, m in cases for p in check_permission_matrix(url, m)]
    # Writing is refused the same way (nobody but the assigned reviewer gets past the check).
    post_cases = [
        (review_url(review), {"save": "1"}, matrix("assigned")),
        (review_url(conflict_review), {"has_conflict": "no"}, matrix()),
    ]
    for url, data, m in post_cases:
        problems += check_permission_matrix(url, m, method="post", data=data)
    assert problems == []
    conflict_review.refresh_from_db()
    assert conflict_review.state == Review.State.CONFLICT


# --- Ties ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_reviewer_names_ties_and_is_not_assigned_to_those_organisations(client, proposal, staff):
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    url = reverse("proposals_review:ties")
    organisation = proposal.lead_organisation
    assert client.post(url, {"action": "add", "organisation": organisation.pk}).status_code == 302
    tie = ReviewerTie.objects.get(reviewer=reviewer)
    assert tie.organisation == organisation
    assert organisation.name in client.get(url).content.decode()
    with pytest.raises(ProposalError):
        review_services.assign_reviewer(
            proposal=proposal, reviewer=reviewer, actor=staff, notify=False
        )
    bad = client.post(url, {"action": "add", "organisation": "999999"})
    assert bad.status_code == 200 and "data-error-summary" in bad.content.decode()
    # Another reviewer cannot remove it.
    intruder = Client()
    intruder.force_login(ReviewerFactory())
    assert intruder.post(url, {"action": "remove", "tie": tie.pk}).status_code == 404
    client.post(url, {"action": "remove", "tie": tie.pk})
    assert not ReviewerTie.objects.filter(reviewer=reviewer).exists()


# --- Staff: criteria -----------------------------------------------------------------------
def _formset_data(rows, initial):
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": str(initial),
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"criteria-{index}-{key}"] = value
    return data


@pytest.mark.django_db
def test_staff_add_change_and_delete_review_criteria(client, call, staff):
    stage = call.stages.get(order=1)
    url = reverse("proposals_review:criteria", args=[stage.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 200
    response = client.post(url, _formset_data(
        [{"name": "Samenwerking", "description": "Echt samen?", "weight": "2", "order": "1"}], 0
    ))  # fmt: skip
    assert response.status_code == 302
    first = ReviewCriterion.objects.get(stage=stage)
    assert first.weight == Decimal("2")

    client.post(url, _formset_data([
        {"id": first.pk, "name": "Samenwerking", "description": "", "weight": "1,5", "order": "1"},
        {"name": "Haalbaarheid", "description": "", "weight": "1", "order": "2"},
    ], 1))  # fmt: skip
    assert list(stage.criteria.values_list("name", "weight")) == [
        ("Samenwerking", Decimal("1.5")), ("Haalbaarheid", Decimal("1")),
    ]  # fmt: skip

    zero = client.post(url, _formset_data(
        [{"id": first.pk, "name": "Samenwerking", "weight": "0", "order": "1"}], 1
    ))  # fmt: skip
    assert zero.status_code == 200 and "data-error-summary" in zero.content.decode()

    second = stage.criteria.get(name="Haalbaarheid")
    proposal = submitted_proposal(call)
    finished_review(proposal, ReviewerFactory(), {first: 4, second: 3})
    rows = [
        {"id": first.pk, "name": "Samenwerking", "weight": "1,5", "order": "1"},
        {"id": second.pk, "name": "Haalbaarheid", "weight": "1", "order": "2", "DELETE": "on"},
    ]
    refused = client.post(url, _formset_data(rows, 2), follow=True)
    assert "Daarom kun je het niet verwijderen" in refused.content.decode()
    assert stage.criteria.count() == 2

    empty_stage = call.stages.get(order=2)
    unused = ReviewCriterion.objects.create(stage=empty_stage, name="Oud", weight=1)
    client.post(
        reverse("proposals_review:criteria", args=[empty_stage.pk]),
        _formset_data([{"id": unused.pk, "name": "Oud", "weight": "1", "DELETE": "on"}], 1),
    )
    assert not empty_stage.criteria.exists()


# --- In the browser ------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reviewer_declares_scores_and_submits_in_the_browser(page, login_as, browser, live_server):
    call = build_call(slug="proeftuin-beoordelen")
    criteria = add_criteria(call.stages.get(order=1))
    proposal = submitted_proposal(call)
    staff = StaffFactory()
    reviewer = ReviewerFactory()
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=reviewer, actor=staff, notify=True
    )
    login_as(reviewer)

    page.goto(reverse("proposals_review:mine"))
    page.get_by_role("link", name=proposal.title).click()
    page.wait_for_url(f"**{review_url(review)}")
    assert_accessible(page)
    page.locator("#id_has_conflict_0").check()  # "no"
    page.locator("form button[type=submit]").last.click()
    page.get_by_text(ANSWER).wait_for()
    assert_accessible(page)

    # Submitting without everything shows the error summary with focus on it.
    page.locator("button[name=submit]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.evaluate("element => element === document.activeElement")
    assert_accessible(page)

    for criterion, value in zip(criteria, [4, 3], strict=True):
        page.locator(f"input[name=score_{criterion.pk}][value='{value}']").check()
    page.locator("input[name=recommendation][value=yes]").check()
    page.locator("#id_comment").fill("Een sterk plan.")
    page.locator("button[name=submit]").click()
    page.wait_for_url(f"**{reverse('proposals_review:mine')}")
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED
    assert_accessible(page)
    page.goto(reverse("proposals_review:ties"))
    assert_accessible(page)

    staff_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    client = Client()
    client.force_login(staff)
    staff_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    staff_page = staff_context.new_page()
    staff_page.goto(reverse("proposals_review:compare", args=[call.slug, proposal.stage_id]))
    staff_page.get_by_role("link", name=proposal.title).wait_for()
    assert_accessible(staff_page)
    staff_page.goto(reverse("proposals_review:criteria", args=[proposal.stage_id]))
    assert_accessible(staff_page)
    staff_context.close()
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.SUBMITTED
