"""The staff page "Herinneringen": planned (next 30 days), sent, failed, preview, send now."""

import itertools
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from calls.models import Call, Programme, Stage
from coalitions.models import Coalition, PaymentTranche
from portal import mail, reminders
from portal.models import OutboxMessage, ReminderSent
from proposals.models import Invitation, Proposal, Review
from reflections.models import Pitstop
from tests.factories import (
    OrganisationFactory,
    ReviewerFactory,
    StaffFactory,
    SupportFactory,
    UserFactory,
)
from tests.helpers import (
    ALLOWED,
    DENIED,
    assert_accessible,
    assert_queries_do_not_grow,
    check_permission_matrix,
)

URL = "/fonds/herinneringen/"
DRAFT = "proposals.draft_deadline"
_numbers = itertools.count(1)


def _call(deadline):
    programme, _ = Programme.objects.get_or_create(
        slug="bb", defaults={"name": "Betrokken buurten"}
    )
    number = next(_numbers)
    call = Call.objects.create(
        programme=programme, title=f"Oproep {number}", slug=f"oproep-{number}",
        status=Call.Status.PUBLISHED,
    )  # fmt: skip
    stage = Stage.objects.create(
        call=call, kind="proposal", name="Voorstel", order=1, deadline=deadline,
        review_due=deadline + timedelta(days=2),
    )  # fmt: skip
    return call, stage


def add_reminder_world(count, *, days_ahead=10):
    """`count` of everything the rules remind about, all due in the next 30 days, plus as many
    sent reminders and failed mails."""
    now = timezone.now()
    call, stage = _call(now + timedelta(days=days_ahead))
    programme = call.programme
    reviewer = ReviewerFactory()
    for _ in range(count):
        n = next(_numbers)
        applicant = UserFactory()
        organisation = OrganisationFactory()
        draft = Proposal.objects.create(
            call=call, stage=stage, title=f"Plan {n}", lead_organisation=organisation
        )
        draft.people.add(applicant)
        Invitation.objects.create(proposal=draft, email=f"mee{n}@example.org", invited_by=applicant)
        submitted = Proposal.objects.create(
            call=call, stage=stage, title=f"Ingediend {n}", lead_organisation=organisation,
            state=Proposal.State.SUBMITTED, reference=f"BB-2027-{n:04d}",
        )  # fmt: skip
        Review.objects.create(proposal=submitted, stage=stage, reviewer=reviewer)
        coalition = Coalition.objects.create(
            programme=programme, name=f"Coalitie {n}", slug=f"coalitie-{n}", municipality="Ede"
        )
        coalition.members.create(user=UserFactory(), role="core")
        Pitstop.objects.create(
            coalition=coalition, date=timezone.localdate() + timedelta(days=5 + n % 3)
        )
        PaymentTranche.objects.create(
            coalition=coalition, planned_on=timezone.localdate() + timedelta(days=8), amount=100
        )
        message = mail.store(
            recipient=applicant, to_email=applicant.email, subject=f"Herinnering {n}",
            body_text="x", kind="proposals/mail/reminder_draft_deadline",
        )  # fmt: skip
        ReminderSent.objects.create(
            rule=DRAFT, target_type_id=_content_type(draft), target_id=str(draft.pk),
            recipient=applicant, moment=now - timedelta(days=1, minutes=n), message=message,
        )  # fmt: skip
        failed = mail.store(to_email=f"kapot{n}@example.org", subject=f"Mislukt {n}", body_text="x")
        OutboxMessage.objects.filter(pk=failed.pk).update(
            state=OutboxMessage.State.FAILED, attempts=5, last_error="ConnectionRefusedError"
        )


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(StaffFactory())
    return client


def test_staff_page_shows_planned_sent_and_failed(staff_client):
    add_reminder_world(1)
    html = staff_client.get(URL).content.decode()
    assert '<h1 class="mb-3">Herinneringen</h1>' in html
    for text in [
        "Gepland voor de komende 30 dagen",
        "Deadline van je voorstel",
        "Uitnodigingen om mee te schrijven aan een voorstel",
        "Beoordelingen om af te maken",
        "Pitstops die eraan komen",
        "Voortgangsverslag voor een betaling",
        "Herinnering ",  # a sent reminder's subject
        "In de wachtrij",  # ... with its message state
        "kapot",  # a failed mail
        "Opnieuw versturen",
    ]:
        assert text in html, text
    days = timezone.localdate() + timedelta(days=3)  # "7 days before" a deadline in 10 days
    assert timezone.localtime().strftime("%Y") in html
    assert str(days.day) in html


def test_staff_page_queries_do_not_grow(staff_client):
    assert_queries_do_not_grow(staff_client, URL, add_reminder_world, many=15)


def test_preview_renders_the_mail_of_one_due_reminder(staff_client):
    add_reminder_world(1)
    html = staff_client.get(reverse("reminder_preview", args=[DRAFT])).content.decode()
    assert "Voorbeeld: Deadline van je voorstel" in html
    assert "Nog 7 dagen om" in html and "Plan " in html
    assert "srcdoc=" in html
    review = staff_client.get(reverse("reminder_preview", args=["proposals.review_due"]))
    assert "/afmelden/" in review.content.decode()  # optional: with its unsubscribe link
    assert staff_client.get(reverse("reminder_preview", args=["nope"])).status_code == 404
    assert not OutboxMessage.objects.filter(kind__contains="reminder_review").exists()


def test_preview_says_when_nothing_is_due(staff_client):
    html = staff_client.get(reverse("reminder_preview", args=[DRAFT])).content.decode()
    assert "Daarom is er geen voorbeeld." in html


def _due_now_draft():
    """A draft whose "on the day" reminder (09:00 local) was due at the last 09:00."""
    now = timezone.localtime()
    nine = now.replace(hour=9, minute=0, second=0, microsecond=0)
    if nine > now:
        nine -= timedelta(days=1)
    call, stage = _call(nine + timedelta(hours=1))
    call.reminder_days = [0]
    call.save()
    draft = Proposal.objects.create(
        call=call, stage=stage, title="Bijna te laat", lead_organisation=OrganisationFactory()
    )
    Proposal.objects.filter(pk=draft.pk).update(created_at=nine - timedelta(days=3))
    draft.people.add(UserFactory())
    return draft


def test_send_now_runs_one_rule_and_sends_nothing_twice(staff_client):
    _due_now_draft()
    send = reverse("reminder_send_now", args=[DRAFT])
    response = staff_client.post(send, follow=True)
    assert "1 herinnering verstuurd voor “Deadline van je voorstel”." in response.content.decode()
    response = staff_client.post(send, follow=True)
    assert "0 herinneringen verstuurd" in response.content.decode()
    assert ReminderSent.objects.filter(rule=DRAFT).count() == 1
    assert staff_client.get(send).status_code == 405


def test_retry_button_queues_a_failed_mail_again(staff_client):
    message = mail.store(to_email="kapot@example.org", subject="Mislukt", body_text="x")
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxMessage.State.FAILED)
    response = staff_client.post(reverse("reminder_retry", args=[message.pk]), follow=True)
    assert "Het bericht aan kapot@example.org wordt opnieuw verstuurd." in response.content.decode()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxMessage.State.QUEUED, 0)
    response = staff_client.post(reverse("reminder_retry", args=[message.pk]), follow=True)
    assert "Dit bericht is niet mislukt." in response.content.decode()


@pytest.mark.django_db
def test_only_fund_staff_may_use_the_reminders_page():
    failed = mail.store(to_email="kapot@example.org", subject="Mislukt", body_text="x")
    OutboxMessage.objects.filter(pk=failed.pk).update(state=OutboxMessage.State.FAILED)
    people = {
        None: DENIED,
        UserFactory(): DENIED,
        ReviewerFactory(): DENIED,
        SupportFactory(): DENIED,
        StaffFactory(): ALLOWED,
    }
    problems = check_permission_matrix(URL, people)
    problems += check_permission_matrix(reverse("reminder_preview", args=[DRAFT]), people)
    post_people = {user: access for user, access in people.items() if access == DENIED}
    problems += check_permission_matrix(
        reverse("reminder_send_now", args=[DRAFT]), post_people, method="post"
    )
    problems += check_permission_matrix(
        reverse("reminder_retry", args=[failed.pk]), post_people, method="post"
    )
    assert problems == []
    assert not ReminderSent.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_look_at_reminders_preview_one_and_send_now(page, login_as):
    add_reminder_world(2)
    _due_now_draft()
    login_as(StaffFactory())
    page.goto("/")
    page.get_by_role("button", name="Fonds").click()
    page.get_by_role("link", name="Herinneringen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Herinneringen")
    assert_accessible(page)

    page.get_by_role("link", name="Voorbeeld: Deadline van je voorstel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorbeeld: Deadline van je voorstel")
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar herinneringen").click()

    page.get_by_role("button", name="Nu versturen: Deadline van je voorstel").click()
    expect(page.get_by_text("1 herinnering verstuurd voor")).to_be_visible()
    assert reminders.get_rule(DRAFT) is not None
    assert ReminderSent.objects.filter(rule=DRAFT, message__subject__startswith="Vandaag").exists()
