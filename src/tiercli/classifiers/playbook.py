"""The playbook (资源分配 / 服务层级): per customer, the action, service level, contact
frequency and channel of the first rule whose conditions all hold.

Input: label columns named in the rules' ``when`` (``lifecycle``, ``rfm_segment``,
``abc_class``, ``tier``, …), so the playbook runs after the classifiers that make them. Output:
``action, service_level, contact_frequency, channel`` (English text; the zh text goes to the
writers as labels), indexed by customer_id.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiercli.classifiers.base import Classified
from tiercli.config.models import PlaybookConfig

FIELDS = ("action", "service_level", "contact_frequency", "channel")


def classify(customers: pd.DataFrame, cfg: PlaybookConfig) -> Classified:
    warnings: list[str] = []
    if not cfg.rules:
        return Classified(pd.DataFrame(index=customers.index), {}, warnings)
    conditions = []
    for i, rule in enumerate(cfg.rules, start=1):
        hit = pd.Series(True, index=customers.index)
        for column, values in rule.when.items():
            if column not in customers:
                warnings.append(
                    f"playbook: rule {i} needs column '{column}', which this run does not have "
                    "(its classifier is disabled or lacks data); the rule never matches"
                )
                hit &= False
                continue
            hit &= customers[column].astype("string").isin(values).fillna(False).astype(bool)
        conditions.append(hit.to_numpy())
    columns = pd.DataFrame(index=customers.index)
    labels: dict[str, dict[str, str]] = {}
    for name in FIELDS:
        choices = [getattr(rule, name).en for rule in cfg.rules]
        picked = np.select(conditions, choices, default="") if conditions else ""
        columns[name] = pd.Series(picked, index=customers.index, dtype="string").replace("", pd.NA)
        labels[name] = {getattr(r, name).en: getattr(r, name).zh for r in cfg.rules}
    rule_no = np.select(conditions, list(range(1, len(conditions) + 1)), default=0)
    used = pd.Series(rule_no).value_counts().sort_index()
    details = {"playbook": {"customers_per_rule": {int(k): int(v) for k, v in used.items() if k}}}
    return Classified(columns, details, warnings, labels)
