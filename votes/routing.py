from django.urls import path

from votes import consumers

websocket_urlpatterns = [
    path("ws/votes/<int:ballot_id>/", consumers.TurnoutConsumer.as_asgi()),
]
