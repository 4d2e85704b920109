import re

from django import template
from django.utils.html import format_html_join, strip_tags
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def hint_text(help_text) -> str:
    """A field's help text as phrasing content, which is all a <label> may hold.

    Django's password help is a <ul>; its items become sentences separated by spaces.
    Other help texts (already safe HTML such as a link) are kept as they are.
    """
    text = str(help_text)
    if "<li" not in text:
        return help_text if isinstance(help_text, SafeString) else text
    items = [strip_tags(item).strip() for item in re.split(r"<li[^>]*>", text)]
    return format_html_join(" ", "{}", ((item,) for item in items if item))
