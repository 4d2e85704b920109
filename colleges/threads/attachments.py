"""What an uploaded file really is, judged by its first bytes rather than its name."""

PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"


def detect_image_type(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None
