"""The audit chain's keyed digest, shared by the model and the migration that re-keyed it.

Each entry's hash is HMAC-SHA256, under `settings.AUDIT_LOG_KEY`, of its canonical JSON
followed by the previous entry's hash. The key is not in the database: whoever can write to
the table but does not hold the key cannot recompute a chain that verifies. By default the key
is derived from SECRET_KEY; set AUDIT_LOG_KEY explicitly before ever rotating SECRET_KEY, or
the entries written under the old key will no longer verify.
"""

import hashlib
import hmac

from django.conf import settings


def chain_key() -> bytes:
    return settings.AUDIT_LOG_KEY.encode("utf-8")


def chain_digest(canonical_payload: str, previous_hash: str) -> str:
    data = (canonical_payload + previous_hash).encode("utf-8")
    return hmac.new(chain_key(), data, hashlib.sha256).hexdigest()
