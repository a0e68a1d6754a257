"""The staff proposal list: permissions, filters, search, sorting, columns, export, queries."""

import csv
import io
import itertools
from datetime import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from calls.models import ReviewCriterion
from portal.models import Organisation
from proposals import exports, review_services, services
from proposals.models import Answer, Proposal, Review, Score
from tests.factories import MembershipFactory, OrganisationFactory, ReviewerFactory, StaffFactory
from tests.helpers import (
    ALLOWED,
    DENIED,
    assert_queries_do_not_grow,
    check_permission_matrix,
    count_queries,
)

from .conftest import build_call, fill_everything

pytestmark = pytest.mark.django_db

State = Proposal.State
_numbers = itertools.count(1)


# --- Test data -----------------------------------------------------------------------------
def criteria_of(stage):
    if not stage.criteria.exists():
        ReviewCriterion.objects.create(stage=stage, name="Samenwerking", weight=Decimal("2"))
        ReviewCriterion.objects.create(stage=stage, name="Haalbaarheid", weight=Decimal("1"))
    return list(stage.criteria.order_by("pk"))


def make_proposal(
    call,
    *,
    title=None,
    organisation=None,
    state=State.SUBMITTED,
    stage=None,
    help_wanted="no",
    summary="Samen een burennetwerk opzetten.",
    flagged=False,
    submitted_at=None,
):
    """A proposal made directly in the database (fast), with answers and its search vector."""
    number = next(_numbers)
    stage = stage or call.stages.get(order=1)
    proposal = Proposal.objects.create(
        call=call,
        stage=stage,
        title=title or f"Plan {number}",
        lead_organisation=organisation or OrganisationFactory(),
        state=state,
        reference=None if state == State.DRAFT else f"BB-2026-{number:04d}",
        submitted_at=None if state == State.DRAFT else submitted_at or timezone.now(),
        flagged=flagged,
    )
    questions = {q.key: q for q in call.stages.get(order=1).sections.first().questions.all()}
    for key, value in {"samenvatting": summary, "hulp-gewenst": help_wanted}.items():
        Answer.objects.create(
            proposal=proposal,
            question=questions[key],
            question_key=key,
            question_text=questions[key].text,
            value=value,
        )
    services.refresh_search_vector(proposal)
    return proposal


def add_review(proposal, reviewer, scores, *, recommendation="yes", done=True):
    """A review with one score per criterion (in criterion order)."""
    review = Review.objects.create(
        proposal=proposal,
        stage=proposal.stage,
        reviewer=reviewer,
        state=Review.State.SUBMITTED if done else Review.State.ASSIGNED,
        no_conflict_declared=True,
        recommendation=recommendation if done else "",
    )
    for criterion, value in zip(criteria_of(proposal.stage), scores, strict=False):
        Score.objects.create(review=review, criterion=criterion, value=value)
    return review


@pytest.fixture
def call(db):
    return build_call()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def list_url(call, **params):
    from urllib.parse import urlencode

    url = reverse("proposals_list:list", args=[call.slug])
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def titles(response):
    return [p.title for p in response.context["page"].object_list]


# --- Permissions ---------------------------------------------------------------------------
def test_only_fund_staff_open_the_list_the_export_and_the_dashboard(call):
    make_proposal(call)
    applicant = MembershipFactory().user
    matrix = {
        None: DENIED,
        applicant: DENIED,
        ReviewerFactory(): DENIED,
        StaffFactory(): ALLOWED,
    }
    urls = [
        reverse("proposals_list:list", args=[call.slug]),
        reverse("proposals_list:export", args=[call.slug]) + "?formaat=csv",
        reverse("proposals_list:export", args=[call.slug]) + "?formaat=xlsx",
        reverse("proposals_list:dashboard", args=[call.slug]),
    ]
    problems = [p for url in urls for p in check_permission_matrix(url, matrix)]
    assert problems == []
    client = Client()
    client.force_login(applicant)
    assert client.get(urls[0]).status_code == 403


def test_an_unknown_call_is_not_found(staff_client):
    url = reverse("proposals_list:list", args=["bestaat-niet"])
    assert staff_client.get(url).status_code == 404


# --- Filters -------------------------------------------------------------------------------
def test_the_list_shows_only_this_calls_proposals(call, staff_client):
    make_proposal(call, title="Hier")
    make_proposal(build_call(slug="andere"), title="Elders")
    assert titles(staff_client.get(list_url(call))) == ["Hier"]


def test_filter_on_state_and_stage(call, staff_client):
    full_plan = call.stages.get(order=2)
    make_proposal(call, title="Ingediend")
    make_proposal(call, title="Concept", state=State.DRAFT)
    make_proposal(call, title="Uitgenodigd", state=State.INVITED, stage=full_plan)
    assert titles(staff_client.get(list_url(call, status="draft"))) == ["Concept"]
    assert sorted(titles(staff_client.get(list_url(call, status=["draft", "submitted"])))) == [
        "Concept",
        "Ingediend",
    ]
    assert titles(staff_client.get(list_url(call, fase=full_plan.pk))) == ["Uitgenodigd"]


def test_filter_on_organisation_kind_and_municipality(call, staff_client):
    make_proposal(
        call,
        title="Zwolle",
        organisation=OrganisationFactory(municipality="Zwolle", kind=Organisation.Kind.WELFARE),
    )
    make_proposal(
        call, title="Apeldoorn", organisation=OrganisationFactory(municipality="Apeldoorn")
    )
    assert titles(staff_client.get(list_url(call, soort="welzijnsorganisatie"))) == ["Zwolle"]
    assert titles(staff_client.get(list_url(call, gemeente="Apeldoorn"))) == ["Apeldoorn"]
    # Only municipalities that occur in this call are offered.
    response = staff_client.get(list_url(call))
    choices = dict(response.context["form"].fields["gemeente"].choices)
    assert [key for key in choices if key] == ["Apeldoorn", "Zwolle"]


def test_filter_on_help_asked(call, staff_client):
    make_proposal(call, title="Met hulp", help_wanted="yes")
    make_proposal(call, title="Zonder hulp", help_wanted="no")
    assert titles(staff_client.get(list_url(call, hulp="ja"))) == ["Met hulp"]
    assert titles(staff_client.get(list_url(call, hulp="nee"))) == ["Zonder hulp"]


def test_filter_on_flag(call, staff_client):
    make_proposal(call, title="Gemarkeerd", flagged=True)
    make_proposal(call, title="Gewoon")
    assert titles(staff_client.get(list_url(call, vlag="ja"))) == ["Gemarkeerd"]
    assert titles(staff_client.get(list_url(call, vlag="nee"))) == ["Gewoon"]


def test_filter_on_reviewer_and_score_range(call, staff_client):
    anna, bert = ReviewerFactory(name="Anna"), ReviewerFactory(name="Bert")
    high = make_proposal(call, title="Hoog")
    low = make_proposal(call, title="Laag")
    make_proposal(call, title="Niet beoordeeld")
    add_review(high, anna, [5, 4])  # (2×5 + 1×4) / 3 = 4.67
    add_review(low, bert, [2, 2])
    assert titles(staff_client.get(list_url(call, beoordelaar=anna.pk))) == ["Hoog"]
    assert titles(staff_client.get(list_url(call, beoordelaar=bert.pk))) == ["Laag"]
    assert titles(staff_client.get(list_url(call, score_min="4"))) == ["Hoog"]
    assert titles(staff_client.get(list_url(call, score_max="3"))) == ["Laag"]
    assert titles(
        staff_client.get(list_url(call, score_min="1", score_max="5", sorteer="naam"))
    ) == [
        "Hoog",
        "Laag",
    ]


def test_an_invalid_filter_value_is_reported_and_left_out(call, staff_client):
    make_proposal(call, title="Met hulp", help_wanted="yes")
    make_proposal(call, title="Zonder hulp")
    response = staff_client.get(list_url(call, status="onzin", hulp="ja"))
    assert titles(response) == ["Met hulp"]
    assert "status" in response.context["form"].errors
    assert "text-danger" in response.content.decode()


# --- Search --------------------------------------------------------------------------------
def test_search_finds_a_word_in_an_answer_with_dutch_stemming(call, staff_client):
    make_proposal(call, title="Moestuin", summary="We leggen samen moestuinen aan bij de flats.")
    make_proposal(call, title="Repaircafé", summary="Spullen repareren met buren.")
    assert titles(staff_client.get(list_url(call, zoek="moestuin"))) == ["Moestuin"]
    assert titles(staff_client.get(list_url(call, zoek="buren"))) == ["Repaircafé"]


def test_search_finds_an_organisation_and_a_reference(call, staff_client):
    make_proposal(call, title="Van Stichting Zonnebloem", organisation=OrganisationFactory(
        name="Stichting Zonnebloem Deventer", municipality="Deventer"))  # fmt: skip
    other = make_proposal(call, title="Ander plan")
    assert titles(staff_client.get(list_url(call, zoek="Zonnebloem"))) == [
        "Van Stichting Zonnebloem"
    ]
    assert titles(staff_client.get(list_url(call, zoek="deventer"))) == ["Van Stichting Zonnebloem"]
    assert titles(staff_client.get(list_url(call, zoek=other.reference))) == ["Ander plan"]


def test_search_after_a_real_submission_and_best_match_first(call, staff_client):
    membership = MembershipFactory(
        organisation=OrganisationFactory(name="Buurtkracht Noord", municipality="Apeldoorn"),
        role="manager",
    )
    proposal = services.start_proposal(
        call=call,
        title="Buurtkamer voor iedereen",
        lead_organisation=membership.organisation,
        actor=membership.user,
    )
    fill_everything(proposal, membership.user)
    services.submit(proposal=proposal, actor=membership.user)
    make_proposal(call, title="Iets anders", summary="Een buurtkamer misschien later.")
    # The title weighs more than an answer: the submitted proposal comes first.
    found = titles(staff_client.get(list_url(call, zoek="buurtkamer")))
    assert found == ["Buurtkamer voor iedereen", "Iets anders"]
    assert titles(staff_client.get(list_url(call, zoek="Buurtkracht"))) == [
        "Buurtkamer voor iedereen"
    ]
    assert titles(staff_client.get(list_url(call, zoek="ouderen"))) == ["Buurtkamer voor iedereen"]


# --- Sorting, columns, pagination ----------------------------------------------------------
def test_sort_by_score_both_ways_unscored_last(call, staff_client):
    reviewer = ReviewerFactory()
    for title, scores in [("Midden", [3, 3]), ("Hoog", [5, 5]), ("Laag", [1, 2])]:
        add_review(make_proposal(call, title=title), reviewer, scores)
    make_proposal(call, title="Geen score")
    response = staff_client.get(list_url(call, sorteer="-score"))
    assert titles(response) == ["Hoog", "Midden", "Laag", "Geen score"]
    assert 'aria-sort="descending"' in response.content.decode()
    assert titles(staff_client.get(list_url(call, sorteer="score"))) == [
        "Laag",
        "Midden",
        "Hoog",
        "Geen score",
    ]


def test_sort_by_name_and_by_date(call, staff_client):
    now = timezone.now()
    make_proposal(call, title="Bravo", submitted_at=now - timezone.timedelta(days=2))
    make_proposal(call, title="Alfa", submitted_at=now - timezone.timedelta(days=1))
    make_proposal(call, title="Charlie", submitted_at=now - timezone.timedelta(days=3))
    assert titles(staff_client.get(list_url(call, sorteer="naam"))) == ["Alfa", "Bravo", "Charlie"]
    assert titles(staff_client.get(list_url(call, sorteer="-naam"))) == ["Charlie", "Bravo", "Alfa"]
    assert titles(staff_client.get(list_url(call))) == ["Alfa", "Bravo", "Charlie"]  # newest first
    assert titles(staff_client.get(list_url(call, sorteer="datum"))) == ["Charlie", "Bravo", "Alfa"]


def test_the_row_shows_score_reviews_flag_and_decision(call, staff_client):
    reviewer, other = ReviewerFactory(), ReviewerFactory()
    proposal = make_proposal(call, title="Alles erop", flagged=True)
    Proposal.objects.filter(pk=proposal.pk).update(pending_decision="invite")
    add_review(proposal, reviewer, [4, 1])  # (8 + 1) / 3 = 3.00
    add_review(proposal, other, [], done=False)
    html = staff_client.get(list_url(call)).content.decode()
    assert "3.00" in html or "3,00" in html
    assert "1 / 2" in html
    assert f'href="/fonds/aanvragen/{proposal.pk}/"' in html
    assert "badge text-bg-warning" in html


def test_chosen_columns_only(call, staff_client):
    make_proposal(call, organisation=OrganisationFactory(name="Wijkraad Oost", municipality="Ede"))
    shown = staff_client.get(list_url(call)).content.decode()
    assert "Wijkraad Oost" in shown and "Ede" in shown
    hidden = staff_client.get(list_url(call, kolommen="1", kolom=["gemeente"])).content.decode()
    assert "Wijkraad Oost" not in hidden.split("<tbody>")[1]
    assert "Ede" in hidden.split("<tbody>")[1]


def test_pagination_keeps_the_filters(call, staff_client):
    for _ in range(27):
        make_proposal(call, help_wanted="yes")
    make_proposal(call, help_wanted="no")
    response = staff_client.get(list_url(call, hulp="ja"))
    assert response.context["page"].paginator.count == 27
    assert len(titles(response)) == 25
    assert "hulp=ja&amp;pagina=2" in response.content.decode()
    second = staff_client.get(list_url(call, hulp="ja", pagina=2))
    assert len(titles(second)) == 2


# --- Export --------------------------------------------------------------------------------
def export_url(call, **params):
    from urllib.parse import urlencode

    url = reverse("proposals_list:export", args=[call.slug])
    return f"{url}?{urlencode(params, doseq=True)}"


def labels(response, keys):
    """The column titles in the language of the response."""
    with translation.override(response["Content-Language"]):
        return [str(exports.FIELDS_BY_KEY[key].label) for key in keys]


def test_csv_export_has_the_filtered_rows_and_chosen_fields_for_dutch_excel(call, staff_client):
    reviewer = ReviewerFactory()
    organisation = OrganisationFactory(name="Één & Co", municipality="Ede")
    wanted = make_proposal(call, title="Gekozen", help_wanted="yes", organisation=organisation)
    add_review(wanted, reviewer, [5, 2])  # (10 + 2) / 3 = 4.00
    make_proposal(call, title='=HYPERLINK("x")', help_wanted="yes")
    make_proposal(call, title="Niet gekozen", help_wanted="no")
    response = staff_client.get(
        export_url(call, hulp="ja", sorteer="-score", formaat="csv",
                   veld=["referentie", "titel", "organisatie", "score"])
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="aanvragen-{call.slug}-' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Language"] == "nl"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == labels(response, ["referentie", "titel", "organisatie", "score"])
    assert rows[1] == [wanted.reference, "Gekozen", "Één & Co", "4,00"]  # a decimal comma
    assert rows[2][1] == '\'=HYPERLINK("x")'  # never a formula in a spreadsheet
    assert len(rows) == 3


def test_csv_export_in_english_uses_commas_and_a_decimal_point_and_readable_times(
    call, staff_client
):
    reviewer = ReviewerFactory()
    wanted = make_proposal(call, title="Chosen")
    add_review(wanted, reviewer, [5, 2])
    Proposal.objects.filter(pk=wanted.pk).update(
        submitted_at=timezone.make_aware(datetime(2026, 3, 2, 14, 5, 33, 123456))
    )
    staff_client.cookies["django_language"] = "en"
    response = staff_client.get(
        export_url(call, format="csv", veld=["titel", "ingediend", "score"])
    )
    assert response["Content-Language"] == "en"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["Chosen", "2026-03-02 14:05", "4.00"]


def test_format_is_understood_beside_formaat(call, staff_client):
    make_proposal(call, title="Eén")
    response = staff_client.get(export_url(call, format="xlsx"))
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_a_filter_value_that_does_not_fit_is_named_instead_of_silently_ignored(call, staff_client):
    make_proposal(call, title="Eén")
    response = staff_client.get(list_url(call, status="bestaat-niet"))
    page = response.content.decode()
    assert "Dit filter klopt niet en is niet gebruikt: Status" in page
    response = staff_client.get(export_url(call, status="bestaat-niet", formaat="csv"))
    assert response.status_code == 302  # no file of another selection than the one asked
    assert "status=bestaat-niet" in response["Location"]
    page = staff_client.get(response["Location"]).content.decode()
    assert "Dit filter klopt niet en is niet gebruikt: Status" in page


def test_xlsx_export_has_the_filtered_rows_and_chosen_fields(call, staff_client):
    make_proposal(call, title="Gemarkeerd", flagged=True,
                  organisation=OrganisationFactory(municipality="Zutphen"))  # fmt: skip
    make_proposal(call, title="Niet gemarkeerd")
    response = staff_client.get(
        export_url(call, vlag="ja", formaat="xlsx", veld=["titel", "gemeente", "vlag", "klaar"])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    with translation.override(response["Content-Language"]):
        yes = str(exports._yes_no(True))
    assert values == [
        labels(response, ["titel", "gemeente", "klaar", "vlag"]),
        ["Gemarkeerd", "Zutphen", 0, yes],
    ]


def test_export_without_chosen_fields_gives_the_default_fields(call, staff_client):
    make_proposal(call)
    response = staff_client.get(export_url(call, formaat="csv"))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header == labels(response, exports.DEFAULT_FIELDS)


# --- Reviews through the services, and the query budget ------------------------------------
def test_scores_given_through_the_review_services_show_in_the_list(call, staff, staff_client):
    proposal = make_proposal(call, title="Via de diensten")
    criteria = criteria_of(proposal.stage)
    reviewer = ReviewerFactory()
    review = review_services.assign_reviewer(
        proposal=proposal, reviewer=reviewer, actor=staff, notify=False
    )
    review_services.declare_conflict(review=review, has_conflict=False, actor=reviewer)
    review_services.save_review(
        review=review,
        scores={criteria[0].pk: 4, criteria[1].pk: 4},
        recommendation="maybe",
        comment="",
        submit=True,
        actor=reviewer,
    )
    row = staff_client.get(list_url(call)).context["page"].object_list[0]
    assert (row.reviews_done, row.reviews_assigned, row.recommended_maybe) == (1, 1, 1)
    assert row.weighted_mean == Decimal("4")


def test_the_list_runs_a_fixed_number_of_queries(call, staff_client):
    reviewers = [ReviewerFactory(), ReviewerFactory()]
    municipalities = itertools.cycle(["Apeldoorn", "Zwolle", "Deventer"])

    def add_rows(count):
        for _ in range(count):
            proposal = make_proposal(
                call,
                help_wanted="yes",
                organisation=OrganisationFactory(municipality=next(municipalities)),
            )
            add_review(proposal, reviewers[0], [4, 3])
            add_review(proposal, reviewers[1], [2, 5], recommendation="maybe")

    filters = {"status": "submitted", "hulp": "ja", "score_min": "1", "sorteer": "-score"}
    columns = {"kolommen": "1", "kolom": ["organisatie", "score", "beoordelingen"]}
    url = list_url(call, beoordelaar=reviewers[0].pk, **filters, **columns)
    staff_client.get(url)  # the first request after logging in updates the session
    queries = assert_queries_do_not_grow(staff_client, url, add_rows, many=30)
    assert queries <= 10, queries
    with count_queries() as searching:
        assert staff_client.get(list_url(call, zoek="burennetwerk")).status_code == 200
    assert len(searching) <= 10
    with count_queries() as plain:
        assert staff_client.get(list_url(call)).status_code == 200
    assert len(plain) <= 10
