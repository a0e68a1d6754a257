"""The programme of an event: staff edit sessions and theme tables, hosts and staff write the
harvest (with autosave), and slides are downloaded by who may see them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.forms import SLIDES, HarvestForm, SessionFormSet, ThemeTableFormSet, people_for_tables
from events.models import Event, Session, ThemeTable
from events.queries import harvest_for, slides_of
from portal.decorators import fund_staff_required
from portal.files import files_of

PLENARY = "plenair"  # the harvest of the plenary close in URLs; a table's harvest uses its id


@fund_staff_required
def edit_programme(request, slug):
    event = get_object_or_404(Event.objects.select_related("programme"), slug=slug)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    sessions = SessionFormSet(data, files, instance=event, prefix="sessions")
    tables = ThemeTableFormSet(
        data, instance=event, prefix="tables", people=people_for_tables(event)
    )
    if request.method == "POST" and sessions.is_valid() and tables.is_valid():
        services.save_programme(
            event=event, sessions=sessions, tables=tables, actor=request.user, slides_kinds=SLIDES
        )
        messages.success(request, _("The programme is saved."))
        return redirect("events:staff_programme", event.slug)
    slides = slides_of([form.instance for form in sessions.forms if form.instance.pk])
    for form in sessions.forms:
        form.slides_file = slides.get(form.instance.pk)
    return render(request, "events/staff/programme.html", {
        "event": event, "sessions": sessions, "tables": tables,
    })  # fmt: skip


# --- Harvest -------------------------------------------------------------------------------
def _target(request, slug, key):
    """(event, table or None for the plenary) that this person may write the harvest of."""
    event = get_object_or_404(Event.objects.select_related("programme"), slug=slug)
    if key == PLENARY:
        table = None
        allowed = request.user.has_perm("events.write_plenary_harvest", event)
    elif key.isdigit():
        table = get_object_or_404(ThemeTable.objects.select_related("host"), pk=key, event=event)
        allowed = request.user.has_perm("events.write_table_harvest", table)
    else:
        raise Http404
    if not allowed:
        raise Http404  # not a host of this table: as if it did not exist
    return event, table


def _event_url(event, table):
    anchor = f"tafel-{table.pk}" if table else PLENARY
    return reverse("events:detail", args=[event.slug]) + f"#{anchor}"


@login_required
def write_harvest(request, slug, key):
    event, table = _target(request, slug, key)
    harvest = harvest_for(event, table)
    initial = {"revision": harvest.revision if harvest else 0}
    if harvest is not None:
        initial.update(
            text=harvest.text, themes=list(harvest.themes.all()), is_public=harvest.is_public
        )
    form = HarvestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_harvest(
                event=event, table=table, text=data["text"], themes=data["themes"],
                is_public=data["is_public"], base_revision=data.get("revision") or 0,
                actor=request.user,
            )  # fmt: skip
        except services.HarvestConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("The harvest is saved."))
            return redirect(_event_url(event, table))
    return render(request, "events/harvest_form.html", {
        "event": event, "table": table, "form": form, "harvest": harvest,
        "key": key, "back_url": _event_url(event, table),
        "can_manage_agenda": request.user.has_perm("events.manage_agenda"),
    })  # fmt: skip


@login_required
@require_POST
def autosave_harvest(request, slug, key):
    """htmx: keep the harvest as it is typed. Answers with a status line and the new revision
    (an out-of-band hidden input), never a redirect."""
    event, table = _target(request, slug, key)
    form = HarvestForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        harvest = services.save_harvest(
            event=event, table=table, text=data.get("text", ""), themes=data.get("themes"),
            base_revision=data.get("revision") or 0, actor=request.user, finish=False,
        )  # fmt: skip
    except services.HarvestConflict as conflict:
        return render(request, "events/_harvest_status.html", {
            "text": str(conflict), "level": "error",
        })  # fmt: skip
    now = timezone.localtime().strftime("%H:%M")
    return render(request, "events/_harvest_status.html", {
        "text": _("Saved at %(time)s.") % {"time": now}, "level": "ok", "harvest": harvest,
    })  # fmt: skip


# --- Slides --------------------------------------------------------------------------------
def slides(request, slug, pk):
    """A session's slides: public ones for everyone who may see the event, other ones for who
    takes part (events.view_session). Streamed like every private file."""
    session = get_object_or_404(Session.objects.select_related("event"), pk=pk, event__slug=slug)
    if not request.user.has_perm("events.view_session", session):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    private_file = files_of(session, purpose="slides").order_by("-pk").first()
    if private_file is None:
        raise Http404
    response = FileResponse(
        private_file.file.open("rb"),
        as_attachment=True,
        filename=private_file.original_name,
        content_type=private_file.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
