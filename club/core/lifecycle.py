"""One mechanism for every lifecycle: a table of transitions, each naming the rule it needs.

A `Lifecycle` describes one kind of object (a change request, an application, a ballot...):

- how to read its state: a field, or a function that computes it without writing (a ballot's
  state follows the clock; an IPM item's follows its cycle and its decision);
- its transitions: a name, the states it may start from, the state it leads to (`None` for an
  act that leaves the state as it is, such as supporting a request or voting), the permission
  predicate of the `rules` package it needs (about the person, never the state: the table holds
  the state) and whether the system itself (the clock, a ballot's close) may perform it;
- how a step is written down (`history`): who, when, why, from which state to which.

Every layer asks one question, `can(user, obj, name)`: "may this person do this now?", that is
the state allows it *and* the person holds the permission. Views, templates (`viewer`), the
API's `viewer.can_*` fields and consumers all ask it, so the page and the API cannot disagree.
Services perform a step with `Lifecycle.perform`, which refuses with a `DomainError` (code
`forbidden` for the person, `invalid_transition` for the state) and changes nothing.

This module belongs to the ground floor: it imports no domain app. Apps register their
lifecycles from `AppConfig.ready()`, and `lifecycle_of(obj)` finds the one of a model.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from club.core.domain import DomainError

FORBIDDEN = "forbidden"
INVALID_TRANSITION = "invalid_transition"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str | None
    permission: Callable | None
    label: str | Promise = ""
    # The system (no actor: the clock, a ballot's close) may perform it too.
    by_system: bool = False
    # Said when the state forbids it, if the lifecycle's general refusal does not fit: a text,
    # or a function of the state that returns one.
    refusal: str | Promise | Callable = ""

    @property
    def moves(self) -> bool:
        return self.target is not None


def step(
    name: str,
    sources: Iterable[str],
    target: str | None,
    permission: Callable | None,
    label: str | Promise = "",
    *,
    by_system: bool = False,
    refusal: str | Promise | Callable = "",
) -> Transition:
    return Transition(name, frozenset(sources), target, permission, label, by_system, refusal)


def _holds(permission: Callable | None, user, obj) -> bool:
    if permission is None or user is None:
        return False
    test = getattr(permission, "test", None)  # a `rules` predicate
    return bool(test(user, obj) if test else permission(user, obj))


class Lifecycle:
    """The table of one kind of object, and the one door through which its state changes."""

    def __init__(
        self,
        name: str,
        *,
        model,
        transitions: Iterable[Transition],
        state_field: str | None = "status",
        state_of: Callable | None = None,
        state_label: Callable | None = None,
        history: Callable | None = None,
        refusal: str | Promise = "",
    ) -> None:
        self.name = name
        self.model = model
        self.transitions = {t.name: t for t in transitions}
        self.state_field = state_field
        self._state_of = state_of
        self._state_label = state_label
        self.history = history
        # "This application is « %(status)s »: impossible to %(action)s." and the like.
        self.refusal = refusal

    def __repr__(self) -> str:
        return f"<Lifecycle {self.name}>"

    # --- Reading ------------------------------------------------------------------------------

    def state(self, obj) -> str:
        if self._state_of is not None:
            return self._state_of(obj)
        return getattr(obj, self.state_field)

    def state_label(self, obj) -> str:
        if self._state_label is not None:
            return str(self._state_label(obj))
        display = getattr(obj, f"get_{self.state_field}_display", None)
        return str(display()) if display else self.state(obj)

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def allows(self, name: str, state: str) -> bool:
        """What the table says, whoever asks."""
        transition = self.transitions.get(name)
        return transition is not None and state in transition.sources

    def may(self, user, obj, name: str) -> bool:
        """The person holds the transition's permission, whatever the state."""
        transition = self.transitions.get(name)
        return transition is not None and _holds(transition.permission, user, obj)

    def can(self, user, obj, name: str) -> bool:
        """May this person do this now? The state allows it and the person holds the rule."""
        return self.allows(name, self.state(obj)) and self.may(user, obj, name)

    def available(self, user, obj) -> list[Transition]:
        state = self.state(obj)
        return [
            t
            for t in self.transitions.values()
            if state in t.sources and self.may(user, obj, t.name)
        ]

    def viewer(self, user, obj) -> dict[str, bool]:
        """Every transition's answer for this person, for a page's buttons and the API's fields."""
        return {name: self.can(user, obj, name) for name in self.transitions}

    # --- Acting -------------------------------------------------------------------------------

    def check(self, actor, obj, name: str, *, forbidden: str | Promise = "") -> Transition:
        """Raise unless `actor` (None: the system) may perform `name` on `obj` in its state.

        The person is checked first: who may never do it hears so, rather than "not now".
        """
        transition = self.transitions[name]
        if actor is None:
            allowed = transition.by_system
        else:
            allowed = _holds(transition.permission, actor, obj)
        if not allowed:
            raise DomainError(
                forbidden or _("Vous n'avez pas le droit de faire cela."), code=FORBIDDEN
            )
        state = self.state(obj)
        if state not in transition.sources:
            message = (
                transition.refusal
                or self.refusal
                or _("Cette action n'est pas possible dans l'état « %(status)s ».")
            )
            if callable(message):
                message = message(state)
            raise DomainError(
                str(message) % {"status": self.state_label(obj), "action": transition.label},
                code=INVALID_TRANSITION,
            )
        return transition

    def perform(
        self,
        obj,
        name: str,
        *,
        actor,
        reason: str = "",
        details: dict | None = None,
        forbidden: str | Promise = "",
        **fields,
    ):
        """Check, move `obj` (locked by the caller) to the target state, write the history row.

        `fields` are saved with the new state. Returns what `history` wrote (or None).
        """
        transition = self.check(actor, obj, name, forbidden=forbidden)
        from_state = self.state(obj)
        if transition.moves and self.state_field is not None:
            setattr(obj, self.state_field, transition.target)
        for field, value in fields.items():
            setattr(obj, field, value)
        if (transition.moves and self.state_field is not None) or fields:
            obj.save()
        if self.history is None:
            return None
        return self.history(
            obj,
            transition=transition,
            from_state=from_state,
            actor=actor,
            reason=reason,
            details=details or {},
        )


# --- Registry: apps fill it from AppConfig.ready() ------------------------------------------

_registry: dict[str, Lifecycle] = {}


def register(lifecycle: Lifecycle) -> Lifecycle:
    _registry[lifecycle.model._meta.label_lower] = lifecycle
    return lifecycle


def lifecycles() -> list[Lifecycle]:
    return list(_registry.values())


def lifecycle_of(obj) -> Lifecycle:
    for klass in type(obj).__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and meta.label_lower in _registry:
            return _registry[meta.label_lower]
    raise LookupError(f"No lifecycle registered for {type(obj).__name__}")


def can_transition(user, obj, name: str) -> bool:
    """The one question: may `user` do `name` to `obj` now (state and permission)?"""
    if obj is None:
        return False
    return lifecycle_of(obj).can(user, obj, name)


def transition_allowed(name: str):
    """A `rules` predicate "may do `name` now", for rules.py modules and `has_perm`."""
    import rules

    def predicate(user, obj) -> bool:
        return can_transition(user, obj, name)

    predicate.__name__ = f"can_{name}_now"
    return rules.predicate(predicate, name=f"can_{name}_now")


def gate(request, obj, name: str, *, back=None):
    """For a view about to show a transition's form: None when the person may act now.

    Who may never do it gets a 403 (PermissionDenied); who may but not in this state is sent
    back to the object (or `back`) with the reason, as the service would have said it.
    """
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect

    try:
        lifecycle_of(obj).check(request.user, obj, name)
    except DomainError as refused:
        if refused.code == FORBIDDEN:
            raise PermissionDenied from refused
        messages.error(request, refused.message)
        return redirect(back or obj)
    return None
