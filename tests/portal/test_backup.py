"""A backup restored into an empty database holds every row and every private file again."""

import os
import subprocess
import sys
import uuid

import psycopg2
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.backup import make_backup
from portal.files import store_private_file
from portal.models import Organisation
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _server():
    params = settings.DATABASES["default"]
    return {
        "user": params.get("USER") or "postgres", "host": params.get("HOST") or None,
        "port": params.get("PORT") or None, "password": params.get("PASSWORD") or None,
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_files(tmp_path):
    user = UserFactory(name="Fatima Bakker")
    organisation = Organisation.objects.create(
        name="Buurtvereniging De Hoven", kind="bewonersinitiatief", municipality="Zutphen"
    )
    stored = store_private_file(
        upload=SimpleUploadedFile("plan.pdf", PDF), target=organisation, uploaded_by=user
    )
    archive = make_backup(tmp_path / "backups")

    empty = f"restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", **_server())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{empty}"')
    restored_files = tmp_path / "restored-files"
    try:
        environment = {
            **os.environ, "DEBUG": "true", "DATABASE_NAME": empty,
            "PRIVATE_MEDIA_ROOT": str(restored_files),
        }  # fmt: skip
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive), "--yes"],
            cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Restored the backup" in result.stdout
        check = psycopg2.connect(dbname=empty, **_server())
        with check.cursor() as cursor:
            cursor.execute("SELECT name FROM portal_organisation WHERE id = %s", [organisation.pk])
            assert cursor.fetchone() == ("Buurtvereniging De Hoven",)
            cursor.execute("SELECT name FROM portal_user WHERE id = %s", [user.pk])
            assert cursor.fetchone() == ("Fatima Bakker",)
            cursor.execute("SELECT count(*) FROM django_migrations")
            assert cursor.fetchone()[0] > 20
        check.close()
        assert (restored_files / stored.file.name).read_bytes() == PDF
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')
        admin.close()
