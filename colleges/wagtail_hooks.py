"""Back office: staff publish and correct the colleges' charters in the Wagtail admin.

Both go through the services: a new version gets the next number, and a version someone
has accepted is never rewritten.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from club.core.domain import DomainError
from club.core.views import ServiceFormMixin
from colleges import services
from colleges.models import Charter


class CharterCreateView(ServiceFormMixin, CreateView):
    def call_service(self, form):
        return services.publish_charter(
            college=form.cleaned_data["college"],
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            actor=self.request.user,
        )


class CharterEditView(ServiceFormMixin, EditView):
    def call_service(self, form):
        charter = Charter.objects.get(pk=self.object.pk)
        if form.cleaned_data["college"] != charter.college:
            raise DomainError(
                _("Une charte reste celle de son collège : publiez-en une pour l'autre collège.")
            )
        return services.amend_charter(
            charter=charter,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            actor=self.request.user,
        )


class CharterViewSet(SnippetViewSet):
    model = Charter
    icon = "doc-full-inverse"
    menu_label = _("Chartes des collèges")
    menu_name = "charters"
    add_to_admin_menu = True
    add_view_class = CharterCreateView
    edit_view_class = CharterEditView
    list_display = ["title", "college", "version", "published_at"]
    list_filter = ["college"]
    panels = [FieldPanel("college"), FieldPanel("title"), FieldPanel("body")]


register_snippet(CharterViewSet)
