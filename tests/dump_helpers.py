"""Helpers shared by the text-dump tests: extraction at a fixed fetch time, a sample
article and a page copied as one line around it."""

from __future__ import annotations

from datetime import datetime

from tidings.extract import extract_articles
from tidings.model import Article

__all__ = ["ARTICLE", "FETCHED", "RECENT", "extract", "one_line_page", "text_of"]

FETCHED = datetime(2026, 4, 1, 9, 0)


def extract(text: str) -> list[Article]:
    return extract_articles(Article(source="t.txt", raw=text, fetched=FETCHED))


ARTICLE = [
    "The city council approved a new budget on Monday after a debate that lasted six hours.",
    "The budget raises spending on schools by four percent and cuts the cost of bus tickets.",
    "Opposition members said the plan relied on optimistic forecasts for tax revenue next year.",
    "The mayor said the city would review the figures again in the autumn, as it does every year.",
]
#: A long list below the article, so that a page copied as one line is read as a run-in page.
RECENT = "Recent Posts " + "The city library will open on Sundays from May. " * 30


def one_line_page(*parts: str) -> str:
    """A news page copied as one line: menu, headline, byline and date, ``parts``, a list."""
    return " ".join(["Home News Sports", "Council approves budget", "By Ann Lee", "March 16, 2026", *parts, RECENT])


def text_of(a: Article) -> str:
    return " ".join([a.lead or "", *a.body])
