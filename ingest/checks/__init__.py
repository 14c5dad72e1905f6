"""Reconciliation check families, one module each; every module registers functions with `@check`."""
