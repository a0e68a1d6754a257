"""Event pages for everyone, registering and cancelling, "my events", and the calendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Programme
from events import ical, services
from events.forms import RegistrationForm
from events.models import CalendarToken, Event, new_token
from events.queries import (
    active_registration,
    event_for_page,
    programme_of,
    public_events,
    registrations_of,
    upcoming_for,
)
from events.rules import is_public_event
from portal import reports


def event_list(request):
    upcoming, past = public_events()
    return render(request, "events/list.html", {
        "upcoming": upcoming, "past": past,
        "can_manage": request.user.has_perm("events.manage_event"),
    })  # fmt: skip


def _visible_event(request, slug):
    """The event, or None with the response for who may not see it (login, or 404)."""
    try:
        event = event_for_page(slug)
    except Event.DoesNotExist:
        raise Http404 from None
    if request.user.has_perm("events.view_event", event):
        return event
    if not request.user.is_authenticated:
        return None
    raise Http404  # an event for others does not exist for you


def _programme(request, event):
    """The programme as this person may see it: the harvests they may read, the harvests they
    may write, the slides they may download. The same few queries whatever the size."""
    user = request.user
    programme = programme_of(event)
    takes_part = user.has_perm("events.take_part_in_event", event)
    runs = user.has_perm("events.write_plenary_harvest", event)
    public = is_public_event(event)

    def readable(harvest):
        if harvest is None or not (takes_part or (harvest.is_public and public)):
            return None
        return harvest

    for session in programme.sessions:
        session.may_download = session.slides is not None and (takes_part or session.slides_public)
    for table in programme.tables:
        table.readable_harvest = readable(table.harvest)
        table.may_write = runs or (user.is_authenticated and table.host_id == user.pk)
    harvest_report = reports.get_report("harvest")
    return {
        "programme": programme,
        "takes_part": takes_part,
        "can_make_harvest_report": bool(programme.harvests)
        and harvest_report.may_make(user, event),
        "plenary": readable(programme.plenary),
        "may_write_plenary": runs,
        "can_manage_agenda": user.has_perm("events.manage_agenda"),
    }


def _detail(request, event, form=None, full=False):
    now = timezone.now()
    registration = active_registration(event, request.user)
    left = event.free_places
    may_register = request.user.has_perm("events.register_for_event", event)
    can_register = registration is None and not event.registration_closed(now) and may_register
    if can_register and form is None:
        form = RegistrationForm(event=event, user=request.user)
    return render(request, "events/detail.html", {
        "event": event, "registration": registration, "places_left": left,
        "full": full or left == 0, "closed": event.registration_closed(now),
        "can_register": can_register, "form": form if can_register else None,
        "can_cancel": registration is not None and event.starts_at > now,
        "can_manage": request.user.has_perm("events.manage_event"),
        **_programme(request, event),
    })  # fmt: skip


def detail(request, slug):
    event = _visible_event(request, slug)
    if event is None:
        return redirect_to_login(request.get_full_path())
    return _detail(request, event)


@login_required
@require_POST
def register(request, slug):
    event = _visible_event(request, slug)
    if not request.user.has_perm("events.register_for_event", event):
        raise Http404
    form = RegistrationForm(request.POST, event=event, user=request.user)
    if not form.is_valid():
        return _detail(request, event, form=form)
    try:
        registration = services.register(
            event=event,
            user=request.user,
            answers=form.answers(),
            waiting_list=bool(request.POST.get("waiting_list")),
        )
    except services.EventFull as error:
        form.add_error(None, str(error))
        return _detail(request, event, form=form, full=True)
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return redirect("events:detail", event.slug)
    if registration.state == registration.State.WAITING:
        messages.success(request, _(
            "You are on the waiting list (number %(position)s). We will email you when a "
            "place becomes free."
        ) % {"position": registration.position})  # fmt: skip
    else:
        messages.success(request, _("You are registered. We sent you an email with the details."))
    return redirect("events:detail", event.slug)


@login_required
@require_POST
def cancel(request, slug):
    event = _visible_event(request, slug)
    registration = active_registration(event, request.user)
    if registration is None:
        return redirect("events:detail", event.slug)
    try:
        services.cancel(registration=registration, actor=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are no longer registered. We sent you an email."))
    return redirect("events:detail", event.slug)


@login_required
def mine(request):
    now = timezone.now()
    registrations = list(registrations_of(request.user))
    token = CalendarToken.objects.filter(user=request.user).first()
    return render(request, "events/mine.html", {
        "coming": [r for r in registrations if r.event.ends_at >= now],
        "past": [r for r in registrations if r.event.ends_at < now][::-1],
        "open_events": list(upcoming_for(request.user, now)[:50]),
        "feed_url": ical.site_url(reverse("events:my_feed", args=[token.token])) if token else "",
        "may_view_agenda": request.user.has_perm("events.view_agenda"),
    })  # fmt: skip


@login_required
@require_POST
def new_feed_link(request):
    """Make the personal calendar link, or a new one (the old link stops working)."""
    CalendarToken.objects.update_or_create(user=request.user, defaults={"token": new_token()})
    messages.success(request, _("Your calendar link is ready. Copy it into your calendar app."))
    return redirect("events:mine")


def _ics_response(content: bytes, filename: str, *, download=False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def my_feed(request, token):
    """A person's registrations as a calendar: the secret token instead of a session."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    content = ical.registrations_ics(registrations_of(found.user), name=_("My events – Samenspel"))
    return _ics_response(content, "samenspel.ics")


def programme_feed(request, slug):
    """The published public events of a programme."""
    programme = get_object_or_404(Programme, slug=slug)
    events = Event.objects.filter(
        programme=programme, is_published=True, audience=Event.Audience.PUBLIC
    ).order_by("starts_at")
    return _ics_response(ical.events_ics(events, name=programme.name), f"{programme.slug}.ics")


def event_ics(request, slug):
    event = _visible_event(request, slug)
    if event is None:
        return redirect_to_login(request.get_full_path())
    return _ics_response(ical.event_ics(event), f"{event.slug}.ics", download=True)
