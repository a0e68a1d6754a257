"""Writing help: the helper reads the draft and comments beside answers; applicants resolve;
staff choose the helper. Helpers never edit answers and never see reviews or staff notes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls import question_forms
from portal.files import files_of
from portal.rules import is_writing_helper
from proposals import review_services
from proposals.help_forms import AssignHelperForm, HelpCommentForm
from proposals.models import HelpAssignment, HelpComment, Proposal
from proposals.queries import proposal_for_page, sections_with_questions
from proposals.services import ProposalError

# The questions of the first stage where applicants ask for help (see the call's form).
HELP_REQUEST_KEYS = ("hulp-gewenst", "hulp-wat")


def _visible_proposal(request, pk):
    """The proposal if the user may see it at all; otherwise 404, which tells nothing."""
    try:
        proposal = proposal_for_page(pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("proposals.view_proposal", proposal):
        raise Http404
    return proposal


@login_required
def mine(request):
    """The proposals this person helps with: active help first, then help that has ended."""
    assignments = list(
        HelpAssignment.objects.filter(helper=request.user)
        .select_related("proposal__call", "proposal__stage")
        .order_by(F("ended_at").desc(nulls_first=True), "-created_at")
    )
    if not assignments and not is_writing_helper(request.user):
        raise PermissionDenied
    return render(
        request,
        "proposals/help/mine.html",
        {
            "active": [a for a in assignments if a.ended_at is None],
            "ended": [a for a in assignments if a.ended_at is not None],
        },
    )


def _rows(proposal, comments):
    """The current stage's shown questions with their answers, files and comments."""
    answers = {answer.question_key: answer for answer in proposal.answers.all()}
    values = {key: answer.value for key, answer in answers.items()}
    files = {}
    for private_file in files_of(proposal):
        files.setdefault(private_file.purpose.removeprefix("question:"), []).append(private_file)
    by_key = {}
    for comment in comments:
        by_key.setdefault(comment.question_key, []).append(comment)
    sections = []
    for section in sections_with_questions(proposal.stage):
        rows = []
        for question in question_forms.visible_questions(section.questions.all(), values):
            answer = answers.get(question.key)
            rows.append({
                "key": question.key,
                "question": question.text,
                "value": answer.value if answer else None,
                "empty": answer is None or question_forms.is_empty(answer.value),
                "files": files.get(question.key, []),
                "comments": by_key.get(question.key, []),
                "form": None,
            })  # fmt: skip
        sections.append({"section": section, "rows": rows})
    return sections


@login_required
def proposal(request, proposal_pk):
    """The helper's view: answers read-only, comments beside each one. Staff may look along."""
    proposal = _visible_proposal(request, proposal_pk)
    can_comment = request.user.has_perm("proposals.comment_as_helper", proposal)
    if not can_comment and not request.user.has_perm("proposals.manage_proposal", proposal):
        raise Http404
    comments = proposal.help_comments.select_related("author", "resolved_by")
    sections = _rows(proposal, comments)
    rows = {row["key"]: row for part in sections for row in part["rows"]}
    if request.method == "POST":
        if not can_comment:
            raise PermissionDenied
        row = rows.get(request.POST.get("question_key", ""))
        if row is None:
            raise Http404
        form = HelpCommentForm(request.POST, auto_id=f"id_%s_{row['key']}")
        if form.is_valid():
            try:
                review_services.add_help_comment(
                    proposal=proposal, question_key=row["key"],
                    text=form.cleaned_data["text"], actor=request.user,
                )  # fmt: skip
            except ProposalError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your comment is added."))
            url = reverse("proposals_help:proposal", args=[proposal.pk])
            return redirect(f"{url}#q-{row['key']}")
        row["form"] = form
    if can_comment:
        for row in rows.values():
            if row["form"] is None:
                row["form"] = HelpCommentForm(auto_id=f"id_%s_{row['key']}")
    return render(request, "proposals/help/proposal.html", {
        "proposal": proposal, "sections": sections, "can_comment": can_comment,
        "open_count": sum(1 for c in comments if c.resolved_at is None),
    })  # fmt: skip


def _back(request, comment):
    """Back to the part of the form with the question, or to the proposal's page."""
    proposal = comment.proposal
    if request.user.has_perm("proposals.change_proposal", proposal):
        for section in sections_with_questions(proposal.stage):
            if any(q.key == comment.question_key for q in section.questions.all()):
                return redirect("proposals:section", proposal.pk, section.pk)
    return redirect("proposals:detail", proposal.pk)


@login_required
@require_POST
def resolve(request, comment_pk):
    """An applicant marks a helper's comment as resolved."""
    comment = get_object_or_404(HelpComment.objects.select_related("proposal"), pk=comment_pk)
    proposal = _visible_proposal(request, comment.proposal_id)
    if not request.user.has_perm("proposals.resolve_help_comment", proposal):
        raise PermissionDenied
    comment.proposal = proposal
    if comment.resolved_at is None:
        review_services.resolve_help_comment(comment=comment, actor=request.user)
        messages.success(request, _("The comment is marked as resolved."))
    return _back(request, comment)


@login_required
def assign(request, proposal_pk):
    """Staff choose a helper for an invited proposal that asked for help."""
    proposal = _visible_proposal(request, proposal_pk)
    if not request.user.has_perm("proposals.manage_proposal", proposal):
        raise PermissionDenied
    form = AssignHelperForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        helper = form.cleaned_data["helper"]
        already = proposal.helpers.filter(helper=helper, ended_at__isnull=True).exists()
        try:
            review_services.assign_helper(proposal=proposal, helper=helper, actor=request.user)
        except ProposalError as error:
            messages.error(request, str(error))
        else:
            if already:
                messages.info(request, _("%(name)s already helps.") % {"name": helper})
            else:
                messages.success(
                    request, _("%(name)s now helps with this proposal.") % {"name": helper}
                )
            return redirect("proposals_help:assign", proposal.pk)
    answers = {
        a.question_key: a for a in proposal.answers.filter(question_key__in=HELP_REQUEST_KEYS)
    }
    return render(request, "proposals/help/assign.html", {
        "proposal": proposal, "form": form,
        "help_wanted": answers.get("hulp-gewenst"), "help_what": answers.get("hulp-wat"),
        "assignments": proposal.helpers.select_related("helper").order_by(
            F("ended_at").desc(nulls_first=True), "created_at"),
        "can_assign": proposal.state == Proposal.State.INVITED,
    })  # fmt: skip
