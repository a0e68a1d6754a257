"""Assertions every test module may use: query counts, permission matrices, accessibility."""

from contextlib import contextmanager

from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext


@contextmanager
def count_queries():
    with CaptureQueriesContext(connection) as context:
        yield context


def assert_queries_do_not_grow(client: Client, url: str, add_rows, *, many: int = 20):
    """Request `url` after add_rows(1), then after add_rows(many): the query counts must match."""
    add_rows(1)
    client.get(url)  # warm up: one-time lookups (content types, session flags) are not per row
    with count_queries() as few:
        first = client.get(url)
    assert first.status_code == 200, first.status_code
    add_rows(many)
    with count_queries() as lots:
        second = client.get(url)
    assert second.status_code == 200, second.status_code
    assert len(lots) == len(few), (
        f"{url}: {len(few)} queries before, {len(lots)} after adding {many} rows:\n"
        + "\n".join(query["sql"][:200] for query in lots.captured_queries)
    )
    return len(lots)


# Django's own force_login: a session without allauth's authentication records, as if a session
# cookie were forged or the admin's old password form were used. conftest.py replaces
# Client.force_login with force_login_with_second_factor for every test.
plain_force_login = Client.force_login


def force_login_with_second_factor(client: Client, user, backend=None):
    """Log in as the portal's login does: the password step, and for a user with a TOTP
    device the "mfa" step too, written into the session by allauth's own record_authentication
    (the staff middleware checks that record)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    plain_force_login(client, user, backend)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password")
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
    request.session.save()


DENIED = "denied"
ALLOWED = "allowed"


def check_permission_matrix(url: str, matrix: dict, *, method: str = "get", data=None):
    """matrix maps a user (or None for anonymous) to ALLOWED or DENIED.

    Allowed means 2xx, a redirect that is not to the login page, or 400 (let in, but the request
    itself was incomplete). Denied means 403/404/405, or for anonymous a redirect to the login
    page. Returns the list of mismatches; assert it is empty.
    """
    problems = []
    for user, expected in matrix.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url, data or {})
        login_redirect = response.status_code == 302 and "/accounts/login/" in response.get(
            "Location", ""
        )
        allowed = (
            200 <= response.status_code < 300
            or response.status_code == 400
            or (300 <= response.status_code < 400 and not login_redirect)
        )
        actual = ALLOWED if allowed else DENIED
        if actual != expected:
            who = user.email if user is not None else "anonymous"
            problems.append(
                f"{method.upper()} {url} as {who}: {response.status_code}, expected {expected}"
            )
    return problems


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page):
    """Run axe-core (shipped inside axe-playwright-python, no CDN) on the page; fail on any
    WCAG 2.1 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    )


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now. Near the end of its 30 seconds, wait for the
    next one, as a person would: a code typed in one window and checked in the next fails."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
