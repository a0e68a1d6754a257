import time

import pytest

from portal.embedded import EmbeddedRedis


def test_healthz_all_up_with_a_real_worker(client, celery_worker):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["redis"]["ok"] and body["worker"]["ok"]


@pytest.mark.django_db
def test_healthz_names_the_worker_when_none_runs(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["database"]["ok"] and body["redis"]["ok"]
    assert body["worker"]["ok"] is False


@pytest.mark.django_db
def test_healthz_says_redis_is_down_after_redis_stops_and_pages_still_load(
    client, settings, tmp_path
):
    redis = EmbeddedRedis(tmp_path)  # a Redis of this test's own, so stopping it harms no one
    redis.acquire()
    url = redis.url.replace("redis+socket://", "unix://")
    settings.REDIS_CLIENT_URL = url
    settings.CACHES = {**settings.CACHES, "redis": {**settings.CACHES["redis"], "LOCATION": url}}
    assert client.get("/healthz").json()["redis"]["ok"] is True

    redis.release()  # the last handle: the server stops
    for _ in range(50):
        if not redis.socket.exists():
            break
        time.sleep(0.05)

    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["redis"]["ok"] is False
    assert body["database"]["ok"] is True
    assert client.get("/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
