"""Page size and the fixed creation date every rendering of the layout test set shares."""

from datetime import datetime, timezone

PAGE_W, PAGE_H = 210.0, 297.0
_EPOCH = datetime(2025, 3, 1, tzinfo=timezone.utc)
