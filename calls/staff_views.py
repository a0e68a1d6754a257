"""The fund staff's pages to set up programmes, calls, stages and their forms.

Every view: check permission (`staff_required`), parse the form, call a service, render.
"""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls import forms, services
from calls.models import Call, Milestone, Programme, Question, QuickCheckQuestion, Section, Stage
from calls.question_forms import form_for_section
from calls.rules import staff_required
from portal import registry
from portal.activity import timeline_for


def _form_page(request, form, *, title, back, intro="", submit=None, call=None, multipart=False):
    return render(
        request,
        "calls/staff/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "intro": intro,
            "submit": submit or _("Save"),
            "call": call,
            "multipart": multipart,
        },
    )


def _confirm_page(request, *, title, back, warnings=(), call=None):
    return render(
        request,
        "calls/staff/confirm_delete.html",
        {"title": title, "back": back, "warnings": warnings, "call": call},
    )


def _call(slug):
    return get_object_or_404(Call.objects.select_related("programme"), slug=slug)


# --- Programmes ----------------------------------------------------------------------------
@staff_required
def programme_list(request):
    programmes = Programme.objects.annotate(call_count=Count("calls")).order_by("name")
    return render(request, "calls/staff/programme_list.html", {"programmes": programmes})


@staff_required
def programme_create(request):
    return _programme_form(request, Programme())


@staff_required
def programme_edit(request, slug):
    return _programme_form(request, get_object_or_404(Programme, slug=slug))


def _programme_form(request, programme):
    is_new = programme.pk is None
    form = forms.ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        services.save_programme(programme=form.save(commit=False), actor=request.user)
        messages.success(request, _("The programme was saved."))
        return redirect("calls_staff:programme_list")
    return _form_page(
        request,
        form,
        title=_("New programme") if is_new else _("Change programme"),
        back=reverse("calls_staff:programme_list"),
    )


# --- Calls ---------------------------------------------------------------------------------
@staff_required
def call_list(request):
    calls = (
        Call.objects.select_related("programme")
        .annotate(stage_count=Count("stages", distinct=True))
        .order_by("-created_at")
    )
    status = request.GET.get("status", "")
    if status in Call.Status.values:
        calls = calls.filter(status=status)
    page = Paginator(calls, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "calls/staff/call_list.html",
        {"page": page, "status": status, "statuses": Call.Status.choices},
    )


@staff_required
def call_create(request):
    form = forms.CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = services.save_call(call=form.save(commit=False), actor=request.user)
        messages.success(request, _("The call was created. Now set up its form."))
        return redirect("calls_staff:call_detail", slug=call.slug)
    return _form_page(request, form, title=_("New call"), back=reverse("calls_staff:call_list"))


@staff_required
def call_detail(request, slug):
    call = _call(slug)
    stages = call.stages.annotate(
        section_count=Count("sections", distinct=True),
        question_count=Count("sections__questions", distinct=True),
    ).order_by("order")
    return render(
        request,
        "calls/staff/call_detail.html",
        {
            "call": call,
            "stages": stages,
            "milestones": call.milestones.all(),
            "eligibility": call.eligibility_rules.order_by("organisation_kind"),
            "quick_check": call.quick_check.all(),
            "activity": timeline_for(call)[:10],
            "sections": registry.sections("call_staff", request, call, stages),
        },
    )


@staff_required
def call_edit(request, slug):
    call = _call(slug)
    form = forms.CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        call = services.save_call(call=form.save(commit=False), actor=request.user)
        messages.success(request, _("The call was saved."))
        return redirect("calls_staff:call_detail", slug=call.slug)
    return _form_page(
        request,
        form,
        title=_("Change call"),
        back=reverse("calls_staff:call_detail", args=[slug]),
        call=call,
    )


@staff_required
def call_duplicate(request, slug):
    call = _call(slug)
    form = forms.DuplicateCallForm(
        request.POST or None,
        initial={"new_title": _("%(title)s (copy)") % {"title": call.title}},
    )
    if request.method == "POST" and form.is_valid():
        copy = services.duplicate_call(
            call=call,
            new_title=form.cleaned_data["new_title"],
            new_slug=form.cleaned_data["new_slug"],
            actor=request.user,
        )
        messages.success(request, _("The copy was made. Its status is draft."))
        return redirect("calls_staff:call_detail", slug=copy.slug)
    return _form_page(
        request,
        form,
        title=_("Copy call"),
        intro=_(
            "The copy gets the same stages, form, important dates and rules. "
            "Proposals are not copied. The copy starts as a draft."
        ),
        submit=_("Make copy"),
        back=reverse("calls_staff:call_detail", args=[slug]),
        call=call,
    )


@staff_required
def call_export(request, slug):
    call = _call(slug)
    content = json.dumps(services.export_call(call), ensure_ascii=False, indent=2)
    response = HttpResponse(content + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{call.slug}.json"'
    return response


@staff_required
def call_import(request):
    form = forms.ImportCallForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
            call = services.import_call(
                data=data, actor=request.user, new_slug=form.cleaned_data["new_slug"] or None
            )
        except (UnicodeDecodeError, json.JSONDecodeError):
            form.add_error("file", _("This file is not JSON."))
        except services.CallFormatError as error:
            for problem in error.errors[:20]:
                form.add_error("file", problem)
        else:
            messages.success(
                request, _("The call was imported as a draft. Check it, then publish it.")
            )
            return redirect("calls_staff:call_detail", slug=call.slug)
    return _form_page(
        request,
        form,
        title=_("Import call"),
        submit=_("Import"),
        back=reverse("calls_staff:call_list"),
        multipart=True,
    )


@staff_required
def eligibility_edit(request, slug):
    call = _call(slug)
    form = forms.EligibilityForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        services.set_eligibility(call=call, minimums=form.minimums(), actor=request.user)
        messages.success(request, _("Saved who must take part."))
        return redirect("calls_staff:call_detail", slug=slug)
    return _form_page(
        request,
        form,
        title=_("Who must take part"),
        intro=_(
            "For each kind of organisation: how many must take part in a proposal at least. "
            "0 means: not needed."
        ),
        back=reverse("calls_staff:call_detail", args=[slug]),
        call=call,
    )


# --- Stages --------------------------------------------------------------------------------
def _stage(slug, pk):
    return get_object_or_404(
        Stage.objects.select_related("call__programme"), call__slug=slug, pk=pk
    )


@staff_required
def stage_create(request, slug):
    call = _call(slug)
    return _stage_form(request, call, Stage(call=call))


@staff_required
def stage_edit(request, slug, pk):
    stage = _stage(slug, pk)
    return _stage_form(request, stage.call, stage)


def _stage_form(request, call, stage):
    is_new = stage.pk is None
    form = forms.StageForm(request.POST or None, instance=stage, call=call)
    if request.method == "POST" and form.is_valid():
        stage = services.save_stage(stage=form.save(commit=False), actor=request.user)
        messages.success(request, _("The stage was saved."))
        return redirect("calls_staff:stage_detail", slug=call.slug, pk=stage.pk)
    return _form_page(
        request,
        form,
        title=_("New stage") if is_new else _("Change stage"),
        back=reverse("calls_staff:call_detail", args=[call.slug]),
        call=call,
    )


@staff_required
def stage_delete(request, slug, pk):
    stage = _stage(slug, pk)
    back = reverse("calls_staff:stage_detail", args=[slug, pk])
    if request.method == "POST":
        try:
            services.delete_stage(stage=stage, actor=request.user)
        except services.CallSetupError as error:
            messages.error(request, str(error))
            return redirect(back)
        messages.success(request, _("The stage was deleted."))
        return redirect("calls_staff:call_detail", slug=slug)
    warnings = [_("All pages and questions of this stage are deleted too.")]
    if stage.proposals.exists():
        warnings.append(_("Proposals already use this stage, so it cannot be deleted."))
    return _confirm_page(
        request,
        title=_("Delete stage “%(name)s”?") % {"name": stage.name},
        back=back,
        warnings=warnings,
        call=stage.call,
    )


@staff_required
def stage_detail(request, slug, pk):
    """The form builder: the pages of a stage with their questions."""
    stage = _stage(slug, pk)
    questions = (
        Question.objects.select_related("condition_question")
        .annotate(answer_count=Count("answers"))
        .order_by("order", "id")
    )
    sections = stage.sections.order_by("order", "id").prefetch_related(
        Prefetch("questions", queryset=questions)
    )
    return render(
        request,
        "calls/staff/stage_detail.html",
        {"call": stage.call, "stage": stage, "sections": sections},
    )


@staff_required
def stage_preview(request, slug, pk):
    """The form as an applicant sees it, one page at a time; nothing can be saved."""
    stage = _stage(slug, pk)
    sections = list(stage.sections.order_by("order", "id"))
    page = Paginator(sections, 1).get_page(request.GET.get("pagina")) if sections else None
    section = page.object_list[0] if page else None
    form = None
    questions = []
    if section is not None:
        questions = list(
            section.questions.select_related("condition_question").order_by("order", "id")
        )
        form = form_for_section(section, questions=questions)
    return render(
        request,
        "calls/staff/stage_preview.html",
        {
            "call": stage.call,
            "stage": stage,
            "page": page,
            "section": section,
            "form": form,
            "questions": questions,
        },
    )


# --- Sections (pages of a stage's form) ----------------------------------------------------
def _section(slug, pk):
    return get_object_or_404(
        Section.objects.select_related("stage__call"), stage__call__slug=slug, pk=pk
    )


def _builder(stage):
    return reverse("calls_staff:stage_detail", args=[stage.call.slug, stage.pk])


@staff_required
def section_create(request, slug, pk):
    stage = _stage(slug, pk)
    return _section_form(request, stage, Section(stage=stage))


@staff_required
def section_edit(request, slug, pk):
    section = _section(slug, pk)
    return _section_form(request, section.stage, section)


def _section_form(request, stage, section):
    is_new = section.pk is None
    form = forms.SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        services.save_section(section=form.save(commit=False), actor=request.user)
        messages.success(request, _("The page was saved."))
        return redirect(_builder(stage))
    return _form_page(
        request,
        form,
        title=_("New page") if is_new else _("Change page"),
        intro=_("A page is one step of the form, with its own questions."),
        back=_builder(stage),
        call=stage.call,
    )


@staff_required
def section_delete(request, slug, pk):
    section = _section(slug, pk)
    if request.method == "POST":
        services.delete_section(section=section, actor=request.user)
        messages.success(request, _("The page was deleted."))
        return redirect(_builder(section.stage))
    questions = section.questions.all()
    warnings = [_("The questions on this page are deleted too.")]
    kept = services.answer_count(questions)
    if kept:
        warnings.append(
            _(
                "These questions already have %(count)s answers. The answers are kept, with the "
                "question as it was asked, but applicants no longer see them in the form."
            )
            % {"count": kept}
        )
    return _confirm_page(
        request,
        title=_("Delete page “%(title)s”?") % {"title": section.title},
        back=_builder(section.stage),
        warnings=warnings,
        call=section.stage.call,
    )


def _direction(request):
    direction = request.POST.get("direction")
    return direction if direction in {"up", "down"} else None


@staff_required
@require_POST
def section_move(request, slug, pk):
    section = _section(slug, pk)
    direction = _direction(request)
    if direction is None:
        return HttpResponseBadRequest()
    try:
        services.move_section(section=section, direction=direction, actor=request.user)
    except services.CallSetupError as error:
        messages.error(request, str(error))
    return redirect(f"{_builder(section.stage)}#pagina-{section.pk}")


# --- Questions -----------------------------------------------------------------------------
def _question(slug, pk):
    return get_object_or_404(
        Question.objects.select_related("section__stage__call"),
        section__stage__call__slug=slug,
        pk=pk,
    )


@staff_required
def question_create(request, slug, pk):
    section = _section(slug, pk)
    return _question_form(request, section.stage, Question(section=section))


@staff_required
def question_edit(request, slug, pk):
    question = _question(slug, pk)
    return _question_form(request, question.section.stage, question)


def _question_form(request, stage, question):
    is_new = question.pk is None
    form = forms.QuestionForm(
        request.POST or None,
        instance=question,
        stage=stage,
        initial={"section": question.section_id} if is_new else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = services.save_question(question=form.save(commit=False), actor=request.user)
        except services.CallSetupError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The question was saved."))
            return redirect(f"{_builder(stage)}#vraag-{question.pk}")
    intro = ""
    if not is_new and services.has_answers(question):
        intro = _(
            "This question already has answers. You can change its text and help, "
            "but not its kind or key."
        )
    return _form_page(
        request,
        form,
        title=_("New question") if is_new else _("Change question"),
        intro=intro,
        back=_builder(stage),
        call=stage.call,
    )


@staff_required
def question_delete(request, slug, pk):
    question = _question(slug, pk)
    stage = question.section.stage
    if request.method == "POST":
        services.delete_question(question=question, actor=request.user)
        messages.success(request, _("The question was deleted."))
        return redirect(_builder(stage))
    warnings = []
    kept = services.answer_count([question])
    if kept:
        warnings.append(
            _(
                "This question already has %(count)s answers. The answers are kept, with the "
                "question as it was asked, but applicants no longer see them in the form."
            )
            % {"count": kept}
        )
    dependents = list(question.dependents.all())
    if dependents:
        warnings.append(
            _("These questions depend on it and will then always show: %(questions)s")
            % {"questions": ", ".join(f"“{dependent.text}”" for dependent in dependents)}
        )
    return _confirm_page(
        request,
        title=_("Delete question “%(text)s”?") % {"text": question.text},
        back=_builder(stage),
        warnings=warnings,
        call=stage.call,
    )


@staff_required
@require_POST
def question_move(request, slug, pk):
    question = _question(slug, pk)
    direction = _direction(request)
    if direction is None:
        return HttpResponseBadRequest()
    try:
        services.move_question(question=question, direction=direction, actor=request.user)
    except services.CallSetupError as error:
        messages.error(request, str(error))
    return redirect(f"{_builder(question.section.stage)}#vraag-{question.pk}")


# --- Important dates -----------------------------------------------------------------------
@staff_required
def milestone_create(request, slug):
    call = _call(slug)
    return _milestone_form(request, call, Milestone(call=call))


@staff_required
def milestone_edit(request, slug, pk):
    call = _call(slug)
    return _milestone_form(request, call, get_object_or_404(Milestone, call=call, pk=pk))


def _milestone_form(request, call, milestone):
    is_new = milestone.pk is None
    form = forms.MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.save_milestone(milestone=form.save(commit=False), actor=request.user)
        messages.success(request, _("The date was saved."))
        return redirect("calls_staff:call_detail", slug=call.slug)
    return _form_page(
        request,
        form,
        title=_("New important date") if is_new else _("Change important date"),
        back=reverse("calls_staff:call_detail", args=[call.slug]),
        call=call,
    )


@staff_required
def milestone_delete(request, slug, pk):
    call = _call(slug)
    milestone = get_object_or_404(Milestone, call=call, pk=pk)
    if request.method == "POST":
        services.delete_milestone(milestone=milestone, actor=request.user)
        messages.success(request, _("The date was deleted."))
        return redirect("calls_staff:call_detail", slug=slug)
    return _confirm_page(
        request,
        title=_("Delete “%(name)s”?") % {"name": milestone.name},
        back=reverse("calls_staff:call_detail", args=[slug]),
        call=call,
    )


# --- Quick check ---------------------------------------------------------------------------
@staff_required
def quick_check_create(request, slug):
    call = _call(slug)
    return _quick_check_form(request, call, QuickCheckQuestion(call=call))


@staff_required
def quick_check_edit(request, slug, pk):
    call = _call(slug)
    return _quick_check_form(request, call, get_object_or_404(QuickCheckQuestion, call=call, pk=pk))


def _quick_check_form(request, call, question):
    is_new = question.pk is None
    form = forms.QuickCheckForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.save_quick_check(question=form.save(commit=False), actor=request.user)
        messages.success(request, _("The quick check question was saved."))
        return redirect("calls_staff:call_detail", slug=call.slug)
    return _form_page(
        request,
        form,
        title=_("New quick check question") if is_new else _("Change quick check question"),
        intro=_(
            "Visitors answer these yes/no questions to see if the call fits them, "
            "before they make an account."
        ),
        back=reverse("calls_staff:call_detail", args=[call.slug]),
        call=call,
    )


@staff_required
def quick_check_delete(request, slug, pk):
    call = _call(slug)
    question = get_object_or_404(QuickCheckQuestion, call=call, pk=pk)
    if request.method == "POST":
        services.delete_quick_check(question=question, actor=request.user)
        messages.success(request, _("The quick check question was deleted."))
        return redirect("calls_staff:call_detail", slug=slug)
    return _confirm_page(
        request,
        title=_("Delete “%(text)s”?") % {"text": question.text},
        back=reverse("calls_staff:call_detail", args=[slug]),
        call=call,
    )
