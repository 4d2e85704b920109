from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, minus the back offices that ship their own inline code."""

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_EXEMPT_PATH_PREFIXES):
            response._csp_exempt = True
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Send `settings.PERMISSIONS_POLICY` on every response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
