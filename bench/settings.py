"""The product's settings, plus the baselines `make bench` measures pages and sockets against.

Only bench/ uses this module (DJANGO_SETTINGS_MODULE=bench.settings, set by bench/common.py):
the product never serves the bare page or the relay socket.
"""

from club.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ASGI_APPLICATION = "bench.asgi.application"
