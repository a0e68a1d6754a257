"""Health of the three parts the portal runs on: database, Redis, a Celery worker."""

import redis
from django.conf import settings
from django.db import connection


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as error:
        return False, type(error).__name__


def check_redis() -> tuple[bool, str]:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_CLIENT_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return True, "ok"
    except Exception as error:
        return False, type(error).__name__


def check_worker() -> tuple[bool, str]:
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
            replies = app.control.ping(timeout=1.0, connection=conn)
    except Exception as error:
        return False, type(error).__name__
    if not replies:
        return False, "no worker answered"
    return True, f"{len(replies)} worker(s)"


def health() -> tuple[bool, dict]:
    redis_ok, redis_detail = check_redis()
    parts = {"database": check_database(), "redis": (redis_ok, redis_detail)}
    # Without Redis no worker can be reached: say so instead of waiting for a timeout.
    parts["worker"] = check_worker() if redis_ok else (False, "redis is down")
    report = {name: {"ok": ok, "detail": detail} for name, (ok, detail) in parts.items()}
    return all(ok for ok, _ in parts.values()), report
