"""Data files (dictionaries, code tables, rules) that ship with dyads; see README.md beside this file."""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def data_path(name: str) -> Path:
    return Path(str(resources.files(__package__).joinpath(name)))


# libyaml's parser when PyYAML was built with it (the PyPI wheels are): the same safe loading, many times faster
# on the large dictionaries
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_yaml(name: str) -> Any:
    """Load one of the bundled YAML files once per process."""
    with open(data_path(name), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)  # noqa: S506 - a safe loader
