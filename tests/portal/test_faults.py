"""Faults: the database drops every connection while people use the portal; Redis goes away
while an applicant submits."""

import threading
import time
import urllib.error
import urllib.request

import psycopg2
import pytest
from django.conf import settings

from tests.portal.test_backup import _server


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@pytest.mark.django_db(transaction=True)
def test_after_the_database_drops_all_connections_the_next_requests_succeed(live_server):
    """What a PostgreSQL restart does to the portal: every open connection dies at once."""
    url = f"{live_server.url}/oproepen/"
    assert _get(url) == 200
    requests, stop = [], threading.Event()  # (when the request started, its status)

    def traffic():
        while not stop.is_set():
            started = time.monotonic()
            requests.append((started, _get(url)))

    workers = [threading.Thread(target=traffic) for _ in range(3)]
    for worker in workers:
        worker.start()
    time.sleep(0.5)
    admin = psycopg2.connect(dbname="postgres", **_server())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [settings.DATABASES["default"]["NAME"]],
        )
        killed = cursor.fetchone()[0]
    admin.close()
    killed_at = time.monotonic()
    from django.db import connection

    connection.close()  # this test's own connection died too; the teardown needs a fresh one
    time.sleep(1.5)
    stop.set()
    for worker in workers:
        worker.join()
    assert killed >= 1
    # A request that was on its way (even one still connecting) may fail: the backends die a
    # moment after pg_terminate_backend returns. Every request begun after that must succeed.
    after = [status for started, status in requests if started > killed_at + 0.2]
    assert len(after) >= 3 and all(status == 200 for status in after), after
    assert _get(url) == 200
