"""The errors plantool raises for things a user can fix.

The CLI turns a :class:`PlantoolError` into one line on stderr and exit status 1.
Anything else is a bug and keeps its traceback (set ``PLANTOOL_DEBUG=1`` to see the
traceback of a ``PlantoolError`` too).
"""

from __future__ import annotations


class PlantoolError(Exception):
    """A mistake in what the user asked for or gave: bad input, not a bug."""


class PeriodError(PlantoolError, ValueError):
    """A year or span of years that cannot be: reversed, out of range."""


class FilterError(PlantoolError, ValueError):
    """A filter value that selects nothing meaningful (unknown sort key, bad period)."""


class SliceError(PlantoolError, ValueError):
    """A diff side that is not a year, span, region, REGION/YEAR or doc:NAME."""


class AliasError(PlantoolError, ValueError):
    """A metric alias that cannot be recorded (empty, or naming itself)."""


class DatabaseError(PlantoolError):
    """The database file cannot be used (not SQLite, locked, corrupt)."""


class ForeignDatabase(DatabaseError):
    """The file is an SQLite database, but not plantool's."""


class GoldError(PlantoolError):
    """A gold folder that holds no gold files, or gold files that cannot be read."""


class InputError(PlantoolError):
    """A document that cannot be read: missing, binary, undecodable, too large."""


class ReadError(InputError):
    """A file that cannot be read as a document; ``reason`` says why in one short line."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class FormatError(PlantoolError, ValueError):
    """An output format plantool cannot write."""


class EncodingError(InputError, ValueError):
    """An ``--encoding`` value that names no codec Python knows."""


class RegionError(FilterError):
    """A region name the gazetteer and the database do not know."""


class MissingDatabase(DatabaseError):
    """A read command named a database that does not exist (or holds no plantool tables)."""


class IdError(PlantoolError, ValueError):
    """A record id that cannot be one: not ASCII digits, or too large for SQLite."""
