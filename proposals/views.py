"""Thin views: check permission, parse, call a service, render."""

from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls import question_forms
from calls.models import Call, Question
from portal import editing
from portal.editing import EditorRequest, EditResult, editor_endpoint, new_editor_id, revisions_of
from portal.files import DOCUMENTS, files_of, store_private_file
from portal.models import Organisation
from portal.queries import organisations_of
from proposals import services
from proposals.forms import (
    BudgetLineFormSet,
    BudgetTotalsForm,
    InviteForm,
    OrganisationForm,
    StartProposalForm,
)
from proposals.models import Invitation, Proposal
from proposals.queries import (
    proposal_for_page,
    proposals_of,
    sections_with_questions,
    with_message_counts,
)
from proposals.reports import proposal_document, proposal_pdf


def _proposal(request, pk):
    """The proposal if the user may see it; otherwise 404, which tells nothing."""
    try:
        proposal = proposal_for_page(pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("proposals.view_proposal", proposal):
        raise Http404
    return proposal


class ReadOnly(Exception):
    """The person may see the proposal but not change it (sent in, withdrawn ...)."""

    def __init__(self, proposal):
        self.proposal = proposal


def _editable(request, pk):
    proposal = _proposal(request, pk)
    if not request.user.has_perm("proposals.change_proposal", proposal):
        raise ReadOnly(proposal)
    return proposal


def editing_view(view):
    """Pages that change a proposal send people to its overview when it is read-only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ReadOnly as read_only:
            proposal = read_only.proposal
            if proposal.is_editable:  # a reviewer, helper or staff member: they only read
                messages.info(request, _("You can read this proposal, but not change it."))
            else:
                messages.error(request, _("This proposal is sent in. You cannot change it."))
            return redirect("proposals:detail", proposal.pk)

    return wrapped


@login_required
def start(request, slug):
    call = get_object_or_404(Call, slug=slug, status=Call.Status.PUBLISHED)
    stage = services.first_stage(call)
    if stage is None or stage.is_past_deadline():
        messages.error(request, _("You can no longer send in a proposal for this call."))
        return redirect("calls:detail", slug=call.slug)
    form = StartProposalForm(request.POST or None, organisations=organisations_of(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data["lead_organisation"] or services.create_organisation(
            name=data["new_name"], kind=data["new_kind"],
            municipality=data["new_municipality"], actor=request.user,
        )  # fmt: skip
        try:
            proposal = services.start_proposal(
                call=call, title=data["title"], lead_organisation=organisation, actor=request.user
            )
        except services.ProposalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your proposal is started. Everything you type is saved."))
            return redirect("proposals:organisations", proposal.pk)
    return render(request, "proposals/start.html", {"call": call, "stage": stage, "form": form})


@login_required
def my_proposals(request):
    proposals = list(with_message_counts(proposals_of(request.user), request.user))
    return render(request, "proposals/my_proposals.html", {"proposals": proposals})


def _progress(proposal, sections):
    answers = services.answers_by_key(proposal)
    rows = []
    for section in sections:
        questions = question_forms.visible_questions(section.questions.all(), answers)
        answered = sum(1 for q in questions if not question_forms.is_empty(answers.get(q.key)))
        rows.append({"section": section, "answered": answered, "total": len(questions)})
    return rows


@login_required
def detail(request, pk):
    proposal = _proposal(request, pk)
    sections = sections_with_questions(proposal.stage)
    context = {
        "proposal": proposal,
        "progress": _progress(proposal, sections),
        "can_edit": request.user.has_perm("proposals.change_proposal", proposal),
        "invitations": proposal.invitations.order_by("created_at"),
        "deadline_passed": proposal.stage.is_past_deadline(),
        "is_staff_view": request.user.has_perm("proposals.invite_to_full_plan", proposal),
        "can_withdraw": request.user.has_perm("proposals.withdraw_proposal", proposal)
        and Proposal.State.WITHDRAWN in Proposal.TRANSITIONS[proposal.state],
        "submissions": proposal.submissions.select_related("stage").order_by("submitted_at"),
        "document": proposal_document(proposal),
        "helpers": proposal.helpers.filter(ended_at__isnull=True).select_related("helper"),
    }
    return render(request, "proposals/detail.html", context)


def _section_context(proposal, section_pk):
    sections = sections_with_questions(proposal.stage)
    section = next((s for s in sections if s.pk == section_pk), None)
    if section is None:
        raise Http404
    index = sections.index(section)
    return sections, section, index


def _editor_request(request, questions):
    """The editor's revisions and changed fields, keyed by question key (the page uses q_<key>)."""
    editor = EditorRequest.from_post(request.POST)
    names = {question_forms.field_name(q): q.key for q in questions}
    editor.bases = {names[name]: rev for name, rev in editor.bases.items() if name in names}
    if editor.fields is not None:
        editor.fields = [names[name] for name in editor.fields if name in names]
    return editor


def _save_page(request, proposal, section, *, editor):
    """Save the answers the editor changed; store uploaded files. Returns the bound form (with
    the errors of answers that could not be saved) and the editor result."""
    questions = list(section.questions.all())
    form = question_forms.form_for_section(
        section, data=request.POST, files=request.FILES, questions=questions
    )
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    values = {
        q.key: question_forms.to_json(q, cleaned.get(question_forms.field_name(q)))
        for q in questions
        if q.kind != Question.Kind.FILE and editor.changes(q.key)
        and question_forms.field_name(q) not in form.errors
        and (editor.fields is not None or question_forms.field_name(q) in request.POST
             or q.kind == Question.Kind.MULTIPLE_CHOICE)
    }  # fmt: skip
    result = services.save_answers(
        proposal=proposal, questions=questions, values=values, editor=editor, actor=request.user
    )
    for question in questions:
        upload = cleaned.get(question_forms.field_name(question))
        if question.kind == Question.Kind.FILE and upload:
            try:
                store_private_file(
                    upload=upload, target=proposal, uploaded_by=request.user,
                    purpose=f"question:{question.key}", kinds=DOCUMENTS,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(question_forms.field_name(question), error)
            else:
                services.sync_file_answer(proposal=proposal, question=question, actor=request.user)
    return form, result


def _files_by_key(proposal):
    files = {}
    for private_file in files_of(proposal):
        files.setdefault(private_file.purpose.removeprefix("question:"), []).append(private_file)
    return files


def _remove_file(request, proposal):
    private_file = get_object_or_404(files_of(proposal), pk=request.POST.get("remove_file") or 0)
    services.remove_file(proposal=proposal, private_file=private_file, actor=request.user)
    return private_file


@login_required
@editing_view
def section(request, pk, section_pk):
    """The page of one part of the form. With JavaScript it is an editor (editor.js and
    `autosave`); without, this view saves the whole page by the same rule."""
    proposal = _editable(request, pk)
    sections, current, index = _section_context(proposal, section_pk)
    questions = list(current.questions.all())
    conflicts = {}
    if request.method == "POST":
        try:
            if "remove_file" in request.POST:
                removed = _remove_file(request, proposal)
                messages.success(request, _("Removed: %(name)s.") % {"name": removed.original_name})
                return redirect("proposals:section", proposal.pk, current.pk)
            editor = _editor_request(request, questions)
            form, result = _save_page(request, proposal, current, editor=editor)
        except services.ProposalError as error:
            messages.error(request, str(error))
            return redirect("proposals:detail", proposal.pk)
        conflicts = result.conflicts
        if form.is_valid() and not conflicts:
            if "next" in request.POST and index + 1 < len(sections):
                return redirect("proposals:section", proposal.pk, sections[index + 1].pk)
            if "next" in request.POST:
                return redirect("proposals:submit", proposal.pk)
            messages.success(request, _("Saved."))
            return redirect("proposals:section", proposal.pk, current.pk)
        revisions = result.revisions
        editor_id = editor.editor or new_editor_id()
    else:
        answers = {a.question_key: a.value for a in proposal.answers.all()}
        form = question_forms.form_for_section(current, initial=answers, questions=questions)
        revisions = {}
        editor_id = new_editor_id()
    stored = revisions_of(proposal, [q.key for q in questions])
    revisions = {
        question_forms.field_name(q): revisions.get(q.key, stored[q.key]) for q in questions
    }
    conflict_questions = [q for q in questions if q.key in conflicts]
    return render(request, "proposals/section.html", {
        "proposal": proposal, "sections": sections, "section": current, "index": index,
        "form": form, "revisions": revisions, "conflicts": conflict_questions,
        "files": _files_by_key(proposal), "editor_id": editor_id,
        "is_last": index + 1 == len(sections),
        "previous_section": sections[index - 1] if index > 0 else None,
        "upload_limit_mb": settings.UPLOAD_MAX_BYTES // 1_048_576,
        "upload_kinds": ", ".join(str(kind.label) for kind in DOCUMENTS),
        "help_comments": proposal.help_comments.filter(resolved_at__isnull=True)
        .select_related("author").order_by("question_key", "created_at"),
    })  # fmt: skip


@editor_endpoint
def autosave(request, pk, section_pk):
    """The section editor's save: the answers it changed, an upload or a removed file. Answers in
    JSON (portal.editing), never with a redirect or a login page."""
    try:
        proposal = _proposal(request, pk)
    except Http404:
        return editing.refused(_("You cannot open this proposal."), status=404)
    if not request.user.has_perm("proposals.change_proposal", proposal):
        if proposal.is_editable:  # staff, reviewers, helpers: they read, they do not write
            return editing.refused(_("You can read this proposal, but not change it."), status=403)
        return editing.refused(_("This proposal is sent in. Nothing was saved."))
    sections, current, index = _section_context(proposal, section_pk)
    questions = list(current.questions.all())
    editor = _editor_request(request, questions)
    try:
        if "remove_file" in request.POST:
            _remove_file(request, proposal)
            form, result = None, editing.EditResult()
        else:
            form, result = _save_page(request, proposal, current, editor=editor)
    except services.ProposalError as error:
        return editing.refused(str(error))
    by_key = {q.key: q for q in questions}
    answers = {a.question_key: a.value for a in proposal.answers.all()}
    shown = question_forms.form_for_section(current, initial=answers, questions=questions)

    def stored(key):
        value = editing.widget_value(shown[question_forms.field_name(by_key[key])])
        return value, editing.display_text(value)

    conflicts = {}
    for key, conflict in result.conflicts.items():
        value, display = stored(key)
        conflicts[question_forms.field_name(by_key[key])] = editing.conflict_json(
            conflict, value=value, display=display
        )
    updates = {}
    sent = set(editor.fields or [])
    for key, row in editing.newer_elsewhere(proposal, editor, skip=sent).items():
        if key in by_key and by_key[key].kind != Question.Kind.FILE:
            value, _display = stored(key)
            updates[question_forms.field_name(by_key[key])] = {
                "value": value,
                "revision": row.revision,
                "by": editing.person_name(row.updated_by),
            }
    extra = {"files": _files_json(proposal, questions)}
    errors = editing.field_errors(form) if form is not None else {}
    if editor.action == "next" and not errors and not conflicts:
        extra["next_url"] = (
            reverse("proposals:section", args=[proposal.pk, sections[index + 1].pk])
            if index + 1 < len(sections) else reverse("proposals:submit", args=[proposal.pk])
        )  # fmt: skip
    return editing.respond(
        result=EditResult(revisions={
            question_forms.field_name(by_key[key]): rev for key, rev in result.revisions.items()
        }),
        errors=errors, conflicts=conflicts, updates=updates,
        others=editing.touch_presence(f"proposal:{proposal.pk}:{current.pk}", request.user),
        **extra,
    )  # fmt: skip


def _files_json(proposal, questions):
    files = _files_by_key(proposal)
    return {
        question_forms.field_name(q): [
            {"id": f.pk, "name": f.original_name, "url": reverse("download_file", args=[f.pk])}
            for f in files.get(q.key, [])
        ]
        for q in questions
        if q.kind == Question.Kind.FILE
    }


@login_required
@editing_view
def organisations(request, pk):
    proposal = _editable(request, pk)
    partner_form = OrganisationForm(prefix="partner")
    invite_form = InviteForm(prefix="invite")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add_partner":
                partner_form = OrganisationForm(request.POST, prefix="partner")
                if partner_form.is_valid():
                    data = partner_form.cleaned_data
                    organisation, _created = Organisation.objects.get_or_create(
                        name=data["name"].strip(), municipality=data["municipality"].strip(),
                        defaults={"kind": data["kind"]},
                    )  # fmt: skip
                    services.add_partner(
                        proposal=proposal, organisation=organisation, actor=request.user
                    )
                    messages.success(request, _("Partner added."))
                    return redirect("proposals:organisations", proposal.pk)
            elif action == "remove_partner":
                organisation = get_object_or_404(proposal.partners, pk=request.POST.get("id"))
                services.remove_partner(
                    proposal=proposal, organisation=organisation, actor=request.user
                )
                return redirect("proposals:organisations", proposal.pk)
            elif action == "invite":
                invite_form = InviteForm(request.POST, prefix="invite")
                if invite_form.is_valid():
                    services.invite_co_applicant(
                        proposal=proposal, email=invite_form.cleaned_data["email"],
                        actor=request.user,
                    )  # fmt: skip
                    messages.success(request, _("Invitation sent."))
                    return redirect("proposals:organisations", proposal.pk)
        except services.ProposalError as error:
            messages.error(request, str(error))
    sections = sections_with_questions(proposal.stage)
    return render(request, "proposals/organisations.html", {
        "proposal": proposal, "partner_form": partner_form, "invite_form": invite_form,
        "invitations": proposal.invitations.order_by("created_at"),
        "first_section": sections[0] if sections else None,
        "eligibility_rules": proposal.call.eligibility_rules.all(),
    })  # fmt: skip


@login_required
def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("proposal__call", "invited_by"), token=token
    )
    if invitation.state != Invitation.State.PENDING:
        if invitation.accepted_by_id == request.user.pk:
            return redirect("proposals:detail", invitation.proposal_id)
        raise Http404
    if request.method == "POST":
        proposal = services.accept_invitation(invitation=invitation, user=request.user)
        messages.success(request, _("You now work on this proposal."))
        return redirect("proposals:detail", proposal.pk)
    return render(request, "proposals/invitation.html", {"invitation": invitation})


@login_required
@editing_view
def budget(request, pk):
    proposal = _editable(request, pk)
    if not proposal.stage.has_budget:
        raise Http404
    closed = proposal.stage.is_past_deadline() or not proposal.call.is_open
    if closed and request.method == "POST":
        messages.error(request, _("The call is closed. You can read the budget, not change it."))
        return redirect("proposals:budget", proposal.pk)
    formset, totals_form = _budget_forms(request, proposal)
    if request.method == "POST" and formset.is_valid() and totals_form.is_valid():
        lines = _budget_lines(formset)
        try:
            totals = services.save_budget(
                proposal=proposal, lines=lines, actor=request.user, **totals_form.cleaned_data
            )
        except services.ProposalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Budget saved."))
            maximum = proposal.call.max_amount
            if maximum is not None and totals["requested"] > maximum:
                too_much = services.over_maximum_message(totals["requested"], maximum)
                messages.warning(
                    request, f"{too_much} {_('Change the budget before you send it in.')}"
                )
            return redirect("proposals:budget", proposal.pk)
    return render(request, "proposals/budget.html", {
        "proposal": proposal, "formset": formset, "totals_form": totals_form,
        "totals": services.budget_totals(proposal), "closed": closed,
        "revisions": {
            name.removeprefix("budget:"): rev for name, rev in revisions_of(
                proposal, [f"budget:{name}" for name in services.BUDGET_FIELDS]
            ).items()
        },
        "editor_id": new_editor_id(),
    })  # fmt: skip


def _budget_forms(request, proposal):
    initial_lines = [
        {"category": line.category, "description": line.description, "amount": line.amount}
        for line in proposal.budget_lines.all()
    ]
    data = request.POST if request.method == "POST" else None
    formset = BudgetLineFormSet(data, initial=initial_lines, prefix="lines")
    totals_form = BudgetTotalsForm(data, initial={
        "own_contribution": proposal.own_contribution,
        "other_funders_amount": proposal.other_funders_amount,
        "other_funders": proposal.other_funders,
    })  # fmt: skip
    return formset, totals_form


def _budget_lines(formset):
    return [
        {key: form.cleaned_data[key] for key in ("category", "description", "amount")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _budget_summary(values) -> str:
    from portal.templatetags.portal_tags import euro
    from proposals.models import BudgetLine

    labels = dict(BudgetLine.Category.choices)
    return "; ".join(
        f"{labels.get(category, category)}: {description} ({euro(Decimal(amount))})"
        for category, description, amount in values
    )


@editor_endpoint
def budget_autosave(request, pk):
    """The budget editor's save (portal.editing): the lines or amounts it changed, in JSON."""
    try:
        proposal = _proposal(request, pk)
    except Http404:
        return editing.refused(_("You cannot open this proposal."), status=404)
    if not request.user.has_perm("proposals.change_proposal", proposal):
        return editing.refused(_("You can read this proposal, but not change it."), status=403)
    if not proposal.stage.has_budget:
        return editing.refused(_("You cannot open this proposal."), status=404)
    formset, totals_form = _budget_forms(request, proposal)
    editor = EditorRequest.from_post(request.POST)
    editor.bases = {f"budget:{name}": rev for name, rev in editor.bases.items()}
    changed = set(editor.fields or services.BUDGET_FIELDS)
    errors = {}
    if not formset.is_valid():
        changed.discard("lines")
        errors["lines"] = [_("Some lines need a change.")] + [
            _("Line %(number)s: %(errors)s") % {
                "number": number,
                "errors": " ".join(m for messages in form.errors.values() for m in messages),
            }
            for number, form in enumerate(formset.forms, start=1) if form.errors
        ]  # fmt: skip
    totals_form.is_valid()
    for name in ("own_contribution", "other_funders_amount", "other_funders"):
        if name in totals_form.errors and name in changed:
            changed.discard(name)
            errors[name] = [str(message) for message in totals_form.errors[name]]
    totals = {
        name: totals_form.cleaned_data.get(name) if name in changed else getattr(proposal, name)
        for name in ("own_contribution", "other_funders_amount", "other_funders")
    }
    lines = _budget_lines(formset) if "lines" in changed else []
    try:
        result = services.autosave_budget(
            proposal=proposal, lines=lines, totals=totals, changed=changed, editor=editor,
            actor=request.user, final=bool(editor.action),
        )  # fmt: skip
    except services.ProposalError as error:
        return editing.refused(str(error))
    stored = services.stored_budget(proposal)
    conflicts = {}
    for field_name, conflict in result.conflicts.items():
        name = field_name.removeprefix("budget:")
        value = stored[name]
        display = _budget_summary(value) if name == "lines" else value
        conflicts[name] = editing.conflict_json(
            conflict, value=None if name == "lines" else value, display=display
        )
    totals_now = services.budget_totals(proposal)
    maximum = proposal.call.max_amount
    warning = ""
    if maximum is not None and totals_now["requested"] > maximum:
        warning = services.over_maximum_message(totals_now["requested"], maximum)
    extra = {"warning": warning}
    if editor.action and not errors and not conflicts:
        extra["next_url"] = reverse("proposals:budget", args=[proposal.pk])  # new empty lines
    return editing.respond(
        result=EditResult(revisions={
            name.removeprefix("budget:"): rev for name, rev in result.revisions.items()
        }),
        errors=errors, conflicts=conflicts,
        others=editing.touch_presence(f"proposal:{proposal.pk}:budget", request.user),
        **extra,
    )  # fmt: skip


@login_required
@editing_view
def submit(request, pk):
    proposal = _editable(request, pk)
    sections = sections_with_questions(proposal.stage)
    if request.method == "POST":
        try:
            services.submit(proposal=proposal, actor=request.user)
        except services.ProposalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your proposal is sent in. You will get an email."))
            return redirect("proposals:detail", proposal.pk)
    problems = services.problems_before_submit(proposal=proposal, sections=sections)
    section_of = {q.pk: s for s in sections for q in s.questions.all()}
    return render(request, "proposals/submit.html", {
        "proposal": proposal, "problems": problems, "section_of": section_of,
        "deadline": proposal.stage.deadline,
    })  # fmt: skip


@login_required
@require_POST
def withdraw(request, pk):
    proposal = _proposal(request, pk)
    if not request.user.has_perm("proposals.withdraw_proposal", proposal):
        raise PermissionDenied
    try:
        services.withdraw(proposal=proposal, actor=request.user)
    except services.ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your proposal is withdrawn."))
    return redirect("proposals:detail", proposal.pk)


@login_required
def pdf(request, pk):
    proposal = _proposal(request, pk)
    response = HttpResponse(proposal_pdf(proposal), content_type="application/pdf")
    name = proposal.reference or f"concept-{proposal.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def invite_full_plan(request, pk):
    proposal = _proposal(request, pk)
    if not request.user.has_perm("proposals.invite_to_full_plan", proposal):
        raise PermissionDenied
    try:
        services.invite_to_full_plan(proposal=proposal, actor=request.user)
    except services.ProposalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The applicants are invited to write the full plan."))
    return redirect("proposals:detail", proposal.pk)
