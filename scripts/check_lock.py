"""Every package pinned in requirements*.txt is in the lock files at that version (`make lint`).

The lock files are what gets installed (`--require-hashes`); a pin changed or added by hand
without `make lock` would otherwise be silently ignored.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def main() -> int:
    stale = []
    for source, lock in (
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ):
        locked = pins(ROOT / lock)
        for name, version in pins(ROOT / source).items():
            if locked.get(name) != version:
                stale.append(f"{source}: {name}=={version}, {lock}: {locked.get(name, 'missing')}")
    for line in stale:
        print(f"Out of date lock file ({line}): run `make lock`")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
