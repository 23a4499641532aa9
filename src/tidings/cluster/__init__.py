"""Events and storylines: online clustering of articles across languages."""

from .events import ActiveEvents, Item, Placement, follow, place
from .features import entity_keys, term_keys
from .similarity import ClusterConfig, score
from .stage import ClusterStage, article_ts, recluster
from .state import EventState, StorylineState
from .storylines import StorylineLinker

__all__ = ["ActiveEvents", "ClusterConfig", "ClusterStage", "EventState", "Item", "Placement",
           "StorylineLinker", "StorylineState", "article_ts", "entity_keys", "follow", "place",
           "recluster", "score", "term_keys"]
