"""The command line: per command, decorators → one library call → a view → render.

Heavy modules (the extraction stack, sqlite-utils, rich) are imported inside the
commands so that ``plantool --help`` stays fast. A :class:`PlantoolError` (a user's
mistake) becomes one line on stderr and exit status 1, as does an SQLite error from the
database file; anything else is a bug and shows its traceback. ``PLANTOOL_DEBUG=1``
shows the traceback of a PlantoolError too.
"""

from __future__ import annotations

import functools
import os
import sys

from plantool.quick import answer_without_click

answer_without_click()  # the console script's --help and path: printed, and it exits

import click  # noqa: E402

from plantool import dbpath, periods, schema  # noqa: E402
from plantool.errors import PlantoolError  # noqa: E402
from plantool.schema import PROGRESS_STATUSES  # noqa: E402


def debugging() -> bool:
    """PLANTOOL_DEBUG=1: let PlantoolError through with its traceback."""
    return os.environ.get("PLANTOOL_DEBUG", "") not in ("", "0")


class _Group(click.Group):
    """A user's mistake or a database error inside any command is one line, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PlantoolError as error:
            if debugging():
                raise
            raise click.ClickException(str(error)) from None
        except Exception as error:
            # sqlite3 is imported by the commands that open a database, not here
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(error, sqlite3.Error) or debugging():
                raise
            name = (ctx.obj or {}).get("db") or dbpath.db_path()
            raise click.ClickException(f"database {name}: {error}") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plantool")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="SQLite database (default: $PLANTOOL_DB, else ./plantool.db)")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """plantool: what did this government promise, and was it delivered?

    Ingest Chinese plan documents and work reports into SQLite, then list, compare and
    track their quantified commitments, each linked to its exact quote.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db_path


from plantool.options import (  # noqa: E402 (the shared options live apart)
    FiniteFloatRange,
    RecordId,
    build_filters,
    db_option,
    filter_options,
    max_bytes_option,
    open_database,
    output_options,
    page_limit,
)
from plantool.options import check_encoding as _check_encoding  # noqa: E402
from plantool.options import check_period as _check_period  # noqa: E402


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--encoding", callback=_check_encoding,
              help="Decode every file with this encoding instead of detecting it")
@click.option("--region", help="Override the detected issuing region")
@click.option("--year", type=click.IntRange(periods.FIRST_YEAR, periods.LAST_YEAR),
              help="Override the detected report or plan year")
@click.option("--title", help="Override the detected title")
@click.option("--type", "doc_type", type=click.Choice(schema.DOC_TYPES),
              help="Override the detected document type")
@click.option("--force", is_flag=True, help="Re-extract documents already ingested")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes extracting documents (default: the number of cores)")
@click.option("--name", help="Store the standard-input document (-) under this name")
@click.option("--prune", is_flag=True, help="Then remove the documents whose files are gone")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors")
@max_bytes_option
@db_option
def ingest(paths, encoding, region, year, title, doc_type, force, jobs, name, prune, quiet,
           db_path):
    """Ingest documents (.txt, .md, .html; directories recursively; - for stdin).

    The encoding (UTF-8, GB18030/GBK, UTF-16) is detected. Identical content already
    ingested is left alone (unchanged); a changed file replaces its records. Each bad
    file gets one error line on stderr, and the others go on; the summary goes to
    stderr too, and the exit status is 1 when any file failed.
    """
    from plantool import ingest as ingest_mod
    from plantool import ingest_views, parallel, render, views

    if name and "-" not in paths:
        raise click.UsageError("--name names the standard-input document: give - as a path")
    db = open_database(db_path)
    overrides = {"region": region, "year": year, "title": title, "doc_type": doc_type}
    files = ingest_mod.find_files(paths)
    with render.progress_bar(len(files), "ingesting", enabled=len(files) > 3) as bar:
        def after_each(result) -> None:
            if not result.ok:
                render.message(views.ingest_error_line(result))
            bar.advance()

        results = ingest_mod.ingest_items(db, files, encoding, overrides, force, after_each,
                                          jobs=jobs or parallel.default_jobs(), name=name or "")
    removed = ingest_mod.prune(db) if prune else []
    _report_ingest(results, quiet)
    if prune and not quiet:
        for line in ingest_views.pruned_lines(removed):
            render.message(line)
    _exit_for(results)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for the shards (shards of an earlier run there are replaced)")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes, one shard each (default: the number of cores)")
@click.option("--encoding", callback=_check_encoding,
              help="Decode every file with this encoding instead of detecting it")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors")
@max_bytes_option
def extract(paths, out_dir, jobs, encoding, quiet):
    """Extract documents into JSONL shards for `plantool load`, without a database.

    Each worker writes one shard; each line is one document (path, name, text hash,
    metadata, text, statements, commitments, encoding, format) or the reason it failed.
    """
    from plantool import ingest_views, parallel, render, shards, views

    count = len(shards.document_paths(paths))
    with render.progress_bar(count, "extracting", enabled=count > 3) as bar:
        def after_each(result) -> None:
            if not result.ok:
                render.message(views.ingest_error_line(result))
            bar.advance()

        results = shards.extract(paths, out_dir, jobs or parallel.default_jobs(), encoding,
                                 on_file=after_each)
    if not quiet or not all(r.ok for r in results):
        render.message(ingest_views.extract_line(results, shards.shards_written(results),
                                                 out_dir))
    _exit_for(results, "extracted")


@cli.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-q", "--quiet", is_flag=True, help="Print only errors")
@db_option
def load(shards, quiet, db_path):
    """Store the documents of JSONL shards (from `plantool extract`) in the database.

    One transaction per document, in the order they were extracted; documents already
    stored with the same text are left alone, so loading a shard twice changes nothing.
    A directory stands for the .jsonl files in it.
    """
    from plantool import render, views
    from plantool import shards as shards_mod

    db = open_database(db_path)

    def after_each(result) -> None:
        if not result.ok:
            render.message(views.ingest_error_line(result))

    results = shards_mod.load(db, shards, on_file=after_each)
    _report_ingest(results, quiet)
    _exit_for(results)


def _report_ingest(results: list, quiet: bool) -> None:
    """The table of documents stored and the summary line, on stderr."""
    from plantool import render, views

    ok = [r for r in results if r.ok]
    if not quiet and ok:
        render.render(views.ingest_rows(ok), views.INGEST_COLUMNS, "table", stream=sys.stderr)
    if not quiet or len(ok) < len(results):
        render.message(views.ingest_line(results))


def _exit_for(results: list, done: str = "ingested") -> None:
    """Exit 1 when nothing worked ("nothing was ingested") or when any file failed."""
    if not any(r.ok for r in results):
        raise click.ClickException(f"nothing was {done}")
    if not all(r.ok for r in results):
        sys.exit(1)


@cli.command(name="list")
@click.option("--statements", is_flag=True, help="List statements instead of commitments")
@filter_options
@click.option("--search", help="Full-text search in the statements")
@click.option("--sort", type=click.Choice(schema.SORT_KEYS), default=schema.DEFAULT_SORT,
              show_default=True)
@click.option("--limit", type=click.IntRange(min=0),
              help="At most N rows; 0 for all [default: all, or 100 on a terminal]")
@click.option("--offset", type=click.IntRange(min=0), default=0,
              help="Skip the first N rows (with --limit: a page)")
@click.option("--units", type=click.Choice(schema.UNITS),
              help="display: 150 亿元, 12.5 万人 [default for tables]; base: as stored, "
                   "元 and 人 [default for csv/tsv/json/jsonl]")
@output_options
@db_option
def list_(statements, sort, limit, offset, units, fmt, bom, db_path, **filters):
    """List quantified commitments (or --statements) with their quotes.

    Piped or exported (--csv, --json …) it writes every matching row; a table on a
    terminal shows a page of 100 and says how many match.
    """
    from plantool import render, store, views

    if statements and sort in ("metric", "value"):
        raise click.UsageError(f"--sort {sort} sorts commitments; statements have no "
                               "single metric or value")
    if statements and units:
        raise click.UsageError("--units applies to commitments; statements have no values")
    db = open_database(db_path)
    page = store.page(db, build_filters(**filters), sort, page_limit(limit, fmt), offset,
                      statements)
    render.show(views.records_view(page, statements, units or views.default_units(fmt)),
                fmt or "table", bom)


@cli.command()
@click.argument("record_id", type=RecordId())
@click.option("--statement", is_flag=True, help="ID is a statement id")
@click.option("--context", "context_chars", type=click.IntRange(min=0), default=120,
              show_default=True, help="Characters of surrounding text on each side")
@output_options
@db_option
def show(record_id, statement, context_chars, fmt, bom, db_path):
    """Show one commitment (or statement) with its document, section and context.

    --csv, --tsv and --markdown give it as one row of the list's columns.
    """
    from plantool import render, views
    from plantool import show as show_mod

    db = open_database(db_path)
    detail = show_mod.describe(db, record_id, statement, context_chars)
    if detail is None:
        raise click.ClickException(f"no {'statement' if statement else 'commitment'} "
                                   f"with id {record_id}")
    if fmt in (None, "table"):
        color = render.is_terminal()
        render.print_lines(views.detail_lines(detail, color), color)
        return
    render.show(views.detail_view(detail, fmt), fmt, bom)


@cli.command()
@output_options
@db_option
def docs(fmt, bom, db_path):
    """List the ingested documents with their metadata and counts."""
    from plantool import render, store, views

    db = open_database(db_path)
    render.show(views.documents_view(store.documents(db)), fmt or "table", bom)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="List every miss, extra and wrong attribute")
@db_option
def eval_(gold_dir, verbose, db_path):
    """Score the database against hand-checked gold files (GOLD_DIR/<doc>.jsonl)."""
    from plantool import evaluate, render, views

    report = evaluate.score_db(open_database(db_path), gold_dir)
    for line in views.eval_lines(report, verbose):
        render.message(line, err=False)


@cli.command()
@db_option
def path(db_path):
    """Print the path of the database in use."""
    click.echo(dbpath.resolved(db_path))


@cli.command()
@filter_options
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(PROGRESS_STATUSES),
              help="Only targets with this status (repeatable)")
@click.option("--approx-floor", type=FiniteFloatRange(0, 1), default=0.97, show_default=True,
              help="左右/约 on a floor: met from this share of the target")
@click.option("--approx-ceiling", type=FiniteFloatRange(min=1), default=1.03,
              show_default=True, help="左右/约 on a ceiling: met up to this share of it")
@click.option("--partly", type=FiniteFloatRange(0, 1), default=0.5, show_default=True,
              help="A floor is partly met from this share of the target")
@click.option("--min-similarity", type=FiniteFloatRange(0, 100), default=80.0,
              show_default=True, help="Metric similarity (0-100) a result needs")
@click.option("--summary", "summary_only", is_flag=True,
              help="Only the counts per region and sector")
@click.option("--limit", type=click.IntRange(min=0),
              help="At most N targets; 0 for all [default: all, or 100 on a terminal]")
@output_options
@db_option
def progress(statuses, approx_floor, approx_ceiling, partly, min_similarity, summary_only,
             limit, fmt, bom, db_path, **filters):
    """Rate every target against the results reported later: met, missed, not reported."""
    from plantool import progress as progress_mod
    from plantool import render, reports

    db = open_database(db_path)
    if filters.get("kind") == "achievement":
        raise click.UsageError("progress rates targets; --kind achievement does not apply")
    rules = progress_mod.Rules(approx_floor, approx_ceiling, partly, min_similarity)
    fmt = fmt or "table"
    if summary_only:  # the counts alone, from SQLite
        tally = progress_mod.tally(db, build_filters(**filters), rules)
        render.show(reports.summary_view(tally, plain=not render.is_terminal()), fmt, bom)
        return
    everything = progress_mod.rated(db, build_filters(**filters), rules)
    for view in reports.progress_views(everything, fmt, statuses, page_limit(limit, fmt),
                                       summary_only,
                                       plain=not render.is_terminal(),
                                       complete=functools.partial(progress_mod.complete, db)):
        render.show(view, fmt, bom)


@cli.command()
@click.argument("left")
@click.argument("right")
@filter_options
@click.option("--statements", is_flag=True,
              help="Compare the statements instead, matched by their key phrases")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(schema.DIFF_STATUS_CHOICES),
              help="Show only rows with this status (repeatable)")
@click.option("--threshold", type=FiniteFloatRange(0, 100),
              help="Least metric similarity (0-100) for a fuzzy pair [default: 82]")
@output_options
@db_option
def diff(left, right, statements, statuses, threshold, fmt, bom, db_path, **filters):
    """Compare two slices: a year, span, region, REGION/YEAR or doc:NAME each.

    A year or span (on a side or in --year) selects records stated for exactly that
    period. Without a region, each region is compared with itself.

    \b
      plantool diff 2023 2024 --region 大连市
      plantool diff 沙河口区 甘井子区 --year 2025
      plantool diff 大连市/2024 沙河口区/2025
      plantool diff doc:2016.md doc:2017.md --statements
    """
    from plantool import diff as diff_mod
    from plantool import render, views

    db = open_database(db_path)
    spec = build_filters(**filters)
    if statements:
        result = diff_mod.compare_statements(db, left, right, spec)
    else:
        result = diff_mod.compare(db, left, right, spec, threshold)  # None: default
    fmt = fmt or "table"
    render.show(views.diff_view(result, fmt, statuses), fmt, bom)


@cli.command()
@click.argument("canonical", required=False)
@click.argument("aliases", nargs=-1)
@click.option("--remove", is_flag=True, help="Remove the aliases named")
@click.option("--all", "show_all", is_flag=True, help="List the built-in aliases too")
@output_options
@db_option
def alias(canonical, aliases, remove, show_all, fmt, bom, db_path):
    """Record that ALIASES name the metric CANONICAL; no arguments lists the aliases.

    \b
      plantool alias 高新技术企业 高企 国高企
      plantool alias --remove 国高企
      plantool alias --all
    """
    from plantool import align, render, views

    if (remove or canonical) and (show_all or fmt):
        raise click.UsageError("--all and the output formats apply to listing the aliases "
                               "(plantool alias with no names)")
    db = open_database(db_path, create=bool(canonical) and not remove)  # adding may start one
    if remove:
        names = [n for n in (canonical, *aliases) if n]
        if not names:
            raise click.UsageError("name the aliases to remove")
        render.message(views.removed_aliases_line(names, align.remove_aliases(db, names)))
    elif canonical and not aliases:
        raise click.UsageError("give at least one ALIAS after CANONICAL")
    elif canonical:
        render.message(views.added_aliases_line(align.add_aliases(db, canonical, aliases),
                                                canonical))
    else:
        rows = align.list_aliases(db, include_package=show_all)
        render.show(views.aliases_view(rows), fmt or "table", bom)


@cli.command()
@click.option("--metric", "metrics", multiple=True,
              help="A metric key or substring instead of the headline indicators (repeatable)")
@click.option("--exact", is_flag=True, help="--metric names a metric key exactly")
@click.option("--region", help="Region (full or short name: 辽宁省, 辽宁, 全国)")
@click.option("--children", is_flag=True, help="With --region: its cities and districts too")
@click.option("--level", type=click.Choice(("province", "city", "county")),
              help="Only regions of this tier")
@click.option("--year", "--period", "period", callback=_check_period,
              help="Only these years: a year (2024) or span (2016-2025)")
@click.option("--status", "statuses", multiple=True, type=click.Choice(PROGRESS_STATUSES),
              help="Only cells with this status (repeatable)")
@output_options
@db_option
def panel(metrics, exact, region, children, level, period, statuses, fmt, bom, db_path):
    """Targets against results, region × year × indicator: the panel, cell by cell.

    By default the headline indicators of work reports (GDP growth, budget revenue,
    investment, retail sales, CPI, jobs, unemployment, income, trade, energy intensity,
    grain). Long format (one row per cell, with quotes, documents and record ids) for
    csv/tsv/json/jsonl; years as columns on a terminal.

    \b
      plantool panel --level province --year 2016-2024
      plantool panel --region 辽宁省 --children --csv > liaoning.csv
      plantool panel --metric 城镇新增就业 --exact
    """
    from plantool import panel as panel_mod
    from plantool import render, reports

    db = open_database(db_path)
    selector = panel_mod.selector(tuple(metrics), exact, level, region, children)
    result = panel_mod.build(db, selector, period)
    if statuses:
        result.cells = [c for c in result.cells if c.status in statuses]
    render.show(reports.panel_view(result, fmt or "table"), fmt or "table", bom)


def main() -> None:
    cli()
