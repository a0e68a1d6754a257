"""Fund staff: all coalitions, making and changing one by hand, and a call's learning groups."""

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Call
from coalitions import grouping, services
from coalitions.forms import (
    CoalitionForm,
    ConfirmSuggestionForm,
    GroupSizeForm,
    LearningGroupForm,
    MoveForm,
    TrancheFormSet,
    tranche_rows,
)
from coalitions.models import Coalition, LearningGroup
from coalitions.queries import (
    LEARNING_KEYS,
    answers_by_key,
    coalition_for_editing,
    coalitions_for_staff,
    for_grouping,
    learning_groups_of,
    registrations_of,
)
from portal.decorators import fund_staff_required


@fund_staff_required
def coalition_list(request):
    return render(
        request,
        "coalitions/staff/coalition_list.html",
        {"coalitions": list(coalitions_for_staff())},
    )


@fund_staff_required
def coalition_create(request):
    form = CoalitionForm(request.POST or None, with_invitations=True)
    formset = TrancheFormSet(request.POST or None, prefix="tranches")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        coalition = services.create_coalition(
            fields=form.coalition_fields(),
            organisations=form.cleaned_data["organisations"],
            support_team=form.cleaned_data["support_team"],
            tranches=tranche_rows(formset),
            invitations=form.invitations(),
            actor=request.user,
        )
        messages.success(request, _("The coalition is made. The people you named are invited."))
        return redirect("coalitions:workspace", coalition.slug)
    return render(request, "coalitions/staff/coalition_form.html", {
        "form": form, "formset": formset, "title": _("New coalition"),
        "submit": _("Make coalition"), "back": reverse("coalitions:staff_list"),
    })  # fmt: skip


@fund_staff_required
def coalition_edit(request, slug):
    try:
        coalition = coalition_for_editing(slug)
    except Coalition.DoesNotExist:
        raise Http404 from None
    initial = [
        {"planned_on": t.planned_on, "amount": t.amount, "paid_on": t.paid_on}
        for t in coalition.tranches.all()
    ]
    form = CoalitionForm(request.POST or None, instance=coalition)
    formset = TrancheFormSet(request.POST or None, initial=initial, prefix="tranches")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        coalition = services.update_coalition(
            coalition=coalition,
            fields=form.coalition_fields(),
            organisations=form.cleaned_data["organisations"],
            support_team=form.cleaned_data["support_team"],
            tranches=tranche_rows(formset),
            actor=request.user,
        )
        messages.success(request, _("The changes are saved."))
        return redirect("coalitions:workspace", coalition.slug)
    return render(request, "coalitions/staff/coalition_form.html", {
        "form": form, "formset": formset, "coalition": coalition,
        "title": _("Change “%(name)s”") % {"name": coalition.name},
        "submit": _("Save changes"),
        "back": reverse("coalitions:workspace", args=[coalition.slug]),
    })  # fmt: skip


# --- Learning groups --------------------------------------------------------------------------
def _registration_call(slug) -> Call:
    return get_object_or_404(Call, slug=slug, kind=Call.Kind.REGISTRATION)


def _back(call, data) -> str:
    """Back to the learning groups page, keeping the group sizes chosen there."""
    url = reverse("coalitions:learning_groups", args=[call.slug])
    sizes = GroupSizeForm(data)
    if sizes.is_valid():
        url += "?" + urlencode(sizes.cleaned_data)
    return url


def _say_errors(request, form) -> None:
    """The small forms of the learning groups page redirect back: their errors become messages."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        text = " ".join(errors)
        messages.error(request, f"{field.label}: {text}" if field and field.label else text)


@fund_staff_required
def learning_groups(request, slug):
    call = _registration_call(slug)
    size_form = GroupSizeForm(request.GET if "min_size" in request.GET else None)
    min_size, max_size = size_form.sizes()
    registrations = list(registrations_of(call))
    groups = list(learning_groups_of(call))
    in_group, ungrouped = defaultdict(list), []
    for registration in registrations:
        registration.learning_question = answers_by_key(registration).get(LEARNING_KEYS[0], "")
        link = getattr(registration, "learning_group_member", None)
        if link is None:
            ungrouped.append(registration)
        else:
            in_group[link.group_id].append(registration)
    by_id = {registration.pk: registration for registration in registrations}
    suggestions = grouping.suggest_groups(
        [for_grouping(registration) for registration in ungrouped],
        min_size=min_size,
        max_size=max_size,
    )
    return render(request, "coalitions/staff/learning_groups.html", {
        "call": call, "size_form": size_form, "sizes": {"min_size": min_size,
                                                        "max_size": max_size},
        "groups": [(group, in_group[group.pk]) for group in groups], "group_list": groups,
        "ungrouped": ungrouped,
        "suggestions": [(s, [by_id[pk] for pk in s.ids]) for s in suggestions],
        "registration_count": len(registrations),
    })  # fmt: skip


@fund_staff_required
@require_POST
def learning_group_create(request, slug):
    """Confirm a suggestion (its registrations come along), or make an empty group."""
    call = _registration_call(slug)
    form = ConfirmSuggestionForm(request.POST, registrations=registrations_of(call))
    if not form.is_valid():
        _say_errors(request, form)
        return redirect(_back(call, request.POST))
    try:
        group = services.create_learning_group(
            call=call,
            name=form.cleaned_data["name"],
            registrations=form.cleaned_data["registrations"],
            actor=request.user,
        )
    except services.CoalitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The learning group “%(name)s” is made.") % {"name": group})
    return redirect(_back(call, request.POST))


def _group(call, pk) -> LearningGroup:
    return get_object_or_404(LearningGroup, call=call, pk=pk)


@fund_staff_required
@require_POST
def learning_group_change(request, slug, pk):
    call = _registration_call(slug)
    group = _group(call, pk)
    form = LearningGroupForm(request.POST)
    if not form.is_valid():
        _say_errors(request, form)
        return redirect(_back(call, request.POST))
    try:
        services.change_learning_group(
            group=group,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            actor=request.user,
        )
    except services.CoalitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The learning group is saved."))
    return redirect(_back(call, request.POST))


@fund_staff_required
@require_POST
def learning_group_delete(request, slug, pk):
    call = _registration_call(slug)
    group = _group(call, pk)
    services.delete_learning_group(group=group, actor=request.user)
    messages.success(
        request,
        _("The learning group “%(name)s” is removed. Its registrations are in no group now.")
        % {"name": group.name},
    )
    return redirect(_back(call, request.POST))


@fund_staff_required
@require_POST
def learning_group_move(request, slug):
    call = _registration_call(slug)
    form = MoveForm(
        request.POST, registrations=registrations_of(call), groups=learning_groups_of(call)
    )
    if not form.is_valid():
        messages.error(request, _("This registration or group no longer exists. Look again."))
        return redirect(_back(call, request.POST))
    registration, group = form.cleaned_data["registration"], form.cleaned_data["group"]
    try:
        services.move_registration(
            call=call, registration=registration, group=group, actor=request.user
        )
    except services.CoalitionError as error:
        messages.error(request, str(error))
    else:
        if group is None:
            text = _("“%(registration)s” is in no group now.")
        else:
            text = _("“%(registration)s” is now in “%(group)s”.")
        messages.success(request, text % {"registration": registration.title, "group": group})
    return redirect(_back(call, request.POST))
