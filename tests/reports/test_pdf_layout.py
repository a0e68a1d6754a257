"""What the pages of every report kind show: all text inside the printable width, every column
header and total in sight, charts with their element's name and full legend, one bookmark per
registration. The PDFs are made as the portal makes them (portal.reports.make_pdf) and read back
with their word positions (tests/reports/pdf_reading.py)."""

import datetime

import pytest
from django.core.management import call_command

from calls.models import Call, ReviewCriterion
from coalitions.models import Coalition
from events.models import Event, ThemeTable
from portal import reports
from proposals.models import Proposal, Review, Score
from reflections.models import Element, ElementRating, Reflection
from tests.factories import ReviewerFactory, StaffFactory

from .conftest import add_budget, add_registrations
from .pdf_reading import assert_everything_fits, bookmarks, read_pages

pytestmark = pytest.mark.django_db


def make(kind, obj, maker=None, **options):
    return reports.make_pdf(reports.get_report(kind), obj, maker, options=options, language="nl")


def test_every_report_kind_has_a_layout_test_here():
    tested = {"registrations", "proposal", "selection", "portfolio", "dossier", "learning",
              "harvest", "presence"}  # fmt: skip
    assert {report.kind for report in reports.registered_reports()} == tested


@pytest.fixture
def demo(db):
    call_command("seed_demo")


# --- Selection report -----------------------------------------------------------------------
def test_selection_report_shows_every_column_and_the_granted_total_inside_the_page(call):
    first = call.stages.order_by("order").first()
    for order, name in enumerate(["Samenwerking", "Leren", "Bereik"]):
        ReviewCriterion.objects.create(stage=first, name=name, weight=1, order=order)
    proposals = add_registrations(call, 6)
    reviewer = ReviewerFactory()
    for n, proposal in enumerate(proposals):
        Proposal.objects.filter(pk=proposal.pk).update(
            title=f"Samen sterker in de wijk: bewoners en welzijn beslissen samen {n}"
        )
        review = Review.objects.create(
            proposal=proposal, stage=first, reviewer=reviewer, state=Review.State.SUBMITTED,
            recommendation="yes", no_conflict_declared=True,
        )  # fmt: skip
        for criterion in first.criteria.all():
            Score.objects.create(review=review, criterion=criterion, value=1 + n % 5)
        add_budget(proposal, ["1234567.89", "98765.43"])  # € 1.333.333,32 each
    chosen = proposals[:4]
    Proposal.objects.filter(pk__in=[p.pk for p in chosen]).update(
        state=Proposal.State.SELECTED,
        decision_reason="Past goed bij de oproep; sterke samenwerking tussen bewoners en welzijn.",
    )
    pages = read_pages(make("selection", call))

    assert_everything_fits(pages)
    part = pages[: next(i for i, page in enumerate(pages) if "Uitwerking" in page.text)]
    words = [word.text for page in part for word in page.words]
    for header in ["Plaats", "Voorstel", "Gewogen", "gemiddelde", "Spreiding", "Besluit",
                   "Reden", "Gevraagd", "Toegekend"]:  # fmt: skip
        assert header in words, f"column header {header!r} missing"
    assert words.count("1.333.333,32") == 6 + 4  # requested of every row, granted of four
    totals = [word for page in part for word in page.words if word.text == "Totaal"]
    assert len(totals) == 1, "the total once, after the last row (not on every page)"
    total = totals[0]
    page = next(page for page in part if total in page.words)
    row = [word.text for word in page.words_on_line_of(total)]
    assert row[-4:] == ["€", "7.999.999,92", "€", "5.333.333,28"], row  # requested, granted


# --- Learning report ------------------------------------------------------------------------
COALITIONS = [
    "Westenwind: samen beslissen in drie wijken van Horst aan de Maas",
    "Samen optrekken in De Heeze",
    "Oefenvijvers in Zuilen",
    "Langer thuis in Voorst met bewoners, mantelzorgers en professionals",
    "Samen werken aan De Nude",
    "Buurtkracht Kanaleneiland",
]


def _chart_axes(page):
    """The y axes of the charts on a page: the tick labels 5 down to 1 in one column."""
    axes = []
    for five in (word for word in page.words if word.text == "5"):
        ticks = [five]
        for value in "4321":
            below = [w for w in page.words if w.text == value and abs(w.x1 - five.x1) < 1
                     and w.y0 > ticks[-1].y1]  # fmt: skip
            if not below:
                break
            ticks.append(min(below, key=lambda w: w.y0))
        if len(ticks) == 5:
            axes.append(ticks)
    return sorted(axes, key=lambda ticks: ticks[0].y0)


def test_learning_report_charts_carry_their_element_and_the_whole_legend(coalition, member):
    programme = coalition.programme
    call = Call.objects.create(programme=programme, title="Experimenten", slug="experimenten")
    framework = Element.objects.first().framework
    Element.objects.create(
        framework=framework, name="Gelijkwaardig samenwerken tussen bewoners en professionals",
        order=3,
    )  # fmt: skip
    elements = list(Element.objects.filter(framework=framework))
    Coalition.objects.filter(pk=coalition.pk).update(name=COALITIONS[0])
    coalitions = [Coalition.objects.get(pk=coalition.pk)] + [
        Coalition.objects.create(programme=programme, name=name, slug=f"c{n}")
        for n, name in enumerate(COALITIONS[1:])
    ]
    for n, each in enumerate(coalitions):
        for month in (3, 9):
            reflection = Reflection.objects.create(
                coalition=each, title=f"Pitstop {month}", kind="pitstop_report",
                date=datetime.date(2023, month, 1), visibility="fund", learned="Samen leren.",
            )  # fmt: skip
            ElementRating.objects.bulk_create(
                ElementRating(reflection=reflection, element=element, score=1 + (n + month) % 5)
                for element in elements
            )
    pages = read_pages(make("learning", call, StaffFactory()))

    assert_everything_fits(pages)
    charts = [(page, axis) for page in pages for axis in _chart_axes(page)]
    assert len(charts) == len(elements), "one chart per element"
    labelled = []
    for page, axis in charts:
        top, bottom = axis[0], axis[-1]
        above = [line for line in page.lines if top.y0 - 40 < line.y1 <= top.y0]
        labelled += [e.name for e in elements if any(e.name in line.text for line in above)]
        # the legend: every coalition's full name under the chart's plot, before the next chart
        following = [other[0].y0 for other_page, other in charts
                     if other_page is page and other[0].y0 > bottom.y1]  # fmt: skip
        end = min(following, default=page.height)
        legend = " ".join(line.text for line in page.lines if bottom.y0 < line.y0 < end)
        for name in COALITIONS:
            assert name in legend, f"{name!r} missing from the legend on page {page.number}"
    assert sorted(labelled) == sorted(e.name for e in elements), "a chart without its element"


# --- Registrations overview -----------------------------------------------------------------
def test_registrations_overview_bookmarks_the_summary_and_each_registration_once(call):
    made = add_registrations(call, 15)
    pdf = make("registrations", call)
    pages = read_pages(pdf)

    assert_everything_fits(pages)
    expected = [(0, "Samenvatting")] + [
        (0, f"{number}. {proposal.title}") for number, proposal in enumerate(made, start=1)
    ]
    assert bookmarks(pdf) == expected
    summary = next(page for page in pages if "Samenvatting" in page.text and "Nr." in page.text)
    words = [word.text for word in summary.words]
    assert {"Nr.", "Aanvrager(s)"} <= set(words)


# --- The other kinds, on the demo data ------------------------------------------------------
def test_proposal_report_fits_the_page_with_its_budget_table(demo):
    proposal = Proposal.objects.get(reference="BB-2021-0001")
    pages = read_pages(make("proposal", proposal, StaffFactory()))

    assert_everything_fits(pages)
    text = "\n".join(page.text for page in pages)
    for header in ["Soort kosten", "Beschrijving", "Bedrag", "Totale kosten"]:
        assert header in text, f"{header!r} missing from the budget"
    total = next(word for page in pages for word in page.words if word.text == "Totale")
    page = next(page for page in pages if total in page.words)
    assert [word.text for word in page.words_on_line_of(total)][-2:] == ["€", "42.000,00"]


def test_portfolio_fits_the_page_with_every_coalition(demo):
    call = Call.objects.get(slug="samenwerkingsexperimenten-2021")
    pages = read_pages(make("portfolio", call, StaffFactory()))

    assert_everything_fits(pages)
    text = "\n".join(page.text for page in pages)
    for coalition in Coalition.objects.filter(programme=call.programme):
        assert coalition.name in text


def test_dossier_fits_the_page_with_its_payment_totals(demo):
    coalition = Coalition.objects.get(slug="apeldoorn")
    pages = read_pages(make("dossier", coalition, StaffFactory()))

    assert_everything_fits(pages)
    words = {word.text for page in pages for word in page.words}
    assert {"Gepland", "Bedrag", "Betaald"} <= words
    text = "\n".join(page.text for page in pages)
    assert "Gepland in totaal" in text and "Tot nu toe betaald" in text


def test_harvest_fits_the_page_with_every_table(demo):
    event = Event.objects.get(slug="symposium-gemeenschapskracht-2019")
    pages = read_pages(make("harvest", event, StaffFactory()))

    assert_everything_fits(pages)
    text = " ".join(page.text for page in pages)
    for table in ThemeTable.objects.filter(event=event):
        assert table.name in text


def test_presence_list_fits_the_page_with_all_its_columns(demo):
    event = Event.objects.get(slug="landelijke-bijeenkomst-2023")
    pages = read_pages(make("presence", event, StaffFactory()))

    assert_everything_fits(pages)
    words = {word.text for page in pages for word in page.words}
    assert {"#", "Naam", "Organisatie", "Handtekening"} <= words
