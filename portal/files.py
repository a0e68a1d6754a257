"""Private uploads: checked by content on the way in, streamed after a permission check."""

import mimetypes
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from portal.models import PrivateFile


@dataclass(frozen=True)
class FileKind:
    label: str
    mime_types: frozenset


PDF = FileKind(_("PDF"), frozenset({"application/pdf"}))
WORD = FileKind(
    _("Word"),
    frozenset(
        {
            "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    ),
)
EXCEL = FileKind(
    _("Excel"),
    frozenset(
        {
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    ),
)
IMAGE = FileKind(_("image (JPG, PNG)"), frozenset({"image/jpeg", "image/png", "image/webp"}))
AUDIO = FileKind(
    _("audio (MP3, M4A, OGG, WAV)"),
    frozenset({"audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/ogg", "audio/x-wav", "audio/wav"}),
)
DOCUMENTS = (PDF, WORD, EXCEL, IMAGE)


def detect_mime_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(upload, kinds=DOCUMENTS, max_bytes: int | None = None) -> str:
    """Return the detected content type, or raise a ValidationError a volunteer can act on."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is too big (%(size)s MB). The limit is %(limit)s MB."),
            code="too_big",
            params={"size": round(upload.size / 1_048_576, 1), "limit": max_bytes // 1_048_576},
        )
    mime_type = detect_mime_type(upload)
    allowed = set().union(*(kind.mime_types for kind in kinds))
    if mime_type not in allowed:
        raise ValidationError(
            _("This kind of file is not allowed. You can upload: %(kinds)s."),
            code="wrong_type",
            params={"kinds": ", ".join(str(kind.label) for kind in kinds)},
        )
    return mime_type


def clean_filename(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return (get_valid_filename(name) or "bestand")[:200]


def name_for_type(name: str, content_type: str) -> str:
    """The name with the extension of the type we detected: a PDF uploaded as `poly.html` is
    served as `poly.pdf`, so no browser or program opens it as something else."""
    kind = filetype.get_type(mime=content_type)
    known = {f".{kind.extension}"} if kind else set()
    known |= set(mimetypes.guess_all_extensions(content_type))
    stem, dot, extension = name.rpartition(".")
    if dot and f".{extension.lower()}" in known:
        return name
    if not known:
        return name
    best = f".{kind.extension}" if kind else sorted(known)[0]
    return f"{stem if dot else name}{best}"


def store_private_file(
    *, upload, target, uploaded_by, purpose: str = "", kinds=DOCUMENTS, max_bytes=None
):
    """Validate and store an upload for `target`. Raises ValidationError on a bad file."""
    mime_type = validate_upload(upload, kinds, max_bytes)
    private_file = PrivateFile(
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        purpose=purpose,
        original_name=name_for_type(clean_filename(upload.name), mime_type),
        content_type=mime_type,
        size=upload.size,
        uploaded_by=uploaded_by,
    )
    private_file.file.save(private_file.original_name, upload, save=False)
    private_file.save()
    return private_file


def files_of(target, purpose: str | None = None):
    files = PrivateFile.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    )
    return files.filter(purpose=purpose) if purpose is not None else files
