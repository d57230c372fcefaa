"""The command line: parse options, call the library, render.

Heavy modules (the extraction stack, sqlite-utils, rich) are imported inside the
commands so that ``plantool --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys

import click

FORMAT_CHOICES = ("table", "csv", "tsv", "json", "jsonl", "markdown")
KINDS = ("target", "achievement")
SECTORS = ("economy", "industry", "innovation", "education", "health", "elderly",
           "employment", "housing", "infrastructure", "environment", "agriculture",
           "culture", "governance", "other")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


def db_option(func):
    """--db accepted after the command too: plantool list --db X."""

    @click.option("--db", "db_path", type=click.Path(dir_okay=False),
                  help="SQLite database (default: $PLANTOOL_DB, else ./plantool.db)")
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args, db_path: str | None = None, **kwargs):
        chosen = db_path or (ctx.obj or {}).get("db")
        return ctx.invoke(func, *args, db_path=chosen, **kwargs)

    return wrapper


def open_database(db_path: str | None):
    from plantool import store

    try:
        return store.open_db(db_path)
    except Exception as error:  # sqlite3.DatabaseError and friends: a user-facing message
        raise click.ClickException(f"cannot open database {store.db_path(db_path)}: {error}")


def output_options(func):
    """--format and the sqlite-utils shortcuts --csv, --tsv, --json, --nl; --bom."""
    options = [
        click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES),
                     help="Output format (default: a table; rich on a terminal)"),
        click.option("--csv", "fmt", flag_value="csv", help="Shortcut for --format csv"),
        click.option("--tsv", "fmt", flag_value="tsv", help="Shortcut for --format tsv"),
        click.option("--json", "fmt", flag_value="json", help="Shortcut for --format json"),
        click.option("--nl", "fmt", flag_value="jsonl", help="Shortcut for --format jsonl"),
        click.option("--bom", is_flag=True, help="Start CSV/TSV with a BOM (for Excel)"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def filter_options(func):
    """The filters shared by list, diff and progress."""
    options = [
        click.option("--region", help="Region, full name (大连市, 沙河口区, 全国)"),
        click.option("--year", "--period", "period",
                     help="A year (2024) or span (2021-2025) the record's period overlaps"),
        click.option("--kind", type=click.Choice(KINDS), help="target or achievement"),
        click.option("--sector", type=click.Choice(SECTORS), help="Sector"),
        click.option("--metric", help="Metric substring or metric_key"),
        click.option("--doc", help="Document file name, path substring or id"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_filters(**kwargs):
    from plantool.store import Filters

    return Filters(**{k: v for k, v in kwargs.items() if k in Filters.__dataclass_fields__})


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--encoding", help="Decode every file with this encoding instead of detecting it")
@click.option("--region", help="Override the detected issuing region")
@click.option("--year", type=int, help="Override the detected report or plan year")
@click.option("--title", help="Override the detected title")
@click.option("--type", "doc_type",
              type=click.Choice(["work_report", "five_year_plan", "annual_plan",
                                 "implementation_opinions", "statistical_communique", "news"]),
              help="Override the detected document type")
@click.option("--force", is_flag=True, help="Re-extract documents already ingested")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors")
@db_option
def ingest(paths, encoding, region, year, title, doc_type, force, quiet, db_path):
    """Ingest documents (.txt, .md, .html; directories recursively; - for stdin)."""
    from plantool import ingest as ingest_mod
    from plantool import read, render

    db = open_database(db_path)
    overrides = {"region": region, "year": year, "title": title, "doc_type": doc_type}
    overrides = {k: v for k, v in overrides.items() if v not in (None, "")}
    files = list(read.iter_files(list(paths)))
    results = []
    with render.progress_bar(len(files), "ingesting", enabled=len(files) > 3) as bar:
        for item in files:
            if isinstance(item, read.ReadError):
                result = ingest_mod.Result(item.path, False, item.reason)
            else:
                result = ingest_mod.ingest_file(db, item, encoding, overrides, force)
            results.append(result)
            if not result.ok:
                render.message(f"error: {result.path}: {result.reason}")
            bar.advance()
    ok = [r for r in results if r.ok]
    if not quiet and ok:
        rows = [{"document": r.path, "status": r.status, "title": r.title, "region": r.region,
                 "year": r.year or "", "periods": r.periods, "statements": r.statements,
                 "commitments": r.commitments} for r in ok]
        render.render(rows, list(rows[0]), "table", stream=sys.stderr)
        added = sum(1 for r in ok if r.status != "unchanged")
        render.message(f"{len(ok)} document(s): {added} ingested, {len(ok) - added} unchanged; "
                       f"{len(results) - len(ok)} failed")
    if not ok:
        raise click.ClickException("nothing was ingested")
    if len(ok) < len(results):
        sys.exit(1)


COMMITMENT_COLUMNS = ["id", "region", "period", "kind", "sector", "metric", "action", "value",
                      "value_max", "unit", "qualifier", "quote", "doc"]
STATEMENT_COLUMNS = ["id", "region", "period", "kind", "sector", "text", "doc"]


@cli.command(name="list")
@click.option("--statements", is_flag=True, help="List statements instead of commitments")
@filter_options
@click.option("--search", help="Full-text search in the statements")
@click.option("--sort", type=click.Choice(["doc", "region", "period", "sector", "metric",
                                           "value"]), default="doc", show_default=True)
@click.option("--limit", type=int, default=100, show_default=True, help="0 for all")
@output_options
@db_option
def list_(statements, sort, limit, fmt, bom, db_path, **filters):
    """List quantified commitments (or --statements) with their quotes."""
    from plantool import render, store

    db = open_database(db_path)
    try:
        spec = build_filters(**filters)
        if statements:
            rows = store.query_statements(db, spec, sort, limit)
            records = [store.statement_record(r) for r in rows]
            columns = STATEMENT_COLUMNS
        else:
            rows = store.query_commitments(db, spec, sort, limit)
            records = [store.commitment_record(r) for r in rows]
            columns = COMMITMENT_COLUMNS
    except ValueError as error:
        raise click.ClickException(str(error))
    render.render(rows, columns, fmt or "table", records=records, bom=bom)
    if not rows:
        render.message("no records match")


@cli.command()
@click.argument("record_id")
@click.option("--statement", is_flag=True, help="ID is a statement id")
@click.option("--context", "context_chars", type=int, default=120, show_default=True,
              help="Characters of surrounding text on each side")
@output_options
@db_option
def show(record_id, statement, context_chars, fmt, bom, db_path):
    """Show one commitment (or statement) with its document, section and context."""
    from plantool import render, show as show_mod

    db = open_database(db_path)
    if not str(record_id).isdigit():
        raise click.UsageError(f"ID must be a number, not {record_id!r}")
    detail = show_mod.describe(db, int(record_id), statement, context_chars)
    if detail is None:
        raise click.ClickException(f"no {'statement' if statement else 'commitment'} "
                                   f"with id {record_id}")
    if fmt in ("json", "jsonl"):
        render.render([detail], [], fmt)
        return
    show_mod.print_detail(detail, color=render.is_terminal())


@cli.command()
@output_options
@db_option
def docs(fmt, bom, db_path):
    """List the ingested documents with their metadata and counts."""
    from plantool import render, store

    db = open_database(db_path)
    rows = store.documents(db)
    columns = ["id", "name", "title", "region", "year", "period", "doc_type", "published",
               "statements", "commitments"]
    render.render(rows, columns, fmt or "table", bom=bom)
    if not rows:
        render.message("no documents ingested yet")


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="List every miss, extra and wrong attribute")
@db_option
def eval_(gold_dir, verbose, db_path):
    """Score the database against hand-checked gold files (GOLD_DIR/<doc>.jsonl)."""
    from plantool import evaluate, render, store

    db = open_database(db_path)
    rows = store.query_commitments(db, store.Filters())
    predicted = [store.commitment_record(r) for r in rows]
    statements = [store.statement_record(r) for r in store.query_statements(db, store.Filters())]
    texts = {d["name"]: store.document_text(db, d["id"]) for d in store.documents(db)}
    report = evaluate.score(gold_dir, texts, predicted, statements)
    for line in evaluate.report_lines(report, verbose):
        render.message(line, err=False)


@cli.command()
@db_option
def path(db_path):
    """Print the path of the database in use."""
    from pathlib import Path

    from plantool import store

    click.echo(str(Path(store.db_path(db_path)).resolve()))


def main() -> None:
    cli()
