"""Password hashing with bounded concurrency: a burst of sign-ins leaves the pages responsive.

Checking a password costs about 0.6 s of CPU (PBKDF2, 1,000,000 iterations), and hashlib
releases the GIL while it works, so forty members signing in together ran forty hashes at once
on two cores: page p95 went from 0.34 s to 1 s and each sign-in took 3 s (issue 26.8). Here a
process runs at most `PASSWORD_HASHING_CONCURRENCY` hashes at a time (one per process by
default, and production runs one Daphne process per core); the others wait their turn in line,
without using the CPU, while pages go on being served by the other threads. The same work is
done, in the same order, with the same salt and iterations: stored hashes are unchanged (same
algorithm name), only when they run is bounded.

Every use goes through `encode`: checking a password (`verify`), hardening the runtime of a
wrong one, setting a new one, and the dummy hash Django runs for an unknown e-mail.
"""

import threading
import time

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

_lock = threading.Lock()
_semaphore: threading.BoundedSemaphore | None = None
_size = 0


def hashing_slots() -> threading.BoundedSemaphore:
    """The process's semaphore, sized by the setting (made again if a test changes it)."""
    global _semaphore, _size
    size = max(1, int(getattr(settings, "PASSWORD_HASHING_CONCURRENCY", 1)))
    if _semaphore is None or size != _size:
        with _lock:
            if _semaphore is None or size != _size:
                _semaphore, _size = threading.BoundedSemaphore(size), size
    return _semaphore


class BoundedPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    # Waited for a slot, in seconds, summed per process: what the bench and tests read.
    waited = 0.0

    def encode(self, password, salt, iterations=None):
        slots = hashing_slots()
        began = time.perf_counter()
        with slots:
            type(self).waited += time.perf_counter() - began
            return super().encode(password, salt, iterations)
