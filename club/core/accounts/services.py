from django.db import transaction

from club.core.accounts.models import User


@transaction.atomic
def update_name(*, user: User, first_name: str, last_name: str) -> User:
    """Change the name a person is shown under."""
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name"])
    return user
