"""Ingest: load → clean → split → embed → index. Wired in ``ingest.pipeline``."""

CLEANER_VERSION = "1"
SPLITTER_VERSION = "1"
