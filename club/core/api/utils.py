"""Small helpers shared by the routers."""


class Extended:
    """A model instance seen with extra attributes, for output schemas that add computed fields
    whose names the model already uses (reverse relations such as `facilitators`)."""

    def __init__(self, obj, **extra) -> None:
        self._obj = obj
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._obj, name)


def created_at_location(request, path: str) -> None:
    """Where the resource a 201 answer made can be read: sent as its `Location` header."""
    request.created_location = path
