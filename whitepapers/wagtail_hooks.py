"""Back office: staff open consultations and moderate their comments in the Wagtail admin.

Opening goes through `services.open_consultation`, the same rules as everywhere else.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from club.core.views import ServiceFormMixin
from whitepapers import services
from whitepapers.models import CommentStatus, Consultation, ConsultationComment


class ConsultationCreateView(ServiceFormMixin, CreateView):
    def call_service(self, form):
        return services.open_consultation(
            page=form.cleaned_data["page"],
            opens_at=form.cleaned_data["opens_at"],
            closes_at=form.cleaned_data["closes_at"],
            actor=self.request.user,
        )


class CommentModerationView(ServiceFormMixin, EditView):
    """Publishing or refusing a comment records who did it, through the service."""

    def call_service(self, form):
        status = form.cleaned_data["status"]
        comment = ConsultationComment.objects.get(pk=self.object.pk)
        if status == comment.status or status == CommentStatus.PENDING:
            return self.object
        return services.moderate_comment(
            comment=comment, actor=self.request.user, approve=status == CommentStatus.APPROVED
        )


class ConsultationViewSet(SnippetViewSet):
    model = Consultation
    icon = "group"
    menu_label = _("Consultations")
    add_view_class = ConsultationCreateView
    list_display = ["page", "opens_at", "closes_at"]
    panels = [FieldPanel("page"), FieldPanel("opens_at"), FieldPanel("closes_at")]


class ConsultationCommentViewSet(SnippetViewSet):
    model = ConsultationComment
    icon = "comment"
    menu_label = _("Commentaires")
    list_display = ["consultation", "author", "status", "created_at"]
    list_filter = ["status"]
    edit_view_class = CommentModerationView
    panels = [FieldPanel("status")]


class WhitepaperAdminGroup(SnippetViewSetGroup):
    items = (ConsultationViewSet, ConsultationCommentViewSet)
    menu_icon = "doc-full"
    menu_label = _("Livres blancs")
    menu_name = "whitepapers"


register_snippet(WhitepaperAdminGroup)
