"""`make bench`: build the scale data set in its own database, measure the key pages, print a table
and write bench/results.json.

    python -m bench.run [--scale 1.0] [--repeat 20] [--fresh]

Runs with production settings (DEBUG off, so no debug overhead) on the same PostgreSQL and Redis as
`make run` (embedded unless DATABASE_URL / REDIS_URL are set), in the database `samenspel_bench`.
Server time is the time Django takes to answer a request through the whole middleware stack, in
this process (the test client), without the network.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"
DATABASE = "samenspel_bench"


def _environment():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DATABASE_NAME"] = DATABASE
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def _create_database():
    import psycopg2
    from django.conf import settings

    params = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres", user=params.get("USER") or None, host=params.get("HOST") or None,
        port=params.get("PORT") or None, password=params.get("PASSWORD") or None,
    )  # fmt: skip
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    connection.close()


def _reset_database():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def _prepare(scale: float, fresh: bool) -> dict:
    from django.core.management import call_command

    from bench import data
    from calls.models import Programme

    marker = f"Bench programma (scale {scale})"
    state_file = RESULTS.with_name(".state.json")
    call_command("migrate", verbosity=0)
    reuse = not fresh and state_file.exists()
    if reuse and Programme.objects.filter(slug="bench", name=marker).exists():
        return json.loads(state_file.read_text())
    _reset_database()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    state = data.build(scale)
    Programme.objects.filter(slug="bench").update(name=marker)
    state["build_seconds"] = round(time.perf_counter() - started, 1)
    state_file.write_text(json.dumps(state))
    return state


def _measure(client, method, url, repeat, data=None):
    from django.db import connection

    call = getattr(client, method)

    def once():
        response = call(url, data or {}, secure=True)
        if response.status_code >= 400 or response.status_code == 302:
            raise RuntimeError(f"{method.upper()} {url}: {response.status_code}")
        return response

    once()
    once()  # warm: caches, connections, compiled templates
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        once()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        once()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return len(executed), round(statistics.median(timings), 1), round(p95, 1)


# name, budget queries, budget p50 ms (DESIGN.md §7; None: no budget set)
BUDGETS = {
    "floor (plain view)": (None, None),
    "public call list": (None, None),
    "public call page": (5, 20),
    "applicant dashboard": (None, None),
    "draft autosave": (None, 40),
    "staff proposal list": (10, 80),
    "staff proposal list, filters": (10, 80),
    "staff proposal list, search": (10, 80),
    "staff proposal page": (15, None),
    "comparison table": (None, None),
    "learning dashboard": (None, None),
    "coalition workspace": (None, None),
    "event list": (None, None),
}


def _pages(state):
    from django.urls import reverse

    from calls.models import Section
    from coalitions.models import Coalition
    from proposals.models import Proposal

    call = state["call"]
    draft = Proposal.objects.filter(state="draft", people__email=state["applicant"]).first()
    if draft is None:  # the applicant's proposals are submitted: give them one draft
        draft = Proposal.objects.filter(state="draft").first()
        draft.people.add(*Proposal.people.field.related_model.objects.filter(
            email=state["applicant"]))  # fmt: skip
    section = Section.objects.filter(stage=draft.stage).first()
    busiest = Proposal.objects.filter(call__slug=call, state="submitted").order_by("pk").first()
    stage_pk = busiest.stage_id
    coalition = Coalition.objects.get(slug=state["coalition"])
    question = section.questions.first()
    pages = [
        ("floor (plain view)", None, "get", "/bench/floor/", None),
        ("public call list", None, "get", reverse("calls:list"), None),
        ("public call page", None, "get", reverse("calls:detail", args=[call]), None),
        ("applicant dashboard", "applicant", "get", reverse("proposals:mine"), None),
        ("draft autosave", "applicant", "post",
         reverse("proposals:autosave", args=[draft.pk, section.pk]),
         {f"q_{question.key}": "Een nieuwe zin in het concept."}),
        ("staff proposal list", "staff", "get", reverse("proposals_list:list", args=[call]), None),
        ("staff proposal list, filters", "staff", "get",
         reverse("proposals_list:list", args=[call]) + "?status=submitted&soort=bewonersinitiatief",
         None),
        ("staff proposal list, search", "staff", "get",
         reverse("proposals_list:list", args=[call]) + "?zoek=buurthuis+ouderen", None),
        ("staff proposal page", "staff", "get",
         reverse("proposals_staff:detail", args=[busiest.pk]), None),
        ("comparison table", "staff", "get",
         reverse("proposals_review:compare", args=[call, stage_pk]), None),
        ("learning dashboard", "staff", "get", reverse("reflections:dashboard"), None),
        ("coalition workspace", "member", "get",
         reverse("coalitions:workspace", args=[coalition.slug]), None),
    ]  # fmt: skip
    if state.get("events"):
        pages.append(("event list", None, "get", reverse("events:list"), None))
    return pages


def _pdf_rows(state):
    from calls.models import Call
    from portal import reports
    from proposals.models import Proposal

    rows = []
    report = reports.get_report("registrations")
    big = Call.objects.get(slug=state["small_call"])
    for size, budget in [(15, 3), (500, 60)]:
        ids = list(
            Proposal.objects.filter(call=big).exclude(state="draft").values_list("pk", flat=True)
        )[:size]
        call = _call_with(big, ids, size)
        started = time.perf_counter()
        reports.make_pdf(report, call, None, language="nl")
        seconds = round(time.perf_counter() - started, 2)
        rows.append({
            "name": f"registrations PDF, {size} forms", "seconds": seconds,
            "budget_seconds": budget, "ok": seconds <= budget,
        })  # fmt: skip
    return rows


def _call_with(source, ids, size):
    """A copy of the call holding `size` of its registrations (made once, kept)."""
    from calls.models import Call
    from proposals.models import Proposal

    slug = f"bench-pdf-{size}"
    call = Call.objects.filter(slug=slug).first()
    if call is None:
        stages = list(source.stages.all())
        call = Call.objects.create(
            programme=source.programme, title=f"Bench aanmeldingen {size}", slug=slug,
            status=source.status, reference_prefix=f"P{size}",
        )  # fmt: skip
        for stage in stages:
            sections = list(stage.sections.prefetch_related("questions"))
            stage.pk, stage.call = None, call
            stage.save()
            for section in sections:
                questions = list(section.questions.all())
                section.pk, section.stage = None, stage
                section.save()
                for question in questions:
                    question.pk, question.section = None, section
                    question.save()
        first = call.stages.get(order=1)
        Proposal.objects.filter(pk__in=ids).update(call=call, stage=first)
    return call


def _reminder_row(count):
    """The engine over `count` due reminders, run twice at the same moment: time and duplicates."""
    from django.db.models import Count
    from django.utils import timezone

    from portal import reminders
    from portal.models import OutboxMessage, ReminderSent
    from proposals.models import Proposal

    moment = timezone.now().replace(microsecond=0)
    targets = list(Proposal.objects.order_by("pk").select_related("lead_organisation")[:count])
    from portal.models import User

    recipient = User.objects.get(email="aanvrager@bench.example.org")

    def due(since, until):
        for proposal in targets:
            yield reminders.Due(target=proposal, recipient=recipient, moment=moment)

    rule = reminders.ReminderRule(
        name=f"bench.due.{moment:%H%M%S}", template="portal/mail/verify_email_reminder",
        description="Bench: many reminders due at once.", find_due=due,
    )  # fmt: skip
    started = time.perf_counter()
    runs = [threading.Thread(target=_run_rule, args=(rule, moment)) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    seconds = round(time.perf_counter() - started, 1)
    sent = ReminderSent.objects.filter(rule=rule.name).count()
    per_target = (
        OutboxMessage.objects.filter(
            kind="portal/mail/verify_email_reminder", recipient=recipient, created_at__gte=moment
        )
        .values("related_id").annotate(n=Count("pk")).filter(n__gt=1)
    )  # fmt: skip
    duplicates = sum(row["n"] - 1 for row in per_target)
    _purge_queue()
    return {
        "name": f"reminder run, {count} due (two engines at once)", "seconds": seconds,
        "budget_seconds": 60, "sent": sent, "duplicates": duplicates,
        "ok": seconds <= 60 and duplicates == 0 and sent == count,
    }  # fmt: skip


def _run_rule(rule, moment):
    from django.db import connection

    from portal import reminders

    try:
        reminders.run(moment, rules=[rule])
    finally:
        connection.close()


def _purge_queue():
    """The outbox queued a delivery task per mail; no worker runs in the bench: drop them."""
    import contextlib

    from portal.celery import app

    with contextlib.suppress(Exception):  # a broker that is not there has nothing to purge
        app.control.purge()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 10,000 proposals")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data set")
    parser.add_argument("--reminders", type=int, default=10_000, help="due reminders to send")
    args = parser.parse_args(argv)
    _environment()
    import django

    django.setup()
    _create_database()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from portal.models import User

    print(f"Samenspel bench: scale {args.scale}, database {DATABASE}", flush=True)
    state = _prepare(args.scale, args.fresh)
    if "build_seconds" in state:
        print(f"data set ready (built in {state['build_seconds']} s)", flush=True)
    users = {role: User.objects.get(email=state[role]) for role in ("staff", "applicant", "member")}
    rows = []
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # no manifest
    with override_settings(
        ROOT_URLCONF="bench.urls", STORAGES={**settings.STORAGES, "staticfiles": static}
    ):
        for name, role, method, url, post in _pages(state):
            client = Client()
            if role:
                client.force_login(users[role])
            queries, p50, p95 = _measure(client, method, url, args.repeat, post)
            budget_queries, budget_p50 = BUDGETS.get(name, (None, None))
            ok = (budget_queries is None or queries <= budget_queries) and (
                budget_p50 is None or p50 <= budget_p50
            )
            rows.append({
                "name": name, "queries": queries, "p50_ms": p50, "p95_ms": p95,
                "budget_queries": budget_queries, "budget_p50_ms": budget_p50, "ok": ok,
            })  # fmt: skip
            print(_line(rows[-1]), flush=True)
    for row in _pdf_rows(state):
        rows.append(row)
        print(_line(row), flush=True)
    rows.append(_reminder_row(args.reminders))
    print(_line(rows[-1]), flush=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n")
    failed = [row["name"] for row in rows if not row["ok"]]
    print(f"\nwritten {RESULTS.relative_to(settings.BASE_DIR)}; "
          f"{len(rows) - len(failed)} of {len(rows)} within budget"
          + (f"; over budget: {', '.join(failed)}" if failed else ""))  # fmt: skip
    return 0


def _line(row) -> str:
    mark = "ok" if row["ok"] else "OVER"
    if "seconds" in row:
        extra = f"  duplicates {row['duplicates']}" if "duplicates" in row else ""
        budget = f"≤ {row['budget_seconds']} s"
        return f"{row['name']:<46} {row['seconds']:>8} s {'':>20} {budget:>16}  {mark}{extra}"
    budget = []
    if row["budget_queries"] is not None:
        budget.append(f"≤ {row['budget_queries']} q")
    if row["budget_p50_ms"] is not None:
        budget.append(f"p50 ≤ {row['budget_p50_ms']} ms")
    return (
        f"{row['name']:<46} {row['queries']:>4} q  p50 {row['p50_ms']:>7} ms  "
        f"p95 {row['p95_ms']:>7} ms  {', '.join(budget) or '-':>20}  {mark}"
    )


if __name__ == "__main__":
    sys.exit(main())
