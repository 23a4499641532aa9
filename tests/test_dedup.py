"""Duplicates: exact copies, syndicated near-copies, the earliest as the original."""

from __future__ import annotations

import pytest

from tidings.cluster import ClusterStage
from tidings.config import load_config
from tidings.dedup import DedupConfig, DuplicateIndex, exact_key, jaccard, shingles, signature
from tidings.storage import MemoryStore, SQLiteStore

from cluster_helpers import BagEmbedder, make_article

AGENCY = ("The central bank raised its main interest rate by half a percentage point on Thursday. "
          "The governor said inflation had stayed above the target for too long and that further "
          "increases could follow in the spring. Markets had expected a smaller step. The krona "
          "strengthened against the euro after the announcement. Economists said the decision "
          "would weigh on households with variable mortgages. The next meeting is in April.")
OTHER = ("A storm brought heavy snow to the northern mountains overnight, closing two passes. "
         "Road crews worked through the night and the police asked drivers to stay at home. "
         "Several villages lost power for some hours. The weather service expects more snow on "
         "Sunday. Schools in the region opened late. Trains were cancelled on the coastal line.")


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "d.db")
    yield s
    s.close()


def run(store, articles):
    store.add_articles(articles)
    ClusterStage(store, load_config(), BagEmbedder()).process(articles)
    return {a.id: store.get(a.id) for a in articles}


def test_exact_copy_with_other_url_points_to_earliest(store):
    first = make_article("Rate rise", AGENCY, hours=0, url="https://a.example/1", outlet="A")
    copy = make_article("Rate rise", AGENCY, hours=3, url="https://b.example/9", outlet="B")
    got = run(store, [copy, first])  # stored out of order: time decides the original
    assert first.id != copy.id
    assert got[first.id].duplicate_of is None
    assert got[copy.id].duplicate_of == first.id
    assert got[copy.id].event_id == got[first.id].event_id


def test_syndicated_copy_with_new_title_and_edit_is_grouped(store):
    first = make_article("Central bank raises rate", AGENCY, hours=0, url="https://a.example/1")
    edited = AGENCY.replace("on Thursday", "on Thursday morning").replace(" The next meeting is in April.", "")
    second = make_article("Bank lifts rate by half a point", edited, hours=2, url="https://b.example/2")
    third = make_article("Interest rate up", edited + " Updated.", hours=5, url="https://c.example/3")
    unrelated = make_article("Snow closes passes", OTHER, hours=1, url="https://d.example/4")
    got = run(store, [first, second, third, unrelated])
    assert got[second.id].duplicate_of == first.id
    assert got[third.id].duplicate_of == first.id  # the group's original, never a chain
    assert got[unrelated.id].duplicate_of is None
    event = store.clusters().event(got[first.id].event_id)
    assert event["size"] == 3
    assert '"reports": 1' in event["data"]  # copies do not count as reports


def test_minhash_estimate_tracks_overlap():
    a = make_article("x", AGENCY)
    b = make_article("y", AGENCY.replace("half a percentage point", "a quarter point"))
    c = make_article("z", OTHER)
    sa, sb, sc = signature(a), signature(b), signature(c)
    assert jaccard(sa, sb) > 0.7
    assert jaccard(sa, sc) < 0.1
    assert exact_key(a) == exact_key(make_article("other title", AGENCY))
    assert len(shingles(a)) > 50


def test_window_forgets_old_signatures_but_not_exact_keys():
    index = DuplicateIndex(DedupConfig(window_days=1.0))
    a = make_article("x", AGENCY)
    b = make_article("y", AGENCY.replace("Thursday", "Friday"))
    sig_a, sig_b = signature(a), signature(b)
    assert index.find("a", 0.0, "ka", sig_a, 80) is None
    assert index.find("b", 3 * 86400.0, "kb", sig_b, 80) is None  # near copy, but days later
    assert index.find("c", 9 * 86400.0, "ka", sig_a, 80) == "a"  # exact copy: any time


def test_short_texts_match_only_exactly():
    index = DuplicateIndex(DedupConfig())
    s1 = signature(make_article("t", "Short note about the weather."))
    assert index.find("a", 0.0, "k1", s1, 3) is None
    assert index.find("b", 10.0, "k2", s1, 3) is None
    assert index.find("c", 20.0, "k1", s1, 3) == "a"
