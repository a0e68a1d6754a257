"""Fund staff: the events list, the event form, registrations with attendance, exports and the
presence list."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from events import reports, services
from events.forms import EventForm, QuestionFormSet
from events.models import Event, Registration
from events.queries import registrations_for_staff, staff_events
from portal.decorators import fund_staff_required
from portal.registry import sections


@fund_staff_required
def event_list(request):
    return render(request, "events/staff/list.html", {"events": list(staff_events())})


@fund_staff_required
def edit(request, slug=None):
    event = get_object_or_404(Event, slug=slug) if slug else None
    form = EventForm(request.POST or None, instance=event)
    questions = QuestionFormSet(request.POST or None, instance=event or Event(), prefix="questions")
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        event = services.save_event(
            form=form, questions=questions, invited=form.cleaned_data["invited"],
            actor=request.user,
        )  # fmt: skip
        messages.success(request, _("The event is saved."))
        return redirect("events:staff_registrations", event.slug)
    return render(request, "events/staff/form.html", {
        "event": event, "form": form, "questions": questions,
    })  # fmt: skip


def _event(slug):
    return get_object_or_404(
        Event.objects.select_related("programme").prefetch_related("questions"), slug=slug
    )


@fund_staff_required
def registrations(request, slug):
    event = _event(slug)
    if request.method == "POST":
        count = services.record_attendance(
            event=event, present_ids=request.POST.getlist("present"), actor=request.user
        )
        messages.success(request, _("Attendance is saved: %(count)s present.") % {"count": count})
        return redirect("events:staff_registrations", event.slug)
    fields = reports.answer_fields(event)

    def rows(state):
        return [
            (registration, [field.get(registration) for field in fields])
            for registration in everyone
            if registration.state == state
        ]

    everyone = registrations_for_staff(event)
    return render(request, "events/staff/registrations.html", {
        "event": event, "fields": fields,
        "registered": rows(Registration.State.REGISTERED),
        "waiting": rows(Registration.State.WAITING),
        "cancelled": rows(Registration.State.CANCELLED),
        "sections": sections("event_staff", request, event),
    })  # fmt: skip


@fund_staff_required
def export(request, slug):
    event = _event(slug)
    rows = registrations_for_staff(event)
    if (request.GET.get("formaat") or request.GET.get("format")) == "xlsx":
        response = HttpResponse(
            reports.registrations_xlsx(event, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"aanmeldingen-{event.slug}.xlsx"
    else:
        dutch_excel = translation.get_language() == "nl"  # Dutch Excel: `;` and decimal comma
        response = HttpResponse(
            reports.registrations_csv(event, rows, dutch_excel=dutch_excel),
            content_type="text/csv; charset=utf-8",
        )
        name = f"aanmeldingen-{event.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@fund_staff_required
def presence_list(request, slug):
    event = _event(slug)
    response = HttpResponse(
        reports.presence_pdf(event, registrations_for_staff(event)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="presentielijst-{event.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
