"""A pool of worker processes that hands results back in the order tasks were given.

Used by ``ingest --jobs N`` and ``extract --jobs N``: the caller keeps reading and
writing in one process while the CPU-bound extraction runs in ``jobs`` workers. At most
a few tasks per worker are in flight, so memory stays flat however many files there
are. A worker that dies (killed, out of memory) fails only the task it was running:
that task is tried once more on its own, and the others are sent again.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

#: Tasks in flight per worker: enough to keep every worker busy while one result is stored.
IN_FLIGHT_PER_JOB = 4
#: How often a worker checks that the process that started it is still there (seconds).
PARENT_CHECK_SECONDS = 1.0


class TaskFailed(Exception):
    """A task that gave no result: its exception, or the death of its worker."""


class WorkerDied(TaskFailed):
    """The worker process running a task ended without answering."""


def default_jobs() -> int:
    """The number of cores: the default of ``--jobs``."""
    return os.cpu_count() or 1


def _context():
    """Workers forked from this process start at once with its modules already loaded;
    where fork is not offered, the platform's default start method."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(parent: int, initializer: Callable | None, initargs: tuple) -> None:
    """Worker start-up: end when the parent ends (killed, so it never shut the pool down),
    then the caller's own start-up."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="plantool-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


class _Pool:
    """A ProcessPoolExecutor that can be replaced when one of its workers dies."""

    def __init__(self, jobs: int, initializer: Callable | None = None,
                 initargs: tuple = ()) -> None:
        self.jobs, self.initializer, self.initargs = jobs, initializer, initargs
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=_start_worker,
                                   initargs=(os.getpid(), self.initializer, self.initargs))

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def submit(self, func: Callable, args: tuple) -> Future:
        return self.executor.submit(func, *args)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def ordered_map(func: Callable, tasks: Iterable[tuple[object, tuple | None]], jobs: int,
                initializer: Callable | None = None,
                initargs: tuple = ()) -> Iterator[tuple[object, object]]:
    """``(tag, func(*args))`` for each ``(tag, args)`` of ``tasks``, in their order, with
    ``func`` run in ``jobs`` worker processes; a task whose args are None is passed
    through as ``(tag, None)`` in its place. A task that raised gives a TaskFailed, one
    whose worker died a WorkerDied.
    """
    pool = _Pool(jobs, initializer, initargs)
    window: deque[list] = deque()  # [tag, args, future or None]
    limit = max(1, jobs * IN_FLIGHT_PER_JOB)
    source = iter(tasks)
    try:
        while True:
            _fill(window, source, pool, func, limit)
            if not window:
                return
            tag, args, future = window.popleft()
            yield tag, _answer(pool, func, args, future, window)
    finally:
        pool.close()


def _fill(window: deque, source: Iterator, pool: _Pool, func: Callable, limit: int) -> None:
    while len(window) < limit:
        try:
            tag, args = next(source)
        except StopIteration:
            return
        window.append([tag, args, None if args is None else pool.submit(func, args)])


def _answer(pool: _Pool, func: Callable, args: tuple | None, future: Future | None,
            window: deque) -> object:
    """The result of one task; when its worker died, the task alone in a new pool (a
    second death is its own), then the tasks still in flight sent again."""
    if future is None:
        return None
    try:
        return future.result()
    except BrokenProcessPool:
        pass
    except Exception as error:  # raised by the task, or its result would not pickle
        return TaskFailed(f"{type(error).__name__}: {error}")
    pool.restart()
    try:
        result: object = pool.submit(func, args).result()
    except BrokenProcessPool:
        result = WorkerDied("the worker process extracting it died (killed, or out of memory)")
        pool.restart()
    for entry in window:
        if entry[1] is not None:
            entry[2] = pool.submit(func, entry[1])
    return result
