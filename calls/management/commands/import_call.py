"""python manage.py import_call call.json [--new-slug SLUG]: make a call from its JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from calls import services


class Command(BaseCommand):
    help = (
        "Create a call from a JSON definition (docs/call-format.md). The programme is created "
        "when it does not exist yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file, as written by export_call.")
        parser.add_argument(
            "--new-slug", help="Use this short name instead of the one in the file."
        )
        parser.add_argument("--new-title", help="Use this title instead of the one in the file.")

    def handle(self, *args, path, new_slug=None, new_title=None, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error
        try:
            call = services.import_call(data=data, new_slug=new_slug, new_title=new_title)
        except services.CallFormatError as error:
            problems = "\n".join(f"- {problem}" for problem in error.errors)
            raise CommandError(f"Cannot import {path}:\n{problems}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f'Imported the call "{call.title}" with the short name "{call.slug}".'
            )
        )
