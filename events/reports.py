"""The registrations of an event as CSV or Excel, the presence list and the harvest as PDF.

Both PDFs are registered with portal.reports (kinds "presence" and "harvest", target "event"), so
`python manage.py export_report harvest --event SLUG` works and the staff event page shows them.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event, Registration
from events.queries import agenda_for, agenda_of_event, programme_of, registrations_for_staff
from events.rules import is_public_event
from portal.pdf import render_pdf
from portal.reports import Built, Report, register_report
from portal.rules import is_fund_staff
from proposals.exports import Field, as_csv, as_xlsx


def organisation_of(registration) -> str:
    """What the person filled in, or else their organisations in the portal."""
    answer = registration.answers.get("organisation", "")
    return answer or ", ".join(o.name for o in registration.user.organisations.all())


def _attended(registration):
    if registration.attended is None:
        return ""
    return _("yes") if registration.attended else _("no")


PERSON_FIELDS = [
    Field("naam", gettext_lazy("Name"), lambda r: r.user.name),
    Field("email", gettext_lazy("Email address"), lambda r: r.user.email),
    Field("status", gettext_lazy("State"), lambda r: r.get_state_display()),
    Field("wachtlijst", gettext_lazy("Place on the waiting list"), lambda r: r.position),
    Field(
        "aangemeld",
        gettext_lazy("Registered at"),
        lambda r: timezone.localtime(r.created_at).replace(tzinfo=None),
    ),
    Field("aanwezig", gettext_lazy("Attended"), _attended),
]


def answer_fields(event) -> list[Field]:
    """The organisation, then the questions this event asks (standard ones, then free ones)."""
    fields = [
        Field("organisatie", Registration.STANDARD_QUESTIONS["organisation"], organisation_of)
    ]
    for key, asked in [
        ("role", event.ask_role),
        ("dietary", event.ask_dietary),
        ("accessibility", event.ask_accessibility),
    ]:
        if asked:
            label = Registration.STANDARD_QUESTIONS[key]
            fields.append(Field(key, label, lambda r, key=key: r.answers.get(key, "")))
    for question in event.questions.all():
        fields.append(
            Field(question.key, question.text, lambda r, key=question.key: r.answers.get(key, ""))
        )
    return fields


def export_fields(event) -> list[Field]:
    return PERSON_FIELDS + answer_fields(event)


def registrations_csv(event, registrations, *, dutch_excel=False) -> bytes:
    return as_csv(registrations, export_fields(event), dutch_excel=dutch_excel)


def registrations_xlsx(event, registrations) -> bytes:
    return as_xlsx(registrations, export_fields(event), title=_("Registrations"))


def _presence(event, registrations) -> Built:
    """Name, organisation and an empty signature column for everyone with a place."""
    present = [r for r in registrations if r.state == Registration.State.REGISTERED]
    present.sort(key=lambda r: (r.user.name or r.user.email).lower())
    rows = [
        {"name": r.user.name or r.user.email, "organisation": organisation_of(r)} for r in present
    ]
    return Built(
        "events/pdf/presence.html",
        {"event": event, "rows": rows},
        title=_("Presence list"),
        author=str(event.programme),
        subject=event.title,
    )


def presence_pdf(event, registrations) -> bytes:
    built = _presence(event, registrations)
    return render_pdf(
        built.template, built.context, title=built.title, author=built.author,
        subject=built.subject,
    )  # fmt: skip


def _find_event(slug):
    return Event.objects.select_related("programme").prefetch_related("questions").get(slug=slug)


def _event_examples():
    return list(Event.objects.order_by("-starts_at").values_list("slug", flat=True)[:5])


register_report(
    Report(
        kind="presence",
        order=8,
        label=gettext_lazy("Presence list"),
        target="event",
        find=_find_event,
        identify=lambda event: event.slug,
        may_make=lambda user, event: is_fund_staff(user),
        build=lambda event, maker, options: _presence(event, registrations_for_staff(event)),
        examples=_event_examples,
    )
)


# --- The harvest: a publication of what an event yielded ------------------------------------
def may_make_harvest(user, event) -> bool:
    """Who takes part (participants, hosts, organisers, staff) always; anyone who may see a
    public event once one of its harvests is public (the report then holds only those)."""
    if not user.is_authenticated:
        return False
    if user.has_perm("events.take_part_in_event", event):
        return True
    return (
        is_public_event(event)
        and event.harvests.filter(is_public=True).exists()
        and user.has_perm("events.view_event", event)
    )


def build_harvest(event, maker, options) -> Built:
    """Title page, contents, programme, every table with its questions and harvest, the plenary
    close and the knowledge-agenda items from this event. Only what the maker may read: the
    command line (None) reads everything, like staff."""
    programme = programme_of(event)
    takes_part = maker is None or maker.has_perm("events.take_part_in_event", event)

    def readable(harvest):
        if harvest is None or not (takes_part or harvest.is_public):
            return None
        return harvest

    for table in programme.tables:
        table.readable_harvest = readable(table.harvest)
    items = agenda_of_event(event)
    if maker is not None:
        items = items.filter(pk__in=agenda_for(maker).values("pk"))
    return Built(
        "events/pdf/harvest.html",
        {
            "event": event,
            "programme": event.programme,
            "sessions": programme.sessions,
            "tables": programme.tables,
            "plenary": readable(programme.plenary),
            "agenda": list(items),
            "only_public": not takes_part,
        },
        title=_("Harvest: %(event)s") % {"event": event.title},
        author=str(event.programme),
        subject=event.title,
    )


register_report(
    Report(
        kind="harvest",
        order=7,
        label=gettext_lazy("Harvest"),
        target="event",
        find=_find_event,
        identify=lambda event: event.slug,
        may_make=may_make_harvest,
        build=build_harvest,
        examples=lambda: list(
            Event.objects.filter(harvests__isnull=False)
            .distinct()
            .order_by("slug")
            .values_list("slug", flat=True)[:5]
        ),
    )
)
