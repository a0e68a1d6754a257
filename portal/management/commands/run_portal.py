"""`make run`: migrate, load demo data, then run web, Celery worker and Celery beat together.

This process holds the embedded PostgreSQL and Redis (when no DATABASE_URL / REDIS_URL is set) for
as long as it runs; Ctrl-C stops the three children, then the embedded servers.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.demo import DEMO_USERS


def follow_port(port: int) -> str:
    """SITE_URL, unless given, is the address we run on: links in mail, .ics files and feeds work.

    Set in this process and in the environment, which the children (web, worker, beat) inherit.
    """
    if not os.environ.get("SITE_URL"):
        os.environ["SITE_URL"] = f"http://127.0.0.1:{port}"
        settings.SITE_URL = os.environ["SITE_URL"]
    return settings.SITE_URL


def ensure_database() -> None:
    """A developer's own PostgreSQL (DATABASE_URL) may not have the database yet: make it, as
    the embedded mode does, instead of failing at the first migration."""
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
        return
    except OperationalError as error:
        if "does not exist" not in str(error):
            raise
    import psycopg2
    from psycopg2 import sql

    params = connection.get_connection_params()
    name = params.pop("dbname", None) or params.pop("database")
    server = psycopg2.connect(dbname="postgres", **params)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server.close()


class Command(BaseCommand):
    help = "Run the whole portal for development: web, worker, beat, with demo data."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-demo", action="store_true", help="Do not load demo data.")

    def handle(self, *args, port, no_demo, **options):
        follow_port(port)
        ensure_database()
        call_command("migrate", interactive=False, verbosity=0)
        if not no_demo:
            call_command("seed_demo")
        python = sys.executable
        data_dir = settings.DATA_DIR
        # Beat keeps its schedule here; with DATABASE_URL/REDIS_URL nothing else creates the folder.
        data_dir.mkdir(parents=True, exist_ok=True)
        commands = {
            "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "2",
                "-n",
                "worker@%h",
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "-l",
                "info",
                "-s",
                str(data_dir / "celerybeat-schedule"),
                "--pidfile=",
            ],
        }
        children = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        url = f"http://127.0.0.1:{port}/"
        if self._wait_for(url, children):
            self._banner(url)
        while not stopping and all(child.poll() is None for child in children.values()):
            time.sleep(0.3)
        for name, child in children.items():
            if child.poll() is not None and not stopping:
                self.stderr.write(
                    f"{name} stopped (exit code {child.returncode}); stopping the rest."
                )
        self._stop(children)

    def _wait_for(self, url, children, timeout=60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(child.poll() is not None for child in children.values()):
                return False
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2):  # noqa: S310
                    return True
            except urllib.error.HTTPError:
                return True  # the web server answers; /healthz may wait for the worker
            except OSError:
                time.sleep(0.3)
        return False

    def _banner(self, url):
        line = "=" * 64
        self.stdout.write(self.style.SUCCESS(f"\n{line}\nSamenspel runs at {url}\n{line}"))
        self.stdout.write("Demo logins (password for each: see below):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.role_label:<34} {user.email:<34} {user.password}")
        self.stdout.write("Staff set up two-factor (TOTP) at their first login.")
        self.stdout.write(
            "Mail is printed here and shown under 'Berichten'. Ctrl-C stops everything.\n"
        )

    def _stop(self, children):
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        self.stdout.write("Samenspel stopped.")
