"""Backup and restore: the database (pg_dump, custom format) and the private files, in one archive.

    make backup                 → backups/samenspel-YYYYmmdd-HHMMSS.tar.gz
    make restore FILE=backup.tar.gz

The archive holds `database.dump`, `files/` (the private uploads, as stored) and `manifest.json`
(when it was made, and the number of rows per table, so a restore can be checked).
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


def _tool(name: str) -> str:
    """pgserver's own client (PostgreSQL 16) when present: it dumps a 15 or 16 server alike."""
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is not installed")
    return found


def _connection_args(database: str | None = None) -> tuple[list[str], dict]:
    params = settings.DATABASES["default"]
    args = ["--dbname", database or params["NAME"], "--username", params.get("USER") or "postgres"]
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    environment = {**os.environ}
    if params.get("PASSWORD"):
        environment["PGPASSWORD"] = params["PASSWORD"]
    return args, environment


def _media_root() -> Path:
    from django.core.files.storage import default_storage

    return Path(default_storage.location)


def table_counts() -> dict:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608  (names from the catalogue)
            counts[table] = cursor.fetchone()[0]
    return counts


def make_backup(target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = target_dir / f"samenspel-{stamp}.tar.gz"
    args, environment = _connection_args()
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "database.dump"
        subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), *args],
            check=True, env=environment,
        )  # fmt: skip
        manifest = {"made_at": timezone.now().isoformat(), "tables": table_counts()}
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(dump, arcname="database.dump")
            media = _media_root()
            if media.exists():
                tar.add(media, arcname="files")
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


def restore_backup(archive: Path) -> dict:
    """Replace the database and the private files with the archive's. Returns its manifest."""
    args, environment = _connection_args()
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(work, filter="data")
        manifest = json.loads((Path(work) / "manifest.json").read_text())
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        connection.close()
        subprocess.run(
            [_tool("pg_restore"), "--no-owner", "--exit-on-error", *args,
             str(Path(work) / "database.dump")],
            check=True, env=environment,
        )  # fmt: skip
        files = Path(work) / "files"
        media = _media_root()
        if files.exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(files, media)
    return manifest
