"""tiercli: customer tiers from a foreign-trade team's customer, order and inquiry exports."""

from __future__ import annotations

__version__ = "0.1.0"
