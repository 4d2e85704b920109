"""The product's URLs behind one bare page: the HTTP benchmark's baseline (bench/run.py)."""

from django.urls import path

from bench import views
from club.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("bench/bare/", views.bench_bare, name="bench_bare"), *product_urlpatterns]
