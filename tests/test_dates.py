from datetime import date, datetime

import pytest

from tidings.extract.dates import date_line, find_dates

BASE = datetime(2026, 1, 14, 12, 0)


@pytest.mark.parametrize("text, value", [
    ("13. júlí 2025 07:53", datetime(2025, 7, 13, 7, 53)),
    ("8okt2025", date(2025, 10, 8)),
    ("2024 11 30", date(2024, 11, 30)),
    ("29 november", date(2025, 11, 29)),  # no year: the last such day before the base
    ("8.9.2015 10:48", datetime(2015, 9, 8, 10, 48)),
    ("16. marts 2025 kl. 08.15", datetime(2025, 3, 16, 8, 15)),
    ("tiistai 16. maaliskuuta 2025 klo 12.05", datetime(2025, 3, 16, 12, 5)),
    ("March 15, 2025", date(2025, 3, 15)),
    ("Publisert 15.03.2025 10:48", datetime(2025, 3, 15, 10, 48)),
    ("Lördag 25 oktober 2025", date(2025, 10, 25)),
    ("2025-07-13T07:53", datetime(2025, 7, 13, 7, 53)),
])
def test_date_lines(text, value):
    found = date_line(text, BASE, frozenset({"publisert"}))
    assert found is not None, text
    assert found[0].value == value


@pytest.mark.parametrize("text", ["Nytt löfte", "100 dagar kvar", "Omfattande leveranser",
                                  "Mötet hölls den 3 oktober i Moskva."])
def test_not_date_lines(text):
    assert date_line(text, BASE) is None


def test_future_dates_refused():
    assert find_dates("Valet hålls 13 september 2026.", BASE) == []
    assert [d.value for d in find_dates("Det hände 13 september 2025.", BASE)] == [date(2025, 9, 13)]


def test_label_is_reported():
    match, label = date_line("Uppdaterad 2025-03-01 10:00", BASE, frozenset({"uppdaterad"}))
    assert label == "uppdaterad" and match.value == datetime(2025, 3, 1, 10, 0)


def test_impossible_dates_skipped():
    assert find_dates("31.2.2024 och 2024 13 40", BASE) == []


def test_year_supplied_is_flagged():
    (with_year,) = find_dates("13. júlí 2025", BASE)
    (without,) = find_dates("13. júlí", BASE)
    assert with_year.has_year and not without.has_year and without.value == date(2025, 7, 13)


def test_cyrillic_month_names():
    assert [d.value for d in find_dates("15 августа 2016, 13:43", BASE)] == [datetime(2016, 8, 15, 13, 43)]
    assert [d.value for d in find_dates("3 березня 2024", BASE)] == [date(2024, 3, 3)]


@pytest.mark.parametrize("text, value", [
    ("November 19, 2019 at 6:34 am", datetime(2019, 11, 19, 6, 34)),
    ("3. März 2020 um 19:49 Uhr", datetime(2020, 3, 3, 19, 49)),
    ("Dienstag, 3. März 2020, 19:49 Uhr", datetime(2020, 3, 3, 19, 49)),
    ("Oct 5, 2021 at 10:12 PM ET", datetime(2021, 10, 5, 22, 12)),
    ("Mar 3, 2020 7:49 p.m.", datetime(2020, 3, 3, 19, 49)),
    ("March 3, 2020 12:05 am", datetime(2020, 3, 3, 0, 5)),
    ("3 mars 2020 à 19h49", datetime(2020, 3, 3, 19, 49)),
    ("5 Oct 2021 10:12 (BST)", datetime(2021, 10, 5, 10, 12)),
])
def test_date_lines_with_clock_words(text, value):
    found = date_line(text, BASE)
    assert found is not None, text
    assert found[0].value == value and found[0].end == len(text)


@pytest.mark.parametrize("text", ["March 3, 2020 at the office", "March 3, 2020 10:00 10:30",
                                  "March 3, 2020 am", "March 3, 2020 Berlin", "March 3, 2020 13:30 pm"])
def test_date_with_other_words_is_not_a_date_line(text):
    assert date_line(text, BASE) is None


def test_dateparser_reads_what_the_patterns_do_not():
    found = date_line("i går 14:30", BASE)
    assert found is not None and found[0].value == datetime(2026, 1, 13, 14, 30)


@pytest.mark.parametrize("text", ["-12.99", "-5.44%", "1200", "€ 12.99", "60°"])
def test_a_number_alone_is_not_a_date_line(text):
    assert date_line(text, BASE) is None  # dateparser would read "-12.99" as 12 January 1999


def test_spaced_numeric_date_is_still_read():
    found = date_line("13. 1. 2020", BASE)
    assert found is not None and found[0].value == date(2020, 1, 13)


def test_a_label_may_be_joined_to_its_date():
    labels = frozenset({"published", "first published", "veröffentlicht", "publié"})
    for text, value in (("First published on November 19, 2019 / 8:16 AM", datetime(2019, 11, 19, 8, 16)),
                        ("Veröffentlicht am 17. Dezember 2019", date(2019, 12, 17)),
                        ("Publié le 3 mars 2020", date(2020, 3, 3))):
        found = date_line(text, datetime(2026, 1, 1), labels)
        assert found is not None and found[0].value == value and found[1], text
    # Without a label the joining word is a sentence's: "We met on ..." is no date line.
    assert date_line("We met on November 19, 2019", datetime(2026, 1, 1), labels) is None


def test_two_digit_year_is_read_only_with_a_time():
    base = datetime(2025, 1, 1)
    # A comment's stamp: "23.09.20 | 18:19" is 23 September 2020, 18:19.
    [m] = find_dates("Anna 23.09.20 | 18:19 Tolle Idee", base)
    assert m.value == datetime(2020, 9, 23, 18, 19) and m.has_year
    [m] = find_dates("am 05.03.99 um 12:00", base)
    assert m.value == datetime(1999, 3, 5, 12, 0)  # never a year after the base
    # Without a time, three small numbers are a version, a score or a chapter, not a date.
    assert find_dates("Version 23.09.20 ist da", base) == []
