"""The workspace timeline: payments, pitstops and the reports due after them."""

import datetime

import pytest
from django.urls import reverse

from coalitions.models import PaymentTranche
from reflections import services
from reflections.timeline import REPORT_DUE_AFTER

pytestmark = pytest.mark.django_db


def test_timeline_shows_pitstops_reports_due_and_payments_in_date_order(client, coalition, member):
    soon = datetime.date.today() + datetime.timedelta(days=10)
    pitstop = services.plan_pitstop(
        coalition=coalition, date=soon, place="Buurthuis De Bram", title="Pitstop 1", actor=member
    )
    PaymentTranche.objects.create(
        coalition=coalition, planned_on=soon + datetime.timedelta(days=60), amount=12500
    )
    client.force_login(member)
    html = client.get(reverse("coalitions:workspace", args=[coalition.slug])).content.decode()
    timeline = html[html.index('id="timeline-title"') :]
    assert timeline.index("Pitstop 1, Buurthuis De Bram") < timeline.index("Verslag van Pitstop 1")
    assert timeline.index("Verslag van Pitstop 1") < timeline.index("Betaling van € 12.500,00")
    write_report = reverse("reflections:create", args=[coalition.slug]) + f"?pitstop={pitstop.pk}"
    assert write_report in timeline


def test_a_written_pitstop_report_marks_the_report_done(client, coalition, member):
    day = datetime.date.today() - datetime.timedelta(days=3)
    pitstop = services.plan_pitstop(
        coalition=coalition, date=day, place="", title="Pitstop 1", actor=member
    )
    services.save_reflection(
        coalition=coalition, actor=member, base_revision=0, ratings={},
        data={"title": "Verslag", "kind": "pitstop_report", "pitstop": pitstop,
              "date": day, "visibility": "fund"},
    )  # fmt: skip
    client.force_login(member)
    html = client.get(reverse("coalitions:workspace", args=[coalition.slug])).content.decode()
    item = html[html.index("Verslag van Pitstop 1") :][:200]
    assert "(klaar)" in item
    assert f"?pitstop={pitstop.pk}" not in html
    assert pitstop.date + REPORT_DUE_AFTER > datetime.date.today()


def test_write_report_link_preselects_the_pitstop(client, coalition, member):
    pitstop = services.plan_pitstop(
        coalition=coalition, date=datetime.date(2026, 5, 1), place="", title="Pitstop 2",
        actor=member,
    )  # fmt: skip
    client.force_login(member)
    url = reverse("reflections:create", args=[coalition.slug]) + f"?pitstop={pitstop.pk}"
    html = client.get(url).content.decode()
    assert f'<option value="{pitstop.pk}" selected>' in html
    assert '<option value="pitstop_report" selected>' in html
