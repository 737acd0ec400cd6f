"""Benchmarks: numbers for reports, not tests (run as scripts or modules)."""
