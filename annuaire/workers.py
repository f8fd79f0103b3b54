"""Work spread over the machine's cores: forked worker processes that share what the build has loaded.

`job_count()` is the number of workers: `JOBS` from the environment (`make html JOBS=1`),
else every core this process may use. `fork_map(task, items)` runs `task(item)` for each
item in forked workers and returns the results in the items' order, so that what the
caller does with them never depends on the number of workers or on which one finished
first. Workers are forked, not spawned: they start with the parent's memory (the loaded
directory, the templates) without pickling it; only the results travel back. Where fork
does not exist (Windows), or with one worker, the items run here, in order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence

CHUNKS_PER_WORKER = 8  # small enough to even out pages of unequal cost, large enough to keep messages few

_task: tuple[Callable, Sequence] | None = None  # what the forked workers run, set just before the fork


class WorkerError(RuntimeError):
    """A failure in a worker whose exception could not travel back as it was."""


def job_count(environ=None) -> int:
    """Workers to use: JOBS (a whole number ≥ 1) when set, else the cores available to this process."""
    value = (os.environ if environ is None else environ).get("JOBS", "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"JOBS={value} : indiquez un nombre entier de processus, 1 ou plus")
        return int(value)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def fork_map(task: Callable, items: Sequence, jobs: int | None = None, min_items: int = 2) -> list:
    """[task(item) for item in items], computed by `jobs` forked workers; results in the items' order.
    Fewer than `min_items` items run here: starting workers costs more than short work saves."""
    global _task
    if len(items) < min_items:
        return [task(item) for item in items]
    jobs = min(job_count() if jobs is None else jobs, len(items))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [task(item) for item in items]
    size = max(1, -(-len(items) // (jobs * CHUNKS_PER_WORKER)))
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _task = (task, items)
    gc.freeze()  # the collector then leaves the inherited objects alone: their pages stay shared with the parent
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            outcomes = pool.map(_run_chunk, chunks, chunksize=1)
    finally:
        gc.unfreeze()
        _task = None
    results = []
    for failure, values in outcomes:
        if failure is not None:
            raise failure
        results.extend(values)
    return results


def _run_chunk(bounds: tuple[int, int]):
    """In a worker: one chunk of items, or the first failure, as an exception that can be pickled."""
    task, items = _task
    try:
        return None, [task(items[index]) for index in range(*bounds)]
    except Exception as error:  # sent back to the parent, which raises it: a worker never fails silently
        return _travelling(error), None


def _travelling(error: Exception) -> Exception:
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return WorkerError(f"{error.__class__.__name__}: {error}")
