"""Factories for change requests; objects with rules are made through the services."""

import io

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from colleges import services as college_services
from proposals import services
from proposals.models import PortalArea
from tests.factories import StaffFactory, UserFactory, make_member

# The smallest valid images of each accepted type, to upload as screenshots.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def image_bytes(format: str, width: int = 2, height: int = 2) -> bytes:
    """A real image: uploads are decoded far enough to check their size (club/core/images.py)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format=format)
    return out.getvalue()


JPEG_BYTES = image_bytes("JPEG")
WEBP_BYTES = image_bytes("WEBP")


def area(slug: str = "factures-emises", name: str = "Factures émises"):
    """The migration seeds the areas; transactional tests flush them, so recreate on demand."""
    return PortalArea.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def member_of(college, staff=None, **user_fields):
    user = UserFactory(**user_fields)
    make_member(college, user=user, staff=staff)
    return user


def facilitator_of(college, staff=None, **user_fields):
    user = member_of(college, staff=staff, **user_fields)
    college_services.appoint_facilitator(
        college=college, user=user, actor=staff or StaffFactory(email="validation@club.example")
    )
    return user


def delegate_of(college, staff=None, **user_fields):
    user = member_of(college, staff=staff, **user_fields)
    college_services.appoint_delegate(
        college=college, user=user, actor=staff or StaffFactory(email="validation@club.example")
    )
    return user


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def make_request(author, college, *, submit=True, **overrides):
    fields = {
        "title": "Agrandir le champ « Numéro d'engagement » à 30 caractères",
        "area": area(),
        "screen": "Saisir une facture",
        "field_label": "Numéro d'engagement",
        "current_behaviour": "Le champ n'accepte que 10 caractères : nos bons de commande en ont 15.",
        "expected_behaviour": "Accepter 30 caractères, comme le format EDI.",
        "affected_who": "Fournisseurs qui saisissent leurs factures sur le portail",
        "frequency": "every_invoice",
    }
    fields.update(overrides)
    return services.create_request(author=author, college=college, submit=submit, **fields)


def png_upload(name="capture.png", content=PNG_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def bytes_io(content: bytes):
    return io.BytesIO(content)
