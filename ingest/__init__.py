"""Ingest: load → clean → split → embed → index. Wired in ``index.build``."""

CLEANER_VERSION = "3"
SPLITTER_VERSION = "6"
