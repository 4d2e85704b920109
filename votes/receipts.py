"""Receipt codes: shown once to the voter, kept in clear only on the anonymous `CastBallot`.

`Participation.receipt_hash` is an HMAC keyed with the server's secret and salted per row, so
nobody reading the database alone can compute it from a published code and join a voter to a
ballot; only a voter who presents its code can prove it owns that ballot.
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

# No 0/O, 1/I/L: codes are read back from paper or a screenshot.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_SALT = "votes.receipt"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalise(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _digest(salt: str, ballot_id: int, code: str) -> str:
    return salted_hmac(KEY_SALT, f"{salt}:{ballot_id}:{code}", algorithm="sha256").hexdigest()


def hash_code(ballot_id: int, code: str) -> str:
    salt = secrets.token_hex(8)
    return f"{salt}${_digest(salt, ballot_id, code)}"


def check_code(ballot_id: int, code: str, stored: str) -> bool:
    salt, _, digest = stored.partition("$")
    return bool(digest) and constant_time_compare(_digest(salt, ballot_id, normalise(code)), digest)
