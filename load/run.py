"""`make loadtest`: the applicant and staff journeys with locust, on loopback, against gunicorn.

    python -m load.run [--users 50] [--minutes 3] [--spawn-rate 10] [--fresh]

Runs in the app's .venv; locust runs from its own venv, .venv-load (load/requirements.txt), so
gevent and Flask stay out of the app. Steps:

1. production settings (DEBUG off, a throwaway SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, and plain
   http on loopback: no HTTPS redirect, no secure-only cookies);
2. the database `samenspel_load` on the same PostgreSQL as the app (embedded unless DATABASE_URL
   is set): migrate, the demo data, and the load users (load/prepare.py), whose logins are
   written to .data/load/accounts.json;
3. collectstatic (WhiteNoise's manifest storage needs it when DEBUG is off);
4. gunicorn on 127.0.0.1 on a free port, locust headless against it, then gunicorn stopped;
5. a table per request name: count, failures, p50, p95, max. The exit code is 1 when any
   request failed.
"""

import argparse
import io
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE = "samenspel_load"
LOCUST = BASE_DIR / ".venv-load" / "bin" / "locust"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _environment():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update({
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_NAME": DATABASE,
        # Plain http on loopback: no redirect to https, cookies that http may carry.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
    })  # fmt: skip
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def _admin_connection():
    import psycopg2
    from django.conf import settings

    params = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres", user=params.get("USER") or None, host=params.get("HOST") or None,
        port=params.get("PORT") or None, password=params.get("PASSWORD") or None,
    )  # fmt: skip
    connection.autocommit = True
    return connection


def _create_database(fresh: bool):
    connection = _admin_connection()
    with connection.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    connection.close()


def _prepare(users: int) -> Path:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from load.prepare import prepare_load_users, write_accounts

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    # As many of each kind as there are simulated users: locust splits them by weight.
    accounts = prepare_load_users(applicants=users, staff=users)
    path = write_accounts(accounts, Path(settings.DATA_DIR) / "load" / "accounts.json")
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    command = [
        str(GUNICORN), "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
        "--timeout", "60", "--graceful-timeout", "10", "--error-logfile", str(log),
        # Idle connections stay open longer than a simulated user thinks (1-4 s): otherwise a
        # request can meet a connection the server is just closing. Browsers retry those, and
        # in production the proxy holds the connections; locust's client does not retry.
        "--keep-alive", "10",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=BASE_DIR)
    url = f"http://127.0.0.1:{port}/oproepen/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    _stop(server)
    raise RuntimeError(f"gunicorn did not answer on {url}; see {log}")


def _stop(server: subprocess.Popen):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _run_locust(args, host: str, accounts: Path, out: Path) -> int:
    command = [
        str(LOCUST), "-f", str(BASE_DIR / "load" / "locustfile.py"), "--headless",
        "--host", host, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{round(args.minutes * 60)}s", "--stop-timeout", "20",
        "--csv", str(out / "locust"), "--only-summary",
    ]  # fmt: skip
    env = {
        **os.environ, "PYTHONPATH": str(BASE_DIR),
        "LOAD_ACCOUNTS": str(accounts), "LOAD_RESULTS": str(out / "results.json"),
    }  # fmt: skip
    with open(out / "locust.log", "w") as log:
        return subprocess.run(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode


def _table(rows: list[dict], total: dict) -> str:
    header = (
        f"{'request':<34} {'count':>6} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    )
    rule = "-" * len(header)
    lines = [header, rule]
    for row in [*rows, None, total]:
        if row is None:
            lines.append(rule)
            continue
        lines.append(
            f"{row['name']:<34} {row['count']:>6} {row['failures']:>8} "
            f"{row['p50_ms'] or '-':>7} {row['p95_ms'] or '-':>7} {row['max_ms'] or '-':>7}"
        )
    return "\n".join(lines)


def _machine() -> str:
    try:
        with open("/proc/meminfo") as handle:
            kib = int(handle.readline().split()[1])
        memory = f"{round(kib / 1024 / 1024)} GiB"
    except (OSError, ValueError, IndexError):
        memory = "? GiB"
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {memory}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users")
    parser.add_argument("--minutes", type=float, default=3.0, help="how long locust runs")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    args = parser.parse_args(argv)
    if not LOCUST.exists():
        sys.exit(f"{LOCUST} is missing: run `make loadtest` (it makes .venv-load).")
    _environment()
    import django

    django.setup()
    from django.conf import settings

    print(f"Samenspel load test: {args.users} users, {args.minutes:g} min, database {DATABASE}",
          flush=True)  # fmt: skip
    _create_database(args.fresh)
    accounts = _prepare(args.users)
    out = Path(settings.DATA_DIR) / "load"
    for old in [*out.glob("locust_*.csv"), out / "results.json"]:
        old.unlink(missing_ok=True)
    port = _free_port()
    server = _start_gunicorn(port, args.workers, args.threads, out / "gunicorn.log")
    load_before = os.getloadavg()
    started = time.time()
    try:
        print(f"gunicorn on 127.0.0.1:{port} ({args.workers} workers x {args.threads} threads); "
              f"locust running for {args.minutes:g} min ...", flush=True)  # fmt: skip
        code = _run_locust(args, f"http://127.0.0.1:{port}", accounts, out)
    finally:
        load_after = os.getloadavg()
        _stop(server)
    if not (out / "results.json").exists():
        print((out / "locust.log").read_text()[-3000:])
        print(f"\nlocust wrote no results (exit {code}); see {out / 'locust.log'}")
        return 1
    results = json.loads((out / "results.json").read_text())
    results.update({
        "when": time.strftime("%Y-%m-%d %H:%M", time.localtime(started)),
        "machine": _machine(),
        "load_average_before": [round(n, 2) for n in load_before],
        "load_average_after": [round(n, 2) for n in load_after],
        "users": args.users, "minutes": args.minutes, "spawn_rate": args.spawn_rate,
        "gunicorn": f"{args.workers} gthread workers x {args.threads} threads",
    })  # fmt: skip
    (out / "summary.json").write_text(json.dumps(results, indent=2) + "\n")
    total = results["total"]
    print()
    print(_table(results["rows"], total))
    print(
        f"\n{total['rps']} requests/s; machine: {results['machine']}; load average "
        f"{results['load_average_before']} before, {results['load_average_after']} at the end"
    )
    print(f"gunicorn: {results['gunicorn']}; details in {out}")  # fmt: skip
    for failure in results["failures"]:
        print(f"FAILED {failure['occurrences']}x {failure['method']} {failure['name']}: "
              f"{failure['error']}")  # fmt: skip
    for exception in results["exceptions"]:
        print(f"ERROR {exception['count']}x in the locustfile: {exception['message']}")
    failed = total["count"] == 0 or total["failures"] > 0 or results["exceptions"] or code != 0
    print("\nload test " + ("FAILED" if failed else "passed: no request failed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
