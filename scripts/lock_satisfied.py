"""Exit 0 when this Python already has every version pinned in the given locks, else 1.

`make setup` asks this before calling pip: a checkout or a rebase makes the locks newer than
the virtualenv's stamp without changing a pin, and the virtualenv then needs no reinstall (nor
the network). A missing package or another version sends it to pip, which installs the locks
with their hashes checked. Standard library only: it runs before anything is installed.
"""

import re
import sys
from importlib import metadata
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def missing(locks: list[Path]) -> list[str]:
    """The pins of `locks` that this Python does not have, as "name==version"."""
    installed = {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    lacking = []
    for lock in locks:
        for line in lock.read_text().splitlines():
            if match := PIN.match(line):
                name, version = match.groups()
                if installed.get(_name(name)) != version:
                    lacking.append(f"{name}=={version}")
    return lacking


if __name__ == "__main__":
    lacking = missing([Path(arg) for arg in sys.argv[1:]])
    if lacking:
        print(f"to install: {', '.join(lacking[:5])}{' …' if len(lacking) > 5 else ''}")
    sys.exit(1 if lacking else 0)
