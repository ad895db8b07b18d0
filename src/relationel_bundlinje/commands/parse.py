"""``bundlinje parse``: show a bill's structure as text or JSON."""

from __future__ import annotations

from pathlib import Path

import click

KIND = {"ny_lov": "lov eller lovforslag", "aendringslov": "ændringslov", "lovbekendtgoerelse": "lovbekendtgørelse"}


def _tree(provision, depth: int = 0) -> list[str]:
    extra = []
    if provision.target_law:
        extra.append(f"ændrer {provision.target_law}")
    if provision.action:
        extra.append(provision.action)
    head = f"{'  ' * depth}{provision.ref}  [{provision.start}-{provision.end}]"
    if extra:
        head += "  (" + ", ".join(extra) + ")"
    lines = [head]
    for child in provision.children:
        lines.extend(_tree(child, depth + 1))
    return lines


def render_text(bill) -> str:
    out = [bill.title, f"Type: {KIND[bill.kind]}"]
    if bill.number or bill.session:
        out.append(f"Nummer: {bill.number or '-'}  Samling: {bill.session or '-'}")
    out.append(f"Kilde: {bill.source.name} ({bill.source.format}, SHA-256 {bill.source.sha256[:12]}…)")
    out.append(f"Bestemmelser: {len(bill.provisions)} §§, {len(bill.clauses)} enheder (stk./ændringspunkter)")
    if bill.commencement_ref:
        out.append(f"Ikrafttræden: {bill.commencement_ref}")
    out.append("")
    for p in bill.provisions:
        out.extend(_tree(p))
    if bill.remarks:
        out.append("")
        out.append("Bemærkninger:")
        for r in bill.remarks:
            link = f" -> {', '.join(str(p) for p in r.provisions)}" if r.provisions else ""
            out.append(f"  {r.ref}: {r.heading}{link}")
    return "\n".join(out)


@click.command("parse")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Visning.")
def command(file: Path, fmt: str) -> None:
    """Læs et lovforslag og vis dets opbygning (bestemmelser, ændringspunkter, bemærkninger)."""
    from ..pipeline import load_bill

    bill = load_bill(file)
    click.echo(bill.model_dump_json(indent=2) if fmt == "json" else render_text(bill))
