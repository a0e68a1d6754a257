"""The applicant and staff journeys for `make loadtest` (load/run.py starts this; see its doc).

Needs LOAD_ACCOUNTS: the JSON file of load/prepare.py. Every simulated user logs in once with
its own account, through allauth's login form (and the TOTP step for staff), then walks its
journey again and again. A request fails on any status other than 2xx/3xx, and also when the page
lacks its expected Dutch text: a login page served instead of the asked page counts as a failure.

Each simulated user connects from its own loopback address (127.0.0.2, 127.0.0.3, ...), as fifty
people would from fifty addresses: the portal brakes logins per address.
"""

import html
import itertools
import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, SequentialTaskSet, between, events, task
from locust.exception import StopUser
from requests.adapters import HTTPAdapter

from load.totp import current_code

ACCOUNTS = json.loads(open(os.environ["LOAD_ACCOUNTS"]).read())  # noqa: SIM115
_applicants = iter(ACCOUNTS["applicants"])
_staff = iter(ACCOUNTS["staff"])
_numbers = itertools.count()

LOGIN_URL = "/accounts/login/"
LOGGED_IN = "Je bent nu ingelogd"  # allauth's message on the page after logging in
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["buurt", "samen werken", "Apeldoorn", "jongeren", "ontmoeting"]
FILTERS = [
    "status=submitted&status=selected",
    "soort=bewonersinitiatief",
    "status=declined&soort=bewonersinitiatief",
    "sorteer=score",
]


class FromAddress(HTTPAdapter):
    """Connect from a given local address (any 127.x.y.z reaches a server on 127.0.0.1)."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def loopback_address(number: int) -> str:
    return f"127.0.{number // 250}.{number % 250 + 2}"


class FormFields(HTMLParser):
    """The fields of the form whose hx-post (or action) is `target`, as a browser would send."""

    def __init__(self, target):
        super().__init__()
        self.target, self.inside, self.fields, self.textareas = target, False, {}, []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.target in (attrs.get("hx-post"), attrs.get("action"))
        elif not self.inside or "name" not in attrs:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("file", "submit", "button"):
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.textareas.append(self._textarea)
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:
                self.fields[self._textarea] = self.fields[self._textarea].strip("\n")
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(page: str, target: str) -> tuple[dict, list]:
    """The form's fields and values, and the names of its text areas."""
    parser = FormFields(target)
    parser.feed(page)
    return parser.fields, parser.textareas


def check(response, *texts, login_page=False):
    """Fail the request unless it ended in 2xx/3xx on the asked page with the expected texts."""
    if not 200 <= response.status_code < 400:
        # Status 0: no answer at all; locust keeps the client's exception in `error`.
        error = getattr(response, "error", None) if response.status_code == 0 else None
        response.failure(repr(error) if error else f"status {response.status_code}")
        return False
    if not login_page and LOGIN_URL in response.url:
        response.failure("sent to the login page")
        return False
    for text in texts:
        if text not in response.text:
            response.failure(f"missing text: {text!r}")
            return False
    response.success()
    return True


def take(accounts, kind):
    account = next(accounts, None)
    if account is None:
        raise RuntimeError(f"More simulated users than prepared {kind}: see load/run.py.")
    return account


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 4)

    def on_start(self):
        self.client.mount("http://", FromAddress(loopback_address(next(_numbers))))

    def log_in(self, email):
        with self.client.get(LOGIN_URL, name="login page", catch_response=True) as response:
            if not check(response, "Inloggen", "csrfmiddlewaretoken", login_page=True):
                raise StopUser
            token = CSRF.search(response.text).group(1)
        data = {"csrfmiddlewaretoken": token, "login": email, "password": ACCOUNTS["password"]}
        return self.client.post(LOGIN_URL, data=data, name="login", catch_response=True)


class ApplicantJourney(SequentialTaskSet):
    """The dashboard, the draft's first part, an autosave while typing, the public call page."""

    @task
    def dashboard(self):
        with self.client.get("/aanvragen/", name="applicant dashboard", catch_response=True) as r:
            check(r, "Mijn aanvragen", html.escape(self.user.account["title"]))

    @task
    def section(self):
        account = self.user.account
        url = f"/aanvragen/{account['proposal']}/deel/{account['section']}/"
        with self.client.get(url, name="draft section page", catch_response=True) as response:
            if check(response, html.escape(account["section_title"]), "Deel 1 van"):
                self.user.form, self.user.textareas = form_fields(response.text, url + "opslaan/")

    @task
    def autosave(self):
        account, form = self.user.account, dict(self.user.form)
        if "csrfmiddlewaretoken" not in form or not self.user.textareas:
            return  # the section page failed (and was counted); nothing to type into
        self.user.typed += 1
        form[self.user.textareas[0]] = (
            "Bewoners en de welzijnsorganisatie openen samen een buurtkamer. "
            f"We leren wat werkt (versie {self.user.typed})."
        )
        # As editor.js sends it: the changed field, the revisions this page holds, its editor id.
        form["_fields"] = json.dumps([self.user.textareas[0]])
        form["_revisions"] = json.dumps(self.user.revisions)
        url = f"/aanvragen/{account['proposal']}/deel/{account['section']}/opslaan/"
        headers = {"X-Samenspel-Editor": "1", "X-CSRFToken": form["csrfmiddlewaretoken"]}
        with self.client.post(
            url, data=form, headers=headers, name="draft autosave (editor)", catch_response=True
        ) as response:
            if check(response, "Opgeslagen om"):
                self.user.revisions.update(response.json()["revisions"])

    @task
    def call_page(self):
        url = f"/oproepen/{ACCOUNTS['open_call']}/"
        with self.client.get(url, name="public call page", catch_response=True) as response:
            check(response, html.escape(ACCOUNTS["open_call_title"]))


class ApplicantUser(PortalUser):
    weight = 4
    tasks = [ApplicantJourney]

    def on_start(self):
        super().on_start()
        self.account = take(_applicants, "applicants")
        self.form, self.textareas, self.revisions, self.typed = {}, [], {}, 0
        with self.log_in(self.account["email"]) as response:
            if not check(response, LOGGED_IN):
                raise StopUser


class StaffJourney(SequentialTaskSet):
    """The call's proposal list, with a filter, with a search; a proposal; the comparison."""

    def list_url(self):
        return f"/fonds/oproepen/{ACCOUNTS['staff_call']}/aanvragen/"

    @task
    def proposal_list(self):
        with self.client.get(self.list_url(), name="staff proposal list", catch_response=True) as r:
            check(r, "Voorstellen zoeken", ACCOUNTS["staff_proposals"][-1]["reference"])

    @task
    def filtered(self):
        url = f"{self.list_url()}?{random.choice(FILTERS)}"  # noqa: S311
        with self.client.get(url, name="staff proposal list, filter", catch_response=True) as r:
            check(r, "Voorstellen zoeken")

    @task
    def search(self):
        url = f"{self.list_url()}?zoek={random.choice(SEARCHES)}"  # noqa: S311
        with self.client.get(url, name="staff proposal list, search", catch_response=True) as r:
            check(r, "Voorstellen zoeken")

    @task
    def proposal(self):
        proposal = random.choice(ACCOUNTS["staff_proposals"])  # noqa: S311
        url = f"/fonds/aanvragen/{proposal['pk']}/"
        with self.client.get(url, name="staff proposal page", catch_response=True) as response:
            check(response, html.escape(proposal["title"]), proposal["reference"])

    @task
    def comparison(self):
        url = f"/beoordelen/vergelijken/{ACCOUNTS['staff_call']}/{ACCOUNTS['compare_stage']}/"
        with self.client.get(url, name="comparison table", catch_response=True) as response:
            check(response, "Voorstellen vergelijken")


class StaffUser(PortalUser):
    weight = 1
    tasks = [StaffJourney]

    def on_start(self):
        super().on_start()
        self.account = take(_staff, "staff")
        with self.log_in(self.account["email"]) as response:
            if not check(response, "authenticatiecode", "csrfmiddlewaretoken"):
                raise StopUser
            token, url = CSRF.search(response.text).group(1), response.url
        data = {"csrfmiddlewaretoken": token, "code": current_code(self.account["totp_secret"])}
        with self.client.post(url, data=data, name="login, TOTP code", catch_response=True) as r:
            if not check(r, LOGGED_IN):
                raise StopUser


@events.quitting.add_listener
def write_results(environment, **kwargs):
    """The final numbers per request name, for load/run.py's table (LOAD_RESULTS)."""
    path = os.environ.get("LOAD_RESULTS")
    if not path:
        return
    stats = environment.stats

    def row(entry, name):
        return {
            "name": name, "method": entry.method or "", "count": entry.num_requests,
            "failures": entry.num_failures, "rps": round(entry.total_rps, 1),
            "p50_ms": entry.get_response_time_percentile(0.5) if entry.num_requests else None,
            "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else None,
            "max_ms": round(entry.max_response_time) if entry.num_requests else None,
        }  # fmt: skip

    entries = sorted(stats.entries.values(), key=lambda entry: entry.name)
    results = {
        "rows": [row(entry, entry.name) for entry in entries],
        "total": row(stats.total, "all requests"),
        "failures": [
            {
                "method": error.method,
                "name": error.name,
                "error": str(error.error),
                "occurrences": error.occurrences,
            }
            for error in stats.errors.values()
        ],  # fmt: skip
        "exceptions": [
            {"count": exception["count"], "message": exception["msg"]}
            for exception in environment.runner.exceptions.values()
        ],
    }
    with open(path, "w") as handle:
        json.dump(results, handle, indent=2)
