"""Helpers shared by the views of every app."""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from club.core.accounts import second_factor
from club.core.domain import DomainError, NotVisible


class handle_refusal:
    """The one way a view shows a rule's refusal (`DomainError`) to the person who acted.

    Wrap the call to the service and what follows its success:

        with handle_refusal(request, form):
            thread = services.open_thread(...)
            messages.success(request, _("Le fil est ouvert."))
            return redirect(thread)
        return render(request, "form.html", {"form": form})

    A refusal leaves the `with` block: with a form, its message becomes an error of the form,
    which is rendered again bound to what the person typed; without one (a button), it becomes
    a message above the next page. The API says the same in a problem-details response
    (club/core/api/errors.py).

    `field` ties the message to one field (a name, or a function of the error giving a name or
    None); `as_message` lists error codes shown above the page even with a form, for refusals
    after which the form is not shown again. `refused` and `error` tell what happened.
    """

    def __init__(
        self,
        request: HttpRequest,
        form: forms.BaseForm | None = None,
        *,
        field: str | Callable[[DomainError], str | None] | None = None,
        as_message: Iterable[str] = (),
    ) -> None:
        self.request = request
        self.form = form
        self.field = field
        self.as_message = frozenset(as_message)
        self.error: DomainError | None = None

    @property
    def refused(self) -> bool:
        return self.error is not None

    def __enter__(self) -> "handle_refusal":
        return self

    def __exit__(self, exc_type, error, traceback) -> bool:
        if not isinstance(error, DomainError) or isinstance(error, NotVisible):
            return False  # a 404 stays a 404
        if error.code == "forbidden" and second_factor.withheld():
            # Refused because a power was withheld for lack of a second factor: not a form
            # error but the way to enrol (club/core/accounts/middleware.py), the form kept.
            raise PermissionDenied(error.message) from error
        self.error = error
        if self.form is None or error.code in self.as_message:
            messages.error(self.request, error.message)
        else:
            field = self.field(error) if callable(self.field) else self.field
            self.form.add_error(field, error.message)
        return True


class ServiceFormMixin:
    """Wagtail admin create/edit views whose save goes through a service (`call_service`), so
    the back office records history and audit as the site does; a refusal is shown on the form.
    """

    def call_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        with handle_refusal(self.request, form) as outcome:
            self.object = self.call_service(form)
        if outcome.refused:
            self.produced_error_message = outcome.error.message
            return self.form_invalid(form)
        return self.save_action()
