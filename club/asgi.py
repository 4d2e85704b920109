"""ASGI entry point, served by Daphne: HTTP through Django, WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings")
# Django must be set up before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from club.core import long_requests  # noqa: E402
from club.core.accounts.middleware import SecondFactorWebsocketMiddleware  # noqa: E402
from club.routing import websocket_urlpatterns  # noqa: E402

# Daphne answers an overlong URL with 414 and a page instead of closing the connection.
long_requests.install()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            # A consumer's rules withhold the powers of a session without a second factor.
            AuthMiddlewareStack(SecondFactorWebsocketMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)
