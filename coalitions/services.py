"""Starting experiments and working in coalitions: one function per change, one transaction."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalitions.models import Coalition, CoalitionInvitation, CoalitionMember
from portal import mail
from portal.activity import log_activity
from proposals.models import Proposal
from proposals.services import ProposalError, budget_totals, organisations_of


class CoalitionError(ProposalError):
    """A change that cannot be made; the message is for people."""


def unique_slug(name: str) -> str:
    base = slugify(name)[:40] or "coalitie"
    slug, number = base, 2
    while Coalition.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def start_experiment(*, proposal: Proposal, actor) -> Coalition:
    """A selected proposal becomes a coalition: its organisations come along, its people are
    invited, its plan and budget stay linked through the proposal."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.SELECTED:
        raise CoalitionError(_("Only a selected proposal can start an experiment."))
    if Coalition.objects.filter(proposal=proposal).exists():
        raise CoalitionError(_("This experiment has already started."))
    coalition = Coalition.objects.create(
        programme=proposal.call.programme, proposal=proposal, name=proposal.title,
        slug=unique_slug(proposal.title),
        municipality=proposal.lead_organisation.municipality,
        grant_amount=budget_totals(proposal)["requested"] or None,
    )  # fmt: skip
    coalition.organisations.set(organisations_of(proposal))
    for person in proposal.people.all():
        invite(coalition=coalition, email=person.email, actor=actor, role=CoalitionMember.Role.CORE)
    log_activity(actor=actor, verb="coalition.started", target=proposal, message=coalition.name)
    log_activity(
        actor=actor, verb="coalition.started", target=coalition, message=proposal.reference or ""
    )
    return coalition


@transaction.atomic
def invite(*, coalition, email, actor, role=CoalitionMember.Role.MEMBER) -> CoalitionInvitation:
    email = email.strip().lower()
    if coalition.members.filter(user__email__iexact=email).exists():
        raise CoalitionError(_("This person is already a member."))
    invitation, created = CoalitionInvitation.objects.get_or_create(
        coalition=coalition, email=email, state=CoalitionInvitation.State.PENDING,
        defaults={"invited_by": actor, "role": role, "token": secrets.token_urlsafe(24)},
    )  # fmt: skip
    if created:
        recipient = get_user_model().objects.filter(email__iexact=email).first()
        mail.compose(
            template="coalitions/mail/invitation",
            context={"coalition": coalition, "invitation": invitation},
            recipient=recipient, to_email=email, related=coalition, created_by=actor,
        )  # fmt: skip
        log_activity(actor=actor, verb="coalition.invited", target=coalition, message=email)
    return invitation


@transaction.atomic
def accept_invitation(*, invitation, user) -> CoalitionMember:
    invitation = CoalitionInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != CoalitionInvitation.State.PENDING:
        raise CoalitionError(_("This invitation is no longer valid."))
    invitation.state = CoalitionInvitation.State.ACCEPTED
    invitation.save(update_fields=["state"])
    member, _created = CoalitionMember.objects.get_or_create(
        coalition=invitation.coalition, user=user, defaults={"role": invitation.role}
    )
    log_activity(actor=user, verb="coalition.joined", target=invitation.coalition)
    return member
