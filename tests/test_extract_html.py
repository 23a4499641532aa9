"""HTML extraction: main text, metadata from JSON-LD and meta tags, authors, outlet."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tidings.extract.authors import clean_authors, is_organisation, organisations
from tidings.extract.html import NoMainText, extract_html, outlet_of

PARA = ("The council voted on Tuesday to extend the harbour by two hundred metres, "
        "a plan that has divided the town for more than a decade. ")

PAGE = f"""<html lang="sv"><head><title>Hamnen byggs ut | Kustbladet</title>
<link rel="canonical" href="https://www.kustbladet.se/nyheter/hamnen">
<meta property="article:published_time" content="2024-03-01T08:15:00+01:00">
<meta property="article:modified_time" content="2024-03-02T10:00:00+01:00">
<meta property="article:tag" content="Hamnen"><meta property="article:tag" content="Kommunen">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Hamnen byggs ut",
 "author": [{{"@type": "Person", "name": "Anna Berg"}}, {{"@type": "Organization", "name": "TT"}}]}}</script>
</head><body><nav><a href="/">Start</a> <a href="/sport">Sport</a></nav>
<article><h1>Hamnen byggs ut</h1><p>{PARA * 3}</p><p>Dela artikeln</p><p>{PARA.replace('council', 'board') * 2}</p>
<figure><img src="x.jpg"><figcaption>Hamnen i dag.</figcaption></figure></article>
<footer>Copyright Kustbladet</footer></body></html>"""


def test_html_article_fields():
    a = extract_html(PAGE.encode(), source="page.html", fetched=datetime(2024, 6, 1))
    assert a.title == "Hamnen byggs ut"
    assert a.url == "https://www.kustbladet.se/nyheter/hamnen"
    assert a.outlet == "kustbladet.se"
    assert a.published == datetime(2024, 3, 1, 8, 15) and a.date_reliable
    assert a.updated == datetime(2024, 3, 2, 10, 0)
    assert a.authors == ["Anna Berg", "TT"] and a.author_organisations == ["TT"]
    assert a.tags == ["Hamnen", "Kommunen"]
    assert a.lead.startswith("The council voted")
    text = a.body_text
    assert "board voted" in text and "Dela artikeln" not in text and "Copyright" not in text
    assert "Sport" not in text


def test_no_date_later_than_fetch_time():
    a = extract_html(PAGE.encode(), source="page.html", fetched=datetime(2024, 1, 1))
    # The page claims March 2024 but was saved in January: the claim is refused and
    # whatever date is kept is not later than the file time.
    assert a.published is not None and a.published <= date(2024, 1, 1)
    assert a.extras.get("date_source") != "meta" and a.updated is None


def test_deeply_nested_html_gets_a_reason():
    html = "<html><body>" + "<div>" * 100_000 + "<p>text</p>" + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(NoMainText, match="nested deeper"):
        extract_html(html, source="deep.html")


def test_outlet_of():
    assert outlet_of("https://www.svd.se/a/x") == "svd.se"
    assert outlet_of("http://m.mbl.is/frettir/1") == "mbl.is"
    assert outlet_of("https://yle.fi/a/1") == "yle.fi"
    assert outlet_of(None) is None and outlet_of("not a url") is None


@pytest.mark.parametrize("raw, names, orgs", [
    (["By Jane Doe and John Smith"], ["Jane Doe", "John Smith"], []),
    (["Von Benjamin Fischer und Marcus Theurer"], ["Benjamin Fischer", "Marcus Theurer"], []),
    (["Jane Doe | Email the author"], ["Jane Doe"], []),
    (["Text: Anna Svensson, TT"], ["Anna Svensson", "TT"], ["TT"]),
    (["dpa/AFP"], ["dpa", "AFP"], ["dpa", "AFP"]),
    (["Redaktionen"], ["Redaktionen"], ["Redaktionen"]),
    (["NTB", "ntb"], ["NTB"], ["NTB"]),
    (["Staff Reporter"], ["Staff Reporter"], ["Staff Reporter"]),
])
def test_authors(raw, names, orgs):
    assert clean_authors(raw) == names
    assert organisations(names) == orgs


def test_person_is_not_an_organisation():
    assert not is_organisation("Kari Nordmann") and is_organisation("Ritzau")
