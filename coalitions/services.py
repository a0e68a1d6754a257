"""Starting experiments and working in coalitions: one function per change, one transaction."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalitions.models import (
    Coalition,
    CoalitionInvitation,
    CoalitionMember,
    CoalitionMessage,
    LearningGroup,
    LearningGroupMember,
    PaymentTranche,
)
from coalitions.queries import fund_staff
from coalitions.rules import speaks_for_fund, takes_part_in_coalition
from portal import mail
from portal.activity import log_activity
from proposals.models import Proposal
from proposals.services import (
    INVITATION_MAILS,
    ProposalError,
    budget_totals,
    organisations_of,
    too_many_invitations,
)


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
    limit = settings.SENDING_CAPS["invitations"]
    if mail.sending_cap_reached(actor=actor, kinds=INVITATION_MAILS, limit=limit):
        raise CoalitionError(too_many_invitations(limit))
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


# --- Creating and changing a coalition by hand (staff) ----------------------------------------
def _set_people_and_tranches(coalition, *, organisations, support_team, tranches) -> None:
    coalition.organisations.set(organisations)
    coalition.support_team.set(support_team)
    coalition.tranches.all().delete()
    PaymentTranche.objects.bulk_create(
        PaymentTranche(
            coalition=coalition,
            planned_on=tranche["planned_on"],
            amount=tranche["amount"],
            paid_on=tranche.get("paid_on"),
        )
        for tranche in tranches
    )


@transaction.atomic
def create_coalition(
    *, fields: dict, organisations, support_team, tranches: list[dict], invitations, actor
) -> Coalition:
    """A coalition made by hand. `fields` are the coalition's own fields (an empty slug is made
    from the name); `tranches` are dicts with planned_on, amount, paid_on; `invitations` are
    (email, role) pairs: each person gets an invitation mail."""
    fields = dict(fields)
    fields["slug"] = fields.get("slug") or unique_slug(fields["name"])
    coalition = Coalition.objects.create(**fields)
    _set_people_and_tranches(
        coalition, organisations=organisations, support_team=support_team, tranches=tranches
    )
    for email, role in invitations:
        invite(coalition=coalition, email=email, actor=actor, role=role)
    log_activity(actor=actor, verb="coalition.created", target=coalition, message=coalition.name)
    return coalition


@transaction.atomic
def update_coalition(
    *, coalition: Coalition, fields: dict, organisations, support_team, tranches: list[dict], actor
) -> Coalition:
    """Change a coalition's fields, organisations, support team and payment tranches (the
    tranches are replaced by the ones given). An empty slug keeps the current one."""
    coalition = Coalition.objects.select_for_update().get(pk=coalition.pk)
    changed = []
    for name, value in fields.items():
        if name == "slug" and not value:
            continue
        if getattr(coalition, name) != value:
            changed.append(name)
            setattr(coalition, name, value)
    coalition.save()
    _set_people_and_tranches(
        coalition, organisations=organisations, support_team=support_team, tranches=tranches
    )
    log_activity(
        actor=actor, verb="coalition.changed", target=coalition, message=coalition.name,
        data={"fields": changed},
    )  # fmt: skip
    return coalition


# --- Messages between a coalition and the fund ------------------------------------------------
@transaction.atomic
def post_message(*, coalition: Coalition, author, text: str) -> CoalitionMessage:
    """A message in the coalition's thread with the fund. A member's message goes by mail to the
    coalition's support team (or, without one, to all fund staff); a message from the fund or
    support team goes to all members."""
    text = (text or "").strip()
    if not text:
        raise CoalitionError(_("Write a message first."))
    if not takes_part_in_coalition(author, coalition):
        raise CoalitionError(_("You cannot write in this coalition."))
    from_fund = bool(speaks_for_fund(author, coalition))
    limit = settings.SENDING_CAPS["messages"]
    written = CoalitionMessage.objects.filter(
        author=author,
        created_at__gte=timezone.now() - timedelta(minutes=mail.SENDING_CAP_WINDOW_MINUTES),
    ).count()
    if not from_fund and written >= limit:  # the fund and support team have no cap
        raise CoalitionError(
            _(
                "You wrote %(count)s messages in the last hour. That is the most we allow, so "
                "that nobody can misuse the portal. Try again in an hour."
            )
            % {"count": limit}
        )
    message = CoalitionMessage.objects.create(
        coalition=coalition, author=author, text=text, from_fund=from_fund
    )
    if from_fund:
        recipients = [member.user for member in coalition.members.select_related("user")]
    else:
        recipients = list(coalition.support_team.filter(is_active=True)) or list(fund_staff())
    seen = {author.pk}
    for recipient in sorted(recipients, key=lambda user: user.pk):
        if recipient.pk in seen or not recipient.is_active:
            continue
        seen.add(recipient.pk)
        mail.compose(
            template="coalitions/mail/message",
            context={"coalition": coalition, "message": message, "author": author},
            recipient=recipient, related=coalition, created_by=author,
        )  # fmt: skip
    log_activity(
        actor=author, verb="coalition.message_posted", target=coalition,
        data={"message": message.pk, "from_fund": from_fund},
    )  # fmt: skip
    return message


# --- Learning groups --------------------------------------------------------------------------
def _check_group_name(*, call, name: str, group=None) -> str:
    name = (name or "").strip()
    if not name:
        raise CoalitionError(_("Give the learning group a name."))
    others = LearningGroup.objects.filter(call=call, name__iexact=name)
    if group is not None:
        others = others.exclude(pk=group.pk)
    if others.exists():
        raise CoalitionError(_("There is already a learning group with this name."))
    return name


def _registrations(call, proposals) -> list[Proposal]:
    """The proposals, locked, if they are registrations of this call that are sent in."""
    ids = sorted({proposal.pk for proposal in proposals})
    rows = list(
        Proposal.objects.select_for_update()
        .filter(pk__in=ids, call=call)
        .exclude(state__in=[Proposal.State.DRAFT, Proposal.State.WITHDRAWN])
        .order_by("pk")
    )
    if len(rows) != len(ids):
        raise CoalitionError(_("Only registrations of this call that are sent in can be grouped."))
    return rows


@transaction.atomic
def create_learning_group(
    *, call, name: str, registrations, actor, description: str = ""
) -> LearningGroup:
    """A learning group of registrations that are in no group yet (e.g. a confirmed suggestion)."""
    name = _check_group_name(call=call, name=name)
    rows = _registrations(call, registrations)
    taken = (
        LearningGroupMember.objects.filter(proposal__in=rows)
        .select_related("proposal", "group")
        .first()
    )
    if taken is not None:
        raise CoalitionError(
            _("%(registration)s is already in “%(group)s”. Reload the page and try again.")
            % {"registration": taken.proposal.title, "group": taken.group.name}
        )
    group = LearningGroup.objects.create(
        call=call, name=name, description=description, created_by=actor
    )
    LearningGroupMember.objects.bulk_create(
        LearningGroupMember(group=group, proposal=proposal) for proposal in rows
    )
    log_activity(
        actor=actor, verb="learning_group.created", target=call, message=name,
        data={"group": group.pk, "registrations": [proposal.pk for proposal in rows]},
    )  # fmt: skip
    return group


@transaction.atomic
def change_learning_group(*, group: LearningGroup, name: str, description: str, actor):
    group = LearningGroup.objects.select_for_update().get(pk=group.pk)
    old = group.name
    group.name = _check_group_name(call=group.call, name=name, group=group)
    group.description = description
    group.save(update_fields=["name", "description"])
    log_activity(
        actor=actor, verb="learning_group.changed", target=group.call, message=group.name,
        data={"group": group.pk, "old_name": old},
    )  # fmt: skip
    return group


@transaction.atomic
def move_registration(*, call, registration: Proposal, group: LearningGroup | None, actor):
    """Put a registration in another group, or in no group (group None)."""
    [registration] = _registrations(call, [registration])
    if group is not None and group.call_id != call.pk:
        raise CoalitionError(_("This learning group belongs to another call."))
    if group is None:
        LearningGroupMember.objects.filter(proposal=registration).delete()
    else:
        LearningGroupMember.objects.update_or_create(
            proposal=registration, defaults={"group": group}
        )
    log_activity(
        actor=actor, verb="learning_group.moved", target=call,
        message=f"{registration.title} → {group.name if group else '–'}",
        data={"registration": registration.pk, "group": group.pk if group else None},
    )  # fmt: skip


@transaction.atomic
def delete_learning_group(*, group: LearningGroup, actor) -> None:
    """Remove a group; its registrations are in no group again."""
    call, name, pk = group.call, group.name, group.pk
    group.delete()
    log_activity(
        actor=actor, verb="learning_group.deleted", target=call, message=name, data={"group": pk}
    )
