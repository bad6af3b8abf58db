"""Worker processes that never outlive the build that started them."""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys
from pathlib import Path

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


# The child's first Python lines: this package from where the build found it, then _run_tied.
_TIED_CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); "
               "from passaparola.build.processes import _run_tied; _run_tied(sys.argv[2:])")


def tied_module_command(module: str, *args: str) -> list[str]:
    """The command running ``python -m module args`` in a child process that dies with this one.

    For a child started with ``subprocess.Popen`` while the build goes on (a job of
    :mod:`passaparola.build.background`): the child itself asks for the signal
    (:func:`die_with_parent`) before running the module, as ``preexec_fn`` is unsafe in a process
    with threads (the pools'). A module that replaces its process with a program (``pagefind``
    executes its binary) keeps the request. The kernel sends the signal when the thread that
    started the child ends, so start it from the thread that waits for it.
    """
    package_root = str(Path(__file__).resolve().parents[2])
    return [sys.executable, "-c", _TIED_CHILD, package_root, str(os.getpid()), module, *args]


def _run_tied(argv: list[str]) -> None:
    parent, module, *args = argv
    die_with_parent(int(parent))
    sys.path.pop(0)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
