"""Curation commands: draft, find, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import DEFAULT_SEEDS


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
def check(document: Path, seeds: Path, allow_drafts: bool) -> None:
    """Check one document's curation file against the registry, without building.

    Ids, classes, values, quotes (each found in the text), the shapes of the document's graph,
    and drafts: the same checks as `kg build`, for one document, in about a second.

    \b
    Example:
      kg check seeds/documents/002_new.yaml
      kg check seeds/documents/002_new.yaml --allow-drafts
    """
    from kg.build.check import check_document

    report = check_document(document, seeds, allow_drafts=allow_drafts)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(report.line())
