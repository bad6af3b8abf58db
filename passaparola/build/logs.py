"""The warnings logged while building: any one of them fails the build, so none may go unseen."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class WarningCollector(logging.Handler):
    """Keeps every warning or error logged while it is attached to the root logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def collect_warnings() -> Iterator[WarningCollector]:
    """Every warning or error logged inside the ``with`` block, from any logger."""
    collector = WarningCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
