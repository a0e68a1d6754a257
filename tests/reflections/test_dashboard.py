import datetime

import pytest
from django.urls import reverse

from coalitions.models import Coalition
from reflections.models import Element, ElementRating, Reflection, Theme
from tests.factories import ReviewerFactory, StaffFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix, count_queries

pytestmark = pytest.mark.django_db


def add_coalitions(programme, count, reflections_each, start=0):
    elements = list(Element.objects.all())
    theme = Theme.objects.first()
    made = []
    for n in range(start, start + count):
        coalition = Coalition.objects.create(
            programme=programme,
            name=f"Coalitie {n}",
            slug=f"coalitie-{n}",
            municipality=f"Plaats {n}",
        )
        reflections = Reflection.objects.bulk_create(
            Reflection(
                coalition=coalition,
                title=f"Reflectie {n}.{r}",
                kind="logbook",
                date=datetime.date(2022, 1 + r % 12, 1),
                learned="We leerden veel.",
                other_factors="De wethouder hielp.",
                visibility="fund",
            )
            for r in range(reflections_each)
        )
        ElementRating.objects.bulk_create(
            ElementRating(reflection=reflection, element=element, score=1 + (i % 5))
            for i, reflection in enumerate(reflections)
            for element in elements
        )
        for reflection in reflections[:3]:
            reflection.themes.add(theme)
        made.append(coalition)
    return made


def test_dashboard_queries_do_not_grow_from_1_to_50_coalitions_with_40_reflections(
    client, coalition
):
    client.force_login(StaffFactory())
    url = reverse("reflections:dashboard")
    add_coalitions(coalition.programme, 1, 40)
    client.get(url)
    with count_queries() as few:
        client.get(url)
    add_coalitions(coalition.programme, 49, 40, start=1)
    with count_queries() as many:
        response = client.get(url)
    assert len(many) == len(few), (len(few), len(many))
    html = response.content.decode()
    assert html.count("<polyline") == 2 * 50  # one line per coalition, per element


def test_support_team_sees_only_their_coalitions_and_never_coalition_only(
    client, coalition, member
):
    support = SupportFactory()
    mine, other = add_coalitions(coalition.programme, 2, 2)
    mine.support_team.add(support)
    Reflection.objects.create(
        coalition=mine,
        title="Alleen voor ons",
        kind="logbook",
        date=datetime.date(2022, 3, 1),
        learned="Geheim geleerd",
        visibility="coalition",
    )
    client.force_login(support)
    html = client.get(reverse("reflections:dashboard")).content.decode()
    assert "Coalitie 0" in html and "Coalitie 1" not in html
    assert "Geheim geleerd" not in html


def test_dashboard_is_for_staff_and_support_only(coalition):
    matrix = {
        None: DENIED,
        UserFactory(): DENIED,
        ReviewerFactory(): DENIED,
        SupportFactory(): ALLOWED,
        StaffFactory(): ALLOWED,
    }
    assert check_permission_matrix(reverse("reflections:dashboard"), matrix) == []


def test_dashboard_filters_by_coalition_and_element(client, coalition):
    first, second = add_coalitions(coalition.programme, 2, 3)
    element = Element.objects.first()
    client.force_login(StaffFactory())
    html = client.get(
        reverse("reflections:dashboard"), {"coalition": first.pk, "element": element.pk}
    ).content.decode()
    assert html.count("<polyline") == 1
    assert 'data-series="Coalitie 0"' in html and 'data-series="Coalitie 1"' not in html


def test_staff_edit_the_framework_and_approve_a_proposed_theme(client, coalition):
    from reflections.models import Framework

    framework = Framework.objects.get()
    proposed = Theme.objects.create(name="Eigenaarschap", approved=False)
    url = reverse("reflections:framework", args=[framework.pk])
    assert (
        check_permission_matrix(
            url,
            {
                None: DENIED,
                SupportFactory(): DENIED,
                UserFactory(): DENIED,
                StaffFactory(): ALLOWED,
            },
        )
        == []
    )
    client.force_login(StaffFactory())
    dashboard_html = client.get(reverse("reflections:dashboard")).content.decode()
    assert url in dashboard_html  # staff find the framework from the dashboard
    elements = list(framework.elements.order_by("order"))
    data = {
        "framework-name": "Lokaal Samenspel",
        "framework-description": "Officieel",
        "elements-TOTAL_FORMS": str(len(elements) + 1),
        "elements-INITIAL_FORMS": str(len(elements)),
        "elements-MIN_NUM_FORMS": "0",
        "elements-MAX_NUM_FORMS": "1000",
    }
    for n, element in enumerate(elements):
        data.update(
            {
                f"elements-{n}-id": element.pk,
                f"elements-{n}-name": element.name,
                f"elements-{n}-explanation": "",
                f"elements-{n}-order": n,
            }
        )
    data.update(
        {f"elements-{len(elements)}-name": "Eigenaarschap", f"elements-{len(elements)}-order": 9}
    )
    assert client.post(url, data).status_code == 302
    framework.refresh_from_db()
    assert not framework.is_example and framework.elements.count() == len(elements) + 1
    client.post(url, {"theme": proposed.pk, "decision": "approve"})
    proposed.refresh_from_db()
    assert proposed.approved


def test_workspace_queries_do_not_grow_with_50_coalitions_of_40_reflections(
    client, coalition, member
):
    url = reverse("coalitions:workspace", args=[coalition.slug])
    client.force_login(member)
    client.get(url)
    with count_queries() as few:
        client.get(url)
    add_coalitions(coalition.programme, 50, 40)
    Reflection.objects.bulk_create(
        Reflection(
            coalition=coalition,
            title=f"Eigen {n}",
            kind="logbook",
            date=datetime.date(2022, 1, 1),
            visibility="coalition",
        )
        for n in range(40)
    )
    with count_queries() as many:
        response = client.get(url)
    assert len(many) == len(few), (len(few), len(many))
    html = response.content.decode()
    assert "Eigen 39" in html and "Reflectie 1.0" not in html  # newest own first, none of others
