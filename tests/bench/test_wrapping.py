"""bench/ wraps the product without changing it: its baselines exist only in its own URLconf and
ASGI app, and the product's routes are all still there."""

from django.test import override_settings
from django.urls import resolve

from club.routing import websocket_urlpatterns as product_sockets


def test_the_product_routes_no_baseline():
    # The address falls through to Wagtail's catch-all, like any unknown page.
    assert resolve("/bench/bare/").url_name != "bench_bare"
    assert not [route for route in product_sockets if "bench" in str(route.pattern)]


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_bench_urlconf_adds_the_bare_page_to_the_products(client):
    assert resolve("/bench/bare/").func.__module__ == "bench.views"
    assert resolve("/colleges/").namespace == "colleges"
    response = client.get("/bench/bare/?bytes=500")
    assert response.status_code == 200 and len(response.content) == 500


def test_the_bench_asgi_app_adds_the_relay_socket_to_the_products():
    from bench.asgi import application

    router = application.application_mapping["websocket"]
    while not hasattr(router, "routes"):
        router = getattr(router, "application", None) or router.inner
    patterns = [str(route.pattern) for route in router.routes]
    assert patterns[0] == "ws/bench/relay/"
    assert patterns[1:] == [str(route.pattern) for route in product_sockets]
