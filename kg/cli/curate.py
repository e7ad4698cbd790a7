"""Curation commands: draft, find, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import DEFAULT_SEEDS


@click.command()
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True,
              help="The seeds folder whose registry names are linked (and where entities go).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The document's curation file (default: beside DOCUMENT, with .yaml).")
@click.option("--entities", "entities_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="The registry file of proposed entities (default: "
              "SEEDS/entities/<document id>.yaml).")
@click.option("--force", is_flag=True, help="Replace the output files if they exist.")
def draft(document: Path, seeds: Path, output: Path | None, entities_file: Path | None,
          force: bool) -> None:
    """Draft the curation of a new document (.txt, or a saved .html page) for review.

    Writes the document's YAML (metadata and statements, each with its verbatim quote) and a
    registry file with the entities it proposes. Everything drafted says `draft: true`, which
    `kg build` refuses until a curator has reviewed it (exit code 8).

    \b
    Example:
      kg draft seeds/documents/002_jiangmen-talent.txt
      kg check seeds/documents/002_jiangmen-talent.yaml --allow-drafts
    """
    from kg.curation.documents import DOCUMENT_ID
    from kg.curation.registry import check_seeds_folder
    from kg.draft.draft import draft_document
    from kg.errors import UsageError
    from kg.files import write_file

    check_seeds_folder(seeds)
    if not DOCUMENT_ID.match(document.stem):
        raise UsageError(f"document id '{document.stem}' is not lowercase letters and digits joined "
                         "by _ or -", file=document, hint="rename the file first, e.g. "
                         "002_jiangmen-talent.txt (see seeds/README.md, document ids)")
    output = output or document.with_suffix(".yaml")
    entities_file = entities_file or Path(seeds) / "entities" / f"{document.stem}.yaml"
    for path in (output, entities_file):
        if path.exists() and not force:
            raise UsageError(f"{path} exists", file=path, hint="pass --force to replace it, or -o/--entities "
                             "to write elsewhere")
    result = draft_document(document, seeds)
    write_file(output, result.document.encode("utf-8"))
    write_file(entities_file, result.entities.encode("utf-8"))
    counts = {}
    for statement in result.context.statements:
        counts[statement.kind] = counts.get(statement.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    click.echo(f"wrote {output} ({len(result.context.statements)} draft statements: {summary})")
    click.echo(f"wrote {entities_file} ({len(result.context.proposals)} proposed entities, "
               f"{len(result.context.extensions)} extended)")
    click.echo(f"next: review both files, then `kg check {output}`")


@click.command()
@click.argument("name")
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True,
              help="Folder with entities/, documents/ and sources.yaml.")
def find(name: str, seeds: Path) -> None:
    """Find the entities a name designates: class, id, labels, description, citing documents.

    NAME is any label or alias (either script), the English label, pinyin with or without
    tones, or the id. Without an exact match, the nearest names are listed and the exit code
    is 1.

    \b
    Example:
      kg find 赤坎华侨古镇
      kg find "Li Xi"
      kg find jiangmen-talent-work-bureau
    """
    from kg.curation.find import find_entities, render_found
    from kg.curation.ontology import load_ontology
    from kg.curation.registry import check_seeds_folder

    check_seeds_folder(seeds)
    result = find_entities(seeds, name, load_ontology())
    for item in result.exact:
        click.echo("\n".join(render_found(item)))
    if result.exact:
        return
    if not result.near:
        click.echo(f"no entity is named '{name}', and no name is close to it", err=True)
        sys.exit(1)
    click.echo(f"no entity is named '{name}'; the nearest names:", err=True)
    for item in result.near:
        click.echo("\n".join(render_found(item)))
    sys.exit(1)


@click.command()
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True,
              help="The seeds folder whose registry the document is checked against.")
@click.option("--allow-drafts", is_flag=True, help="Accept statements still marked draft: true.")
@click.option("--full", is_flag=True, help="Also emit the document's graph and check it against the shapes "
              "(the build's whole per-document stage; slower).")
def check(document: Path, seeds: Path, allow_drafts: bool, full: bool) -> None:
    """Check one document's curation file against the registry, without building.

    Ids, classes, values, quotes (each found in the text) and drafts: the build's own checks of
    one document, in well under a second on a large corpus. --full adds the shapes of the
    document's graph.

    \b
    Example:
      kg check seeds/documents/002_new.yaml
      kg check seeds/documents/002_new.yaml --allow-drafts
      kg check seeds/documents/002_new.yaml --full
    """
    from kg.build.check import check_document

    report = check_document(document, seeds, allow_drafts=allow_drafts, full=full)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(report.line())
