"""Every change to a proposal: one function each, one transaction each, an activity entry each."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from calls import question_forms
from calls.models import Call, Stage
from portal import mail
from portal.activity import log_activity
from portal.editing import EditorRequest, apply_edits
from portal.models import Membership, Organisation, Role
from proposals.models import (
    Answer,
    BudgetLine,
    HelpAssignment,
    Invitation,
    Proposal,
    ReferenceCounter,
    StageSubmission,
)

State = Proposal.State


class ProposalError(Exception):
    """A change that cannot be made; the message is shown to the person as it is."""


class InvalidTransition(ProposalError):
    pass


def set_state(*, proposal: Proposal, to: str, actor, message: str = "") -> Proposal:
    """The one place a proposal's state changes: checks the transition table, logs it."""
    if to not in Proposal.TRANSITIONS[proposal.state]:
        raise InvalidTransition(
            _("A proposal that is %(state)s cannot become %(to)s.")
            % {"state": proposal.get_state_display(), "to": State(to).label}
        )
    old = proposal.state
    proposal.state = to
    proposal.version += 1
    proposal.save(update_fields=["state", "version", "updated_at"])
    if not proposal.is_editable:
        end_help(proposal=proposal, actor=actor)
    log_activity(
        actor=actor, verb=f"proposal.{to}", target=proposal, message=message,
        data={"from": old, "to": to},
    )  # fmt: skip
    return proposal


def end_help(*, proposal, actor) -> int:
    """Writing help ends once the applicants can no longer change the proposal (sent in,
    withdrawn, declined)."""
    ended = HelpAssignment.objects.filter(proposal=proposal, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    if ended:
        log_activity(actor=actor, verb="help.ended", target=proposal)
    return ended


def first_stage(call: Call) -> Stage:
    return call.stages.order_by("order").first()


@transaction.atomic
def start_proposal(*, call: Call, title: str, lead_organisation: Organisation, actor) -> Proposal:
    stage = first_stage(call)
    if not call.is_open or stage is None:
        raise ProposalError(_("This call is not open."))
    if stage.is_past_deadline():
        raise ProposalError(
            _("The deadline has passed: %(deadline)s.")
            % {"deadline": format_moment(stage.deadline)}
        )
    proposal = Proposal.objects.create(
        call=call, stage=stage, title=title, lead_organisation=lead_organisation,
        created_by=actor,
    )  # fmt: skip
    proposal.people.add(actor)
    log_activity(actor=actor, verb="proposal.started", target=proposal, message=title)
    return proposal


@transaction.atomic
def create_organisation(*, name, kind, municipality, actor, website="", kvk_number=""):
    """A new organisation, with the person who made it as its manager."""
    organisation, created = Organisation.objects.get_or_create(
        name=name.strip(), municipality=municipality.strip(),
        defaults={"kind": kind, "website": website, "kvk_number": kvk_number},
    )  # fmt: skip
    if created:
        Membership.objects.create(
            user=actor, organisation=organisation, role=Membership.Role.MANAGER
        )
        log_activity(actor=actor, verb="organisation.created", target=organisation)
    return organisation


@transaction.atomic
def save_answers(*, proposal: Proposal, questions, values: dict, actor, editor=None):
    """Save answers of one page of the form (autosave or the save button), by the editor rule of
    `portal.editing`: an answer someone else changed since this editor's revision is not
    overwritten but returned as a conflict, and the person's own text stays in their browser.

    `values` maps question key to the new JSON value; `editor.bases` the revision per key.
    """
    editor = editor or EditorRequest()
    proposal = _lock_editable(proposal)
    by_key = {question.key: question for question in questions}
    existing = {
        answer.question_key: answer
        for answer in Answer.objects.select_for_update().filter(
            proposal=proposal, question_key__in=list(values)
        )
    }
    current = {key: existing[key].value if key in existing else None for key in values}
    # An empty answer that was never given is the same as no answer.
    edits = {
        key: value for key, value in values.items()
        if not (question_forms.is_empty(value) and current[key] is None)
    }  # fmt: skip
    result = apply_edits(target=proposal, edits=edits, current=current, request=editor, actor=actor)
    for key in values.keys() - edits.keys():
        result.revisions[key] = editor.bases.get(key, 0)
    for key, value in result.accepted.items():
        answer = existing.get(key) or Answer(
            proposal=proposal, question=by_key[key], question_key=key
        )
        answer.value = value
        answer.question_text = by_key[key].text  # the text as it was when answered
        answer.updated_by = actor
        answer.save()
    if result.accepted:
        Proposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now())
        log_activity(
            actor=actor, verb="proposal.answers_saved", target=proposal,
            data={"questions": list(result.accepted)},
        )  # fmt: skip
    return result


def _lock_editable(proposal) -> Proposal:
    """The proposal row locked for a change, or a ProposalError that says why it cannot be."""
    proposal = (
        Proposal.objects.select_for_update().select_related("stage", "call").get(pk=proposal.pk)
    )
    if not proposal.is_editable:
        raise ProposalError(_("This proposal is sent in. You cannot change it any more."))
    if proposal.stage.is_past_deadline():
        raise ProposalError(
            _("The deadline has passed: %(deadline)s. You cannot change this proposal any more.")
            % {"deadline": format_moment(proposal.stage.deadline)}
        )
    return proposal


@transaction.atomic
def sync_file_answer(*, proposal: Proposal, question, actor) -> None:
    """A file question is answered when it has at least one file: its answer lists the names."""
    from portal.files import files_of

    proposal = _lock_editable(proposal)
    names = [
        private_file.original_name
        for private_file in files_of(proposal)
        if private_file.purpose == f"question:{question.key}"
    ]
    answer = Answer.objects.filter(proposal=proposal, question_key=question.key).first()
    if answer is None and not names:
        return
    answer = answer or Answer(proposal=proposal, question=question, question_key=question.key)
    answer.value = names or None
    answer.question_text = question.text
    answer.updated_by = actor
    answer.save()


@transaction.atomic
def remove_file(*, proposal: Proposal, private_file, actor) -> None:
    """Remove an uploaded file while the proposal can still be changed."""
    from calls.models import Question

    _lock_editable(proposal)
    key = private_file.purpose.removeprefix("question:")
    name = private_file.original_name
    private_file.file.delete(save=False)
    private_file.delete()
    question = Question.objects.filter(section__stage=proposal.stage, key=key).first() or Question(
        key=key, text=key
    )
    sync_file_answer(proposal=proposal, question=question, actor=actor)
    log_activity(actor=actor, verb="proposal.file_removed", target=proposal, message=name)


def refresh_search_vector(proposal) -> None:
    """Full-text search over the title, the organisations and every answer (Dutch stemming)."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    organisations = " ".join(str(organisation) for organisation in organisations_of(proposal))
    answers = " ".join(
        " ".join(map(str, value)) if isinstance(value, list) else str(value)
        for value in proposal.answers.values_list("value", flat=True)
        if value not in (None, "")
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        search_vector=SearchVector(Value(proposal.title), weight="A", config="dutch")
        + SearchVector(Value(f"{proposal.reference or ''} {organisations}"), weight="B",
                       config="simple")
        + SearchVector(Value(answers), weight="C", config="dutch")
    )  # fmt: skip


def answers_by_key(proposal) -> dict:
    return dict(proposal.answers.values_list("question_key", "value"))


def format_moment(moment) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j F Y, H:i")


@dataclass
class Problem:
    message: str
    question: object = None


def problems_before_submit(*, proposal: Proposal, sections, now=None) -> list[Problem]:
    """Everything that stops a submission, each with the question it is about."""
    problems = []
    stage = proposal.stage
    if stage.is_past_deadline(now):
        problems.append(Problem(
            _("The deadline has passed: %(deadline)s. You can no longer send in.")
            % {"deadline": format_moment(stage.deadline)}
        ))  # fmt: skip
    answers = answers_by_key(proposal)
    questions = [question for section in sections for question in section.questions.all()]
    for question in question_forms.missing_required(questions, answers):
        problems.append(
            Problem(_("Please answer: %(question)s") % {"question": question.text}, question)
        )
    if stage.order == 1:
        problems.extend(eligibility_problems(proposal))
    if stage.has_budget:
        problems.extend(budget_problems(proposal))
    return problems


def organisations_of(proposal) -> list[Organisation]:
    return [proposal.lead_organisation, *proposal.partners.all()]


def eligibility_problems(proposal) -> list[Problem]:
    kinds = [organisation.kind for organisation in organisations_of(proposal)]
    problems = []
    for rule in proposal.call.eligibility_rules.all():
        if kinds.count(rule.organisation_kind) < rule.minimum:
            problems.append(Problem(
                _("At least %(minimum)d organisation(s) of this kind must take part: %(kind)s.")
                % {"minimum": rule.minimum, "kind": rule.get_organisation_kind_display()}
            ))  # fmt: skip
    return problems


BUDGET_FIELDS = ("lines", "own_contribution", "other_funders_amount", "other_funders")


def budget_editor_values(*, lines, own_contribution, other_funders_amount, other_funders) -> dict:
    """The budget as the editor compares it: one field for all lines, one per other amount."""
    return {
        "lines": [
            [line["category"], line["description"], f"{Decimal(line['amount']):.2f}"]
            for line in lines
        ],
        "own_contribution": f"{Decimal(own_contribution or 0):.2f}",
        "other_funders_amount": f"{Decimal(other_funders_amount or 0):.2f}",
        "other_funders": other_funders or "",
    }


def stored_budget(proposal) -> dict:
    return budget_editor_values(
        lines=[
            {"category": line.category, "description": line.description, "amount": line.amount}
            for line in proposal.budget_lines.all()
        ],
        own_contribution=proposal.own_contribution,
        other_funders_amount=proposal.other_funders_amount,
        other_funders=proposal.other_funders,
    )


@transaction.atomic
def autosave_budget(*, proposal, lines, totals: dict, changed, editor, actor, final=False):
    """The budget editor's save: the fields it changed, unless someone else changed them since
    (portal.editing). Writes the lines and amounts that may be written."""
    proposal = _lock_editable(proposal)
    current = stored_budget(proposal)
    edits = budget_editor_values(lines=lines, **totals)
    edits = {name: value for name, value in edits.items() if name in changed}
    result = apply_edits(
        target=proposal, edits={f"budget:{k}": v for k, v in edits.items()},
        current={f"budget:{k}": v for k, v in current.items()}, request=editor, actor=actor,
    )  # fmt: skip
    accepted = {name.removeprefix("budget:") for name in result.accepted}
    if accepted:
        save_budget(
            proposal=proposal, actor=actor, log=final,
            lines=lines if "lines" in accepted else [
                {"category": c, "description": d, "amount": Decimal(a)}
                for c, d, a in current["lines"]
            ],
            **{name: totals[name] if name in accepted else getattr(proposal, name)
               for name in ("own_contribution", "other_funders_amount", "other_funders")},
        )  # fmt: skip
    return result


def budget_totals(proposal, lines=None) -> dict:
    """Total and requested amount; from `lines` when they are already loaded."""
    if lines is not None:
        total = sum((line.amount for line in lines), 0)
    else:
        total = proposal.budget_lines.aggregate(total=Sum("amount"))["total"] or 0
    requested = total - proposal.own_contribution - proposal.other_funders_amount
    return {"total": total, "requested": requested}


def over_maximum_message(requested, maximum) -> str:
    from portal.templatetags.portal_tags import euro

    return _("You ask for %(requested)s. The most you can ask is %(maximum)s.") % {
        "requested": euro(requested), "maximum": euro(maximum),
    }  # fmt: skip


def budget_problems(proposal) -> list[Problem]:
    problems = []
    totals = budget_totals(proposal)
    if not proposal.budget_lines.exists():
        problems.append(Problem(_("Add at least one line to the budget.")))
    maximum = proposal.call.max_amount
    if maximum is not None and totals["requested"] > maximum:
        problems.append(Problem(
            over_maximum_message(totals["requested"], maximum)
        ))  # fmt: skip
    if totals["requested"] < 0:
        problems.append(Problem(_("Your own money and other funders are more than the total.")))
    return problems


def _next_reference(call: Call, year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        prefix=call.reference_prefix, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{call.reference_prefix}-{year}-{counter.last_number:04d}"


def submit(*, proposal: Proposal, actor, now=None) -> Proposal:
    """Send in the current stage. A second click, or a second person at the same moment,
    finds it already sent in and changes nothing."""
    from proposals.queries import sections_with_questions

    now = now or timezone.now()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        stage = proposal.stage
        if StageSubmission.objects.filter(proposal=proposal, stage=stage).exists():
            return proposal  # already sent in: the double click
        if not proposal.is_editable:
            raise ProposalError(_("This proposal cannot be sent in now."))
        problems = problems_before_submit(
            proposal=proposal, sections=sections_with_questions(stage), now=now
        )
        if problems:
            raise ProposalError(problems[0].message)
        try:
            with transaction.atomic():
                StageSubmission.objects.create(
                    proposal=proposal, stage=stage, submitted_by=actor, submitted_at=now
                )
        except IntegrityError:
            return proposal
        if not proposal.reference:
            proposal.reference = _next_reference(proposal.call, timezone.localtime(now).year)
        proposal.submitted_at = now
        proposal.save(update_fields=["reference", "submitted_at"])
        to = State.FULL_PLAN_SUBMITTED if stage.kind == Stage.Kind.FULL_PLAN else State.SUBMITTED
        set_state(proposal=proposal, to=to, actor=actor, message=stage.name)
        refresh_search_vector(proposal)
        _mail_submission(proposal=proposal, stage=stage, actor=actor)
    return proposal


def _mail_submission(*, proposal, stage, actor):
    """Confirmation with a PDF copy to the applicants; a notice to the fund's staff."""
    from proposals.reports import proposal_pdf

    pdf = proposal_pdf(proposal, language=getattr(actor, "language", None))
    path = default_storage.save(
        f"proposals/{proposal.pk}/{proposal.reference}.pdf", ContentFile(pdf)
    )
    attachment = {"name": f"{proposal.reference}.pdf", "path": path, "mimetype": "application/pdf"}
    for person in proposal.people.all():
        mail.compose(
            template="proposals/mail/submitted",
            context={"proposal": proposal, "stage": stage},
            recipient=person, related=proposal, attachments=[attachment],
        )  # fmt: skip
    staff = get_user_model().objects.filter(groups__name=Role.STAFF, is_active=True)
    for person in staff:
        mail.compose(
            template="proposals/mail/staff_notice",
            context={"proposal": proposal, "stage": stage},
            recipient=person, related=proposal,
        )  # fmt: skip


@transaction.atomic
def withdraw(*, proposal: Proposal, actor) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    return set_state(proposal=proposal, to=State.WITHDRAWN, actor=actor)


def _next_stage(proposal):
    return proposal.call.stages.filter(order__gt=proposal.stage.order).order_by("order").first()


def move_to_next_stage(proposal) -> Stage:
    """An invited proposal opens the next stage of its call (the full plan)."""
    proposal.stage = _next_stage(proposal)
    proposal.save(update_fields=["stage"])
    return proposal.stage


@transaction.atomic
def invite_to_full_plan(*, proposal: Proposal, actor) -> Proposal:
    """Staff invite a submitted proposal to write the full plan (stage 2)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if _next_stage(proposal) is None:
        raise ProposalError(_("This call has no next stage."))
    set_state(proposal=proposal, to=State.INVITED, actor=actor)
    move_to_next_stage(proposal)
    for person in proposal.people.all():
        mail.compose(
            template="proposals/mail/invited_to_full_plan",
            context={"proposal": proposal, "stage": proposal.stage},
            recipient=person, related=proposal,
        )  # fmt: skip
    return proposal


@transaction.atomic
def add_partner(*, proposal: Proposal, organisation: Organisation, actor) -> None:
    if organisation == proposal.lead_organisation:
        raise ProposalError(_("This is already the lead organisation."))
    proposal.partners.add(organisation)
    log_activity(
        actor=actor, verb="proposal.partner_added", target=proposal, message=organisation.name
    )


@transaction.atomic
def remove_partner(*, proposal: Proposal, organisation: Organisation, actor) -> None:
    proposal.partners.remove(organisation)
    log_activity(
        actor=actor, verb="proposal.partner_removed", target=proposal, message=organisation.name
    )


# The invitations one person sends, counted together for the hourly cap (portal.mail).
INVITATION_MAILS = ["proposals/mail/co_applicant_invitation", "coalitions/mail/invitation"]


def too_many_invitations(limit: int) -> str:
    return _(
        "You sent %(count)s invitations in the last hour. That is the most we allow, so that "
        "nobody can misuse the portal. Try again in an hour."
    ) % {"count": limit}


@transaction.atomic
def invite_co_applicant(*, proposal: Proposal, email: str, actor) -> Invitation:
    email = email.strip().lower()
    if proposal.people.filter(email__iexact=email).exists():
        raise ProposalError(_("This person already works on this proposal."))
    limit = settings.SENDING_CAPS["invitations"]
    if mail.sending_cap_reached(actor=actor, kinds=INVITATION_MAILS, limit=limit):
        raise ProposalError(too_many_invitations(limit))
    invitation, created = Invitation.objects.get_or_create(
        proposal=proposal, email=email, state=Invitation.State.PENDING,
        defaults={"invited_by": actor},
    )  # fmt: skip
    if created:
        mail.compose(
            template="proposals/mail/co_applicant_invitation",
            context={"proposal": proposal, "invitation": invitation, "invited_by": actor},
            to_email=email, related=proposal, created_by=actor,
        )  # fmt: skip
        log_activity(
            actor=actor, verb="proposal.co_applicant_invited", target=proposal, message=email
        )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Proposal:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != Invitation.State.PENDING:
        raise ProposalError(_("This invitation is no longer valid."))
    invitation.state = Invitation.State.ACCEPTED
    invitation.accepted_by = user
    invitation.save(update_fields=["state", "accepted_by"])
    invitation.proposal.people.add(user)
    log_activity(actor=user, verb="proposal.co_applicant_joined", target=invitation.proposal)
    return invitation.proposal


@transaction.atomic
def save_budget(
    *,
    proposal: Proposal,
    lines: list[dict],
    own_contribution,
    other_funders_amount,
    other_funders: str,
    actor,
    log: bool = True,
) -> dict:
    """Replace the budget lines; totals are always computed here, never trusted from the page.
    `log=False`: an autosave, no activity entry for every pause in typing."""
    proposal = _lock_editable(proposal)
    proposal.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=proposal, order=index, **line) for index, line in enumerate(lines)
    )
    proposal.own_contribution = own_contribution or 0
    proposal.other_funders_amount = other_funders_amount or 0
    proposal.other_funders = other_funders
    proposal.version += 1
    proposal.save(update_fields=[
        "own_contribution", "other_funders_amount", "other_funders", "version", "updated_at",
    ])  # fmt: skip
    if log:
        log_activity(actor=actor, verb="proposal.budget_saved", target=proposal)
    return budget_totals(proposal)
