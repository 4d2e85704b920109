"""Every WebSocket route of the platform, gathered from the apps."""

from django.urls import path

import colleges.threads.routing
import votes.routing
from club.core.notifications import consumers

websocket_urlpatterns = [
    path("ws/me/", consumers.MeConsumer.as_asgi()),
    *colleges.threads.routing.websocket_urlpatterns,
    *votes.routing.websocket_urlpatterns,
]
