"""Receipt codes: shown once to the voter, stored nowhere in clear.

Two keyed hashes of a code are kept, each with a key derived from the server's secret (never in
the database), so nobody reading the database alone can compute either from a code, nor one
from the other:

- `Participation.receipt_hash` (`hash_code`), salted per row: proves that the person signed in
  owns the code, to change the vote or to check it after the close;
- `CastBallot.receipt_tag` (`tag`), the same for everyone holding the code: names the ballot on
  the bulletin board published at the close, and finds the sealed choice a change replaces.

The tag is keyed, so a published line cannot be tied to a code by anyone but the server, and the
server answers a check only for the code's owner: a voter sees that the counted choice is the one
cast, and cannot prove it to anyone else (any line of the board could be claimed as one's own).
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

# No 0/O, 1/I/L: codes are read back from paper or a screenshot.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_SALT = "votes.receipt"
TAG_SALT = "votes.receipt-tag"
# The board shows this many hex digits of a tag (80 bits): enough to find one's line.
TAG_SHOWN = 20


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


def tag(ballot_id: int, code: str) -> str:
    """The keyed hash naming this code's ballot on the board (64 hex digits)."""
    return salted_hmac(TAG_SALT, f"{ballot_id}:{normalise(code)}", algorithm="sha256").hexdigest()


def shown(receipt_tag: str) -> str:
    """The tag as the board prints it: its first digits, in groups of four."""
    head = receipt_tag[:TAG_SHOWN]
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))
