from django.urls import path

from colleges.threads.consumers import ThreadConsumer

websocket_urlpatterns: list = [
    path("ws/fils/<int:thread_id>/", ThreadConsumer.as_asgi()),
]
