"""plantool: Chinese government plan documents → an auditable database of commitments.

The pipeline, one module per stage: read → clean → segment → extract → attribute →
store → query → align/diff → match/progress → views → render. ``cli`` only parses
options. The public API below is imported lazily (module ``__getattr__``), so that
``import plantool`` and ``plantool --help`` load neither the extraction stack nor
sqlite-utils::

    import plantool

    db = plantool.open_db("plans.db")
    plantool.ingest_paths(db, ["seeds/"])
    targets = plantool.commitments(db, plantool.Filters(kind="target", region="大连市"))
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

# public name → (module, attribute)
_API = {
    "open_db": ("store", "open_db"),
    "Filters": ("store", "Filters"),
    "commitments": ("store", "commitments"),
    "statements": ("store", "statements"),
    "documents": ("store", "documents"),
    "ingest_paths": ("ingest", "ingest_paths"),
    "ingest_file": ("ingest", "ingest_file"),
    "process": ("pipeline", "process"),
    "compare": ("diff", "compare"),
    "compare_statements": ("diff", "compare_statements"),
    "rate_targets": ("progress", "evaluate"),
    "explain": ("progress", "explain"),
    "build_panel": ("panel", "build"),
    "score_gold": ("evaluate", "score_db"),
    "load_aliases": ("align", "load_aliases"),
    "add_aliases": ("align", "add_aliases"),
    "remove_aliases": ("align", "remove_aliases"),
    "PlantoolError": ("errors", "PlantoolError"),
}
__all__ = sorted(_API)


def __getattr__(name: str):
    """Import the module that holds ``name`` on first use (PEP 562)."""
    try:
        module, attribute = _API[name]
    except KeyError:
        raise AttributeError(f"module 'plantool' has no attribute {name!r}") from None
    value = getattr(import_module(f"plantool.{module}"), attribute)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
