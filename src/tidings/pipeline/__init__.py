"""The pipeline: step base classes, the streaming runner and the run report."""

from .base import Drop, Enricher, Filter, Pipeline, Splitter, Step
from .report import Rejection, RunReport, StepCounters

__all__ = ["Drop", "Enricher", "Filter", "Pipeline", "Rejection", "RunReport", "Splitter",
           "Step", "StepCounters"]
