"""The two locks: requirements.lock (runtime, what production installs) and
requirements-dev.lock (runtime plus the tools), both pinned with hashes, made from pyproject.toml."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from scripts import lock_satisfied

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins(path: Path) -> dict[str, str]:
    """name -> version, checking that every pin carries at least one hash."""
    text = path.read_text()
    pins = {}
    for match in re.finditer(
        r"^([A-Za-z0-9_.\-]+)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}.*\n)+)", text, re.M
    ):
        pins[_name(match.group(1)).replace(".", "-")] = match.group(2)
    lines = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    assert len(lines) == len(pins), f"{path.name}: a pin without a hash"
    return pins


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = _pins(ROOT / "requirements.lock")
DEV = _pins(ROOT / "requirements-dev.lock")


def test_every_dependency_is_pinned_in_its_lock():
    for requirement in PROJECT["dependencies"]:
        assert _name(requirement) in RUNTIME, requirement
    for requirement in PROJECT["optional-dependencies"]["dev"]:
        assert _name(requirement) in DEV, requirement


def test_production_installs_no_tool():
    tools = {_name(r) for r in PROJECT["optional-dependencies"]["dev"]}
    assert not tools & set(RUNTIME), "a test, lint or seeding tool in the runtime lock"
    for tool in ("tqdm", "rich", "grimp", "import-linter", "pytest", "ruff"):
        assert tool not in RUNTIME and tool in DEV, tool


def test_both_locks_agree_on_every_runtime_version():
    assert {name: DEV.get(name) for name in RUNTIME} == RUNTIME


def test_unused_packages_are_gone():
    assert "wagtail-factories" not in DEV


def test_the_virtualenv_holds_every_pin_so_make_setup_calls_no_pip():
    """`make setup` asks scripts/lock_satisfied.py before pip: the virtualenv that runs the tests
    was installed from the locks, so it holds all of them and a checkout reinstalls nothing."""
    assert (
        lock_satisfied.missing([ROOT / "requirements.lock", ROOT / "requirements-dev.lock"]) == []
    )


def test_a_pin_the_virtualenv_lacks_sends_make_setup_to_pip(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "django==0.0.1 \\\n    --hash=sha256:" + "0" * 64 + "\n"
        "no-such-package-here==1.0 \\\n    --hash=sha256:" + "1" * 64 + "\n"
        f"pytest=={metadata.version('pytest')} \\\n    --hash=sha256:" + "2" * 64 + "\n"
    )
    assert lock_satisfied.missing([lock]) == ["django==0.0.1", "no-such-package-here==1.0"]
