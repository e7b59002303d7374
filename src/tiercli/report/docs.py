"""Reference pages made from the schema and the registry (``docs/columns.md`` and the
README's column list); a test checks that the committed copies are current.

Regenerate with ``python -m tiercli.report.docs`` after changing a column.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from tiercli import schema
from tiercli.classifiers.registry import REGISTRY

_KINDS = {
    "text": "text",
    "label": "label",
    "money": "money (base currency)",
    "percent": "share 0–1",
    "integer": "integer",
    "row": "row number",
    "decimal": "number",
    "score": "score 0–100",
    "date": "date",
}
README_START, README_END = "<!-- columns:start -->", "<!-- columns:end -->"


def _producers() -> list[str]:
    return ["features", *(r.name for r in REGISTRY), "history"]


def customer_columns() -> list[schema.Column]:
    """The customer table's columns in the order a run adds them (classifiers in registry
    order; the run order may differ, the columns do not)."""
    producers = _producers()
    columns = [c for c in schema.COLUMNS.values() if c.producer in producers]
    return sorted(columns, key=lambda c: producers.index(c.producer))


def each_columns() -> list[schema.Column]:
    """The columns made once per name a run gives (:data:`schema.EACH`), the name written
    ``<dimension>`` and its label ``<维度>`` / ``<Dimension>``."""
    return [
        replace(
            template,
            name=template.name.format(f"<{label}>"),
            zh=template.zh.format(f"<{schema.COLUMNS[label].zh}>"),
            en=template.en.format(f"<{schema.COLUMNS[label].en}>"),
        )
        for label, template in schema.EACH.items()
    ]


def columns_markdown() -> str:
    """``docs/columns.md``: every column of the customer table and of the report tables."""
    lines = [
        "# Columns",
        "",
        "Generated from `src/tiercli/schema.py` and the classifiers' declarations by",
        "`python -m tiercli.report.docs`; do not edit by hand.",
        "",
        "## The customer table",
        "",
        "| column | 中文 | English | kind | made by | definition | values |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in customer_columns():
        lines.append(_row(c))
    lines += [_row(c) for c in each_columns()]
    lines += [
        "",
        "## Report tables (rejects, reconciliation, summaries, backtest)",
        "",
        "| column | 中文 | English | kind | made by | definition | values |",
        "|---|---|---|---|---|---|---|",
    ]
    producers = _producers()
    lines += [_row(c) for c in schema.COLUMNS.values() if c.producer not in producers]
    return "\n".join(lines) + "\n"


def _row(c: schema.Column) -> str:
    values = ", ".join(f"`{k}` {zh} / {en}" for k, (zh, en) in list(c.values.items())[:12])
    if len(c.values) > 12:
        values += ", …"
    if c.open:
        values = (values + "; " if values else "") + "also names from the data or config"
    cells = [f"`{c.name}`", c.zh, c.en, _KINDS[c.kind], c.producer, c.definition, values]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def readme_list() -> str:
    """The README's column list: names by the step that makes them."""
    out = []
    for producer in _producers():
        names = [c.name for c in customer_columns() if c.producer == producer]
        if names:
            out.append(f"- **{producer}**: " + ", ".join(f"`{n}`" for n in names))
    return "\n".join(out)


def update_readme(text: str) -> str:
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    return pattern.sub(f"{README_START}\n{readme_list()}\n{README_END}", text)


def main(root: Path) -> None:
    (root / "docs" / "columns.md").write_text(columns_markdown(), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(update_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
