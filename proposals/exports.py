"""Export of the staff proposal list as CSV or XLSX, with the fields staff choose."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Text that a spreadsheet would read as a formula (an applicant could type "=HYPERLINK(...)").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    get: object
    default: bool = True


def _yes_no(value):
    return _("yes") if value else _("no")


def _score(proposal):
    mean = proposal.weighted_mean
    return None if mean is None else Decimal(mean).quantize(Decimal("0.01"))


def _moment(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


FIELDS = [
    Field("referentie", gettext_lazy("Reference"), lambda p: p.reference or ""),
    Field("titel", gettext_lazy("Title"), lambda p: p.title),
    Field("organisatie", gettext_lazy("Lead organisation"), lambda p: p.lead_organisation.name),
    Field(
        "soort",
        gettext_lazy("Kind of organisation"),
        lambda p: p.lead_organisation.get_kind_display(),
        default=False,
    ),
    Field("gemeente", gettext_lazy("Municipality"), lambda p: p.lead_organisation.municipality),
    Field("status", gettext_lazy("Status"), lambda p: p.get_state_display()),
    Field("fase", gettext_lazy("Stage"), lambda p: p.stage.name),
    Field("ingediend", gettext_lazy("Submitted at"), lambda p: _moment(p.submitted_at)),
    Field("hulp", gettext_lazy("Asked for writing help"), lambda p: _yes_no(p.help_asked)),
    Field("score", gettext_lazy("Weighted score"), _score),
    Field("klaar", gettext_lazy("Reviews done"), lambda p: p.reviews_done),
    Field("toegewezen", gettext_lazy("Reviews assigned"), lambda p: p.reviews_assigned),
    Field("ja", gettext_lazy("Recommended: yes"), lambda p: p.recommended_yes, default=False),
    Field("misschien", gettext_lazy("Recommended: maybe"), lambda p: p.recommended_maybe,
          default=False),
    Field("nee", gettext_lazy("Recommended: no"), lambda p: p.recommended_no, default=False),
    Field("vlag", gettext_lazy("Flagged"), lambda p: _yes_no(p.flagged)),
    Field("beslissing", gettext_lazy("Decision (not sent yet)"),
          lambda p: p.get_pending_decision_display()),
]  # fmt: skip
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
DEFAULT_FIELDS = [field.key for field in FIELDS if field.default]


def chosen_fields(keys) -> list[Field]:
    """The fields in the order of FIELDS; nothing (or nothing known) chosen gives the defaults."""
    chosen = [field for field in FIELDS if field.key in set(keys)]
    return chosen or [FIELDS_BY_KEY[key] for key in DEFAULT_FIELDS]


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def rows(proposals, fields):
    for proposal in proposals:
        yield [_safe(field.get(proposal)) for field in fields]


def _csv_value(value, *, dutch_excel):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",") if dutch_excel else str(value)
    return value


def as_csv(proposals, fields, *, dutch_excel=False) -> bytes:
    """UTF-8 with a byte order mark, so Excel reads the accents right. Dutch Excel expects `;`
    between the fields and a decimal comma (it reads "," as the decimal sign)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch_excel else ",")
    writer.writerow([str(field.label) for field in fields])
    for row in rows(proposals, fields):
        writer.writerow([_csv_value(value, dutch_excel=dutch_excel) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(proposals, fields, *, title) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    header = []
    for field in fields:
        cell = WriteOnlyCell(sheet, value=str(field.label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows(proposals, fields):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
