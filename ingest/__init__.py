"""Ingest: load → clean → split → embed → index. Wired in ``index.build``."""

CLEANER_VERSION = "2"
SPLITTER_VERSION = "5"
