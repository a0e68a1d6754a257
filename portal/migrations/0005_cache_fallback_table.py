"""The table of the database cache that stands in while Redis is down (portal/cache.py)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", "database", database=schema_editor.connection.alias)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS portal_cache_fallback")


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_field_revisions")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
