from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, minus the back offices that ship their own inline code."""

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_EXEMPT_PATH_PREFIXES):
            response._csp_exempt = True
        return super().process_response(request, response)
