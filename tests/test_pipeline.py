from __future__ import annotations

import pytest

from tidings.errors import PipelineError
from tidings.model import Article
from tidings.pipeline import Drop, Enricher, Filter, Pipeline, RunReport, Splitter


class Halves(Splitter):
    name = "halves"
    requires = frozenset({"raw"})
    assigns = frozenset({"title"})

    def split(self, article):
        if not article.raw:
            raise Drop("nothing to split")
        for part in article.raw.split("|"):
            yield Article(source=article.source, title=part)


class Upper(Enricher):
    name = "upper"
    requires = frozenset({"title"})
    assigns = frozenset({"lead"})

    def enrich(self, article):
        if article.title == "boom":
            raise ValueError("cannot")
        article.lead = article.title.upper()


class Short(Filter):
    name = "short"
    requires = frozenset({"lead"})

    def keep(self, article):
        return True if len(article.lead) < 4 else "too long"


def test_order_checked_when_built():
    with pytest.raises(PipelineError, match="upper.*title"):
        Pipeline([Upper(), Halves()])
    Pipeline([Halves(), Upper(), Short()])


def test_counters_and_reasons():
    report = RunReport()
    pipe = Pipeline([Halves(), Upper(), Short()])
    docs = [Article(source="a", raw="ab|abcdef|boom"), Article(source="b", raw=""),
            Article(source="c", raw="x")]
    out = list(pipe.run(docs, report))
    assert [a.lead for a in out] == ["AB", "X"]
    assert list(report.steps) == ["halves", "upper", "short"]
    assert report.steps["halves"].seen == 3 and report.steps["halves"].emitted == 4
    assert dict(report.steps["halves"].dropped) == {"nothing to split": 1}
    assert dict(report.steps["upper"].dropped) == {"error: ValueError": 1}
    assert dict(report.steps["short"].dropped) == {"too long": 1}
    assert {r.source for r in report.rejections} == {"a", "b"}
    assert report.exit_code == 3


def test_stream_is_lazy():
    seen = []

    def gen():
        for i in range(1000):
            seen.append(i)
            yield Article(source=str(i), raw="x")

    it = Pipeline([Halves()]).run(gen(), RunReport())
    next(it)
    assert len(seen) == 1
