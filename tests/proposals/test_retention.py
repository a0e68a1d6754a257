"""Old drafts go; old declined proposals keep their decision but lose their personal content."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from portal.files import files_of, store_private_file
from proposals.models import Answer, Proposal
from proposals.retention import ANONYMISED_TITLE

pytestmark = pytest.mark.django_db


def _age(proposal, days, field):
    Proposal.objects.filter(pk=proposal.pk).update(**{field: timezone.now() - timedelta(days=days)})


def test_drafts_older_than_the_programme_period_are_deleted(draft, applicant):
    call = draft.call
    call.programme.keep_drafts_days = 30
    call.programme.save()
    fresh = Proposal.objects.create(
        call=call, stage=draft.stage, title="Vers", lead_organisation=draft.lead_organisation
    )
    _age(draft, 31, "updated_at")
    call_command("apply_retention")
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert Proposal.objects.filter(pk=fresh.pk).exists()


def test_old_declined_proposals_are_anonymised_and_keep_their_decision(draft, applicant):
    store_private_file(
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"), target=draft,
        uploaded_by=applicant, purpose="question:bijlage",
    )  # fmt: skip
    Answer.objects.create(
        proposal=draft, question_key="samenvatting", question_text="Wat?", value="Namen en adressen"
    )
    Proposal.objects.filter(pk=draft.pk).update(
        state=Proposal.State.DECLINED, reference="BB-2020-0001",
        decided_at=timezone.now() - timedelta(days=800),
    )  # fmt: skip
    call_command("apply_retention", "--dry-run")
    assert Answer.objects.filter(proposal=draft).exists()  # a dry run changes nothing
    call_command("apply_retention")
    draft.refresh_from_db()
    assert draft.title == ANONYMISED_TITLE and draft.reference == "BB-2020-0001"
    assert draft.state == Proposal.State.DECLINED
    assert not Answer.objects.filter(proposal=draft).exists()
    assert not draft.people.exists()
    assert not files_of(draft).exists()


def test_recent_declined_proposals_are_kept_whole(draft, applicant):
    Proposal.objects.filter(pk=draft.pk).update(
        state=Proposal.State.DECLINED, decided_at=timezone.now() - timedelta(days=10)
    )
    call_command("apply_retention")
    draft.refresh_from_db()
    assert draft.title == "Burenhulp De Heeze" and draft.people.exists()
