from allauth.account import views as allauth_views
from allauth.account.models import EmailAddress
from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from club.core.accounts import services
from club.core.accounts.forms import NameForm
from club.core.accounts.middleware import PENDING_RETURN, pending_return, second_factor_page
from club.core.accounts.second_factor import has_mfa, session_verified


@login_required
@require_http_methods(["GET", "POST"])
def account_index(request):
    """ "Mon compte": who I am, and the way to each security setting."""
    user = request.user
    if request.method == "POST":
        form = NameForm(request.POST)
        if form.is_valid():
            services.update_name(user=user, **form.cleaned_data)
            messages.success(request, _("Votre nom a été mis à jour."))
            return redirect("account_index")
    else:
        form = NameForm(initial={"first_name": user.first_name, "last_name": user.last_name})
    pending_email = (
        EmailAddress.objects.filter(user=user, verified=False).exclude(email=user.email).first()
    )
    return render(
        request,
        "account/index.html",
        {
            "page_title": _("Mon compte"),
            "form": form,
            "has_mfa": has_mfa(user),
            "pending_email": pending_email,
        },
    )


@login_required
def resume(request):
    """Back to what a power holder was doing before being asked for a second factor.

    A page they were on: they go back to it. A form they were sending: it is shown again with
    what they typed, to send it once more with a click (never sent on their behalf).
    """
    entry = pending_return(request)
    if entry is None:
        return redirect("account_index")
    if not entry["data"]:
        request.session.pop(PENDING_RETURN, None)
        return redirect(entry["path"])
    if not session_verified(request):
        return redirect_to_login(
            reverse("account_resume"), second_factor_page(request.user), "next"
        )
    request.session.pop(PENDING_RETURN, None)
    return render(
        request,
        "account/resume.html",
        {
            "page_title": _("Reprendre votre envoi"),
            "action": entry["path"],
            "fields": entry["data"],
        },
    )


# The captcha widget solves its proof of work in Web Workers built from blob: URLs and injects
# its stylesheet with the page's nonce. Only the sign-up page loosens the policy for that.
CAPTCHA_CSP = {"worker-src": [SELF, "blob:"], "style-src": [NONCE]}
signup = csp_update(CAPTCHA_CSP)(allauth_views.signup)


def login(request, *args, **kwargs):
    """allauth's login; the policy loosens only when the login guard shows the captcha."""
    response = allauth_views.login(request, *args, **kwargs)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is not None and "captcha" in form.fields:
        response._csp_update = CAPTCHA_CSP
    return response
