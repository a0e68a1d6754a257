"""Fund staff: one proposal's page, reviewer assignment, decisions and the decision mails."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from calls.models import Call, Stage
from portal import mail, registry
from portal.activity import timeline_for
from portal.decorators import fund_staff_required
from portal.models import OutboxMessage
from proposals import review_services, services
from proposals.models import DecisionTemplate, Proposal, Review, Score
from proposals.queries import proposal_for_staff, with_review_summary
from proposals.reports import proposal_document
from proposals.staff_forms import (
    AssignProposalsForm,
    AssignReviewerForm,
    AutoAssignForm,
    BulkDecisionForm,
    DecisionForm,
    DecisionTemplateForm,
    DraftMailForm,
    MessageForm,
    NoteForm,
    ThresholdForm,
)

staff_only = fund_staff_required


def _reviews(proposal):
    scores = Score.objects.select_related("criterion").order_by("criterion__order")
    return (
        Review.objects.filter(proposal=proposal)
        .select_related("reviewer", "stage")
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by("stage__order", "assigned_at")
    )


@staff_only
def proposal_detail(request, pk):
    try:
        proposal = proposal_for_staff(pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    forms = {
        "note": NoteForm(prefix="note"),
        "message": MessageForm(prefix="message"),
        "assign": AssignReviewerForm(prefix="assign"),
        "decision": DecisionForm(
            prefix="decision",
            initial={
                "decision": proposal.pending_decision,
                "reason": proposal.decision_reason,
                "note": proposal.decision_note,
            },
        ),  # fmt: skip
    }
    if request.method == "POST":
        response = _proposal_action(request, proposal, forms)
        if response is not None:
            return response
    reviews = list(_reviews(proposal))
    document = proposal_document(proposal)
    context = {
        "proposal": proposal,
        "document": document,
        "files": document["files"],
        "reviews": reviews,
        "summary": review_services.score_summary(
            [r for r in reviews if r.stage_id == proposal.stage_id]
        ),
        "notes": proposal.notes.select_related("author"),
        "timeline": timeline_for(proposal)[:50],
        "helpers": (
            proposal.helpers.select_related("helper")
            if proposal.state == Proposal.State.INVITED
            else ()
        ),
        "allowed_decisions": review_services.allowed_decisions(proposal),
        "sections": registry.sections("proposal_staff", request, proposal),
        **forms,
    }
    return render(request, "proposals/staff/proposal.html", context)


def _proposal_action(request, proposal, forms):
    action = request.POST.get("action")
    back = redirect("proposals_staff:detail", proposal.pk)
    try:
        if action == "note":
            form = forms["note"] = NoteForm(request.POST, prefix="note")
            if form.is_valid():
                review_services.add_note(
                    proposal=proposal, text=form.cleaned_data["text"], actor=request.user
                )
                messages.success(request, _("Note saved."))
                return back
        elif action == "message":
            form = forms["message"] = MessageForm(request.POST, prefix="message")
            if form.is_valid():
                review_services.send_message(
                    proposal=proposal, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Message sent to the applicants."))
                return back
        elif action == "flag":
            review_services.set_flag(
                proposal=proposal, flagged=not proposal.flagged, actor=request.user
            )
            return back
        elif action == "assign":
            form = forms["assign"] = AssignReviewerForm(request.POST, prefix="assign")
            if form.is_valid():
                review_services.assign_reviewer(
                    proposal=proposal, actor=request.user, reviewer=form.cleaned_data["reviewer"]
                )
                messages.success(request, _("Reviewer assigned."))
                return back
        elif action == "unassign":
            review = get_object_or_404(Review, proposal=proposal, pk=request.POST.get("review"))
            review_services.unassign_reviewer(review=review, actor=request.user)
            messages.success(request, _("Reviewer removed."))
            return back
        elif action == "decision":
            form = forms["decision"] = DecisionForm(request.POST, prefix="decision")
            if form.is_valid():
                review_services.set_pending_decision(
                    proposals=Proposal.objects.filter(pk=proposal.pk),
                    decision=form.cleaned_data["decision"], actor=request.user,
                    reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
                )  # fmt: skip
                messages.success(request, _("Decision noted. Nothing is sent yet."))
                return back
    except services.ProposalError as error:
        messages.error(request, str(error))
        return back
    return None


def _call_and_stage(slug, stage_pk):
    call = get_object_or_404(Call, slug=slug)
    return call, get_object_or_404(Stage, call=call, pk=stage_pk)


@staff_only
def assignments(request, slug, stage_pk):
    call, stage = _call_and_stage(slug, stage_pk)
    reviewable = review_services.reviewable(call, stage)
    auto_form = AutoAssignForm(
        prefix="auto", initial={"per_proposal": stage.reviewers_per_proposal}
    )
    by_hand = AssignProposalsForm(prefix="hand", proposals=reviewable)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "auto":
                auto_form = AutoAssignForm(request.POST, prefix="auto")
                if auto_form.is_valid():
                    count = review_services.auto_assign(
                        call=call, stage=stage, actor=request.user,
                        per_proposal=auto_form.cleaned_data["per_proposal"],
                    )  # fmt: skip
                    messages.success(request, ngettext(
                        "%(count)d assignment made.", "%(count)d assignments made.", count,
                    ) % {"count": count})  # fmt: skip
                    return redirect("proposals_staff:assignments", call.slug, stage.pk)
            else:
                by_hand = AssignProposalsForm(request.POST, prefix="hand", proposals=reviewable)
                if by_hand.is_valid():
                    for proposal in by_hand.cleaned_data["proposals"]:
                        review_services.assign_reviewer(
                            proposal=proposal, reviewer=by_hand.cleaned_data["reviewer"],
                            actor=request.user,
                        )  # fmt: skip
                    messages.success(request, _("Reviewer assigned."))
                    return redirect("proposals_staff:assignments", call.slug, stage.pk)
        except services.ProposalError as error:
            messages.error(request, str(error))
    proposals = reviewable.select_related("lead_organisation").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.filter(stage=stage)
                 .select_related("reviewer").order_by("assigned_at"))
    ).order_by("reference")  # fmt: skip
    return render(request, "proposals/staff/assignments.html", {
        "call": call, "stage": stage, "proposals": proposals, "auto_form": auto_form,
        "by_hand": by_hand,
    })  # fmt: skip


def _decision_drafts(call):
    return OutboxMessage.objects.filter(
        state=OutboxMessage.State.DRAFT,
        related_type=ContentType.objects.get_for_model(Proposal),
        related_id__in=[str(pk) for pk in call.proposals.values_list("pk", flat=True)],
    ).select_related("recipient")


@staff_only
def decisions(request, slug, stage_pk):
    call, stage = _call_and_stage(slug, stage_pk)
    reviewable = review_services.reviewable(call, stage)
    bulk_form = BulkDecisionForm(prefix="bulk")
    threshold_form = ThresholdForm(prefix="threshold")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "bulk":
                bulk_form = BulkDecisionForm(request.POST, prefix="bulk")
                chosen = reviewable.filter(pk__in=request.POST.getlist("proposal"))
                if bulk_form.is_valid() and chosen.exists():
                    count = review_services.set_pending_decision(
                        proposals=chosen, decision=bulk_form.cleaned_data["decision"],
                        actor=request.user,
                    )  # fmt: skip
                    messages.success(request, _decisions_noted(count))
                    return redirect("proposals_staff:decisions", call.slug, stage.pk)
                if not chosen.exists():
                    messages.error(request, _("Choose one or more proposals first."))
            elif action == "threshold":
                threshold_form = ThresholdForm(request.POST, prefix="threshold")
                if threshold_form.is_valid():
                    count = review_services.decisions_by_threshold(
                        call=call, stage=stage, actor=request.user, **threshold_form.cleaned_data
                    )
                    messages.success(request, _decisions_noted(count))
                    return redirect("proposals_staff:decisions", call.slug, stage.pk)
            elif action == "apply":
                count = review_services.apply_decisions(call=call, actor=request.user)
                messages.success(request, ngettext(
                    "%(count)d decision applied. Read the mail below, then send it.",
                    "%(count)d decisions applied. Read the mails below, then send them.", count,
                ) % {"count": count})  # fmt: skip
                return redirect("proposals_staff:outbox", call.slug)
        except services.ProposalError as error:
            messages.error(request, str(error))
    proposals = with_review_summary(reviewable.select_related("lead_organisation")).order_by(
        "-weighted_mean", "reference"
    )
    pending = call.proposals.exclude(pending_decision="").count()
    return render(request, "proposals/staff/decisions.html", {
        "call": call, "stage": stage, "proposals": proposals, "bulk_form": bulk_form,
        "threshold_form": threshold_form, "pending": pending,
    })  # fmt: skip


@staff_only
def outbox(request, slug):
    call = get_object_or_404(Call, slug=slug)
    drafts = _decision_drafts(call)
    if request.method == "POST" and request.POST.get("action") == "send_all":
        for message in drafts:
            mail.send_draft(message=message, actor=request.user)
        messages.success(request, _("All mails are sent."))
        return redirect("proposals_staff:outbox", call.slug)
    return render(request, "proposals/staff/outbox.html", {"call": call, "drafts": drafts})


@staff_only
def draft_edit(request, slug, pk):
    call = get_object_or_404(Call, slug=slug)
    message = get_object_or_404(_decision_drafts(call), pk=pk)
    form = DraftMailForm(
        request.POST or None, initial={"subject": message.subject, "body_text": message.body_text}
    )
    if request.method == "POST" and form.is_valid():
        if "send" in request.POST:
            mail.send_draft(message=message, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The mail is sent."))
        else:
            message.subject = form.cleaned_data["subject"]
            if form.cleaned_data["body_text"] != message.body_text:
                message.body_text = form.cleaned_data["body_text"]
                message.body_html = ""
            message.save(update_fields=["subject", "body_text", "body_html"])
            messages.success(request, _("Saved. The mail is not sent yet."))
        return redirect("proposals_staff:outbox", call.slug)
    return render(
        request, "proposals/staff/draft_edit.html", {"call": call, "message": message, "form": form}
    )


@staff_only
@require_POST
def draft_send(request, slug, pk):
    call = get_object_or_404(Call, slug=slug)
    message = get_object_or_404(_decision_drafts(call), pk=pk)
    mail.send_draft(message=message, actor=request.user)
    messages.success(request, _("The mail is sent."))
    return redirect("proposals_staff:outbox", call.slug)


@staff_only
def decision_templates(request, slug):
    call = get_object_or_404(Call, slug=slug)
    forms = []
    for decision, label in Proposal.Decision.choices:
        instance = DecisionTemplate.objects.filter(call=call, decision=decision).first()
        instance = instance or DecisionTemplate(call=call, decision=decision)
        form = DecisionTemplateForm(
            request.POST if request.POST.get("decision") == decision else None,
            instance=instance, prefix=decision,
        )  # fmt: skip
        if form.is_bound and form.is_valid():
            form.save()
            messages.success(request, _("Mail text saved."))
            return redirect("proposals_staff:decision_templates", call.slug)
        forms.append((decision, label, form))
    return render(
        request, "proposals/staff/decision_templates.html", {"call": call, "forms": forms}
    )


def _decisions_noted(count):
    return ngettext(
        "Decision noted for %(count)d proposal.", "Decision noted for %(count)d proposals.", count
    ) % {"count": count}
