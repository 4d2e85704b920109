"""Schemas shared by every router (one name, one shape in the OpenAPI document)."""

from ninja import Field, Schema


class PersonRef(Schema):
    id: int
    name: str = Field(description="Nom affiché (« Membre supprimé » pour un compte effacé).")


def person(user) -> dict | None:
    return None if user is None else {"id": user.pk, "name": user.get_full_name() or str(user)}
