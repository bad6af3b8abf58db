"""The images capability (not built yet: registers nothing)."""


def register() -> None:
    """Connect this capability's receivers to Pelican's signals."""
