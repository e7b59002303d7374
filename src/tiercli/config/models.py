"""Pydantic models of the YAML config. Every model forbids unknown keys and is frozen.

The YAML layout mirrors these classes one to one; ``configs/default.yaml`` is the
commented reference and is validated by the test suite.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tiercli.io.aliases import TABLE_ALIASES

Table = Literal["orders", "customers", "inquiries"]


class StrictModel(BaseModel):
    """Base for config sections: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class InputConfig(StrictModel):
    """How input files are read."""

    header_row: int | None = Field(
        default=None, ge=1, description="1-based row of the header; None = find it"
    )
    date_order: Literal["auto", "YMD", "DMY", "MDY"] = "auto"
    sheets: dict[Table, str] = Field(default_factory=dict)
    customer_id_from_name: bool = True


class ColumnsConfig(StrictModel):
    """Per table, ``canonical column: header in your file`` (overrides the built-in aliases)."""

    orders: dict[str, str] = Field(default_factory=dict)
    customers: dict[str, str] = Field(default_factory=dict)
    inquiries: dict[str, str] = Field(default_factory=dict)

    @field_validator("orders", "customers", "inquiries")
    @classmethod
    def _known_columns(cls, value: dict[str, str], info: object) -> dict[str, str]:
        table = getattr(info, "field_name", "orders")
        known = TABLE_ALIASES[table]
        for key in value:
            if key not in known:
                from tiercli.errors import did_you_mean

                raise ValueError(
                    f"unknown {table} column '{key}'.{did_you_mean(key, known)} "
                    f"Known: {', '.join(known)}"
                )
        return value


class CurrencyConfig(StrictModel):
    """Conversion of order amounts to one base currency."""

    base: str = "USD"
    default: str | None = None
    source: Literal["ecb", "fixed"] = "ecb"
    rates: dict[str, float] = Field(default_factory=dict)

    @field_validator("base", "default")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ValueError(f"'{value}' is not a 3-letter ISO 4217 currency code (e.g. USD)")
        return code

    @field_validator("rates")
    @classmethod
    def _rates(cls, value: dict[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        for code, rate in value.items():
            if rate <= 0:
                raise ValueError(f"rate for {code} must be positive, got {rate}")
            out[code.strip().upper()] = float(rate)
        return out


class OrdersConfig(StrictModel):
    """Which order rows count: cancellations, returns, non-product lines."""

    cancelled_status: list[str] = Field(
        default_factory=lambda: [
            "cancelled",
            "canceled",
            "cancel",
            "void",
            "voided",
            "rejected",
            "deleted",
            "取消",
            "已取消",
            "作废",
            "已作废",
            "撤销",
            "已撤销",
            "关闭",
            "已关闭",
        ]
    )
    return_status: list[str] = Field(
        default_factory=lambda: [
            "return",
            "returned",
            "refund",
            "refunded",
            "credit note",
            "credit memo",
            "退货",
            "已退货",
            "退款",
            "已退款",
            "退单",
            "红冲",
        ]
    )
    id_prefix: dict[str, Literal["cancelled", "return"]] = Field(default_factory=dict)
    negative_amount: Literal["return", "reject"] = "return"
    exclude_products: list[str] = Field(default_factory=list)
    conversion_window_days: int = Field(default=90, ge=1)


class Config(StrictModel):
    """The whole tiercli config (``configs/default.yaml``)."""

    lang: Literal["zh", "en"] = "zh"
    as_of: dt.date | None = None
    input: InputConfig = Field(default_factory=InputConfig)
    columns: ColumnsConfig = Field(default_factory=ColumnsConfig)
    currency: CurrencyConfig = Field(default_factory=CurrencyConfig)
    orders: OrdersConfig = Field(default_factory=OrdersConfig)
