import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.files import store_private_file, validate_upload
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def test_upload_with_pdf_name_but_html_content_is_refused_in_dutch():
    fake = SimpleUploadedFile("plan.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as error:
        validate_upload(fake)
    assert error.value.code == "wrong_type"
    assert "Dit soort bestand mag niet" in str(error.value.messages[0])


def test_upload_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("plan.pdf", PDF_BYTES + b"0" * 2048)
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.code == "too_big"


def test_pdf_and_png_are_recognised_by_content_not_name():
    assert validate_upload(SimpleUploadedFile("x.bin", PDF_BYTES)) == "application/pdf"
    assert validate_upload(SimpleUploadedFile("x.pdf", PNG_BYTES)) == "image/png"


def test_stored_name_hides_the_uploaders_path_and_name():
    organisation = OrganisationFactory()
    stored = store_private_file(
        upload=SimpleUploadedFile("../../etc/pass wd.pdf", PDF_BYTES),
        target=organisation,
        uploaded_by=None,
    )
    assert stored.original_name == "pass_wd.pdf"
    assert "pass" not in stored.file.name and ".." not in stored.file.name


def test_private_file_download_checks_permission_on_its_object(client):
    member = MembershipFactory().user
    organisation = member.organisations.get()
    stored = store_private_file(
        upload=SimpleUploadedFile("statuten.pdf", PDF_BYTES),
        target=organisation,
        uploaded_by=member,
    )
    url = reverse("download_file", args=[stored.pk])
    problems = check_permission_matrix(
        url,
        {
            None: DENIED,
            UserFactory(): DENIED,
            MembershipFactory().user: DENIED,  # member of another organisation
            member: ALLOWED,
            StaffFactory(): ALLOWED,
        },
    )
    assert problems == []


def test_private_file_is_sent_as_attachment_never_inline(client):
    member = MembershipFactory().user
    stored = store_private_file(
        upload=SimpleUploadedFile("foto.png", PNG_BYTES),
        target=member.organisations.get(),
        uploaded_by=member,
    )
    client.force_login(member)
    response = client.get(reverse("download_file", args=[stored.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="foto.png"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_private_files_have_no_public_url(settings):
    assert settings.STORAGES["default"]["OPTIONS"]["base_url"] is None
    assert not hasattr(settings, "MEDIA_URL") or settings.MEDIA_URL in ("", "/")


def _stored_by_a_member(name, content):
    member = MembershipFactory().user
    upload = SimpleUploadedFile(name, content)
    stored = store_private_file(
        upload=upload, target=member.organisations.get(), uploaded_by=member
    )
    return member, stored


def test_a_pdf_uploaded_with_an_html_name_is_served_as_pdf(client):
    member, stored = _stored_by_a_member("poly.html", PDF_BYTES)
    assert stored.original_name == "poly.pdf"
    client.force_login(member)
    response = client.get(reverse("download_file", args=[stored.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="poly.pdf"')
    assert response["Content-Type"] == "application/pdf"


def test_a_file_stored_earlier_with_a_wrong_extension_is_served_with_the_right_one(client):
    member, stored = _stored_by_a_member("foto.png", PNG_BYTES)
    type(stored).objects.filter(pk=stored.pk).update(original_name="foto.svg")  # as before the fix
    client.force_login(member)
    response = client.get(reverse("download_file", args=[stored.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="foto.png"')
