"""Sealed choices: what a voter chose, unreadable in the database until the close.

A choice is written in the voter's own transaction (so it commits with the participation or not
at all), which a database reader can tie to the voter (`xmin`, `ctid`, `rowid`). So it is sealed:
padded to a fixed length, then encrypted with AES-256-GCM under a key derived from the server's
secret (`SECRET_KEY`, never in the database) and a fresh random nonce, bound to its ballot. Two
sealed copies of the same choice look unrelated, and every sealed choice has the same length.

A key rotation must keep the old `SECRET_KEY` in `SECRET_KEY_FALLBACKS` until every ballot open
under it has closed: sealed choices are opened with the current key or any fallback.
"""

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

KEY_SALT = "votes.sealing"
# Every plaintext is padded to this length. A tag (64), a version and up to 50 option ids of
# ten digits fit in well under half of it.
SIZE = 1024
NONCE = 12


class Unreadable(Exception):
    """A sealed choice no known key opens (a lost key, or a row altered in the database)."""


def _key(secret: str) -> bytes:
    return salted_hmac(KEY_SALT, "aes-256-gcm", secret=secret, algorithm="sha256").digest()


def _aad(ballot_id: int) -> bytes:
    return f"ballot:{ballot_id}".encode()


def seal(ballot_id: int, content: dict) -> bytes:
    raw = json.dumps(content, separators=(",", ":"), sort_keys=True).encode()
    if len(raw) > SIZE - 2:
        raise ValueError("choice too long to seal")
    padded = len(raw).to_bytes(2, "big") + raw + bytes(SIZE - 2 - len(raw))
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_key(settings.SECRET_KEY)).encrypt(nonce, padded, _aad(ballot_id))


def unseal(ballot_id: int, sealed: bytes) -> dict:
    sealed = bytes(sealed)
    nonce, body = sealed[:NONCE], sealed[NONCE:]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            padded = AESGCM(_key(secret)).decrypt(nonce, body, _aad(ballot_id))
        except InvalidTag:
            continue
        length = int.from_bytes(padded[:2], "big")
        return json.loads(padded[2 : 2 + length])
    raise Unreadable(f"sealed choice of ballot {ballot_id}")
