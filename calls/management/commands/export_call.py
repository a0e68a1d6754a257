"""python manage.py export_call SLUG > call.json (the format: docs/call-format.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from calls import services
from calls.models import Call


class Command(BaseCommand):
    help = "Write a call's definition (form, dates, rules) as JSON to standard output."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The call's short name in links.")

    def handle(self, *args, slug, **options):
        call = Call.objects.select_related("programme").filter(slug=slug).first()
        if call is None:
            raise CommandError(f'There is no call with the short name "{slug}".')
        self.stdout.write(json.dumps(services.export_call(call), ensure_ascii=False, indent=2))
