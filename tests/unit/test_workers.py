"""annuaire.workers: how many workers, and results that do not depend on them."""

import os

import pytest

from annuaire.problems import InvalidDirectory, Problem
from annuaire.workers import WorkerError, fork_map, job_count


def test_jobs_from_the_environment():
    assert job_count({"JOBS": "3"}) == 3
    assert job_count({"JOBS": " 1 "}) == 1


def test_every_core_by_default():
    assert job_count({}) == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("value", ["0", "-2", "deux", "1.5"])
def test_a_wrong_number_of_jobs_is_refused_in_french(value):
    with pytest.raises(ValueError, match=f"JOBS={value} : indiquez un nombre entier"):
        job_count({"JOBS": value})


@pytest.mark.parametrize("jobs", [1, 2, 3, 8])
def test_results_come_in_the_order_of_the_items(jobs):
    items = list(range(101))
    assert fork_map(lambda number: (number, os.getpid()), items, jobs)[-1][0] == 100
    assert [number for number, _pid in fork_map(lambda number: (number, os.getpid()), items, jobs)] == items


def test_the_work_is_done_in_other_processes_when_there_are_several_jobs():
    pids = {pid for pid in fork_map(lambda _number: os.getpid(), list(range(40)), 2)}
    assert os.getpid() not in pids
    assert fork_map(lambda _number: os.getpid(), list(range(3)), 1) == [os.getpid()] * 3


def test_a_failure_in_a_worker_is_raised_here_as_it_was():
    def check(number):
        if number == 17:
            raise InvalidDirectory([Problem("data/offers/x.yaml", 3, "titre", "champ obligatoire")])
        return number

    with pytest.raises(InvalidDirectory) as raised:
        fork_map(check, list(range(30)), 2)
    assert str(raised.value.problems[0]) == "data/offers/x.yaml:3: titre: champ obligatoire"


def test_a_failure_that_cannot_travel_is_still_reported():
    class Local(Exception):  # a class the parent cannot unpickle by name
        pass

    def fail(_number):
        raise Local("page cassée")

    with pytest.raises(WorkerError, match="Local: page cassée"):
        fork_map(fail, list(range(4)), 2)


def test_no_items():
    assert fork_map(lambda number: number, [], 2) == []


def test_short_work_stays_here():
    assert fork_map(lambda _number: os.getpid(), list(range(5)), 2, min_items=6) == [os.getpid()] * 5
    assert os.getpid() not in fork_map(lambda _number: os.getpid(), list(range(6)), 2, min_items=6)
