import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from club.core.gdpr import services
from club.core.gdpr.forms import EraseAccountForm
from club.core.gdpr.models import ConsentRecord
from club.core.views import handle_refusal


def _render_index(request, form: EraseAccountForm, *, status: int = 200):
    consents = ConsentRecord.objects.filter(user=request.user).order_by("-given_at", "-pk")
    return render(
        request,
        "gdpr/index.html",
        {"page_title": _("Mes données personnelles"), "consents": consents, "form": form},
        status=status,
    )


@login_required
def index(request):
    return _render_index(request, EraseAccountForm())


@login_required
@require_POST
def export(request):
    data = services.export_personal_data(user=request.user)
    filename = f"mes-donnees-club-chorus-pro-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def erase(request):
    form = EraseAccountForm(request.POST)
    if form.is_valid():
        with handle_refusal(request, form, field="password"):
            services.erase_account(user=request.user, password=form.cleaned_data["password"])
            logout(request)
            messages.success(
                request,
                _(
                    "Votre compte a été supprimé et vos données personnelles effacées. "
                    "Vos contributions restent visibles sous le nom « Membre supprimé »."
                ),
            )
            return redirect("/")
    return _render_index(request, form)
