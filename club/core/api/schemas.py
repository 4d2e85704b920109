"""Schemas shared by every router (one name, one shape in the OpenAPI document)."""

from ninja import Field, Schema
from pydantic import ConfigDict

# A required text says something: a blank one is refused by the schema (JSON Schema's `pattern`
# searches, as pydantic's does), as the web forms refuse it.
NOT_BLANK = r"\S"


class InputSchema(Schema):
    """A request body: a field the operation does not know is refused (422 naming it), never
    ignored, so a misspelt `submitt` cannot file a request instead of keeping a draft."""

    model_config = ConfigDict(extra="forbid")


class PersonRef(Schema):
    id: int
    name: str = Field(description="Nom affiché (« Membre supprimé » pour un compte effacé).")


def person(user) -> dict | None:
    return None if user is None else {"id": user.pk, "name": user.get_full_name() or str(user)}
