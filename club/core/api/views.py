"""The account page where members make, name, scope and revoke their API tokens."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from club.core.api import services
from club.core.api.forms import TokenForm
from club.core.api.models import AccessToken
from club.core.views import handle_refusal


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires_at = None
        if data["expires_on"]:
            expires_at = timezone.make_aware(
                datetime.datetime.combine(data["expires_on"], datetime.time(23, 59, 59))
            )
        with handle_refusal(request, form):
            created, secret = services.create_token(
                user=request.user, name=data["name"], scope=data["scope"], expires_at=expires_at
            )
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "page_title": _("Jetons d'accès à l'API"),
            "form": form,
            "secret": secret,
            "created": created,
            "tokens": AccessToken.objects.filter(user=request.user).order_by("-created_at", "-pk"),
        },
        status=400 if form.errors else 200,
    )
    # The secret is shown once: never from a cache or the browser's history.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request, pk: int):
    token = get_object_or_404(AccessToken, pk=pk, user=request.user)
    services.revoke_token(token=token, actor=request.user)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("api_tokens")
