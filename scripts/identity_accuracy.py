"""Precision and recall of identity resolution against the sample's ground truth.

    .venv/bin/python scripts/identity_accuracy.py                    # sample_data/trade_export.xlsx
    .venv/bin/python scripts/identity_accuracy.py sample_data/customers.csv sample_data/orders.csv \
        sample_data/inquiries.csv

``sample_data/identity_truth.csv`` lists the rows written under a variant id or name with the
buyer they belong to (``buyer_key``), and look-alike companies (different buyers with one name);
a row not listed belongs to the buyer its trimmed id names. Each distinct id tiercli saw (a
*source id*; rows without an id: their name, else their e-mail, case-folded) gets its true
buyer. Then:

- **precision**: of the pairs in the Merges table (merged or proposed), the share whose two
  source ids are one buyer;
- **recall**: of the pairs (a buyer's first source id, each other source id of that buyer), the
  share that ended in one customer or whose customers are proposed as a pair.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TRUTH = ROOT / "sample_data" / "identity_truth.csv"


@dataclass(frozen=True)
class Accuracy:
    precision: float
    recall: float
    pairs: int  # merged or proposed pairs in the Merges table
    right: int
    planted: int  # true pairs of source ids
    found: int
    look_alikes_merged: int  # merged pairs of look-alike companies (must be 0)


def truth_buyers(truth: pd.DataFrame) -> pd.Series:
    """The true buyer of each source id the truth file names (source id as tiercli makes it)."""
    raw_id = truth["raw_id"].astype("string").str.strip().replace("", pd.NA)

    def folded(column: str) -> pd.Series:  # as io.coerce.clean_text, then case-folded
        text = truth[column].astype("string").str.normalize("NFKC").str.strip()
        return text.str.casefold().replace("", pd.NA)

    name, email = folded("raw_name"), folded("raw_email")
    source = raw_id.fillna(name).fillna(email)
    buyers = pd.Series(truth["buyer_key"].astype("string").str.strip().to_numpy(), index=source)
    return buyers[buyers.index.notna()].groupby(level=0).first()


def accuracy(result, truth: pd.DataFrame) -> Accuracy:  # type: ignore[no-untyped-def]
    """Score *result* (a :class:`tiercli.pipeline.SegmentationResult`) against *truth*."""
    sources = result.identity.sources
    final = pd.Series(sources["customer_id"].to_numpy(), index=sources["source_id"].to_numpy())
    named = truth_buyers(truth)
    buyer = pd.Series(final.index, index=final.index).astype("string")
    known = named.reindex(buyer.index)
    buyer = known.fillna(buyer)

    merges = result.merges.loc[result.merges["merge_status"].isin(["applied", "proposed"])]
    a, b = merges["id_a"].to_numpy(), merges["id_b"].to_numpy()
    right = (buyer.reindex(a).to_numpy() == buyer.reindex(b).to_numpy()).sum()
    look = truth.loc[truth["kind"] == "look_alike"]
    look_pairs = {
        frozenset((str(x).strip(), str(y).strip()))
        for x, y in zip(look["raw_id"], look["look_alike_of"], strict=True)
    }
    applied = merges.loc[merges["merge_status"] == "applied"]
    look_merged = sum(
        frozenset((x, y)) in look_pairs
        for x, y in zip(applied["id_a"], applied["id_b"], strict=True)
    )

    proposed = merges.loc[merges["merge_status"] == "proposed"]
    proposed_customers = {
        frozenset((final[x], final[y]))
        for x, y in zip(proposed["id_a"], proposed["id_b"], strict=True)
    }
    planted = found = 0
    for _, ids in pd.Series(buyer.index, index=buyer.to_numpy()).groupby(level=0):
        members = sorted(ids.tolist(), key=lambda i: (i != ids.index[0], i))
        for other in members[1:]:
            planted += 1
            x, y = final[members[0]], final[other]
            found += x == y or frozenset((x, y)) in proposed_customers
    return Accuracy(
        precision=right / max(len(merges), 1),
        recall=found / max(planted, 1),
        pairs=len(merges),
        right=int(right),
        planted=planted,
        found=found,
        look_alikes_merged=int(look_merged),
    )


def main(argv: list[str]) -> int:
    from tiercli.config import load_config
    from tiercli.pipeline import segment

    files = [Path(a) for a in argv[1:]] or [ROOT / "sample_data" / "trade_export.xlsx"]
    result = segment(files, load_config(None))
    got = accuracy(result, pd.read_csv(TRUTH, dtype=str, keep_default_na=False))
    print(
        f"precision {got.precision:.1%} ({got.right}/{got.pairs} merged-or-proposed pairs are "
        f"one buyer), recall {got.recall:.1%} ({got.found}/{got.planted} planted pairs merged "
        f"or proposed); look-alike pairs merged: {got.look_alikes_merged}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
