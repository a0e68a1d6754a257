import subprocess
import sys
import time

from portal.embedded import EmbeddedRedis


def test_embedded_redis_stops_after_its_last_live_user_even_if_one_was_killed(tmp_path):
    # A process that joins the server and is then killed leaves a dead handle behind.
    script = (
        "import sys, time, pathlib; sys.path.insert(0, '.');"
        "from portal.embedded import EmbeddedRedis;"
        f"EmbeddedRedis(pathlib.Path({str(tmp_path)!r})).acquire(); print('up', flush=True);"
        "time.sleep(60)"
    )
    other = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert other.stdout.readline().strip() == "up"
    redis = EmbeddedRedis(tmp_path)
    redis.acquire()
    other.kill()
    other.wait()

    redis.release()  # only a dead handle remains: the server stops
    for _ in range(100):
        if not redis._alive():
            break
        time.sleep(0.05)
    assert not redis._alive()

    redis.acquire()  # and starts again cleanly: no stale socket or lock
    assert redis._alive()
    redis.release()
