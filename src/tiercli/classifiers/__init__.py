"""Classifiers: turn the customer table (or raw orders) into tiers, scores and predictions."""
