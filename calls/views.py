"""Public pages of calls: the list, one call, the quick check. No account needed."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from calls import queries
from calls.models import Call
from portal.rules import is_fund_staff


def _visible_or_404(request, call):
    """Draft calls do not exist for the public; fund staff may preview them."""
    if call is None or (call.status == Call.Status.DRAFT and not is_fund_staff(request.user)):
        raise Http404
    return call


def eligibility_sentence(rules) -> str:
    """'At least 1 resident initiative and at least 1 welfare organisation', in the UI language."""
    parts = [
        ngettext(
            "at least %(count)d %(kind)s",
            "at least %(count)d organisations of the kind %(kind)s",
            rule.minimum,
        )
        % {"count": rule.minimum, "kind": rule.get_organisation_kind_display().lower()}
        for rule in rules
    ]
    return capfirst(get_text_list(parts, gettext("and"))) if parts else ""


def _application_window(call, now=None):
    """(accepting, first_stage): accepting when the call is published and the first stage's
    deadline has not passed yet. Uses the prefetched stages."""
    stages = list(call.stages.all())
    first_stage = stages[0] if stages else None
    accepting = (
        call.status == Call.Status.PUBLISHED
        and first_stage is not None
        and not first_stage.is_past_deadline(now)
    )
    return accepting, first_stage


@require_GET
def call_list(request):
    now = timezone.now()
    return render(
        request,
        "calls/call_list.html",
        {
            "open_calls": list(queries.open_calls_for_list(now)),
            "past_calls": list(queries.past_calls(now)),
        },
    )


@require_GET
def call_detail(request, slug):
    call = _visible_or_404(request, queries.call_for_public_page(slug))
    now = timezone.now()
    accepting, first_stage = _application_window(call, now)
    rules = list(call.eligibility_rules.all())
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "now": now,
            "milestones": list(call.milestones.all()),
            "stages": list(call.stages.all()),
            "first_stage": first_stage,
            "accepting": accepting,
            "eligibility": eligibility_sentence(rules),
        },
    )


YES, NO = "yes", "no"


@require_GET
def quick_check(request, slug):
    call = _visible_or_404(request, queries.call_for_quick_check(slug))
    questions = list(call.quick_check.all())
    if not questions:
        raise Http404
    submitted = "controleer" in request.GET or any(
        f"vraag-{question.pk}" in request.GET for question in questions
    )
    rows, not_fitting, missing = [], [], []
    for question in questions:
        answer = request.GET.get(f"vraag-{question.pk}")
        answer = answer if answer in (YES, NO) else None
        rows.append({"question": question, "name": f"vraag-{question.pk}", "answer": answer})
        if answer is None:
            missing.append(question)
        elif (answer == YES) != question.fitting_answer:
            not_fitting.append(question)
    accepting, _first_stage = _application_window(call)
    return render(
        request,
        "calls/quick_check.html",
        {
            "call": call,
            "rows": rows,
            "submitted": submitted,
            "missing": missing if submitted else [],
            "not_fitting": not_fitting,
            "fits": submitted and not missing and not not_fitting,
            "accepting": accepting,
            "YES": YES,
            "NO": NO,
        },
    )
