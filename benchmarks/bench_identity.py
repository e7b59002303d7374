"""Time identity resolution on generated customers with planted spelling variants.

    .venv/bin/python benchmarks/bench_identity.py            # 100k customer records
    .venv/bin/python benchmarks/bench_identity.py 20000      # any number

Buyers get company names from word lists (with legal forms of their country) in 40 countries;
15% of the records are variants of another buyer: another id spelling (case, dash, leading
zeros), the name in capitals or without its legal form or with a typo, an e-mail at the
buyer's domain. Each record has 3 order lines. Prints the time of
:func:`tiercli.identity.resolve` (default ``identity`` config) and its precision and recall
on the planted pairs (merged or proposed). Figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import os
import platform
import sys
import time

import numpy as np
import pandas as pd

from tiercli.config.identity import IdentityConfig
from tiercli.identity import resolve

WORDS = [
    "acme",
    "nordic",
    "pacific",
    "atlas",
    "delta",
    "sigma",
    "orion",
    "apex",
    "summit",
    "golden",
    "eagle",
    "falcon",
    "lotus",
    "jade",
    "crystal",
    "phoenix",
    "titan",
    "vector",
    "zenith",
    "harbor",
    "river",
    "ocean",
    "prairie",
    "alpine",
    "coastal",
    "northern",
    "southern",
    "eastern",
    "western",
    "royal",
    "united",
    "global",
    "prime",
    "star",
    "silver",
    "iron",
    "copper",
    "granite",
    "maple",
    "cedar",
    "oak",
    "pine",
    "willow",
    "aurora",
    "nova",
    "stellar",
    "polar",
    "tropic",
    "meridian",
    "horizon",
]
TRADES = [
    "trading",
    "pumps",
    "valves",
    "hydraulics",
    "fluid",
    "systems",
    "engineering",
    "supply",
    "industrial",
    "machinery",
    "irrigation",
    "water",
    "equipment",
    "controls",
    "technologies",
    "distribution",
    "import",
    "export",
]
FORMS = ["Co., Ltd.", "Ltd", "LLC", "Inc.", "GmbH", "S.A.", "S.r.l.", "B.V.", "Pty Ltd", "AG"]
COUNTRIES = [
    "Germany", "France", "Italy", "Spain", "United States", "United Kingdom", "China", "India",
    "Brazil", "Mexico", "Japan", "Korea", "Vietnam", "Thailand", "Indonesia", "Malaysia",
    "Australia", "Canada", "Chile", "Peru", "Turkey", "Egypt", "Nigeria", "Kenya", "South Africa",
    "Saudi Arabia", "United Arab Emirates", "Poland", "Netherlands", "Belgium", "Sweden",
    "Norway", "Denmark", "Finland", "Austria", "Switzerland", "Portugal", "Greece", "Israel",
    "Philippines",
]  # fmt: skip


def _typo(rng: np.random.Generator, text: str) -> str:
    i = int(rng.integers(1, max(len(text) - 1, 2)))
    return text[:i] + text[i + 1 :]


def generate(n: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame, set[frozenset[str]]]:
    """(customers, order lines, planted pairs of ids of one buyer)."""
    rng = np.random.default_rng(seed)
    n_base = int(n * 0.85)
    w1 = rng.choice(WORDS, n_base)
    w2 = rng.choice(WORDS, n_base)
    w3 = rng.choice(WORDS, n_base)
    trade = rng.choice(TRADES, n_base)
    form = rng.choice(FORMS, n_base)
    country = rng.choice(COUNTRIES, n_base)
    core = pd.Series(
        [
            f"{a.title()} {b.title()}{c} {t.title()}"
            for a, b, c, t in zip(w1, w2, w3, trade, strict=True)
        ]
    )
    names = core + " " + pd.Series(form)
    ids = [f"C{i:06d}" for i in range(n_base)]
    domains = [f"{a}{b}{i}.com" for i, (a, b) in enumerate(zip(w1, w2, strict=True))]
    emails = [f"buyer@{d}" for d in domains]
    records = {
        "customer_id": ids,
        "name": names.tolist(),
        "country": country.tolist(),
        "email": emails,
    }
    truth: set[frozenset[str]] = set()
    pick = rng.integers(0, n_base, n - n_base)
    kind = rng.integers(0, 5, n - n_base)
    seen: set[str] = set(ids)
    for j, (base, k) in enumerate(zip(pick, kind, strict=True)):
        base_id = ids[base]
        if k == 0:
            vid = base_id.lower()
        elif k == 1:
            vid = base_id[0] + "-" + base_id[1:]
        elif k == 2:
            vid = base_id + "-" + str(j)
        else:
            vid = f"V{j:07d}"
        if vid in seen:
            vid = f"V{j:07d}"
        seen.add(vid)
        name = names[base]
        if k in (0, 3):
            name = name.upper()
        elif k == 2:
            name = core[base]
        elif k == 4:
            name = _typo(rng, core[base]) + " " + form[base]
        records["customer_id"].append(vid)
        records["name"].append(name)
        records["country"].append(country[base])
        records["email"].append(f"sales@{domains[base]}" if k == 2 else None)
        truth.add(frozenset((base_id, vid)))
    customers = pd.DataFrame(records).astype("string")
    customers["phone"] = pd.Series(pd.NA, index=customers.index, dtype="string")
    customers["id_given"] = True
    lines = pd.DataFrame(
        {
            "customer_id": np.repeat(customers["customer_id"].to_numpy(), 3),
            "customer_name": pd.NA,
            "country": pd.NA,
            "amount": rng.lognormal(7, 1, 3 * len(customers)),
        }
    ).astype({"customer_id": "string", "customer_name": "string", "country": "string"})
    return customers, lines, truth


def score(merges: pd.DataFrame, sources: pd.DataFrame, truth: set[frozenset[str]]):
    """Precision and recall of merged-or-proposed pairs against the planted pairs (a planted
    pair counts as found when both ids end in one customer or the pair is proposed)."""
    final = dict(zip(sources["source_id"], sources["customer_id"], strict=True))
    found = {frozenset((a, b)) for a, b in zip(merges["id_a"], merges["id_b"], strict=True)}
    hit = sum(1 for p in truth if p in found or len({final[i] for i in p}) == 1)
    buyer = {i: sorted(p, key=lambda x: (x[0] != "C", "-" in x, x))[0] for p in truth for i in p}
    right = sum(1 for p in found if all(i in buyer for i in p) and len({buyer[i] for i in p}) == 1)
    return right / max(len(found), 1), hit / max(len(truth), 1), len(found)


def main(n: int) -> None:
    customers, lines, truth = generate(n)
    inquiries = customers.iloc[0:0]
    start = time.perf_counter()
    _, _, _, identity = resolve(lines, customers, inquiries, IdentityConfig())
    seconds = time.perf_counter() - start
    precision, recall, pairs = score(identity.merges, identity.sources, truth)
    print(
        f"{n:,} customer records ({len(truth):,} planted variants, {len(lines):,} order lines): "
        f"resolve {seconds:.1f} s; {identity.counts['applied']:,} merged, "
        f"{identity.counts['proposed']:,} proposed; precision {precision:.1%}, recall "
        f"{recall:.1%} ({pairs:,} pairs) — {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
