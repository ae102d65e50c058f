"""The `steward` command line. Thin: parses options, calls the Service, prints."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .users import OWNER

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class _Ctx:
    """Settings loaded once at the entry point; the Service opened on demand. The command line
    is the store owner's own: it reads and writes as the bargaining team."""

    def __init__(self, settings=None) -> None:
        self._settings = settings
        self._service = None

    @property
    def settings(self):
        if self._settings is None:
            from store.settings import load_settings

            self._settings = load_settings()
        return self._settings

    @property
    def service(self):
        if self._service is None:
            from .service import Service

            self._service = Service(self.settings)
        return self._service


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
    from .report import print_ingest_report

    targets = list(paths) or [obj.settings.corpus_dir]
    missing = [p for p in targets if not p.exists()]
    if missing and not paths:
        raise click.UsageError(f"The corpus folder {missing[0]} does not exist "
                               "(set STEWARD_CORPUS_DIR or pass paths).")
    report = obj.service.ingest(OWNER, targets, prune=prune, progress=not (quiet or as_json))
    if as_json:
        click.echo(json.dumps({"seconds": report.seconds, "timings": report.timings,
                               "results": [r.__dict__ for r in report.results]}, indent=2))
    else:
        print_ingest_report(report, obj.service.counts())


@cli.command()
@click.argument("section")
@click.option("--doc", "doc_id", help="Only this document (its id).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list when several match).")
@click.pass_obj
def clause(obj: _Ctx, section: str, doc_id: str | None, as_json: bool) -> None:
    """Show a clause by its number (12.7.5, "Section 3", "Article 12"): live text and changes."""
    from .report import print_clause

    hits = obj.service.clause(OWNER, section, doc_id)
    if as_json:
        data = [h.to_json() for h in hits]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    else:
        for h in hits:
            print_clause(h)


def _filters(doc_type, status, employer, union, date_from, date_to, doc_id) -> dict:
    """The filter options as Service.scope reads them (empty ones do not filter)."""
    return {"doc_types": doc_type, "statuses": status, "employer": employer, "union": union,
            "date_from": date_from, "date_to": date_to, "doc_ids": doc_id}


def filter_options(f):
    """--type --status --employer --union --from --to --doc, shared by search and ask."""
    opts = [
        click.option("--type", "doc_type", multiple=True,
                     help="Only this document type (repeatable): contract, proposal, ..."),
        click.option("--status", multiple=True, help="current, proposed, superseded, expired."),
        click.option("--employer", help="Part of the employer's name, e.g. SCUSD."),
        click.option("--union", help="Part of the union's name, e.g. SEIU."),
        click.option("--from", "date_from", help="Documents dated on/after (yyyy[-mm[-dd]])."),
        click.option("--to", "date_to", help="Documents dated on/before (yyyy[-mm[-dd]])."),
        click.option("--doc", "doc_id", multiple=True, help="Only this document id (repeatable)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def _lines(arg: str):
    """The question itself, or one per line from stdin when it is '-'."""
    if arg != "-":
        yield arg
        return
    for line in sys.stdin:
        if line.strip():
            yield line.strip()


@cli.command()
@click.argument("query")
@click.option("-k", "k", default=8, show_default=True, help="How many clauses.")
@click.option("--json", "as_json", is_flag=True, help="JSON (one array per query line with '-').")
@filter_options
@click.pass_obj
def search(obj: _Ctx, query: str, k: int, as_json: bool, **flt) -> None:
    """Ranked clauses for QUERY, without generation ('-' reads one query per line)."""
    from .report import print_hits

    filters = _filters(**flt)
    for q in _lines(query):
        hits = obj.service.search(OWNER, q, k, **filters)
        if as_json:
            click.echo(json.dumps([h.to_json() for h in hits], ensure_ascii=False))
        else:
            print_hits(q, hits)


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
@filter_options
@click.pass_obj
def ask(obj: _Ctx, question: str, as_json: bool, **flt) -> None:
    """Answer QUESTION with numbered citations to the exact clauses ('-': one per stdin line)."""
    from .report import print_answer, stream_answer

    svc, filters = obj.service, _filters(**flt)
    for q in _lines(question):
        if as_json:
            click.echo(json.dumps(svc.ask(OWNER, q, **filters).to_json(), ensure_ascii=False))
        else:
            print_answer(stream_answer(svc.ask_stream(OWNER, q, **filters)))


@cli.command()
@click.option("--section", "sections", multiple=True, required=True,
              help="Clause to answer (repeat for several clauses in one counterproposal).")
@click.option("--goal", required=True, help='What the team wants, e.g. "set a floor of $3,500".')
@click.option("--against", default="proposal", show_default=True,
              help="proposal (the other side's latest), contract, or a document id.")
@click.option("--json", "as_json", is_flag=True, help="Print the draft as JSON.")
@click.option("--html", "html_out", type=click.Path(path_type=Path), help="Write an HTML page.")
@click.option("--docx", "docx_out", type=click.Path(path_type=Path),
              help="Write the proposal as a Word document with real tracked changes (the "
              "proposal only: it can go to the other side).")
@click.option("--notes", "notes_out", type=click.Path(path_type=Path),
              help="Write the team's notes (why, terms not applied, checks, sources): .docx "
              "for Word, any other name for Markdown.")
@click.pass_obj
def draft(obj: _Ctx, sections, goal, against, as_json, html_out, docx_out, notes_out) -> None:
    """Draft counter-language for clauses, as a redline against the clause it answers."""
    from .report import draft_json, print_draft

    result = obj.service.draft(OWNER, list(sections), goal, against)
    if html_out:
        from .html_export import draft_html

        _write(html_out, draft_html(result))
    if docx_out:
        from .docx_export import write_docx

        _write(docx_out, None, lambda p: write_docx(result, p))
    if notes_out:
        from .notes_export import write_notes

        _write(notes_out, None, lambda p: write_notes(result, p))
    if as_json:
        click.echo(json.dumps(draft_json(result), indent=2, ensure_ascii=False))
    elif not (html_out or docx_out or notes_out):
        print_draft(result)


@cli.command()
@click.argument("doc_a")
@click.argument("doc_b")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option("--html", "html_out", type=click.Path(path_type=Path), help="Write an HTML page.")
@click.option("--all", "show_all", is_flag=True, help="Also list unchanged clauses.")
@click.pass_obj
def compare(obj: _Ctx, doc_a: str, doc_b: str, as_json: bool, html_out, show_all: bool) -> None:
    """Compare two documents clause by clause (e.g. the contract and a proposal)."""
    from .report import print_comparison

    result = obj.service.compare(OWNER, doc_a, doc_b)
    if html_out:
        from .html_export import compare_html

        _write(html_out, compare_html(result))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    elif not html_out:
        print_comparison(result, show_all)


def _write(path: Path, text: str | None, writer=None) -> None:
    """Write a file, turning an unwritable path into a plain error."""
    from store.errors import ConfigError

    try:
        writer(path) if writer else path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    click.echo(f"Wrote {path}", err=True)


@cli.command("eval")
@click.option("--set", "set_name", default="seed", show_default=True,
              help="A named set in evals/ (seed, oregon, scans, real: questions; structure, metadata, "
              "tables, ocr: how documents are read; drafting: every term of a goal in the "
              "draft), scored on its own documents.")
@click.option("--questions", type=click.Path(exists=True, path_type=Path),
              help="Any JSONL question file of the same shape (overrides --set); scored on "
              "your store unless --corpus is given.")
@click.option("--corpus", type=click.Path(exists=True, path_type=Path),
              help="Score on a separate store built from these documents.")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also run the naive LangChain pipeline, side by side.")
@click.option("--json", "json_out", type=click.Path(path_type=Path),
              help="Also write every result and the summaries here.")
@click.option("--show-failures", is_flag=True, help="Print the questions Steward missed.")
@click.option("--quick", is_flag=True, help="Document sets only: a fast subset.")
@click.pass_obj
def eval_cmd(obj: _Ctx, set_name: str, questions: Path | None, corpus: Path | None,
             baseline: bool, json_out: Path | None, show_failures: bool, quick: bool) -> None:
    """Score Steward (and the naive baseline) on a gold question set: retrieval, cited
    evidence, facts, refusals, unverified quotes, latency. The document sets (structure,
    metadata, tables, ocr) score how the shared development documents are read; drafting
    scores whether every term of a goal reaches the draft or is listed as not applied."""
    from evals.documents import document_set
    from evals.runner import SET_CORPORA, compare, load_cases, report_json, set_path, wins
    from evals.systems import BaselineSystem, StewardSystem

    from .report import print_eval

    run_set = None if questions else document_set(set_name)
    if run_set is not None:
        summary, failures = run_set(quick=quick)
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        for line in failures if show_failures else ():
            click.echo(f"  ✗ {line}")
        if json_out:
            _write(json_out, json.dumps({"summary": summary, "failures": failures}, indent=2,
                                        ensure_ascii=False))
        return
    path = questions or set_path(set_name)
    cases = load_cases(path)
    corpus = [corpus] if corpus else (None if questions else SET_CORPORA.get(set_name))
    svc = (_eval_context(obj, corpus, path.stem) if corpus else obj).service
    systems = [StewardSystem(svc, OWNER)]
    if baseline:
        systems.append(BaselineSystem(svc, OWNER))
    runs = compare(cases, systems)
    summaries = {name: summary for name, (_, summary) in runs.items()}
    better = wins(summaries["steward"], summaries["baseline"]) if baseline else None
    print_eval(path.name, summaries, runs["steward"][0] if show_failures else [], wins=better)
    if json_out:
        report = {name: report_json(path, summary, results)
                  for name, (results, summary) in runs.items()}
        _write(json_out, json.dumps({**report, "steward_better": better}, indent=2,
                                    ensure_ascii=False))


def _eval_context(obj: _Ctx, corpus: list[Path], name: str) -> _Ctx:
    """A store of its own for an eval corpus (under the data folder), brought up to date."""
    from store.errors import ConfigError

    missing = [str(p) for p in corpus if not p.exists()]
    if missing:
        raise ConfigError(f"The documents of the {name!r} set are not here: {', '.join(missing)}")
    ctx = _Ctx(obj.settings.model_copy(update={
        "data_dir": obj.settings.data_dir / "evals" / name, "corpus_dir": corpus[0],
        "chroma_url": ""}))
    ctx.service.ingest(OWNER, corpus, prune=True)
    return ctx


@cli.group()
def catalog() -> None:
    """The corpus catalog (catalog.toml): what each file is, who it is between, its date."""


@catalog.command("draft")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: catalog.draft.toml in the corpus folder).")
@click.option("--all", "include_all", is_flag=True, help="Also files that have an entry.")
@click.pass_obj
def catalog_draft(obj: _Ctx, paths: tuple[Path, ...], out: Path | None, include_all: bool) -> None:
    """Write what Steward infers for uncatalogued files (default: the corpus folder) as a
    catalog draft to correct and rename to catalog.toml."""
    from ingest.catalog import DRAFT_NAME
    from ingest.draft import write_draft

    targets = list(paths) or [obj.settings.corpus_dir]
    out = out or obj.settings.corpus_dir / DRAFT_NAME
    n, problems = write_draft(targets, out, include_all, obj.settings.max_file_mb)
    for p in problems:
        click.echo(f"not read: {p}", err=True)
    click.echo(f"Wrote {n} entr{'y' if n == 1 else 'ies'} to {out}. Check them, then rename the "
               "file to catalog.toml and run `steward ingest`.")


@cli.group()
def user() -> None:
    """Who may log in to the app, and as what (member or team)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["member", "team"]), required=True,
              help="member: member documents only; team: everything, and may upload and draft.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given (or set STEWARD_USER_PASSWORD).",
              envvar="STEWARD_USER_PASSWORD")
@click.pass_obj
def user_add(obj: _Ctx, name: str, role: str, password: str) -> None:
    """Add (or replace) a user. Prints their API key once; it is stored hashed."""
    from .users import Users

    key = Users(obj.settings.data_dir / "users.json").add(name, role, password)
    click.echo(f"Added {name} ({role}). API key (shown once): {key}")


@user.command("list")
@click.pass_obj
def user_list(obj: _Ctx) -> None:
    """List users and their roles."""
    from .users import Users

    names = Users(obj.settings.data_dir / "users.json").names()
    for name, role in names:
        click.echo(f"{name}\t{role}")
    if not names:
        click.echo("No users: the app runs in single-user mode (no login, localhost only).")


@user.command("remove")
@click.argument("name")
@click.pass_obj
def user_remove(obj: _Ctx, name: str) -> None:
    """Remove a user (their API keys stop working)."""
    from .users import Users

    Users(obj.settings.data_dir / "users.json").remove(name)
    click.echo(f"Removed {name}.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7860, show_default=True, help="Port to listen on.")
@click.pass_obj
def serve(obj: _Ctx, host: str, port: int) -> None:
    """Start the web app (Ask, Draft, Compare, Library) and the OpenAI-compatible API."""
    from .server import serve as run_server

    run_server(obj.settings, host, port)


def main() -> None:
    """Entry point: StewardErrors print as plain messages; anything else is a bug."""
    from store.errors import StewardError

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
