"""Portfolio, coalition dossier and learning report: one page per coalition, nothing unreadable."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from calls.models import Call
from coalitions.models import Coalition, PaymentTranche
from portal import reports
from reflections import services
from tests.factories import StaffFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix

pytestmark = pytest.mark.django_db


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def make(kind, obj, maker=None):
    return reports.make_pdf(reports.get_report(kind), obj, maker, language="nl")


def reflect(coalition, author, title, visibility, *, finish=True, learned="Samen leren werkt."):
    return services.save_reflection(
        coalition=coalition, actor=author, base_revision=0, finish=finish, ratings={},
        data={"title": title, "kind": "logbook", "date": datetime.date(2026, 3, 1),
              "visibility": visibility, "learned": learned},
    )  # fmt: skip


@pytest.fixture
def call_of(coalition):
    return Call.objects.create(
        programme=coalition.programme, title="Samenwerkingsexperimenten", slug="experimenten"
    )


def test_dossier_holds_no_reflection_the_maker_may_not_read(coalition, member):
    reflect(coalition, member, "Alleen voor ons", "coalition")
    reflect(coalition, member, "Voor het fonds", "fund")
    reflect(coalition, member, "Nog een concept", "fund", finish=False)
    member_text = "\n".join(pdf_pages(make("dossier", coalition, member)))
    staff_text = "\n".join(pdf_pages(make("dossier", coalition, StaffFactory())))
    assert "Alleen voor ons" in member_text and "Voor het fonds" in member_text
    assert "Alleen voor ons" not in staff_text and "Voor het fonds" in staff_text
    assert "Nog een concept" not in member_text + staff_text


def test_dossier_payment_totals_are_the_sums_of_the_tranches(coalition, member):
    for planned, amount, paid in [(datetime.date(2026, 1, 1), "12500.00", True),
                                  (datetime.date(2026, 7, 1), "7499.99", False)]:  # fmt: skip
        PaymentTranche.objects.create(
            coalition=coalition, planned_on=planned, amount=Decimal(amount),
            paid_on=planned if paid else None,
        )  # fmt: skip
    text = "\n".join(pdf_pages(make("dossier", coalition, member)))
    assert "Gepland in totaal € 19.999,99" in text
    assert "Tot nu toe betaald € 12.500,00" in text


def test_dossier_is_for_the_coalition_its_support_and_staff_only(coalition, member):
    assigned = SupportFactory()
    coalition.support_team.add(assigned)
    url = reverse("make_report", args=["dossier", coalition.slug])
    matrix = {
        member: ALLOWED, assigned: ALLOWED, StaffFactory(): ALLOWED,
        SupportFactory(): DENIED, UserFactory(): DENIED, None: DENIED,
    }  # fmt: skip
    assert check_permission_matrix(url, matrix) == []


def test_portfolio_gives_each_coalition_a_page_of_its_own(coalition, call_of):
    Coalition.objects.create(
        programme=coalition.programme, name="Westenwind", slug="westenwind",
        municipality="Horst aan de Maas", story="Bewoners en Synthese beslissen samen.",
    )  # fmt: skip
    pages = pdf_pages(make("portfolio", call_of, StaffFactory()))
    assert "Maak kennis met de coalities" in pages[0]
    for name in ["Samen in Zuilen", "Westenwind"]:
        assert len([page for page in pages if name in page]) == 1
    assert any("Bewoners en Synthese beslissen samen." in page for page in pages)


def test_learning_report_has_a_chart_per_element_and_quotes_with_their_source(
    coalition, member, call_of
):
    elements = list(services.framework_for(coalition).elements.all())
    services.save_reflection(
        coalition=coalition, actor=member, base_revision=0,
        data={"title": "Pitstop maart", "kind": "pitstop_report", "visibility": "fund",
              "date": datetime.date(2026, 3, 1), "learned": "Vertrouwen groeit door te doen."},
        ratings={elements[0].pk: (4, "")},
    )  # fmt: skip
    reflect(coalition, member, "Geheim", "coalition", learned="Dit mag niemand lezen.")
    text = "\n".join(pdf_pages(make("learning", call_of, StaffFactory())))
    assert "Elementen door de tijd" in text and elements[0].name in text
    assert "Vertrouwen groeit door te doen." in text
    assert "Samen in Zuilen · Pitstop maart" in text
    assert "Dit mag niemand lezen." not in text
