"""Section parsers, discovered from the modules of this package (one module per table type)."""

from __future__ import annotations

import importlib
import pkgutil

from ingest.parsers.base import BookContext, SectionParser


def _all_subclasses(cls: type) -> list[type[SectionParser]]:
    found: list[type[SectionParser]] = []
    sub: type[SectionParser]
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


def load_parsers() -> list[SectionParser]:
    """An instance of every concrete SectionParser defined in this package's modules."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    concrete = [
        cls for cls in _all_subclasses(SectionParser) if not getattr(cls, "__abstractmethods__", None)
    ]
    return [cls() for cls in concrete]


__all__ = ["BookContext", "SectionParser", "load_parsers"]
