"""Every form of the club renders with one DSFR template engine per process."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from dsfr.forms import DsfrBaseForm as UpstreamDsfrBaseForm

from club.core.forms import RENDERER, DsfrBaseForm
from colleges.threads.forms import PostForm, ThemeForm

PROJECT = ("club", "colleges", "proposals", "votes", "whitepapers")


def test_forms_share_one_renderer_and_its_compiled_templates():
    first, second = PostForm(), ThemeForm()
    assert first.renderer is second.renderer is RENDERER
    str(first)
    engine = RENDERER.engine
    str(second)
    assert RENDERER.engine is engine  # the templates were compiled once


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_club_form_builds_its_own_renderer():
    for config in apps.get_app_configs():
        for module in (f"{config.name}.forms", f"{config.name}.ipm.forms"):
            if config.name.startswith(PROJECT) and find_spec(config.name) and _exists(module):
                import_module(module)
    ours = [f for f in _subclasses(UpstreamDsfrBaseForm) if f.__module__.startswith(PROJECT)]
    assert len(ours) > 20
    assert [f for f in ours if not issubclass(f, DsfrBaseForm)] == []


def _exists(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:
        return False
