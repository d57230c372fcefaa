"""The options every command shares: the database, output formats, filters, ids.

Each is a click decorator or parameter type, so that a fix here reaches every command.
Opening the database and resolving region names happen here too: a read command never
creates a database, and --region 大连 means 大连市 in every command.
"""

from __future__ import annotations

import functools
import os

import click

from plantool import schema
from plantool.errors import PlantoolError


class SectorChoice(click.Choice):
    """The sectors of data/sectors.tsv, read when an option is parsed or help is shown; a
    Chinese label of data/sector_labels.tsv (经济, 教育) stands for its sector."""

    def __init__(self) -> None:
        super().__init__(())

    def convert(self, value, param, ctx):
        from plantool import vocab

        return super().convert(vocab.sector_labels().get(value, value), param, ctx)

    @property
    def choices(self) -> tuple[str, ...]:
        return schema.sectors()

    @choices.setter
    def choices(self, value) -> None:  # click.Choice.__init__ assigns it
        pass


def db_option(func):
    """--db accepted after the command too: plantool list --db X."""

    @click.option("--db", "db_path", type=click.Path(dir_okay=False),
                  help="SQLite database (default: $PLANTOOL_DB, else ./plantool.db)")
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args, db_path: str | None = None, **kwargs):
        chosen = db_path or (ctx.obj or {}).get("db")
        ctx.meta[_DB_PATH] = chosen
        return ctx.invoke(func, *args, db_path=chosen, **kwargs)

    return wrapper


#: The commands that may create the database; every other one needs it to exist.
CREATING_COMMANDS = ("ingest", "load")
#: The commands that change what is stored; every other one reads one snapshot.
WRITING_COMMANDS = (*CREATING_COMMANDS, "alias")
_DB_PATH, _DB = "plantool.db_path", "plantool.db"


def open_database(db_path: str | None, create: bool | None = None):
    """The database of this command, opened once. A read command (any but
    CREATING_COMMANDS, unless ``create`` says otherwise) refuses a missing file, and
    reads one consistent snapshot whatever an ingest running meanwhile writes."""
    from plantool import store

    ctx = click.get_current_context(silent=True)
    if ctx is not None and _DB in ctx.meta:
        return ctx.meta[_DB]
    if create is None:
        create = ctx is not None and ctx.command.name in CREATING_COMMANDS
    db = store.open_db(db_path, create=create)  # DatabaseError: one line, through _Group
    if ctx is not None:
        ctx.meta[_DB] = db
        if ctx.command.name not in WRITING_COMMANDS:
            ctx.with_resource(store.snapshot(db))
    return db


def output_options(func):
    """--format and the sqlite-utils shortcuts --csv, --tsv, --json, --nl; --bom."""

    @functools.wraps(func)
    def checked(*args, fmt: str | None = None, bom: bool = False, **kwargs):
        if bom and fmt not in schema.FLAT_FORMATS:
            raise click.UsageError("--bom applies to CSV and TSV only (--csv, --tsv)")
        return func(*args, fmt=fmt, bom=bom, **kwargs)

    options = [
        click.option("-f", "--format", "fmt", type=click.Choice(schema.FORMATS),
                     help="Output format (default: a table; rich on a terminal)"),
        click.option("--csv", "fmt", flag_value="csv", help="Shortcut for --format csv"),
        click.option("--tsv", "fmt", flag_value="tsv", help="Shortcut for --format tsv"),
        click.option("--json", "fmt", flag_value="json", help="Shortcut for --format json"),
        click.option("--nl", "fmt", flag_value="jsonl", help="Shortcut for --format jsonl"),
        click.option("--bom", is_flag=True, help="Start CSV/TSV with a BOM (for Excel)"),
    ]
    for option in reversed(options):
        checked = option(checked)
    return checked


def check_period(ctx: click.Context, param: click.Parameter, value: str | None):
    """Any dash, 至 or 到 is read as one period and passed on in its stored form."""
    from plantool import periods

    if value is None:
        return None
    try:
        return periods.parse_strict(value).label
    except PlantoolError as error:
        raise click.BadParameter(str(error)) from None


def check_encoding(ctx: click.Context, param: click.Parameter, value: str | None):
    """An --encoding Python has no codec for is a usage error, before any file is read."""
    from plantool import read

    if value:
        try:
            read.check_encoding(value)
        except PlantoolError as error:
            raise click.BadParameter(str(error), param_hint="--encoding") from None
    return value


class FiniteFloatRange(click.FloatRange):
    """A FloatRange that refuses nan and inf, which compare false with any bound."""

    def convert(self, value, param, ctx):
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


class RecordId(click.ParamType):
    """A record id: ASCII digits, at most 2^63 - 1 (what SQLite stores)."""

    name = "ID"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        if text.isascii() and text.isdigit() and int(text) < 2 ** 63:
            return int(text)
        self.fail(f"an id is a whole number (0-9) below 2^63, not {value!r}", param, ctx)


def _one_or_several(ctx: click.Context, param: click.Parameter, value: tuple):
    """A repeatable filter given once is one value (--kind target → "target"), several a
    tuple, none None: commands that look at one value keep working."""
    return _one_or_many(value)


def filter_options(func):
    """The filters shared by list, diff and progress; a repeated filter means any of them."""
    options = [
        click.option("--region", multiple=True, callback=_one_or_several,
                     help="Region, full or short name (大连市, 大连, 沙河口区, 全国); repeatable"),
        click.option("--children", is_flag=True,
                     help="With --region: its cities and their districts too"),
        click.option("--year", "--period", "period", callback=check_period,
                     help="A year (2024) or span (2021-2025) the record's period overlaps"),
        click.option("--kind", multiple=True, callback=_one_or_several, type=click.Choice(schema.KINDS),
                     help="target or achievement; repeatable"),
        click.option("--sector", multiple=True, callback=_one_or_several, type=SectorChoice(),
                     help="Sector, English or Chinese (economy, 经济, 教育); repeatable"),
        click.option("--metric", help="Metric substring or metric_key; =NAME for exactly that "
                                      "metric (=GDP: not 人均GDP or 单位GDP能耗)"),
        click.option("--doc", help="Document: id, path, end of its path or file name; id:N "
                                   "for document N only (plantool docs)"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


#: Commands that compare within one region: a repeated --region is refused there.
SINGLE_REGION_COMMANDS = ("diff",)


def _one_or_many(chosen) -> str | tuple[str, ...] | None:
    """None, one value, or a tuple of several (repeats dropped)."""
    chosen = tuple(dict.fromkeys((chosen,) if isinstance(chosen, str) else chosen or ()))
    return None if not chosen else chosen[0] if len(chosen) == 1 else chosen


def _regions(names, children: bool) -> tuple[str, ...]:
    """The stored regions --region (and --children) select, short names resolved."""
    from plantool import regions, store

    names = (names,) if isinstance(names, str) else tuple(names or ())
    if children and not names:
        raise click.UsageError("--children needs a --region")
    if not names:
        return ()
    ctx = click.get_current_context(silent=True)
    stored = store.known_regions(open_database(ctx.meta.get(_DB_PATH) if ctx else None))
    chosen = [regions.resolve_name(name, stored) for name in names]
    if children:
        chosen = [name for region in chosen for name in regions.with_descendants(region)]
    if len(chosen) > 1 and ctx is not None and ctx.command.name in SINGLE_REGION_COMMANDS:
        raise click.UsageError(f"{ctx.command.name} compares within one region: "
                               "give one --region, without --children")
    return tuple(chosen)


def build_filters(**kwargs):
    """The Filters of the command's options: regions resolved, =METRIC read as exact."""
    from plantool.store import Filters

    metric = kwargs.get("metric") or None
    exact = bool(metric) and metric.startswith("=")
    fields = {k: v for k, v in kwargs.items() if k in Filters.__dataclass_fields__}
    fields.update(region=_one_or_many(_regions(kwargs.get("region"), kwargs.get("children"))),
                  kind=_one_or_many(kwargs.get("kind")), sector=_one_or_many(kwargs.get("sector")),
                  metric=metric[1:].strip() if exact else metric, metric_exact=exact)
    return Filters(**fields)


def page_limit(limit: int | None, fmt: str | None) -> int:
    """--limit as given; else everything, or a page of TERMINAL_PAGE rows for a table shown
    on a terminal."""
    from plantool import render

    if limit is not None:
        return limit
    return schema.TERMINAL_PAGE if fmt in (None, "table") and render.is_terminal() else 0


def _set_max_bytes(ctx: click.Context, param: click.Parameter, value: str | None):
    """--max-bytes SIZE (12345, 512K, 32M, 1G) is the reading limit of this run, for the
    worker processes too: it is passed on as $PLANTOOL_MAX_BYTES."""
    if value is None:
        return None
    from plantool import limits
    from plantool.errors import InputError

    try:
        size = limits.parse_size(value, "--max-bytes")
    except InputError as error:
        raise click.BadParameter(str(error)) from None
    os.environ[limits.ENV_MAX_BYTES] = str(size)
    return size


def max_bytes_option(func):
    """--max-bytes: refuse files larger than this (default: $PLANTOOL_MAX_BYTES, else 32M)."""
    return click.option("--max-bytes", callback=_set_max_bytes, expose_value=False,
                        help="Refuse files larger than SIZE (12345, 512K, 32M, 1G) "
                             "[default: $PLANTOOL_MAX_BYTES, else 32M]")(func)
