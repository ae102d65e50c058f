"""The `steward` command line. Thin: parses options, calls ingest/ and retrieval/, prints."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class _Ctx:
    """Settings loaded once at the entry point; store and embedder opened on demand."""

    def __init__(self) -> None:
        self._settings = None
        self._store = None
        self._embedder = None

    @property
    def settings(self):
        if self._settings is None:
            from ingest.settings import load_settings

            self._settings = load_settings()
        return self._settings

    @property
    def embedder(self):
        if self._embedder is None:
            from ingest.embed import get_embedder

            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def store(self):
        if self._store is None:
            from ingest.store import open_store

            self._store = open_store(self.settings, self.embedder.name)
        return self._store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="steward")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Steward: cited answers and redlines from your contracts, proposals and bulletins.

    Settings come from STEWARD_* environment variables (or a .env file), e.g.
    STEWARD_DATA_DIR, STEWARD_CORPUS_DIR, STEWARD_EMBEDDER, STEWARD_CHAT_BACKEND.
    """
    ctx.obj = _Ctx()


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--prune", is_flag=True, help="Forget documents whose files were removed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def ingest(obj: _Ctx, paths: tuple[Path, ...], prune: bool, quiet: bool, as_json: bool) -> None:
    """Add documents (default: the corpus folder) to the store. Re-running skips unchanged files."""
    from ingest.pipeline import Ingestor

    from .report import print_ingest_report

    targets = list(paths) or [obj.settings.corpus_dir]
    missing = [p for p in targets if not p.exists()]
    if missing and not paths:
        raise click.UsageError(f"The corpus folder {missing[0]} does not exist "
                               "(set STEWARD_CORPUS_DIR or pass paths).")
    report = Ingestor(obj.settings, obj.store, obj.embedder, progress=not (quiet or as_json)
                      ).run(targets, prune=prune)
    if as_json:
        click.echo(json.dumps({"seconds": report.seconds, "timings": report.timings,
                               "results": [r.__dict__ for r in report.results]}, indent=2))
    else:
        print_ingest_report(report, obj.store.counts())


@cli.command()
@click.argument("section")
@click.option("--doc", "doc_id", help="Only this document (its id).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list when several match).")
@click.pass_obj
def clause(obj: _Ctx, section: str, doc_id: str | None, as_json: bool) -> None:
    """Show a clause by its number (12.7.5, "Section 3", "Article 12"): live text and changes."""
    from retrieval.clauses import find_clauses

    from .report import print_clause

    hits = find_clauses(obj.store, section, doc_id)
    if as_json:
        data = [h.to_json() for h in hits]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    else:
        for h in hits:
            print_clause(h)


def main() -> None:
    """Entry point: StewardErrors print as plain messages; anything else is a bug."""
    from ingest.errors import StewardError

    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except StewardError as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(1)
