"""The club's base form: django-dsfr's markup, rendered by one template engine per process.

`dsfr.forms.DsfrBaseForm.default_renderer` is the renderer's class, so Django built a new
renderer, hence a new template engine that compiled the field templates again, for every
form on every page (make bench: 3 ms of a thread page's 45). Every form of the club uses this
subclass and shares one renderer. Wagtail's admin forms keep Django's default renderer.
"""

from dsfr.forms import DsfrBaseForm as _DsfrBaseForm
from dsfr.forms import DsfrDjangoTemplates

RENDERER = DsfrDjangoTemplates()


class DsfrBaseForm(_DsfrBaseForm):
    default_renderer = RENDERER
