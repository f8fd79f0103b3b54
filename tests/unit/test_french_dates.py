import datetime

from annuaire.publish.french_dates import french_date


def test_long_french_dates():
    assert french_date("2017-10-04") == "4 octobre 2017"
    assert french_date(datetime.date(2026, 8, 15)) == "15 août 2026"
    assert french_date(datetime.datetime(2026, 2, 1, 10, 30)) == "1er février 2026"


def test_without_year():
    assert french_date("2017-11-13", with_year=False) == "13 novembre"
