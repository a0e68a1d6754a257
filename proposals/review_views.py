"""Reviewers: their list, the conflict declaration, scoring, ties. Staff: criteria, comparison.

Thin views: check permission, parse, call a service (proposals.review_services), render. A
reviewer never learns whether a proposal they may not open exists: they get a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import Call, Stage
from portal.decorators import fund_staff_required, predicate_required
from portal.rules import is_reviewer
from proposals import review_services
from proposals.models import Proposal, Review, ReviewerTie
from proposals.queries import proposal_for_page, with_review_summary
from proposals.reports import proposal_document
from proposals.review_forms import ConflictForm, CriterionFormSet, ReviewForm, TieForm
from proposals.services import ProposalError

# --- Access --------------------------------------------------------------------------------


def _reviews_or_reviewer(user):
    """Reviewers, and anyone who still has reviews on record."""
    return is_reviewer(user) or user.reviews.exists()


reviewer_required = predicate_required(_reviews_or_reviewer)


def _own_review(request, review_pk):
    """The reviewer's own open or finished review; a conflict or someone else's review is 404."""
    review = (
        Review.objects.select_related("stage", "proposal")
        .filter(pk=review_pk, reviewer=request.user)
        .exclude(state=Review.State.CONFLICT)
        .first()
    )
    if review is None or not request.user.has_perm("proposals.review_proposal", review.proposal):
        raise Http404
    return review


# --- Reviewer: list, conflict, scoring -----------------------------------------------------
@reviewer_required
def mine(request):
    reviews = list(
        Review.objects.filter(reviewer=request.user)
        .exclude(state=Review.State.CONFLICT)
        .select_related("stage", "proposal__call", "proposal__lead_organisation")
        .annotate(score_count=Count("scores"))
        .order_by("assigned_at", "pk")
    )
    return render(request, "proposals/review/mine.html", {
        "to_do": [r for r in reviews if r.state == Review.State.ASSIGNED],
        "done": [r for r in reviews if r.state == Review.State.SUBMITTED],
    })  # fmt: skip


@login_required
def review(request, review_pk):
    review = _own_review(request, review_pk)
    if not review.no_conflict_declared:
        return _conflict_page(request, review)
    proposal = proposal_for_page(review.proposal_id)
    if not request.user.has_perm("proposals.view_proposal", proposal):
        raise Http404
    criteria = list(review.stage.criteria.all())
    can_edit = review.state == Review.State.ASSIGNED
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _("This review is sent in. You cannot change it any more."))
            return redirect("proposals_review:review", review.pk)
        submit = "submit" in request.POST
        form = ReviewForm(request.POST, criteria=criteria, submit=submit)
        if form.is_valid():
            try:
                review_services.save_review(
                    review=review, scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"], submit=submit, actor=request.user,
                )  # fmt: skip
            except ProposalError as error:
                messages.error(request, str(error))
            else:
                if not submit:
                    messages.success(request, _("Saved. You can send it in later."))
                    return redirect("proposals_review:review", review.pk)
                messages.success(request, _("Your review is sent in. Thank you."))
                following = review_services.next_for_reviewer(request.user, after=review)
                if following is None:
                    return redirect("proposals_review:mine")
                return redirect("proposals_review:review", following.pk)
    else:
        form = ReviewForm(initial=_initial(review), criteria=criteria)
    context = {
        "review": review, "proposal": proposal, "form": form, "can_edit": can_edit,
        "document": proposal_document(proposal), "criteria": criteria,
        "own_scores": {s.criterion_id: s.value for s in review.scores.all()},
    }  # fmt: skip
    if request.user.has_perm("proposals.view_reviews", proposal):
        context.update(_other_reviews(review, criteria))
    return render(request, "proposals/review/review.html", context)


def _conflict_page(request, review):
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        has_conflict = form.cleaned_data["has_conflict"] == "yes"
        try:
            review_services.declare_conflict(
                review=review, has_conflict=has_conflict,
                reason=form.cleaned_data["reason"].strip() if has_conflict else "",
                actor=request.user,
            )  # fmt: skip
        except ProposalError as error:
            messages.error(request, str(error))
        else:
            if has_conflict:
                messages.success(
                    request, _("Thank you. You no longer review this proposal; the fund is told.")
                )
                return redirect("proposals_review:mine")
            return redirect("proposals_review:review", review.pk)
    return render(request, "proposals/review/conflict.html", {
        "review": review, "proposal": review.proposal, "form": form,
    })  # fmt: skip


def _initial(review):
    initial = {f"score_{score.criterion_id}": str(score.value) for score in review.scores.all()}
    initial.update(recommendation=review.recommendation, comment=review.comment)
    return initial


def _other_reviews(review, criteria):
    submitted = list(
        Review.objects.filter(
            proposal_id=review.proposal_id, stage=review.stage, state=Review.State.SUBMITTED
        )
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )
    others = []
    for number, other in enumerate((r for r in submitted if r.pk != review.pk), start=1):
        values = {score.criterion_id: score.value for score in other.scores.all()}
        others.append({
            "number": number, "review": other,
            "scores": [(criterion, values.get(criterion.pk)) for criterion in criteria],
        })  # fmt: skip
    return {
        "show_others": True,
        "others": others,
        "summary": review_services.score_summary(submitted, criteria),
    }


# --- Reviewer: ties with organisations -----------------------------------------------------
@reviewer_required
def ties(request):
    existing = list(
        ReviewerTie.objects.filter(reviewer=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    form = TieForm(exclude=[tie.organisation_id for tie in existing])
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            tie = get_object_or_404(ReviewerTie, pk=request.POST.get("tie"), reviewer=request.user)
            review_services.remove_tie(tie=tie, actor=request.user)
            messages.success(request, _("Tie removed."))
            return redirect("proposals_review:ties")
        form = TieForm(request.POST, exclude=[tie.organisation_id for tie in existing])
        if form.is_valid():
            review_services.add_tie(
                reviewer=request.user, organisation=form.cleaned_data["organisation"],
                actor=request.user,
            )  # fmt: skip
            messages.success(request, _("Tie added."))
            return redirect("proposals_review:ties")
    return render(request, "proposals/review/ties.html", {"ties": existing, "form": form})


# Minimal write helpers: review_services has no service for ties or criteria (yet).
# --- Staff: criteria -----------------------------------------------------------------------
@fund_staff_required
def criteria(request, stage_pk):
    stage = get_object_or_404(Stage.objects.select_related("call"), pk=stage_pk)
    queryset = stage.criteria.order_by("order", "pk")
    formset = CriterionFormSet(request.POST or None, queryset=queryset, prefix="criteria")
    if request.method == "POST" and formset.is_valid():
        try:
            review_services.save_criteria(stage=stage, formset=formset, actor=request.user)
        except ProposalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Review criteria saved."))
            return redirect("proposals_review:criteria", stage.pk)
        formset = CriterionFormSet(request.POST, queryset=queryset, prefix="criteria")
    return render(request, "proposals/review/criteria.html", {
        "stage": stage, "call": stage.call, "formset": formset,
    })  # fmt: skip


# --- Staff: comparison table ---------------------------------------------------------------
COLUMNS = [
    ("reference", gettext_lazy("Reference")),
    ("title", gettext_lazy("Proposal")),
    ("done", gettext_lazy("Reviews done")),
    ("mean", gettext_lazy("Weighted mean")),
    ("median", gettext_lazy("Median")),
    ("spread", gettext_lazy("Spread")),
    ("yes", gettext_lazy("Yes")),
    ("maybe", gettext_lazy("Maybe")),
    ("no", gettext_lazy("No")),
]
NUMERIC = {"done", "mean", "median", "spread", "yes", "maybe", "no"}
DEFAULT_SORT = "-mean"


def _sorted(rows, sort):
    field = sort.removeprefix("-")
    if field not in {key for key, _label in COLUMNS}:
        sort, field = DEFAULT_SORT, DEFAULT_SORT.removeprefix("-")
    descending = sort.startswith("-")
    rows = sorted(rows, key=lambda row: row["reference"] or "")
    present = [row for row in rows if row[field] is not None]
    missing = [row for row in rows if row[field] is None]  # empty values last, both ways
    present.sort(key=lambda row: row[field], reverse=descending)
    return present + missing, sort


def _headers(sort):
    headers = []
    for key, label in COLUMNS:
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        if current:
            next_sort = key if descending else f"-{key}"
        else:
            next_sort = f"-{key}" if key in NUMERIC else key
        headers.append({
            "key": key, "label": label, "numeric": key in NUMERIC, "next": next_sort,
            "aria_sort": ("descending" if descending else "ascending") if current else None,
        })  # fmt: skip
    return headers


@fund_staff_required
def compare(request, call_slug, stage_pk):
    call = get_object_or_404(Call, slug=call_slug)
    stage = get_object_or_404(Stage, pk=stage_pk, call=call)
    sort = request.GET.get("sort") or DEFAULT_SORT
    if request.method == "POST":
        return _save_ranking_note(request, call, stage, sort)
    criteria = list(stage.criteria.all())
    submitted = Review.objects.filter(stage=stage, state=Review.State.SUBMITTED).prefetch_related(
        "scores"
    )
    proposals = (
        with_review_summary(review_services.reviewable(call, stage))
        .select_related("lead_organisation")
        .prefetch_related(Prefetch("reviews", queryset=submitted, to_attr="submitted_reviews"))
        .order_by("reference", "pk")
    )
    rows = []
    for proposal in proposals:
        summary = review_services.score_summary(proposal.submitted_reviews, criteria)
        rows.append({
            "proposal": proposal, "reference": proposal.reference, "title": proposal.title,
            "done": proposal.reviews_done, "assigned": proposal.reviews_assigned,
            "mean": proposal.weighted_mean, "median": summary["median"],
            "spread": summary["spread"], "yes": proposal.recommended_yes,
            "maybe": proposal.recommended_maybe, "no": proposal.recommended_no,
        })  # fmt: skip
    rows, sort = _sorted(rows, sort)
    return render(request, "proposals/review/compare.html", {
        "call": call, "stage": stage, "rows": rows, "criteria": criteria,
        "headers": _headers(sort), "sort": sort,
        "stages": call.stages.order_by("order"),
    })  # fmt: skip


def _save_ranking_note(request, call, stage, sort):
    """The staff's ranking note is the proposal's decision reason, kept with its decision."""
    proposal = get_object_or_404(
        review_services.reviewable(call, stage), pk=request.POST.get("proposal") or 0
    )
    note = request.POST.get("note", "").strip()
    if not note:
        messages.error(request, _("Type a note first."))
    else:
        try:
            review_services.set_pending_decision(
                proposals=Proposal.objects.filter(pk=proposal.pk),
                decision=proposal.pending_decision, reason=note, actor=request.user,
            )  # fmt: skip
        except ProposalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Note saved for %(reference)s.") % {
                "reference": proposal.reference or proposal.title
            })  # fmt: skip
    url = reverse("proposals_review:compare", args=[call.slug, stage.pk])
    return redirect(f"{url}?{urlencode({'sort': sort})}#voorstel-{proposal.pk}")
