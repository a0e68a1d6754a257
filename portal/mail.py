"""The mail outbox: every message is a row first, then a Celery task delivers it.

An email is three templates: `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html`,
rendered in the recipient's language. Decision mails stay drafts until staff send them.

Optional mail (not about a deadline or decision of one's own proposal) has a kind
(`register_optional_kind`). People switch kinds off in their mail settings or with the one-click
unsubscribe link that each such mail carries (also as a List-Unsubscribe header, RFC 8058).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.activity import log_activity
from portal.models import MailOptOut, OutboxMessage

logger = logging.getLogger(__name__)
State = OutboxMessage.State


class InvalidTransition(Exception):
    pass


def _move(message: OutboxMessage, to: str) -> None:
    """Change a (locked) message's state along OutboxMessage.TRANSITIONS only."""
    if to not in OutboxMessage.TRANSITIONS[message.state]:
        raise InvalidTransition(f"Message {message.pk} cannot go from {message.state} to {to}.")
    message.state = to


def render_mail(template_prefix: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render subject, text and HTML body of a mail in one language."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html


# --- Optional mail and unsubscribing ----------------------------------------------------------
@dataclass(frozen=True)
class OptionalKind:
    code: str
    label: str
    description: str = ""


_optional_kinds: dict[str, OptionalKind] = {}
UNSUBSCRIBE_SALT = "portal.mail.unsubscribe"


def register_optional_kind(code: str, *, label, description="") -> OptionalKind:
    """A kind of mail people may switch off (reminder rules that are not essential do this)."""
    kind = OptionalKind(code=code, label=label, description=description)
    _optional_kinds[code] = kind
    return kind


def unregister_optional_kind(code: str) -> None:
    _optional_kinds.pop(code, None)


def optional_kinds() -> list[OptionalKind]:
    return list(_optional_kinds.values())


def get_optional_kind(code: str) -> OptionalKind | None:
    return _optional_kinds.get(code)


def opted_out_addresses(kind: str) -> set[str]:
    """Every address that switched this kind off (one query; for a batch of mails)."""
    return set(MailOptOut.objects.filter(kind=kind).values_list("email", flat=True))


def kinds_switched_off(email: str) -> set[str]:
    return set(MailOptOut.objects.filter(email=email.lower()).values_list("kind", flat=True))


def unsubscribe_token(email: str, kind: str) -> str:
    """A signed token naming one address and one kind: the unsubscribe link works without login."""
    return signing.dumps([email.lower(), kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str]:
    """(email, kind); raises signing.BadSignature for a token that was not made by us."""
    email, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return email, kind


def unsubscribe_url(email: str, kind: str) -> str:
    return settings.SITE_URL + reverse("unsubscribe", args=[unsubscribe_token(email, kind)])


def add_unsubscribe_footer(text: str, html: str, context: dict, language: str) -> tuple[str, str]:
    """Append the "why you get this, how to stop it" lines to a rendered mail."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        footer_text = render_to_string("portal/mail/unsubscribe_footer.txt", context)
        footer_html = render_to_string("portal/mail/unsubscribe_footer.html", context)
    text = text.rstrip("\n") + "\n\n-- \n" + footer_text.strip() + "\n"
    return text, (html + footer_html) if html else html


@transaction.atomic
def set_switched_off(*, email: str, kind: str, off: bool, actor=None) -> bool:
    """Switch one optional kind of mail off (or on again) for an address. True when it changed."""
    email = email.lower()
    if off:
        row, changed = MailOptOut.objects.get_or_create(email=email, kind=kind)
    else:
        row = MailOptOut.objects.filter(email=email, kind=kind).first()
        changed = row is not None
    if changed:
        logged_in = actor is not None and actor.is_authenticated
        log_activity(
            actor=actor,
            verb="mail.switched_off" if off else "mail.switched_on",
            target=actor if logged_in else row,
            message=f"{email}: {kind}",
        )
    if changed and not off:
        row.delete()
    return changed


@transaction.atomic
def save_mail_settings(*, user, wanted: set[str]) -> int:
    """The user's mail settings: every optional kind not in `wanted` is switched off."""
    off = kinds_switched_off(user.email)
    changed = 0
    for kind in optional_kinds():
        want = kind.code in wanted
        if want == (kind.code in off):  # the current state differs from the wish
            changed += set_switched_off(email=user.email, kind=kind.code, off=not want, actor=user)
    return changed


def compose(
    *,
    template: str,
    context: dict,
    recipient=None,
    to_email: str | None = None,
    draft: bool = False,
    related=None,
    created_by=None,
    attachments: list[dict] | None = None,
    optional_kind: str | None = None,
    opted_out: set[str] | None = None,
) -> OutboxMessage | None:
    """Write a mail for one person into the outbox; queue it unless it is a draft.

    With `optional_kind` the mail is optional: nothing is written (None is returned) when the
    address switched that kind off, and otherwise it carries an unsubscribe link and the
    List-Unsubscribe headers. A caller sending many may pass `opted_out`, the addresses it looked
    up once with `opted_out_addresses(kind)`.
    """
    language = getattr(recipient, "language", None) or translation.get_language()
    language = language or settings.LANGUAGE_CODE
    address = to_email or recipient.email
    headers = {}
    if optional_kind:
        if opted_out is None:
            switched_off = MailOptOut.objects.filter(email=address.lower(), kind=optional_kind)
            if switched_off.exists():
                return None
        elif address.lower() in opted_out:
            return None
        url = unsubscribe_url(address, optional_kind)
        context = {**context, "unsubscribe_url": url, "mail_kind": get_optional_kind(optional_kind)}
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    context = {"recipient": recipient, **context}
    subject, text, html = render_mail(template, context, language)
    if optional_kind:
        text, html = add_unsubscribe_footer(text, html, context, language)
    return store(
        recipient=recipient,
        to_email=address,
        subject=subject,
        body_text=text,
        body_html=html,
        language=language,
        kind=template,
        draft=draft,
        related=related,
        created_by=created_by,
        attachments=attachments,
        headers=headers,
    )


def store(
    *,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    recipient=None,
    language: str = settings.LANGUAGE_CODE,
    kind: str = "",
    draft: bool = False,
    related=None,
    created_by=None,
    attachments: list[dict] | None = None,
    headers: dict | None = None,
) -> OutboxMessage:
    """Store an already rendered mail (allauth renders its own)."""
    message = OutboxMessage.objects.create(
        recipient=recipient,
        to_email=to_email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        kind=kind,
        state=State.DRAFT if draft else State.QUEUED,
        queued_at=None if draft else timezone.now(),
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
        created_by=created_by,
        attachments=attachments or [],
        headers=headers or {},
    )
    if not draft:
        _enqueue_on_commit(message.pk)
    return message


def _enqueue_on_commit(message_id: int) -> None:
    def enqueue():
        from portal.tasks import deliver_message

        try:
            deliver_message.delay(message_id)
        except Exception:  # broker down: the row stays queued and requeue_outbox picks it up
            logger.warning("Could not queue message %s; it will be retried", message_id)

    transaction.on_commit(enqueue)


def send_draft(*, message: OutboxMessage, actor, subject=None, body_text=None) -> OutboxMessage:
    """Staff release a draft (optionally edited) to the queue."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.state != State.DRAFT:  # failed mail goes back through retry_failed
            raise InvalidTransition(f"Message {message.pk} is {message.state}, not a draft.")
        if subject is not None:
            message.subject = subject
        if body_text is not None and body_text != message.body_text:
            message.body_text = body_text
            message.body_html = ""  # the edited text is what goes out
        _move(message, State.QUEUED)
        message.queued_at = timezone.now()
        message.save()
        # On the object the mail is about (a proposal's timeline shows its decision mail).
        log_activity(
            actor=actor,
            verb="mail.released",
            target=message.related or message,
            message=f"{message.to_email}: {message.subject}",
        )
        _enqueue_on_commit(message.pk)
    return message


def retry_failed(*, message: OutboxMessage, actor) -> OutboxMessage:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        _move(message, State.QUEUED)
        message.attempts = 0
        message.queued_at = timezone.now()
        message.save()
        log_activity(
            actor=actor,
            verb="mail.retried",
            target=message.related or message,
            message=f"{message.to_email}: {message.subject}",
        )
        _enqueue_on_commit(message.pk)
    return message


def deliver(message_id: int) -> bool:
    """Send one queued message over the mail backend. True when it was sent by this call.

    The row lock makes a second delivery of the same message (a duplicate task, a requeue) a no-op.
    Raises the backend's error so the task can retry; `record_failure` counts the attempt.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != State.QUEUED:
            return False
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_email],
            headers=message.headers or None,
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        for attachment in message.attachments:
            with default_storage.open(attachment["path"], "rb") as handle:
                email.attach(attachment["name"], handle.read(), attachment["mimetype"])
        email.send(fail_silently=False)
        _move(message, State.SENT)
        message.sent_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["state", "sent_at", "attempts", "last_error"])
    return True


def record_failure(message_id: int, error: Exception, *, final: bool) -> None:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != State.QUEUED:
            return
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if final:
            _move(message, State.FAILED)
        message.save(update_fields=["attempts", "last_error", "state"])


def requeue_stale(older_than_minutes: int = 10) -> int:
    """Queue again what waited too long: its task was lost, e.g. while Redis was down.

    A message that failed an attempt has a retry on its way (backoff up to 10 minutes per try), so
    it is only picked up when its whole retry chain is overdue. Delivery is idempotent anyway.
    """
    now = timezone.now()
    fresh_cutoff = now - timezone.timedelta(minutes=older_than_minutes)
    retry_cutoff = now - timezone.timedelta(minutes=10 * settings.OUTBOX_MAX_ATTEMPTS + 10)
    ids = list(
        OutboxMessage.objects.filter(state=State.QUEUED)
        .filter(
            models.Q(attempts=0, queued_at__lt=fresh_cutoff) | models.Q(queued_at__lt=retry_cutoff)
        )
        .values_list("pk", flat=True)
    )
    for message_id in ids:
        _enqueue_on_commit(message_id)
    return len(ids)


# What one person may make the portal send to others per hour (invitations, coalition messages):
# without it, one account could mail any address without end. Fund staff have no cap.
SENDING_CAP_WINDOW_MINUTES = 60


def sending_cap_reached(*, actor, kinds, limit: int) -> bool:
    """Whether `actor` made the portal send `limit` mails of these kinds in the last hour."""
    from portal.rules import is_fund_staff

    if actor is None or is_fund_staff(actor):
        return False
    since = timezone.now() - timedelta(minutes=SENDING_CAP_WINDOW_MINUTES)
    sent = OutboxMessage.objects.filter(created_by=actor, kind__in=kinds, created_at__gte=since)
    return sent.count() >= limit


def messages_for(user):
    """What a user sees on "Berichten": mail sent or on its way to them, not staff drafts."""
    return OutboxMessage.objects.filter(recipient=user).exclude(state=State.DRAFT)
