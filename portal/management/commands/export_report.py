"""Make a PDF report from the command line: export_report KIND --call SLUG -o FILE.pdf."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from portal import reports

TARGETS = ["call", "proposal", "coalition", "event"]


class Command(BaseCommand):
    help = "Make a PDF report. `--list` shows the kinds and the objects each can be made for."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="registrations, proposal, selection, ...")
        parser.add_argument("--list", action="store_true", help="list the kinds and examples")
        for target in TARGETS:
            parser.add_argument(f"--{target}", help=f"the {target} (slug or reference)")
        parser.add_argument("-o", "--output", help="the PDF file to write")
        parser.add_argument("--as", dest="maker", help="make it as this user (email address)")
        parser.add_argument("--language", default="nl", choices=["nl", "en"])
        parser.add_argument(
            "--option", action="append", default=[], help="NAME=VALUE, e.g. question=leervraag"
        )

    def handle(self, *args, **options):
        if options["list"]:
            return self._list()
        if not options["kind"]:
            raise CommandError("Name a report kind, or use --list.")
        try:
            report = reports.get_report(options["kind"])
        except KeyError:
            kinds = ", ".join(r.kind for r in reports.registered_reports())
            raise CommandError(f"Unknown kind {options['kind']!r}; known: {kinds}") from None
        identifier = options.get(report.target)
        if not identifier:
            raise CommandError(f"The {report.kind} report needs --{report.target}.")
        try:
            obj = report.find(identifier)
        except (ObjectDoesNotExist, ValueError):
            raise CommandError(f"No {report.target} {identifier!r}.") from None
        maker = None
        if options["maker"]:
            maker = get_user_model().objects.filter(email__iexact=options["maker"]).first()
            if maker is None or not report.may_make(maker, obj):
                raise CommandError(f"{options['maker']} may not make this report.")
        extra = dict(item.split("=", 1) for item in options["option"] if "=" in item)
        pdf = reports.make_pdf(report, obj, maker, options=extra, language=options["language"])
        output = Path(options["output"] or reports.filename(report, obj))
        output.write_bytes(pdf)
        self.stdout.write(f"{output} ({len(pdf) // 1024} kB)")

    def _list(self):
        for report in reports.registered_reports():
            examples = ", ".join(report.examples()) or "-"
            self.stdout.write(f"{report.kind:<14} --{report.target:<10} {report.label}: {examples}")
