"""Ingest: load → clean → split → embed → index. Wired in ``ingest.pipeline``."""

CLEANER_VERSION = "2"
SPLITTER_VERSION = "4"
