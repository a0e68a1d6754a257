"""Retention (AVG/GDPR): old drafts go, old declined proposals lose their personal content.

The periods are set per programme (`Programme.keep_drafts_days`, `keep_declined_days`).
`python manage.py apply_retention [--dry-run]` runs it; run it daily (cron or the scheduler of the
host). A declined proposal keeps its reference, call, stage, lead organisation, decision and the
reviewers' scores, so the fund can still account for its decisions.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.activity import log_activity
from portal.models import PrivateFile
from proposals.models import Proposal

ANONYMISED_TITLE = "Geanonimiseerde aanvraag"


def expired_drafts(now=None):
    now = now or timezone.now()
    return Proposal.objects.filter(
        state=Proposal.State.DRAFT,
        updated_at__lt=now - timedelta(days=1) * F("call__programme__keep_drafts_days"),
    )


def expired_declined(now=None):
    now = now or timezone.now()
    return Proposal.objects.filter(
        state=Proposal.State.DECLINED,
        decided_at__lt=now - timedelta(days=1) * F("call__programme__keep_declined_days"),
    ).exclude(title=ANONYMISED_TITLE)


def _files_of(proposals):
    return PrivateFile.objects.filter(
        target_type=ContentType.objects.get_for_model(Proposal),
        target_id__in=[str(pk) for pk in proposals.values_list("pk", flat=True)],
    )


def _delete_files(files):
    for private_file in files:
        private_file.file.delete(save=False)
    files.delete()


@transaction.atomic
def apply_retention(now=None, *, dry_run=False) -> dict:
    drafts = expired_drafts(now)
    declined = expired_declined(now)
    result = {"drafts_deleted": drafts.count(), "declined_anonymised": declined.count()}
    if dry_run:
        return result
    _delete_files(_files_of(drafts))
    drafts.delete()
    ids = list(declined.values_list("pk", flat=True))
    declined = Proposal.objects.filter(pk__in=ids)
    _delete_files(_files_of(declined))
    for relation in ("answers", "budget_lines", "invitations", "help_comments", "notes"):
        Proposal._meta.get_field(relation).related_model.objects.filter(proposal__in=ids).delete()
    Proposal.reviews.rel.related_model.objects.filter(proposal__in=ids).update(comment="")
    for proposal in declined:
        proposal.people.clear()
        log_activity(actor=None, verb="proposal.anonymised", target=proposal)
    declined.update(
        title=ANONYMISED_TITLE, decision_note="", search_vector=None, own_contribution=0,
        other_funders_amount=0,
    )  # fmt: skip
    return result
