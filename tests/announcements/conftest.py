# Announcements notify: the unread counts they push are cached per user id, like notices'.
from tests.notifications.conftest import _fresh_cache  # noqa: F401
