"""The content rules, checked in a child process while Pelican builds the staging folder.

A cold build of a large site spends seconds in the content rules (:func:`check_content`) and
then, one core at a time, most of Pelican's run writing pages: on two cores the rules can take
the other one. :func:`rules_alongside` forks a child that runs the very same ``check_content``
(so it writes the rules' verdict cache, ``.cache/rules/``, as a build always did) and sends its
problems back through a pipe, while the build goes on with Pelican.

The owner sees exactly what she saw when the rules ran first:

- when the rules find an error, the build fails with the rules' problems and nothing else,
  whatever Pelican made of the bad file meanwhile (a crash, a warning, a missing page): the
  driver asks the rules before it looks at anything Pelican logged;
- nothing Pelican's run leaves outside the staging folder is written before the rules have
  passed: the plugin generators (events keep the versions of their calendar entries in
  ``content/events/``) write after Pelican's pages, where the build waits for the verdict;
- Pelican stops at the next object read or page written once the rules have found an error.

The child is only forked when this process runs a single thread (forking a process with other
threads could leave the child waiting on a lock one of them held) and where ``fork`` exists;
otherwise the rules run here before Pelican starts, as they always did; when the child fails in
any way they run here again, so an error of the rules themselves surfaces unchanged.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from passaparola.build.processes import die_with_parent
from passaparola.rules import CheckContext, Problem, check_content

logger = logging.getLogger(__name__)


class RulesFoundErrors(Exception):
    """Raised inside Pelican's run to stop it: the rules failed the build already."""


class RulesVerdict:
    """The content rules' problems, checked in a child process or, failing that, here."""

    def __init__(self, context: CheckContext, fork: bool = True):
        self.context = context
        self._problems: list[Problem] | None = None
        self._pid = 0
        self._pipe = -1
        self._payload = bytearray()
        if fork and hasattr(os, "fork") and threading.active_count() == 1:
            self._fork()
        else:  # checked here and now, before Pelican starts, as the build always did
            self._problems = check_content(context)

    def _fork(self) -> None:
        parent = os.getpid()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the build
            status = 1
            try:
                os.close(read_end)
                die_with_parent(parent)
                payload = pickle.dumps(check_content(self.context), pickle.HIGHEST_PROTOCOL)
                view = memoryview(payload)
                while view:
                    view = view[os.write(write_end, view):]
                status = 0
            except BaseException:  # noqa: BLE001 - the parent checks again and raises it itself
                status = 1
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid, self._pipe = pid, read_end

    def problems(self) -> list[Problem]:
        """Every problem of the content (waits for the child; checks here if it failed)."""
        if self._problems is None:
            if self._pid:
                self._collect(block=True)
            if self._problems is None:
                self._problems = check_content(self.context)
        return self._problems

    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems() if problem.level == "error"]

    def found_errors_yet(self) -> bool:
        """True once the child has answered with an error (never waits)."""
        if self._problems is None and self._pid:
            self._collect(block=False)
        return any(problem.level == "error" for problem in self._problems or ())

    def _collect(self, block: bool) -> None:
        """Read the child's answer: all of it (``block``), or what has come so far."""
        while self._pipe >= 0:
            if not block and not select.select([self._pipe], [], [], 0)[0]:
                return
            chunk = os.read(self._pipe, 1 << 16)
            if chunk:
                self._payload += chunk
                continue
            os.close(self._pipe)  # the child wrote everything and ended
            self._pipe = -1
        _pid, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if os.waitstatus_to_exitcode(status) != 0:
            logger.debug("The rules' process failed (status %s): checking here", status)
            return
        try:
            self._problems = pickle.loads(bytes(self._payload))
        except Exception:  # noqa: BLE001 - checked here instead
            logger.debug("The rules' answer could not be read: checking here", exc_info=True)

    def abandon(self) -> None:
        """The build stopped without needing the verdict: end the child."""
        if self._pid:
            with suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1


@contextmanager
def stopping_pelican_on_errors(verdict: RulesVerdict) -> Iterator[None]:
    """While Pelican runs inside: stop it once the rules have found an error, and wait for the
    rules before the plugin generators write (after Pelican's own pages)."""
    from pelican import signals

    def stop_if_rules_failed(*_args, **_kwargs) -> None:
        if verdict.found_errors_yet():
            raise RulesFoundErrors()

    def wait_for_rules(*_args, **_kwargs) -> None:
        if verdict.errors():
            raise RulesFoundErrors()

    progress = (signals.content_object_init, signals.content_written)
    for signal_ in progress:
        signal_.connect(stop_if_rules_failed)
    signals.page_writer_finalized.connect(wait_for_rules)
    try:
        yield
    finally:
        for signal_ in progress:
            signal_.disconnect(stop_if_rules_failed)
        signals.page_writer_finalized.disconnect(wait_for_rules)
