"""Helpers for thread tests: everything goes through the real services."""

import struct
import time
import zlib

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.files.uploadedfile import SimpleUploadedFile

from colleges import services as college_services
from colleges.threads import services
from tests.factories import StaffFactory, UserFactory, make_member


def with_totp(user) -> str:
    """Turn on a TOTP second factor for `user`; returns the secret for computing codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def make_facilitator(college, user=None, staff=None, mfa=True):
    staff = staff or StaffFactory(email="nomination@club.example")
    membership = make_member(college, user=user or UserFactory(), staff=staff)
    college_services.appoint_facilitator(college=college, user=membership.user, actor=staff)
    if mfa:
        with_totp(membership.user)
    return membership.user


def make_theme(college, facilitator, title="Gestion des rejets de factures"):
    return services.open_theme(
        college=college,
        actor=facilitator,
        title=title,
        description="Motifs de rejet, délais, relances : comment éviter les allers-retours.",
    )


def make_thread(
    theme, author, title="Rejet pour code service absent", body="Premier message.", tags=()
):
    return services.open_thread(theme=theme, actor=author, title=title, body=body, tags=tags)


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A tiny valid PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def png_upload(name: str = "capture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def fake_png_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "capture.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )


def huge_png_upload() -> SimpleUploadedFile:
    data = png_bytes() + b"\x00" * (5 * 1024 * 1024 + 1)
    return SimpleUploadedFile("enorme.png", data, content_type="image/png")
