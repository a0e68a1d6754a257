"""Registrations overview, proposal and selection report: their text, numbers and permissions."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from calls.models import ReviewCriterion
from portal import reports
from proposals.models import Proposal, Review, Score
from tests.factories import ReviewerFactory, StaffFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix

from .conftest import add_budget, add_registrations

pytestmark = pytest.mark.django_db


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def make(kind, obj, maker=None, **options):
    return reports.make_pdf(reports.get_report(kind), obj, maker, options=options, language="nl")


def test_registrations_overview_numbers_every_registration_in_table_and_full_forms(call):
    made = add_registrations(call, 15)
    pages = pdf_pages(make("registrations", call))
    text = "\n".join(pages)
    summary = text[text.index("Samenvatting\nGenummerde") :]
    for number, proposal in enumerate(made, start=1):
        # in the summary table: number, applicant and the summarised answer
        row = re.search(rf"\n{number} {proposal.lead_organisation.name}", summary)
        assert row, f"registration {number} missing from the summary"
        assert f"Antwoord {number - 1:03d} op samenvatting" in summary
        # the full form starts on a page of its own
        heading = f"{number}. {proposal.title}"
        holding = [page for page in pages if heading in page]
        assert len(holding) == 1 and holding[0].count(". Plan ") == 1, heading
        assert f"Antwoord {number - 1:03d} op lokale-context" in holding[0]


def test_registrations_summary_uses_the_question_staff_chose(call):
    add_registrations(call, 2)
    text = "\n".join(pdf_pages(make("registrations", call, question="lokale-context")))
    table = text[text.index("Samenvatting") : text.index("1. Plan 000")]
    assert "Hoe ziet jullie buurt eruit?" in table
    assert "Antwoord 000 op lokale-context" in table
    assert "Antwoord 000 op samenvatting" not in table


def test_table_of_contents_page_numbers_point_at_the_forms(call):
    made = add_registrations(call, 6)
    pages = pdf_pages(make("registrations", call))
    toc = next(page for page in pages if "Inhoud" in page)
    for number, proposal in enumerate(made, start=1):
        entry = re.search(
            rf"^{number}\. {proposal.lead_organisation.name}[^\n]*?\.+ (\d+)$", toc, re.M
        )
        assert entry, f"entry {number} missing from the contents:\n{toc!r}"
        page_number = int(entry.group(1))
        assert f"{number}. {proposal.title}" in pages[page_number - 1]
    assert f"/ {len(pages)}" in pages[-1]


def _review(proposal, stage, reviewer, values):
    review = Review.objects.create(
        proposal=proposal, stage=stage, reviewer=reviewer, state=Review.State.SUBMITTED,
        recommendation="yes", no_conflict_declared=True, comment="Sterk plan van de buurt.",
    )  # fmt: skip
    for criterion, value in zip(stage.criteria.order_by("order"), values, strict=True):
        Score.objects.create(review=review, criterion=criterion, value=value)
    return review


def test_selection_report_ranks_by_weighted_mean_and_totals_equal_the_rows(call):
    first, second = call.stages.order_by("order")
    for order, (name, weight) in enumerate([("Samenwerking", 2), ("Leren", 1)]):
        ReviewCriterion.objects.create(stage=first, name=name, weight=weight, order=order)
    low, high, chosen = add_registrations(call, 3)
    reviewer = ReviewerFactory()
    _review(low, first, reviewer, [2, 5])  # (2×2 + 5) / 3 = 3
    _review(high, first, reviewer, [5, 2])  # (5×2 + 2) / 3 = 4
    _review(chosen, first, reviewer, [5, 5])
    for proposal, amounts in [(low, ["1000.00"]), (high, ["2500.50", "499.50"]),
                              (chosen, ["40000.00", "1234.56"])]:  # fmt: skip
        add_budget(proposal, amounts)
    Proposal.objects.filter(pk=chosen.pk).update(
        state=Proposal.State.SELECTED, decision_reason="Past goed bij de oproep."
    )
    text = "\n".join(pdf_pages(make("selection", call)))
    part = text[: text.index("Uitwerking")]
    assert part.index(chosen.title) < part.index(high.title) < part.index(low.title)
    assert "4,00" in part and "3,00" in part  # the weighted means
    requested = Decimal("1000.00") + Decimal("3000.00") + Decimal("41234.56")
    assert "€ 45.234,56" in part and f"{requested:.2f}" == "45234.56"
    assert "€ 41.234,56\n" in part or part.count("€ 41.234,56") == 3  # row + granted + total
    assert "Past goed bij de oproep." in " ".join(part.split())


def test_proposal_report_adds_reviews_only_for_who_may_read_them(call):
    (proposal,) = add_registrations(call, 1)
    first = call.stages.order_by("order").first()
    ReviewCriterion.objects.create(stage=first, name="Samenwerking", weight=1, order=0)
    _review(proposal, first, ReviewerFactory(name="Rita Reviewer"), [4])
    applicant = UserFactory()
    proposal.people.add(applicant)
    applicant_copy = "\n".join(pdf_pages(make("proposal", proposal, applicant)))
    staff_pack = "\n".join(pdf_pages(make("proposal", proposal, StaffFactory())))
    assert "Antwoord 000 op samenvatting" in applicant_copy
    assert "Rita Reviewer" not in applicant_copy and "Sterk plan" not in applicant_copy
    assert "Rita Reviewer" in staff_pack and "Sterk plan van de buurt." in staff_pack


def test_only_staff_make_call_reports_and_only_applicants_their_proposal(call):
    (proposal,) = add_registrations(call, 1)
    applicant, other = UserFactory(), UserFactory()
    proposal.people.add(applicant)
    staff = StaffFactory()
    for kind in ["registrations", "selection", "portfolio", "learning"]:
        url = reverse("make_report", args=[kind, call.slug])
        matrix = {staff: ALLOWED, applicant: DENIED, ReviewerFactory(): DENIED, None: DENIED}
        assert check_permission_matrix(url, matrix) == [], kind
    url = reverse("make_report", args=["proposal", proposal.reference])
    matrix = {applicant: ALLOWED, staff: ALLOWED, other: DENIED, None: DENIED}
    assert check_permission_matrix(url, matrix) == []


def test_report_link_answers_with_a_pdf_download(client, call):
    add_registrations(call, 2)
    client.force_login(StaffFactory())
    response = client.get(reverse("make_report", args=["registrations", call.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_call_staff_page_offers_the_reports(client, call):
    client.force_login(StaffFactory())
    html = client.get(reverse("calls_staff:call_detail", args=[call.slug])).content.decode()
    assert reverse("make_report", args=["registrations", call.slug]) in html
    assert reverse("make_report", args=["selection", call.slug]) in html
    assert "Vat het antwoord samen op" in html


def test_export_report_command_lists_kinds_and_writes_the_file(call, tmp_path, capsys):
    add_registrations(call, 2)
    call_command("export_report", "--list")
    listing = capsys.readouterr().out
    kinds = [line.split()[0] for line in listing.splitlines()]
    assert kinds[:6] == ["registrations", "proposal", "selection", "portfolio", "dossier",
                         "learning"]  # fmt: skip
    assert call.slug in listing
    target = tmp_path / "overzicht.pdf"
    call_command("export_report", "registrations", "--call", call.slug, "-o", str(target))
    assert "Plan 001" in "\n".join(pdf_pages(target.read_bytes()))
