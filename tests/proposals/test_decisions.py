"""Staff: assignment, pending decisions, applying them, the decision mails."""

from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from calls.models import ReviewCriterion
from portal.models import OutboxMessage
from proposals import review_services, services
from proposals.models import InternalNote, Proposal, Review, ReviewerTie
from tests.factories import (
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    UserFactory,
)
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix

from .conftest import fill_everything

pytestmark = pytest.mark.django_db


def submitted_proposals(call, count):
    proposals = []
    for n in range(count):
        member = MembershipFactory(organisation__kind="bewonersinitiatief").user
        proposal = services.start_proposal(
            call=call, title=f"Plan {n}", actor=member, lead_organisation=member.organisations.get()
        )
        fill_everything(proposal, member)
        proposals.append(services.submit(proposal=proposal, actor=member))
    return proposals


def review(proposal, reviewer, scores, recommendation="yes"):
    item = Review.objects.get(proposal=proposal, reviewer=reviewer)
    review_services.declare_conflict(review=item, has_conflict=False, actor=reviewer)
    criteria = list(proposal.stage.criteria.order_by("order"))
    return review_services.save_review(
        review=item,
        actor=reviewer,
        submit=True,
        recommendation=recommendation,
        comment="",
        scores={criterion.pk: value for criterion, value in zip(criteria, scores, strict=True)},
    )


def test_automatic_assignment_spreads_work_and_respects_ties(open_call):
    staff = StaffFactory()
    proposals = submitted_proposals(open_call, 6)
    reviewers = [ReviewerFactory() for _ in range(3)]
    ReviewerTie.objects.create(reviewer=reviewers[0], organisation=proposals[0].lead_organisation)
    stage = proposals[0].stage
    made = review_services.auto_assign(call=open_call, stage=stage, actor=staff, per_proposal=2)
    assert made == 12
    load = Counter(Review.objects.values_list("reviewer_id", flat=True))
    assert sorted(load.values()) == [4, 4, 4]
    assert not Review.objects.filter(proposal=proposals[0], reviewer=reviewers[0]).exists()
    assert (
        review_services.auto_assign(call=open_call, stage=stage, actor=staff, per_proposal=2) == 0
    )  # nothing twice
    assignment_mails = OutboxMessage.objects.filter(kind="proposals/mail/review_assigned")
    assert assignment_mails.count() == 3  # one mail per reviewer


def test_conflict_removes_the_reviewer_and_brings_a_replacement(open_call):
    staff = StaffFactory()
    [proposal] = submitted_proposals(open_call, 1)
    first, second = ReviewerFactory(), ReviewerFactory()
    review_services.assign_reviewer(proposal=proposal, reviewer=first, actor=staff)
    item = Review.objects.get(reviewer=first)
    review_services.declare_conflict(
        review=item, has_conflict=True, reason="Mijn buurvrouw", actor=first
    )
    item.refresh_from_db()
    assert item.state == "conflict"
    assert Review.objects.filter(proposal=proposal, reviewer=second, state="assigned").exists()
    assert not first.has_perm("proposals.view_proposal", proposal)


def test_pending_decisions_by_threshold_then_apply_writes_draft_mails(open_call):
    staff = StaffFactory()
    ReviewCriterion.objects.create(
        stage=open_call.stages.get(order=1), name="Samenwerking", weight=Decimal("2"), order=1
    )
    ReviewCriterion.objects.create(
        stage=open_call.stages.get(order=1), name="Leren", weight=Decimal("1"), order=2
    )
    good, weak = submitted_proposals(open_call, 2)
    reviewer = ReviewerFactory()
    for proposal in (good, weak):
        review_services.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=staff)
    review(good, reviewer, [5, 2])  # weighted mean (10 + 2) / 3 = 4.0
    review(weak, reviewer, [2, 5], "no")  # (4 + 5) / 3 = 3.0
    stage = good.stage
    count = review_services.decisions_by_threshold(
        call=open_call,
        stage=stage,
        threshold=Decimal("3.5"),
        at_or_above="invite",
        below="decline",
        actor=staff,
    )
    assert count == 2
    good.refresh_from_db()
    weak.refresh_from_db()
    assert (good.pending_decision, weak.pending_decision) == ("invite", "decline")
    assert good.state == "submitted"  # nothing applied yet

    assert review_services.apply_decisions(call=open_call, actor=staff) == 2
    good.refresh_from_db()
    weak.refresh_from_db()
    assert good.state == "invited" and good.stage.kind == "full_plan"
    assert weak.state == "declined" and not weak.is_editable
    drafts = OutboxMessage.objects.filter(state="draft", kind__startswith="proposals/mail/decision")
    assert drafts.count() == 2
    assert drafts.filter(recipient__in=good.people.all()).first().body_html != ""


def test_decision_template_placeholders_are_filled(open_call):
    from proposals.models import DecisionTemplate

    staff = StaffFactory()
    [proposal] = submitted_proposals(open_call, 1)
    DecisionTemplate.objects.create(
        call=open_call,
        decision="decline",
        subject="Over {reference}",
        body="Beste {name}, helaas. {note}",
    )
    review_services.set_pending_decision(
        proposals=Proposal.objects.filter(pk=proposal.pk),
        decision="decline",
        note="Probeer het weer!",
        actor=staff,
    )
    review_services.apply_decisions(call=open_call, actor=staff)
    person = proposal.people.get()
    draft = OutboxMessage.objects.get(state="draft", recipient=person)
    assert draft.subject == f"Over {proposal.reference}"
    assert draft.body_text == f"Beste {person.name}, helaas. Probeer het weer!"


def test_staff_edit_one_decision_mail_and_send_all(client, open_call):
    staff = StaffFactory()
    proposals = submitted_proposals(open_call, 2)
    review_services.set_pending_decision(
        proposals=Proposal.objects.filter(pk__in=[p.pk for p in proposals]),
        decision="invite",
        actor=staff,
    )
    review_services.apply_decisions(call=open_call, actor=staff)
    client.force_login(staff)
    draft = OutboxMessage.objects.filter(state="draft").first()
    url = reverse("proposals_staff:draft_edit", args=[open_call.slug, draft.pk])
    client.post(url, {"subject": "Goed nieuws", "body_text": "Aangepaste tekst", "save": "1"})
    draft.refresh_from_db()
    assert (draft.subject, draft.body_text, draft.state) == (
        "Goed nieuws",
        "Aangepaste tekst",
        "draft",
    )
    client.post(reverse("proposals_staff:outbox", args=[open_call.slug]), {"action": "send_all"})
    assert not OutboxMessage.objects.filter(state="draft").exists()
    draft.refresh_from_db()
    assert draft.state == "queued" and draft.body_text == "Aangepaste tekst"
    from portal.activity import timeline_for

    verbs = [entry.verb for entry in timeline_for(draft.related)]
    assert "mail.released" in verbs and "proposal.invited" in verbs


def test_applicants_and_reviewers_never_see_internal_notes(client, open_call):
    staff = StaffFactory()
    [proposal] = submitted_proposals(open_call, 1)
    review_services.add_note(proposal=proposal, text="Geheime notitie", actor=staff)
    reviewer = ReviewerFactory()
    review_services.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=staff)
    review_services.declare_conflict(
        review=Review.objects.get(reviewer=reviewer), has_conflict=False, actor=reviewer
    )
    for person in (proposal.people.get(), reviewer):
        client.force_login(person)
        html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
        assert "Geheime notitie" not in html
    client.force_login(staff)
    assert (
        "Geheime notitie"
        in client.get(reverse("proposals_staff:detail", args=[proposal.pk])).content.decode()
    )
    assert InternalNote.objects.count() == 1


def test_staff_pages_are_for_staff_only(open_call):
    [proposal] = submitted_proposals(open_call, 1)
    stage = proposal.stage
    urls = [
        reverse("proposals_staff:detail", args=[proposal.pk]),
        reverse("proposals_staff:assignments", args=[open_call.slug, stage.pk]),
        reverse("proposals_staff:decisions", args=[open_call.slug, stage.pk]),
        reverse("proposals_staff:outbox", args=[open_call.slug]),
        reverse("proposals_staff:decision_templates", args=[open_call.slug]),
    ]
    assigned = ReviewerFactory()
    review_services.assign_reviewer(proposal=proposal, reviewer=assigned, actor=None, notify=False)
    matrix = {
        None: DENIED,
        proposal.people.get(): DENIED,
        UserFactory(): DENIED,
        ReviewerFactory(): DENIED,
        assigned: DENIED,
        UserFactory(roles=["helper"]): DENIED,
        StaffFactory(): ALLOWED,
    }
    assert [p for url in urls for p in check_permission_matrix(url, matrix)] == []


def test_staff_proposal_page_queries_do_not_grow_with_reviews_and_activity(client, open_call):
    staff = StaffFactory()
    ReviewCriterion.objects.create(stage=open_call.stages.get(order=1), name="Kwaliteit")
    [proposal] = submitted_proposals(open_call, 1)
    client.force_login(staff)

    def add_reviews(count):
        for _ in range(count):
            reviewer = ReviewerFactory()
            review_services.assign_reviewer(
                proposal=proposal, reviewer=reviewer, actor=staff, notify=False
            )
            review(proposal, reviewer, [4])
            review_services.add_note(proposal=proposal, text="Notitie", actor=staff)

    queries = assert_queries_do_not_grow(
        client, reverse("proposals_staff:detail", args=[proposal.pk]), add_reviews, many=10
    )
    assert queries <= 16, queries  # one of them: the staff member's TOTP device still exists


def test_one_decision_is_told_in_the_singular_and_two_in_the_plural(client, open_call):
    staff = StaffFactory()
    proposals = submitted_proposals(open_call, 3)
    client.force_login(staff)
    url = reverse("proposals_staff:decisions", args=[open_call.slug, proposals[0].stage.pk])
    cases = [
        (proposals[:1], "1 besluit doorgevoerd. Lees de mail hieronder."),
        (proposals[1:], "2 besluiten doorgevoerd. Lees de mails hieronder."),
    ]
    for chosen, told in cases:
        review_services.set_pending_decision(
            proposals=Proposal.objects.filter(pk__in=[p.pk for p in chosen]),
            decision="invite",
            actor=staff,
        )
        page = client.post(url, {"action": "apply"}, follow=True).content.decode()
        assert told in page
