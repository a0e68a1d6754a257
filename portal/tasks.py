"""Thin Celery tasks of the core: they load ids and call the services."""

import smtplib

from celery import shared_task
from django.conf import settings

from portal import mail, reminders, reports


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_message(self, message_id: int):
    try:
        return mail.deliver(message_id)
    except (smtplib.SMTPException, OSError) as error:
        final = self.request.retries + 1 >= settings.OUTBOX_MAX_ATTEMPTS
        mail.record_failure(message_id, error, final=final)
        if final:
            return False
        # Exponential backoff (10 s, 20 s, 40 s ... by default), capped at 10 minutes.
        base = settings.OUTBOX_RETRY_BASE_SECONDS
        raise self.retry(exc=error, countdown=min(600, base * 2**self.request.retries)) from error


@shared_task
def requeue_outbox():
    return mail.requeue_stale()


@shared_task
def run_reminders():
    return reminders.run().as_dict()


@shared_task(acks_late=True)
def make_report(job_id: int):
    return reports.run_job(job_id)
