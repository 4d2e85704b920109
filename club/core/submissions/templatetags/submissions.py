import uuid

from django import template
from django.utils.html import format_html

from club.core.submissions.middleware import TOKEN_FIELD

register = template.Library()


@register.simple_tag
def submission_token() -> str:
    """A fresh one-time token for a POST form: sent twice, the form acts once."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, uuid.uuid4())
