"""Readability: textstat-exact formulas over health-aware segmentation, targets and findings."""
