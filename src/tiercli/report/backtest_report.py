"""What a backtest answers beyond the tiers (issue 12): rankings, rolling cut-offs,
calibration — on the terminal, in ``--json`` and as a workbook with a native chart.

- :func:`render_rankings`: per cut-off and config, each ranking's Spearman and top-20%
  capture of future revenue; with several cut-offs, the mean and spread per ranking.
- :func:`payload`: the ``--json`` document.
- :func:`write_workbook`: ``-o backtest.xlsx`` — sheets Rankings, Capture curve (with an
  xlsxwriter line chart: share of future revenue against share of customers, one series per
  ranking of the newest cut-off and first config) and Calibration.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tiercli import schema
from tiercli.backtest import CURVE_SHARES, Evaluation, rolling_summary
from tiercli.catalogue import define, msg
from tiercli.report.atomic import atomic_path
from tiercli.report.terminal import fit

MESSAGES = {
    "backtest.h_rankings": (
        "各排序对未来销售额的预测力（截止日 {cutoff}，{config}）",
        "How each ranking predicts future revenue (cut-off {cutoff}, {config})",
    ),
    "backtest.h_rolling": (
        "{n} 个截止日的均值与标准差",
        "Mean and spread over {n} cut-offs",
    ),
    "backtest.h_ranking": ("排序依据", "Ranking"),
    "backtest.h_spearman": ("秩相关", "Spearman"),
    "backtest.h_top20": ("前 20% 客户占未来销售额", "Top 20% capture"),
    "backtest.h_mean": ("均值", "mean"),
    "backtest.h_sd": ("标准差", "sd"),
    "backtest.h_cutoff": ("截止日", "Cut-off"),
    "backtest.h_config": ("配置", "Config"),
    "backtest.h_share": ("客户占比", "Share of customers"),
    "backtest.h_capture": ("未来销售额占比", "Share of future revenue"),
    "backtest.h_curve": ("累计捕获曲线", "Capture curve"),
    "backtest.no_calibration": (
        "没有可校准的预测：价值预测未运行（多次购买的客户太少，或配置关闭了 clv）",
        "No predictions to calibrate: the value model did not run (too few customers bought "
        "more than once, or clv is disabled in the config)",
    ),
    "backtest.sheet_calibration": ("校准", "Calibration"),
    "backtest.h_decile": ("十分位", "Decile"),
    "backtest.h_customers": ("客户数", "Customers"),
    "backtest.h_pred_orders": ("预测下单天数", "Predicted purchase days"),
    "backtest.h_actual_orders": ("实际下单天数", "Actual purchase days"),
    "backtest.h_pred_revenue": ("预测销售额", "Predicted revenue"),
    "backtest.h_actual_revenue": ("实际销售额", "Actual revenue"),
    "backtest.recency": ("最近下单（越近越好）", "Recency (most recent first)"),
}
define(MESSAGES)


def _t(code: str, lang: str, **params: Any) -> str:
    return msg(code, **params).render(lang)


def ranking_label(column: str, lang: str, specs: Mapping[str, schema.Column] | None = None) -> str:
    """How a ranking is named: its column's header (recency: most recent first); *specs*: the
    runs' own columns (:func:`run_specs`)."""
    if column == "recency_days":
        return _t("backtest.recency", lang)
    return schema.header(column, lang, extra=specs)


def run_specs(evaluations: list[Evaluation]) -> dict[str, schema.Column]:
    """The columns the evaluations' runs make per name (a scoring dimension a config adds)."""
    return {k: v for ev in evaluations for k, v in schema.run_columns(ev.labels.run).items()}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render_rankings(evaluations: list[Evaluation], console: Console, lang: str) -> None:
    """Each evaluation's rankings, then (several cut-offs) the mean and spread."""
    specs = run_specs(evaluations)
    for ev in evaluations:
        if not ev.rankings:
            continue
        table = Table(
            title=escape(
                _t("backtest.h_rankings", lang, cutoff=ev.cutoff or "", config=ev.config or "")
            ),
            title_justify="left",
        )
        table.add_column(_t("backtest.h_ranking", lang))
        table.add_column(_t("backtest.h_spearman", lang), justify="right")
        table.add_column(_t("backtest.h_top20", lang), justify="right")
        for r in ev.rankings:
            table.add_row(
                escape(ranking_label(r.column, lang, specs)), _num(r.spearman), _pct(r.top_capture)
            )
        console.print(fit(table, console.width))
    cutoffs = {ev.cutoff for ev in evaluations}
    if len(cutoffs) > 1:
        table = Table(title=_t("backtest.h_rolling", lang, n=len(cutoffs)), title_justify="left")
        table.add_column(_t("backtest.h_config", lang))
        table.add_column(_t("backtest.h_ranking", lang))
        mean, sd = _t("backtest.h_mean", lang), _t("backtest.h_sd", lang)
        for head in ("backtest.h_spearman", "backtest.h_top20"):
            table.add_column(f"{_t(head, lang)} {mean}", justify="right")
            table.add_column(sd, justify="right")
        for row in rolling_summary(evaluations):
            table.add_row(
                escape(str(row["config"])),
                escape(ranking_label(row["ranking"], lang, specs)),
                _num(row["spearman_mean"]),
                _num(row["spearman_sd"]),
                _pct(row["top_20_capture_mean"]),
                _pct(row["top_20_capture_sd"]),
            )
        console.print(fit(table, console.width))


def payload(evaluations: list[Evaluation], cutoff: str, horizon: int) -> dict[str, Any]:
    """The ``--json`` document of a backtest."""
    out: dict[str, Any] = {
        "cutoff": cutoff,
        "horizon_days": horizon,
        "configs": [ev.as_dict() for ev in evaluations],
        "curve_shares": list(CURVE_SHARES),
    }
    if len({ev.cutoff for ev in evaluations}) > 1:
        out["cutoffs"] = sorted({ev.cutoff for ev in evaluations if ev.cutoff})
        out["rolling"] = rolling_summary(evaluations)
    return out


def write_workbook(evaluations: list[Evaluation], path: Path, lang: str) -> None:
    """``backtest.xlsx``: Rankings, Capture curve (native line chart) and Calibration."""
    import xlsxwriter

    specs = run_specs(evaluations)
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        bold = book.add_format({"bold": True})
        pct = book.add_format({"num_format": "0.0%"})
        dec = book.add_format({"num_format": "0.000"})
        money = book.add_format({"num_format": "#,##0.00"})

        sheet = book.add_worksheet(_t("backtest.h_ranking", lang)[:31])
        heads = ["backtest.h_cutoff", "backtest.h_config", "backtest.h_ranking"]
        heads += ["backtest.h_spearman", "backtest.h_top20"]
        for j, code in enumerate(heads):
            sheet.write(0, j, _t(code, lang), bold)
        i = 1
        for ev in evaluations:
            for r in ev.rankings:
                sheet.write(i, 0, ev.cutoff or "")
                sheet.write(i, 1, ev.config or ev.name)
                sheet.write(i, 2, ranking_label(r.column, lang, specs))
                if r.spearman is not None:
                    sheet.write_number(i, 3, r.spearman, dec)
                if r.top_capture is not None:
                    sheet.write_number(i, 4, r.top_capture, pct)
                i += 1
        sheet.set_column(0, 2, 22)
        sheet.set_column(3, 4, 16)

        curve = book.add_worksheet(_t("backtest.h_curve", lang)[:31])
        newest = max((ev.cutoff or "" for ev in evaluations), default="")
        shown = [ev for ev in evaluations if (ev.cutoff or "") == newest and ev.rankings]
        curve.write(0, 0, _t("backtest.h_share", lang), bold)
        n = len(CURVE_SHARES)
        curve.write_number(1, 0, 0.0, pct)
        for k, share in enumerate(CURVE_SHARES, start=2):
            curve.write_number(k, 0, share, pct)
        # each config's curves at the newest cut-off, side by side, and a chart per config
        column = 1
        width = sum(len(ev.rankings) for ev in shown)
        for c, ev in enumerate(shown):
            chart = book.add_chart({"type": "scatter", "subtype": "straight"})
            config = ev.config or ev.name
            for r in ev.rankings:
                label = ranking_label(r.column, lang, specs)
                curve.write(0, column, f"{config} · {label}" if len(shown) > 1 else label, bold)
                curve.write_number(1, column, 0.0, pct)
                for k, value in enumerate(r.curve, start=2):
                    curve.write_number(k, column, value, pct)
                chart.add_series(
                    {
                        "name": label,
                        "categories": [curve.name, 1, 0, n + 1, 0],
                        "values": [curve.name, 1, column, n + 1, column],
                    }
                )
                column += 1
            chart.set_title({"name": f"{_t('backtest.h_curve', lang)} · {newest} · {config}"})
            chart.set_x_axis(
                {"name": _t("backtest.h_share", lang), "min": 0, "max": 1, "num_format": "0%"}
            )
            chart.set_y_axis(
                {"name": _t("backtest.h_capture", lang), "min": 0, "max": 1, "num_format": "0%"}
            )
            chart.set_size({"width": 760, "height": 480})
            curve.insert_chart(1 + 26 * c, width + 2, chart)
        curve.set_column(0, max(width, 1), 14)

        cal = book.add_worksheet(_t("backtest.sheet_calibration", lang))
        heads = [
            "backtest.h_cutoff",
            "backtest.h_config",
            "backtest.h_decile",
            "backtest.h_customers",
            "backtest.h_pred_orders",
            "backtest.h_actual_orders",
            "backtest.h_pred_revenue",
            "backtest.h_actual_revenue",
        ]
        for j, code in enumerate(heads):
            cal.write(0, j, _t(code, lang), bold)
        i = 1
        for ev in evaluations:
            if ev.calibration is None:
                continue
            for row in ev.calibration.to_dict("records"):
                cal.write(i, 0, ev.cutoff or "")
                cal.write(i, 1, ev.config or ev.name)
                cal.write_number(i, 2, int(row["decile"]))
                cal.write_number(i, 3, int(row["customers"]))
                for j, key in enumerate(
                    ("predicted_orders", "actual_orders", "predicted_revenue", "actual_revenue"),
                    start=4,
                ):
                    value = float(row[key])
                    if value == value:  # not NaN
                        cal.write_number(i, j, value, dec if j < 6 else money)
                i += 1
        if i == 1:  # no rows: say why, not a sheet of headers alone
            cal.write(1, 0, _t("backtest.no_calibration", lang))
        cal.set_column(0, 7, 16)
        book.close()
