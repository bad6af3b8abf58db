"""Worker processes that never outlive the build that started them."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this (forked) worker process end when the process that started it ends.

    A pool's workers wait on a pipe that the other workers also hold open, so a build killed
    with SIGKILL (by the owner, by the system when memory runs out) would leave them waiting
    forever. On Linux the kernel sends them SIGKILL when their parent dies; elsewhere this does
    nothing. Used as the pools' ``initializer``, with the starting process's pid as ``parent``.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
