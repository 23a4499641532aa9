"""Learning site boilerplate: paragraphs recurring across one outlet's articles go."""

from __future__ import annotations

from tidings.extract.boilerplate import BoilerplateStep
from tidings.model import Article
from tidings.pipeline import RunReport

PROMO = "Subscribe to our weekly digest and never miss a story from the valley."


def article(i: int, outlet: str | None = "valley.news", promo: bool = True) -> Article:
    body = [f"Story {i} tells of event number {i} in the valley, with {i} witnesses quoted at length."]
    if promo:
        body.append(PROMO)
    return Article(source=f"s{i}", outlet=outlet, lead=f"Lead paragraph of story {i} about the valley.",
                   body=body)


def test_recurring_paragraph_is_removed_from_every_article():
    step = BoilerplateStep(window=5)
    out = list(step.run([article(i) for i in range(12)], RunReport()))
    assert len(out) == 12
    assert all(PROMO not in a.body for a in out)  # the first ones too: they were held back
    assert all(any("Story" in p for p in a.body) for a in out)


def test_other_outlets_and_rare_paragraphs_are_kept():
    step = BoilerplateStep(window=5)
    items = [article(i, outlet="valley.news", promo=(i < 2)) for i in range(10)]
    items += [article(100 + i, outlet="other.news", promo=False) for i in range(3)]
    items.append(article(999, outlet=None))
    report = RunReport()
    out = list(step.run(items, report))
    assert len(out) == len(items)
    by_source = {a.source: a for a in out}
    assert PROMO in by_source["s0"].body  # in 2 of 10 articles: not boilerplate
    assert PROMO in by_source["s999"].body  # no outlet: nothing to learn from
    assert report.steps["boilerplate"].seen == len(items)
