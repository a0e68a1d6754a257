"""Writing and reading reflections, and the public lessons library."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalitions.models import Coalition
from portal import editing
from portal.decorators import fund_staff_required, predicate_required
from portal.editing import EditorRequest, editor_endpoint, new_editor_id, revisions_of
from portal.files import files_of
from portal.rules import by_our_rules, is_fund_staff, is_support_team
from reflections import services
from reflections.dashboard import Filters, dashboard
from reflections.forms import (
    DashboardFilterForm,
    ElementFormSet,
    FrameworkForm,
    PitstopForm,
    ReflectionForm,
)
from reflections.models import Element, Framework, Reflection, Theme
from reflections.queries import filter_lessons, public_lessons, reflections_readable_by


def _elements(coalition):
    framework = services.framework_for(coalition)
    return framework, (list(framework.elements.all()) if framework else [])


def _form(request, coalition, reflection, elements, with_files=True, bound=False):
    ratings = {}
    if reflection is not None:
        ratings = {r.element_id: (r.score, r.why) for r in reflection.ratings.all()}
    # A new reflection is dated today; an existing one keeps its own date.
    initial = (
        {"revision": reflection.revision}
        if reflection
        else {"revision": 0, "date": timezone.localdate()}
    )
    pitstop = request.GET.get("pitstop", "") if request is not None else ""
    if reflection is None and pitstop.isdigit():  # "write the report" from the timeline
        initial.update(pitstop=int(pitstop), kind=Reflection.Kind.PITSTOP_REPORT)
    if request is None:  # the stored reflection as the page would show it
        return ReflectionForm(
            None, instance=reflection, coalition=coalition, elements=elements, ratings=ratings,
            initial=initial,
        )  # fmt: skip
    data = request.POST if bound else (request.POST or None)  # autosave: bound even when empty
    return ReflectionForm(
        data, (request.FILES or None) if with_files else None,
        instance=reflection, coalition=coalition, elements=elements, ratings=ratings,
        initial=initial,
    )  # fmt: skip


def _edit(request, coalition, reflection=None):
    framework, elements = _elements(coalition)
    form = _form(request, coalition, reflection, elements)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_reflection(
                coalition=coalition, reflection=reflection, actor=request.user,
                data=form.cleaned_data, themes=form.cleaned_data["themes"],
                ratings=form.ratings(), base_revision=form.cleaned_data.get("revision") or 0,
                audio=form.cleaned_data.get("audio"),
                new_theme=form.cleaned_data.get("new_theme", ""),
            )  # fmt: skip
        except services.ReflectionConflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            form.add_error("audio", error)
        else:
            messages.success(request, _("Your reflection is saved."))
            return redirect("reflections:detail", saved.pk)
    names = [name for name in form.fields if name not in AUTOSAVE_SKIPS]
    return render(request, "reflections/edit.html", {
        "coalition": coalition, "form": form, "reflection": reflection, "framework": framework,
        "autosave": reflection is None or reflection.is_draft,
        "revisions": revisions_of(reflection, names), "editor_id": new_editor_id(),
        "editor_key": f"reflection-{reflection.pk if reflection else 'new-' + coalition.slug}",
    })  # fmt: skip


def _draft_in(request, coalition):
    """The draft this page autosaved earlier (its id comes back with the form), if any."""
    pk = request.POST.get("reflection", "")
    if not pk.isdigit():
        return None
    reflection = Reflection.objects.filter(coalition=coalition, pk=pk).first()
    if reflection is None or not by_our_rules(
        request.user, "reflections.change_reflection", reflection
    ):
        raise Http404
    return reflection


@login_required
def create(request, slug):
    coalition = get_object_or_404(Coalition, slug=slug)
    if not request.user.has_perm("reflections.add_reflection", coalition):
        raise Http404
    reflection = _draft_in(request, coalition) if request.method == "POST" else None
    return _edit(request, coalition, reflection)


AUTOSAVE_SKIPS = {"revision", "audio", "new_theme"}  # sent with "Save reflection" only


@editor_endpoint
def autosave(request, slug):
    """The reflection editor's save (portal.editing): the draft's changed fields, in JSON."""
    coalition = Coalition.objects.filter(slug=slug).first()
    if coalition is None or not request.user.has_perm("reflections.add_reflection", coalition):
        return editing.refused(_("You cannot write in this coalition."), status=404)
    try:
        reflection = _draft_in(request, coalition)
    except Http404:
        return editing.refused(_("You cannot change this reflection."), status=404)
    _framework, elements = _elements(coalition)
    form = _form(request, coalition, reflection, elements, with_files=False, bound=True)
    form.is_valid()
    editor = EditorRequest.from_post(request.POST)
    sent = editor.fields if editor.fields is not None else list(request.POST)
    names = [name for name in sent if name in form.fields and name not in AUTOSAVE_SKIPS]
    # A draft may be incomplete: an empty required field is not an error while writing.
    errors = {
        name: [str(e.message % (e.params or {})) for e in found]
        for name, found in form.errors.as_data().items()
        if name in names and any(e.code != "required" for e in found)
    }
    values = {
        name: services.editor_value(name, form.cleaned_data.get(name))
        for name in names if name not in form.errors
    }  # fmt: skip
    try:
        reflection, result = services.autosave_reflection(
            coalition=coalition, reflection=reflection, values=values,
            themes=form.cleaned_data.get("themes"), editor=editor, actor=request.user,
            elements=elements,
        )  # fmt: skip
    except services.ReflectionConflict as conflict:
        return editing.refused(str(conflict))
    shown = _form(None, coalition, reflection, elements, with_files=False, bound=False)
    conflicts = {
        name: editing.conflict_json(
            conflict, value=editing.widget_value(shown[name]),
            display=editing.display_text(_shown_text(shown[name])),
        )
        for name, conflict in result.conflicts.items()
    }  # fmt: skip
    updates = {
        name: {"value": editing.widget_value(shown[name]), "revision": row.revision,
               "by": editing.person_name(row.updated_by)}
        for name, row in editing.newer_elsewhere(reflection, editor, skip=set(names)).items()
        if name in shown.fields
    }  # fmt: skip
    return editing.respond(
        result=result, errors=errors, conflicts=conflicts, updates=updates,
        others=editing.touch_presence(f"reflection:{reflection.pk}", request.user),
        hidden={"reflection": reflection.pk, "revision": reflection.revision},
        message="" if conflicts or errors else _("Draft saved at %(time)s.")
        % {"time": time_format(timezone.localtime(), "H:i")},
    )  # fmt: skip


def _shown_text(bound_field):
    """A choice as its label (a theme's name, "4"), a text as it is."""
    value = editing.widget_value(bound_field)
    choices = {str(k): str(v) for k, v in getattr(bound_field.field, "choices", [])}
    if isinstance(value, list):
        return [choices.get(item, item) for item in value]
    return choices.get(value, value) if choices else value


def _reflection(pk):
    return get_object_or_404(
        Reflection.objects.select_related("coalition", "author", "pitstop").prefetch_related(
            "themes", "ratings__element"
        ),
        pk=pk,
    )


@login_required
def edit(request, pk):
    reflection = _reflection(pk)
    if not by_our_rules(request.user, "reflections.change_reflection", reflection):
        raise Http404
    return _edit(request, reflection.coalition, reflection)


def detail(request, pk):
    """Public lessons are open to everyone; other reflections only to who may read them."""
    reflection = _reflection(pk)
    if not by_our_rules(request.user, "reflections.view_reflection", reflection):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise Http404
    return render(request, "reflections/detail.html", {
        "reflection": reflection,
        "audio": list(files_of(reflection, purpose="podcast")),
        "can_edit": by_our_rules(request.user, "reflections.change_reflection", reflection),
    })  # fmt: skip


def lessons(request):
    """Public lessons, filtered by theme and element of the framework, and searched."""
    theme = request.GET.get("thema", "")
    element_id = request.GET.get("element", "")
    search = request.GET.get("zoek", "").strip()[:200]
    elements = list(Element.objects.select_related("framework").order_by("framework__name", "pk"))
    element = next((e for e in elements if str(e.pk) == element_id), None)
    found = filter_lessons(public_lessons(), theme=theme, element=element, search=search)
    return render(request, "reflections/lessons.html", {
        "lessons": list(found[:100]), "themes": Theme.objects.filter(approved=True),
        "theme": theme, "elements": elements, "element": element, "search": search,
    })  # fmt: skip


@predicate_required(is_fund_staff | is_support_team)
def learning_dashboard(request):
    """Staff see every coalition; support-team people only the coalitions they support."""
    form = DashboardFilterForm(request.GET or None)
    filters = Filters(**form.cleaned_data) if form.is_valid() else Filters()
    frameworks = list(Framework.objects.all()) if is_fund_staff(request.user) else []
    return render(request, "reflections/dashboard.html", {
        "form": form, "frameworks": frameworks, **dashboard(request.user, filters),
    })  # fmt: skip


@login_required
@require_POST
def plan_pitstop(request, slug):
    coalition = get_object_or_404(Coalition, slug=slug)
    if not request.user.has_perm("reflections.plan_pitstop", coalition):
        raise Http404
    form = PitstopForm(request.POST)
    if form.is_valid():
        services.plan_pitstop(
            coalition=coalition,
            actor=request.user,
            facilitate=is_support_team(request.user),
            **form.cleaned_data,
        )
        messages.success(request, _("The pitstop is planned."))
    else:
        messages.error(request, _("Give the pitstop a title and a date."))
    return redirect("coalitions:workspace", coalition.slug)


@fund_staff_required
def framework(request, pk):
    """Staff edit a learning framework and its elements, and decide on proposed themes."""
    item = get_object_or_404(Framework, pk=pk)
    form = FrameworkForm(request.POST or None, instance=item, prefix="framework")
    elements = ElementFormSet(request.POST or None, instance=item, prefix="elements")
    if request.method == "POST":
        theme_pk = request.POST.get("theme")
        if theme_pk:
            theme = get_object_or_404(Theme, pk=theme_pk, approved=False)
            services.decide_theme(
                theme=theme, actor=request.user, approve=request.POST.get("decision") == "approve"
            )
            return redirect("reflections:framework", item.pk)
        if form.is_valid() and elements.is_valid():
            services.save_framework(form=form, elements=elements, actor=request.user)
            messages.success(request, _("The learning framework is saved."))
            return redirect("reflections:framework", item.pk)
    return render(request, "reflections/framework.html", {
        "framework": item, "form": form, "elements": elements,
        "proposed": Theme.objects.filter(approved=False).select_related("proposed_by"),
    })  # fmt: skip


@fund_staff_required
def moved_dates(request):
    """Staff see reflections whose date an edit moved to the save day, and put the old date back."""
    moved = services.moved_dates()
    if request.method == "POST":
        for reflection, entry in moved:
            if str(reflection.pk) == request.POST.get("reflection"):
                old = datetime.date.fromisoformat(entry.data["old_date"])
                services.restore_date(reflection=reflection, date=old, actor=request.user)
                messages.success(request, _("The old date is back."))
                break
        return redirect("reflections:moved_dates")
    rows = [(r, datetime.date.fromisoformat(e.data["old_date"]), e) for r, e in moved]
    return render(request, "reflections/moved_dates.html", {"rows": rows})


@login_required
def coalition_reflections(request, slug):
    """All reflections of one coalition the person may read, drafts included for co-writers."""
    coalition = get_object_or_404(Coalition, slug=slug)
    if not request.user.has_perm("coalitions.view_coalition", coalition):
        raise Http404
    reflections = (
        reflections_readable_by(request.user, coalition)
        .select_related("pitstop")
        .prefetch_related("themes")
        .order_by("-date", "-id")
    )
    kind = request.GET.get("soort", "")
    if kind in Reflection.Kind.values:
        reflections = reflections.filter(kind=kind)
    theme = request.GET.get("thema", "")
    if theme:
        reflections = reflections.filter(themes__name=theme)
    page = Paginator(reflections, 25).get_page(request.GET.get("pagina"))
    return render(request, "reflections/coalition_list.html", {
        "coalition": coalition, "page": page, "kind": kind, "theme": theme,
        "kinds": Reflection.Kind.choices, "themes": Theme.objects.filter(approved=True),
        "can_write": request.user.has_perm("reflections.add_reflection", coalition),
    })  # fmt: skip
