import logging
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import mail
from portal.models import OutboxMessage
from tests.factories import StaffFactory, UserFactory

State = OutboxMessage.State


def _wait_for_state(message, states, timeout=20):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.state in states:
            return message
        time.sleep(0.1)
    raise AssertionError(f"message stayed {message.state}, last error: {message.last_error}")


def test_queued_mail_is_delivered_over_smtp_by_the_worker(celery_worker, smtp_server):
    user = UserFactory(name="Henk Jansen", language="nl")
    message = mail.compose(template="portal/mail/verify_email_reminder", context={}, recipient=user)
    assert message.state == State.QUEUED
    received = smtp_server.wait_for(1)
    _wait_for_state(message, {State.SENT})
    assert received[0]["To"] == user.email
    assert received[0]["Subject"] == "Bevestig je e-mailadres"
    assert "Hallo Henk Jansen" in received[0].get_body(("plain",)).get_content()
    assert message.sent_at is not None and message.attempts == 1


def test_mail_is_written_in_the_recipients_language(db):
    user = UserFactory(language="en")
    message = mail.compose(template="portal/mail/verify_email_reminder", context={}, recipient=user)
    assert message.language == "en"
    assert message.subject == "Please confirm your email address"


def test_smtp_failure_is_retried_then_marked_failed(celery_worker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens: connection refused
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    message = mail.compose(
        template="portal/mail/verify_email_reminder", context={}, recipient=UserFactory()
    )
    _wait_for_state(message, {State.FAILED})
    assert message.attempts == 3
    assert "ConnectionRefusedError" in message.last_error


def test_failed_mail_goes_out_when_staff_retry_it(celery_worker, smtp_server, settings):
    smtp_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1
    settings.OUTBOX_MAX_ATTEMPTS = 1
    message = mail.store(to_email="a@example.org", subject="Tweede kans", body_text="Hallo")
    _wait_for_state(message, {State.FAILED})

    settings.EMAIL_PORT = smtp_port
    mail.retry_failed(message=message, actor=StaffFactory())
    assert smtp_server.wait_for(1)[0]["Subject"] == "Tweede kans"
    _wait_for_state(message, {State.SENT})
    with pytest.raises(mail.InvalidTransition):
        mail.retry_failed(message=message, actor=StaffFactory())


def test_draft_is_not_sent_until_staff_release_it_edited(celery_worker, smtp_server):
    staff = StaffFactory()
    applicant = UserFactory()
    draft = mail.compose(
        template="portal/mail/verify_email_reminder", context={}, recipient=applicant, draft=True
    )
    assert draft.state == State.DRAFT
    assert not mail.messages_for(applicant).exists()  # applicants never see drafts

    mail.send_draft(message=draft, actor=staff, subject="Uw besluit", body_text="Nieuwe tekst")
    received = smtp_server.wait_for(1)
    _wait_for_state(draft, {State.SENT})
    assert received[0]["Subject"] == "Uw besluit"
    assert received[0].get_body(("plain",)).get_content().strip() == "Nieuwe tekst"
    with pytest.raises(mail.InvalidTransition):
        mail.send_draft(message=draft, actor=staff)


@pytest.mark.django_db(transaction=True)
def test_delivering_twice_sends_once(smtp_server):
    message = mail.store(to_email="a@example.org", subject="Eén keer", body_text="Hallo")
    assert mail.deliver(message.pk) is True
    assert mail.deliver(message.pk) is False
    assert len(smtp_server.wait_for(1, timeout=2)) == 1


def test_mail_queued_while_redis_is_down_goes_out_after_requeue(
    celery_worker, smtp_server, monkeypatch, caplog
):
    from kombu.exceptions import OperationalError

    from portal import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    with monkeypatch.context() as patch, caplog.at_level(logging.WARNING, logger="portal.mail"):
        patch.setattr(tasks.deliver_message, "delay", broker_down)
        message = mail.store(to_email="a@example.org", subject="Later", body_text="Hallo")
    assert "Could not queue message" in caplog.text
    message.refresh_from_db()
    assert message.state == State.QUEUED  # the row is kept; nothing is lost

    assert tasks.requeue_outbox.delay().get(timeout=10) == 0  # too fresh to requeue yet
    OutboxMessage.objects.filter(pk=message.pk).update(
        queued_at=timezone.now() - timedelta(minutes=11)
    )
    assert tasks.requeue_outbox.delay().get(timeout=10) == 1
    assert smtp_server.wait_for(1)[0]["Subject"] == "Later"
    _wait_for_state(message, {State.SENT})


@pytest.mark.django_db
def test_messages_page_shows_only_my_messages(client):
    me, other = UserFactory(), UserFactory()
    mine = mail.store(recipient=me, to_email=me.email, subject="Voor mij", body_text="Hoi")
    theirs = mail.store(
        recipient=other, to_email=other.email, subject="Niet voor mij", body_text="Hoi"
    )
    client.force_login(me)
    html = client.get(reverse("message_list")).content.decode()
    assert "Voor mij" in html and "Niet voor mij" not in html
    assert client.get(reverse("message_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("message_detail", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_messages_page_queries_do_not_grow(client):
    from tests.helpers import assert_queries_do_not_grow

    me = UserFactory()
    client.force_login(me)

    def add_messages(count):
        for n in range(count):
            mail.store(recipient=me, to_email=me.email, subject=f"Bericht {n}", body_text="x")

    assert_queries_do_not_grow(client, reverse("message_list"), add_messages)


@pytest.fixture
def broker_unreachable():
    """The Celery app pointed at a Redis port nobody listens on, as when Redis is stopped."""
    from portal.celery import app

    saved = (app.conf.broker_url, app.conf.result_backend)
    dead = "redis://127.0.0.1:1/0"

    def point_to(broker, backend):
        app.conf.broker_url, app.conf.result_backend = broker, backend
        app._pool = None
        app.amqp._producer_pool = None
        app._local.__dict__.pop("backend", None)

    point_to(dead, dead)
    yield
    point_to(*saved)


@pytest.mark.django_db
def test_with_redis_down_queueing_mail_takes_no_time_and_keeps_the_row(
    broker_unreachable, django_capture_on_commit_callbacks, caplog
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
        message = mail.store(to_email="a@example.org", subject="Straks", body_text="Hallo")
    assert time.monotonic() - started < 3  # it was 20 s: the result store retried 20 times
    assert "Could not queue message" in caplog.text
    message.refresh_from_db()
    assert message.state == State.QUEUED


def _message_with_agenda(user, **fields):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    path = default_storage.save("events/1/agenda.ics", ContentFile(b"BEGIN:VCALENDAR\r\n"))
    return mail.store(
        recipient=user, to_email=user.email, subject="Je bent aangemeld", body_text="Tot dan.",
        attachments=[{"name": "leerbijeenkomst.ics", "path": path, "mimetype": "text/calendar"}],
        **fields,
    )  # fmt: skip


@pytest.mark.django_db
def test_recipient_downloads_the_attachment_from_the_message_page(client):
    me = UserFactory()
    message = _message_with_agenda(me)
    client.force_login(me)
    url = reverse("message_attachment", args=[message.pk, 1])
    assert url in client.get(reverse("message_detail", args=[message.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"BEGIN:VCALENDAR\r\n"
    assert response["Content-Type"] == "text/calendar"
    assert 'filename="leerbijeenkomst.ics"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_attachment_is_404_for_another_person_and_for_a_wrong_index(client):
    me, other = UserFactory(), UserFactory()
    message = _message_with_agenda(me)
    client.force_login(other)
    assert client.get(reverse("message_attachment", args=[message.pk, 1])).status_code == 404
    client.force_login(me)
    for index in (0, 2):
        assert (
            client.get(reverse("message_attachment", args=[message.pk, index])).status_code == 404
        )


@pytest.mark.django_db
def test_attachment_of_a_draft_is_404_even_for_its_recipient(client):
    me = UserFactory()
    message = _message_with_agenda(me, draft=True)
    client.force_login(me)
    assert client.get(reverse("message_attachment", args=[message.pk, 1])).status_code == 404
