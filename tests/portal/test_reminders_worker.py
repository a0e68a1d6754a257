"""Reminders with the real Celery worker, the real Redis and a real SMTP server: sent once, two
runs at once, a worker killed mid-batch, an SMTP failure that ends on the staff page."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from portal import mail, reminders
from portal.models import OutboxMessage, ReminderSent
from tests.conftest import _Inbox
from tests.factories import StaffFactory, UserFactory

from .test_reminders_staff import _due_now_draft

DRAFT = "proposals.draft_deadline"
State = OutboxMessage.State


def _rules():
    return [reminders.get_rule(DRAFT)]


def _wait(condition, timeout=30, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


def _all_sent(count):
    return lambda: OutboxMessage.objects.filter(state=State.SENT).count() >= count


def test_due_reminders_go_out_over_smtp_once(celery_worker, smtp_server):
    from portal.tasks import run_reminders

    people = [_due_now_draft().people.get() for _ in range(3)]
    assert run_reminders.delay().get(timeout=30)["sent"] >= 3
    assert run_reminders.delay().get(timeout=30)["sent"] == 0  # the next beat: nothing again
    received = smtp_server.wait_for(3)
    _wait(_all_sent(3), message="three messages sent")
    time.sleep(1)  # a duplicate would arrive now
    assert sorted(message["To"] for message in received) == sorted(p.email for p in people)
    subjects = [message["Subject"].strip() for message in received]
    assert all(subject.startswith("Vandaag is de deadline") for subject in subjects), subjects
    assert ReminderSent.objects.filter(rule=DRAFT).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_engine_runs_at_once_send_nothing_twice(monkeypatch):
    monkeypatch.setattr(reminders, "CHUNK_SIZE", 7)  # several chunks, interleaved by the two runs
    for _ in range(30):
        _due_now_draft().people.add(UserFactory())  # two people each
    expected = 60
    barrier = threading.Barrier(2)
    results = []

    def run_engine():
        barrier.wait()
        try:
            results.append(reminders.run(rules=_rules()))
        finally:
            connection.close()

    threads = [threading.Thread(target=run_engine) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result.sent for result in results) == expected
    assert sum(result.failed for result in results) == 0
    assert ReminderSent.objects.filter(rule=DRAFT).count() == expected
    assert (
        OutboxMessage.objects.filter(kind="proposals/mail/reminder_draft_deadline").count()
        == expected
    )


class _BlockingInbox(_Inbox):
    """An SMTP inbox that holds the conversation of message number `block_at + 1` before its
    data arrives, so a worker can be killed in the middle of delivering it."""

    def __init__(self, block_at):
        super().__init__()
        self.block_at = block_at
        self.stuck = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if len(self.messages) == self.block_at and not self.release.is_set():
            self.stuck.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def blocking_smtp(settings):
    from aiosmtpd.controller import Controller

    inbox = _BlockingInbox(block_at=3)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield inbox
    inbox.release.set()
    controller.stop()


def _worker_process(port):
    """A real worker process on the test database (not a thread: it can be killed with -9)."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
        "--loglevel=WARNING", "--without-mingle", "--without-gossip", "--without-heartbeat",
        "-n", f"killed-{uuid.uuid4().hex[:8]}@%h",
    ]  # fmt: skip
    return subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
        command,
        env=env,
        cwd=django_settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_sends_the_rest_and_nothing_twice(blocking_smtp, settings):
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.control.purge()
    people = [_due_now_draft().people.get() for _ in range(8)]
    assert reminders.run(rules=_rules()).sent == 8  # eight delivery tasks wait in Redis

    worker = _worker_process(settings.EMAIL_PORT)
    try:
        assert blocking_smtp.stuck.wait(timeout=90), "the worker did not start delivering"
        os.kill(worker.pid, signal.SIGKILL)  # killed while talking to the mail server
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    blocking_smtp.release.set()
    assert len(blocking_smtp.messages) == 3
    assert OutboxMessage.objects.filter(state=State.SENT).count() == 3

    # A new worker starts; the beat's requeue finds the message whose task died with the worker.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert mail.requeue_stale(older_than_minutes=0) == 5
        blocking_smtp.wait_for(8, timeout=30)
        _wait(_all_sent(8), message="all eight messages sent")
        assert reminders.run(rules=_rules()).sent == 0  # the engine again: nothing new
        time.sleep(1)  # a duplicate delivery would arrive now
    assert len(blocking_smtp.messages) == 8
    assert sorted(message["To"] for message in blocking_smtp.messages) == sorted(
        person.email for person in people
    )
    assert ReminderSent.objects.count() == 8


def test_smtp_failure_is_retried_then_shown_as_failed_on_the_staff_page(
    celery_worker, smtp_server, settings
):
    smtp_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens: connection refused
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    person = _due_now_draft().people.get()
    assert reminders.run(rules=_rules()).sent == 1
    message = ReminderSent.objects.get(recipient=person).message
    _wait(lambda: OutboxMessage.objects.get(pk=message.pk).state == State.FAILED, timeout=30)
    message.refresh_from_db()
    assert message.attempts == 3 and "ConnectionRefusedError" in message.last_error

    staff = Client()
    staff.force_login(StaffFactory())
    html = staff.get("/fonds/herinneringen/").content.decode()
    failed_part = html.split('id="mislukt"')[1]
    assert message.subject in failed_part and person.email in failed_part
    assert "ConnectionRefusedError" in failed_part and "Mislukt" in html  # also in "Sent"

    settings.EMAIL_PORT = smtp_port
    staff.post(f"/fonds/herinneringen/mislukt/{message.pk}/")
    assert smtp_server.wait_for(1)[0]["To"] == person.email
    _wait(lambda: OutboxMessage.objects.get(pk=message.pk).state == State.SENT)
    assert reminders.run(rules=_rules()).sent == 0
