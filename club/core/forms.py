"""The club's base form: django-dsfr's markup, rendered by one template engine per process.

`dsfr.forms.DsfrBaseForm.default_renderer` is the renderer's class, so Django built a new
renderer, hence a new template engine that compiled the field templates again, for every
form on every page (make bench: 3 ms of a thread page's 45). Every form of the club uses this
subclass and shares one renderer. Wagtail's admin forms keep Django's default renderer.

A form sent with errors opens with a summary of them (`includes/forms/form.html`, the DSFR
form pattern): each error, a link to its field. The page's title says « Erreur : » and
club/static/club/js/forms.js moves the focus to the summary; the three together are the one
behaviour of every form of the site (issue 22).
"""

import html
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm as _DsfrBaseForm
from dsfr.forms import DsfrDjangoTemplates


class ClubFormTemplates(DsfrDjangoTemplates):
    """django-dsfr's engine, which also sees the project's templates/ (the form's own template
    and the error summary it includes)."""

    @cached_property
    def engine(self):  # type: ignore[override]
        import dsfr

        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(settings.BASE_DIR) / "templates",
                    Path(dsfr.__file__).resolve().parent / self.backend.app_dirname,
                    Path(forms.__path__[0]).resolve() / "templates",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


RENDERER = ClubFormTemplates()


# Dates people mean: year 1 or 9999 parse, then overflow when Paris time turns into UTC.
YEARS = (1900, 2999)


def within_the_calendar(value) -> None:
    if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
        raise ValidationError(
            _("Choisissez une date entre %(first)s et %(last)s."),
            code="out_of_range",
            params={"first": YEARS[0], "last": YEARS[1]},
        )


class DsfrBaseForm(_DsfrBaseForm):
    default_renderer = RENDERER
    template_name = "includes/forms/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every date of every form of the site, whichever form declared it.
        for field in self.fields.values():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                field.validators.append(within_the_calendar)


@dataclass(frozen=True)
class SummaryError:
    message: str
    label: str = ""
    anchor: str = ""  # the id of the field's input (or first choice), for the summary's link


def error_summary(form) -> list[SummaryError]:
    """The errors of a bound form in the order of its fields, the form's own ones first."""
    if form is None or not getattr(form, "is_bound", False) or not form.errors:
        return []
    items = [SummaryError(str(message)) for message in form.non_field_errors()]
    names = [name for name in form.fields if name in form.errors]
    names += [n for n in form.errors if n not in form.fields and n != NON_FIELD_ERRORS]
    for name in names:
        field = form[name] if name in form.fields else None
        if field is None or field.is_hidden:
            items.extend(SummaryError(str(message)) for message in form.errors[name])
            continue
        anchor = field.id_for_label or (
            # Choices (radios, checkboxes): the link goes to the first one.
            f"{field.auto_id}_0" if field.auto_id else ""
        )
        # Some labels hold markup (the consent's link): the summary shows their text only.
        label = html.unescape(strip_tags(str(field.label or ""))).strip()
        items.extend(SummaryError(str(m), label, anchor) for m in form.errors[name])
    return items


def has_errors(value) -> bool:
    """A bound form (or formset) that was sent with errors."""
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False
