"""Staff select proposals in real Chromium: assign, review (with a conflict), compare, decide,
edit a decision mail, send; the applicants see the result. axe-core checks every page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from calls.models import ReviewCriterion
from portal.models import OutboxMessage
from proposals.models import Review
from tests.factories import ReviewerFactory, StaffFactory
from tests.helpers import assert_accessible

from .conftest import build_call
from .test_decisions import review, submitted_proposals

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_select_from_reviews_to_decision_mails(page, login_as):
    call = build_call(slug="selectie")
    stage = call.stages.get(order=1)
    for order, (name, weight) in enumerate([("Samenwerking", "2"), ("Leren", "1")], start=1):
        ReviewCriterion.objects.create(stage=stage, name=name, weight=Decimal(weight), order=order)
    strong, middle, weak = submitted_proposals(call, 3)
    for name in ("Anna", "Bart", "Cees"):
        ReviewerFactory(name=name)
    staff = StaffFactory()

    # Staff assign two reviewers per proposal automatically.
    login_as(staff)
    page.goto(f"/fonds/oproepen/{call.slug}/fase/{stage.pk}/beoordelaars/")
    assert_accessible(page)
    page.locator("#id_auto-per_proposal").fill("2")
    page.locator("form:has(input[name=action][value=auto]) button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Review.objects.filter(stage=stage).count() == 6

    # A reviewer declares a conflict on one proposal and is replaced.
    conflicted = Review.objects.filter(proposal=strong).order_by("reviewer_id").first()
    login_as(conflicted.reviewer)
    page.goto("/beoordelen/")
    assert_accessible(page)
    page.goto(f"/beoordelen/{conflicted.pk}/")
    assert_accessible(page)
    page.locator("input[name=has_conflict][value=yes]").check()
    page.locator("#id_reason").fill("Ik zit in het bestuur van deze organisatie.")
    page.locator("main form button[type=submit]").click()
    conflicted.refresh_from_db()
    assert conflicted.state == "conflict"
    active = Review.objects.filter(proposal=strong, state="assigned")
    assert active.count() == 2  # the third reviewer took the place
    assert conflicted.reviewer_id not in set(active.values_list("reviewer_id", flat=True))

    # Another reviewer scores in the browser; the rest review through the service.
    own = Review.objects.filter(proposal=strong, state="assigned").first()
    login_as(own.reviewer)
    page.goto(f"/beoordelen/{own.pk}/")
    page.locator("input[name=has_conflict][value=no]").check()
    page.locator("main form button[type=submit]").click()
    for criterion in stage.criteria.all():
        page.locator(f"input[name=score_{criterion.pk}][value='5']").check()
    page.locator("input[name=recommendation][value=yes]").check()
    assert_accessible(page)
    page.locator("button[name=submit]").click()
    own.refresh_from_db()
    assert own.state == "submitted"
    for item in Review.objects.filter(stage=stage, state="assigned"):
        scores = {strong.pk: [5, 4], middle.pk: [3, 4], weak.pk: [2, 2]}[item.proposal_id]
        review(item.proposal, item.reviewer, scores, "yes" if scores[0] > 3 else "no")

    # Staff compare, note decisions by threshold and apply them.
    login_as(staff)
    page.goto(f"/beoordelen/vergelijken/{call.slug}/{stage.pk}/")
    expect(page.locator("table")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/fonds/oproepen/{call.slug}/fase/{stage.pk}/besluiten/")
    assert_accessible(page)
    page.locator("#id_threshold-threshold").fill("3,5")
    page.locator("#id_threshold-at_or_above").select_option("invite")
    page.locator("#id_threshold-below").select_option("decline")
    page.locator("form:has(input[name=action][value=threshold]) button[type=submit]").click()
    strong.refresh_from_db()
    weak.refresh_from_db()
    assert (strong.pending_decision, weak.pending_decision) == ("invite", "decline")
    page.locator("form:has(input[name=action][value=apply]) button[type=submit]").click()

    # The decision mails wait as drafts; staff edit one and send them all.
    page.wait_for_url(f"**/fonds/oproepen/{call.slug}/besluitmails/")
    assert_accessible(page)
    assert OutboxMessage.objects.filter(state="draft").count() == 3
    page.locator("main table a").first.click()
    assert_accessible(page)
    page.locator("#id_body_text").fill("Beste aanvrager, we nodigen jullie graag uit.")
    page.locator("button[name=save]").click()
    page.locator("form:has(input[name=action][value=send_all]) button[type=submit]").click()
    assert not OutboxMessage.objects.filter(state="draft").exists()
    assert OutboxMessage.objects.filter(
        body_text="Beste aanvrager, we nodigen jullie graag uit.", state__in=["queued", "sent"]
    ).exists()

    # The applicants see their decision; the invited one opens the full plan.
    login_as(strong.people.get())
    page.goto("/aanvragen/")
    expect(page.get_by_text("Uitgenodigd voor de uitwerking")).to_be_visible()
    page.goto(f"/aanvragen/{strong.pk}/")
    expect(page.get_by_role("link", name="Het plan")).to_be_visible()
    assert_accessible(page)
    login_as(weak.people.get())
    page.goto("/aanvragen/")
    expect(page.get_by_text("Afgewezen")).to_be_visible()


def test_staff_choose_all_or_no_export_fields_with_one_click_each(page, login_as):
    call = build_call()
    login_as(StaffFactory())
    page.goto(f"/fonds/oproepen/{call.slug}/aanvragen/")
    fields = page.locator('input[type="checkbox"][name="veld"]')
    assert fields.count() > 5
    page.get_by_role("button", name="Niets kiezen").click()
    assert all(not box.is_checked() for box in fields.all())
    page.get_by_role("button", name="Alles kiezen").click()
    assert all(box.is_checked() for box in fields.all())
    assert_accessible(page)
