"""The one behaviour of every form sent with errors: a summary at its top, a title that says so.

`{{ form }}` of a club form includes the summary by itself (club/core/forms.py); forms laid out
by hand, and allauth's, call `{% error_summary form %}` at their top. base.html calls
`{% error_title_prefix %}`, so every page showing a form with errors is titled « Erreur : … »
whichever name the view gave the form.
"""

from django import template
from django.utils.translation import gettext as _

from club.core.forms import error_summary as summary_items
from club.core.forms import has_errors

register = template.Library()


@register.inclusion_tag("includes/form_error_summary.html")
def error_summary(form):
    prefix = getattr(form, "prefix", None)
    return {
        "errors": summary_items(form),
        "summary_id": f"erreurs-{prefix}" if prefix else "erreurs",
    }


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """« Erreur : » when the page shows a form (or formset) sent with errors."""
    for value in context.flatten().values():
        if has_errors(value):
            return _("Erreur : ")
    return ""
