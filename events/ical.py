"""iCalendar (RFC 5545) for events: the attachment of the registration mails and the feeds.

One VEVENT per event, with a UID that never changes for that event, so a calendar app updates its
entry when the event moves (SEQUENCE goes up with every staff change) and removes it on a
cancellation (STATUS:CANCELLED). Times carry TZID Europe/Amsterdam with its VTIMEZONE.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.markdown import markdown_to_text

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Samenspel//Evenementen//NL"

CONFIRMED, TENTATIVE, CANCELLED = "CONFIRMED", "TENTATIVE", "CANCELLED"


def event_uid(event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "samenspel"
    return f"event-{event.pk}@{host}"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_url(event) -> str:
    return site_url(reverse("events:detail", args=[event.slug]))


def vevent(event, *, status: str = CONFIRMED, now=None) -> icalendar.Event:
    url = event_url(event)
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", (now or timezone.now()).astimezone(datetime.UTC))
    component.add("dtstart", event.starts_at.astimezone(AMSTERDAM))
    component.add("dtend", event.ends_at.astimezone(AMSTERDAM))
    component.add("summary", event.title)
    location = event.place or event.online_url
    if location:
        component.add("location", location)
    component.add("url", url)
    text = markdown_to_text(event.description)  # calendar apps show the text as it is
    description = [text] if text else []
    if event.online_url:
        description.append(event.online_url)
    description.append(url)
    component.add("description", "\n\n".join(description))
    component.add("status", status)
    # A cancellation must outrank what the person's calendar holds.
    component.add("sequence", event.sequence + (1 if status == CANCELLED else 0))
    return component


def calendar(components, *, name: str = "") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    starts = []
    for component in components:
        cal.add_component(component)
        starts.append(component.decoded("dtstart"))
    if starts:
        cal.add_missing_timezones(
            first_date=min(starts).date() - datetime.timedelta(days=366),
            last_date=max(starts).date() + datetime.timedelta(days=366),
        )
    return cal.to_ical()


def event_ics(event, *, status: str = CONFIRMED) -> bytes:
    """One event as an .ics file (the mail attachment and the "add to calendar" link)."""
    return calendar([vevent(event, status=status)], name=event.title)


def registrations_ics(registrations, *, name: str) -> bytes:
    """A person's feed: registered events confirmed, waiting-list events tentative."""
    return calendar(
        [
            vevent(r.event, status=CONFIRMED if r.state == "registered" else TENTATIVE)
            for r in registrations
        ],
        name=name,
    )


def events_ics(events, *, name: str) -> bytes:
    return calendar([vevent(event) for event in events], name=name)
