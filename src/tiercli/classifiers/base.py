"""What a classifier returns: new columns indexed by customer_id, details and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Classified:
    """New columns (indexed like the customer table), what to report, what to warn about, and
    the zh label of each canonical value a writer shows (``{column: {value: zh}}``)."""

    columns: pd.DataFrame
    details: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
