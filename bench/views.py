"""The HTTP pages' baseline, served by the bench URLconf only (bench/urls.py)."""

from django.http import HttpResponse


def bench_bare(request):
    """The benchmark's baseline: a bare HTML page of the requested size, no template, no query."""
    size = max(0, min(int(request.GET.get("bytes", "10000") or 0), 2_000_000))
    head = "<!DOCTYPE html><html lang='fr'><head><title>bench</title></head><body><p>"
    tail = "</p></body></html>"
    return HttpResponse(head + "x" * max(0, size - len(head) - len(tail)) + tail)
