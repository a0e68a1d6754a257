"""Fixtures every test uses: a real Celery worker on the real Redis, a loopback SMTP server,
and Playwright on the system Chromium."""

import os
import shutil
import socket
import threading
from urllib.parse import urlsplit

import pytest
from django.test import Client

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in that thread
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """client.force_login(user) logs in like the portal's login, including the TOTP step for a
    user with a device (see tests/helpers.py). Use helpers.plain_force_login for a session
    without that record."""
    from tests.helpers import force_login_with_second_factor

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test writes uploads into its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _dutch_first():
    """Every test starts in the default language: a request with an English cookie earlier in
    this thread leaves English active (Django does not reset it after a request)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and one-time codes live in the shared Redis cache: start each test clean."""
    from django.core.cache import cache

    cache.delete_pattern("*")
    yield


# --- Celery --------------------------------------------------------------------------------
@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread of this process) consuming from the real Redis."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


# --- Mail ----------------------------------------------------------------------------------
class _Inbox:
    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's API)
        from email import message_from_bytes, policy

        with self.arrived:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            self.arrived.notify_all()
        return "250 Message accepted"

    def wait_for(self, count, timeout=20):
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
        return self.messages


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's SMTP backend delivers to it."""
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd cannot bind port 0 itself
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


# --- Browser -------------------------------------------------------------------------------
def _chromium_path():
    return next((path for path in CHROMIUM_PATHS if shutil.which(path)), None)


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        message = "Chromium is not installed (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(f"{message}; in CI a browser test may not skip.")
        pytest.skip(message)  # no Chromium outside CI: the browser tests skip locally
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A browser page; a Content-Security-Policy violation on any page it visits fails the test."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations, missing = [], []
    page.on(
        "response",
        lambda response: (
            missing.append(response.url)
            if response.status == 404
            and urlsplit(response.url).path.startswith(("/static/", "/favicon.ico"))
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
    assert not missing, "files the pages asked for and did not get (404):\n" + "\n".join(missing)


@pytest.fixture
def login_as(page, live_server):
    """Log a user into the browser page by session cookie (the login form has its own tests)."""

    def login(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )
        return page

    return login


@pytest.fixture
def page_as(browser, live_server):
    """Another person's browser, beside `page`: `page_as(user)` gives a page logged in as them."""
    contexts = []

    def open_as(user):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(10_000)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()
