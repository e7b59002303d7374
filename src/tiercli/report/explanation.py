"""Rich rendering of ``tiercli explain`` (formats the dict from tiercli.explain)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tiercli.labels import column_label, text, value_label


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return escape(str(value))
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def render_explanation(
    data: dict[str, Any],
    console: Console,
    lang: str,
    labels: dict[str, dict[str, str]] | None = None,
) -> None:
    """Print, line by line, why a customer got its scores and labels (*labels*: zh names)."""
    labels = labels or {}

    def shown(column: str, value: Any) -> str:
        return escape(value_label(str(value), column, lang, labels))

    console.print(
        f"[bold]{escape(str(data['customer_id']))}[/bold] {escape(str(data.get('name') or ''))}"
        f" · {text('as_of', lang)} {data['as_of']} · {data['base_currency']}"
    )
    metrics = Table(title=text("explain_metrics", lang), title_justify="left", show_header=False)
    metrics.add_column(no_wrap=True)
    metrics.add_column(justify="right")
    for key, value in data["metrics"].items():
        metrics.add_row(column_label(key, lang), _num(value))
    console.print(metrics)

    scoring = data.get("scoring")
    if scoring and scoring.get("scored"):
        for name, dim in scoring["dimensions"].items():
            table = Table(
                title=f"{column_label(name + '_score', lang)} = {dim['score']:.2f}  "
                f"(× {dim['weight']:.4g} = {dim['contribution']:.3f} {text('points', lang)})",
                title_justify="left",
            )
            for key in ("metric", "raw", "normalized", "weight", "points"):
                table.add_column(
                    text(f"explain_{key}", lang), justify="left" if key == "metric" else "right"
                )
            for metric, term in dim["metrics"].items():
                flag = " *" if term.get("imputed") else ""
                table.add_row(
                    escape(metric) + flag,
                    _num(term["raw"]),
                    f"{term['normalized']:.4f}",
                    f"{term['weight']:.4g}",
                    f"{term['contribution']:.2f}",
                )
            console.print(table)
        parts = " + ".join(f"{d['contribution']:.3f}" for d in scoring["dimensions"].values())
        console.print(
            f"[bold]{column_label('composite_score', lang)}[/bold] = {parts} = "
            f"[bold]{scoring['composite_score']:.2f}[/bold]"
        )
        for key in ("tier_rule", "quadrant_rule", "pyramid_rule"):
            if scoring.get(key):
                console.print(f"· {escape(scoring[key])}")
    elif scoring:
        console.print(f"· {escape(str(scoring.get('reason', '')))}")

    rfm = data.get("rfm")
    if rfm:
        cuts = rfm.get("cut_points", {})
        lines = [f"RFM {rfm.get('code') or '—'} → {shown('rfm_segment', rfm.get('segment'))}"]
        for axis, metric in (("r", "recency"), ("f", "frequency"), ("m", "monetary")):
            points = ", ".join(f"{c:g}" for c in cuts.get(metric, []))
            lines.append(
                f"  {axis.upper()} {rfm['scores'][axis]}: {metric} "
                f"{_num(rfm['metrics'][metric])} (cut points {points})"
            )
        if rfm.get("rule"):
            lines.append(f"  {escape(rfm['rule'])}")
        console.print("\n".join(lines))
    for key in ("abc", "lifecycle"):
        if data.get(key):
            console.print(
                f"{column_label(key if key != 'abc' else 'abc_class', lang)}: "
                f"{escape(str(data[key]['rule']))}"
            )
    if data.get("trade"):
        table = Table(title=text("table_trade", lang), title_justify="left")
        table.add_column(text("dimension", lang), no_wrap=True)
        table.add_column(text("explain_label", lang))
        table.add_column(text("explain_from", lang))
        for name, item in data["trade"].items():
            source = ", ".join(f"{k}={_num(v)}" for k, v in item["from"].items())
            table.add_row(column_label(name, lang), shown(name, item["label"]), source)
        console.print(table)
    if data.get("predicted_value"):
        pv = data["predicted_value"]
        console.print(
            f"{column_label('p_alive', lang)} {_num(pv['p_alive'], 3)} · "
            f"{column_label('expected_orders', lang)} {_num(pv['expected_orders'])} · "
            f"{column_label('predicted_revenue', lang)} {_num(pv['predicted_revenue'])}"
        )
    if data.get("playbook"):
        pb = data["playbook"]
        console.print(
            f"{column_label('action', lang)}: {escape(str(pb['action']))} "
            f"[dim]({escape(str(pb.get('rule', '')))})[/dim]"
        )
