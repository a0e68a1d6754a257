"""Writing and reading reflections, and the public lessons library."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalitions.models import Coalition
from portal.decorators import fund_staff_required, predicate_required
from portal.files import files_of
from portal.rules import is_fund_staff, is_support_team
from reflections import services
from reflections.dashboard import Filters, dashboard
from reflections.forms import (
    DashboardFilterForm,
    ElementFormSet,
    FrameworkForm,
    PitstopForm,
    ReflectionForm,
)
from reflections.models import Framework, Reflection, Theme
from reflections.queries import public_lessons


def _elements(coalition):
    framework = services.framework_for(coalition)
    return framework, (list(framework.elements.all()) if framework else [])


def _edit(request, coalition, reflection=None):
    framework, elements = _elements(coalition)
    ratings = {}
    if reflection is not None:
        ratings = {r.element_id: (r.score, r.why) for r in reflection.ratings.all()}
    form = ReflectionForm(
        request.POST or None, request.FILES or None, instance=reflection, coalition=coalition,
        elements=elements, ratings=ratings,
        initial={"revision": reflection.revision if reflection else 0,
                 "date": timezone.localdate()},
    )  # fmt: skip
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
    return render(request, "reflections/edit.html", {
        "coalition": coalition, "form": form, "reflection": reflection, "framework": framework,
    })  # fmt: skip


@login_required
def create(request, slug):
    coalition = get_object_or_404(Coalition, slug=slug)
    if not request.user.has_perm("reflections.add_reflection", coalition):
        raise Http404
    return _edit(request, coalition)


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
    if not request.user.has_perm("reflections.change_reflection", reflection):
        raise Http404
    return _edit(request, reflection.coalition, reflection)


def detail(request, pk):
    """Public lessons are open to everyone; other reflections only to who may read them."""
    reflection = _reflection(pk)
    if not request.user.has_perm("reflections.view_reflection", reflection):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise Http404
    return render(request, "reflections/detail.html", {
        "reflection": reflection,
        "audio": list(files_of(reflection, purpose="podcast")),
        "can_edit": request.user.has_perm("reflections.change_reflection", reflection),
    })  # fmt: skip


def lessons(request):
    lessons = public_lessons()
    theme = request.GET.get("thema")
    if theme:
        lessons = lessons.filter(themes__name=theme)
    return render(request, "reflections/lessons.html", {
        "lessons": list(lessons[:100]), "themes": Theme.objects.filter(approved=True),
        "theme": theme,
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
