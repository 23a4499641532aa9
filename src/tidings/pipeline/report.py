"""Counters per step and reason, and the run report printed after an ingest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Rejection", "RunReport", "StepCounters"]


@dataclass(slots=True)
class Rejection:
    """An input or article that was left out, and why."""

    source: str
    step: str
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}" + (f" ({self.detail})" if self.detail else "")


@dataclass(slots=True)
class StepCounters:
    name: str
    seen: int = 0
    emitted: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)  # what a step found, not rejections
    report: RunReport | None = None

    def drop(self, reason: str, source: str, detail: str = "") -> None:
        self.dropped[reason] += 1
        if self.report is not None:
            self.report.rejections.append(Rejection(source, self.name, reason, detail))


@dataclass(slots=True)
class RunReport:
    """What one ingest did: inputs read and refused, counts per step, store results."""

    inputs_read: int = 0
    inputs_rejected: int = 0
    stored_new: int = 0
    stored_existing: int = 0
    warnings: list[Rejection] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    steps: dict[str, StepCounters] = field(default_factory=dict)
    seconds: float = 0.0

    def step(self, name: str) -> StepCounters:
        if name not in self.steps:
            self.steps[name] = StepCounters(name, report=self)
        return self.steps[name]

    def reject_input(self, source: str, reason: str, detail: str = "") -> None:
        self.inputs_rejected += 1
        self.rejections.append(Rejection(source, "read", reason, detail))

    def warn(self, source: str, reason: str, detail: str = "") -> None:
        self.warnings.append(Rejection(source, "read", reason, detail))

    @property
    def exit_code(self) -> int:
        """0: every input read; 3: some refused, the rest stored; 1: nothing readable."""
        if self.inputs_rejected and not self.inputs_read:
            return 1
        if self.rejections:
            return 3
        return 0

    def as_dict(self) -> dict[str, object]:
        return {
            "inputs_read": self.inputs_read,
            "inputs_rejected": self.inputs_rejected,
            "stored_new": self.stored_new,
            "stored_existing": self.stored_existing,
            "seconds": round(self.seconds, 3),
            "steps": {
                n: {"seen": c.seen, "emitted": c.emitted, "dropped": dict(c.dropped),
                    "notes": dict(c.notes)}
                for n, c in self.steps.items()
            },
            "rejections": [str(r) for r in self.rejections],
            "warnings": [str(w) for w in self.warnings],
            "exit_code": self.exit_code,
        }

    def render(self, console) -> None:  # console: rich.console.Console
        """Print the report as rich tables."""
        from rich.table import Table

        table = Table(title="tidings ingest", show_lines=False)
        table.add_column("step")
        table.add_column("in", justify="right")
        table.add_column("out", justify="right")
        table.add_column("dropped (reason: count); found")
        table.add_row("read", str(self.inputs_read + self.inputs_rejected), str(self.inputs_read),
                      _reasons(Counter(r.reason for r in self.rejections if r.step == "read")))
        for counters in self.steps.values():
            table.add_row(counters.name, str(counters.seen), str(counters.emitted),
                          "; ".join(t for t in (_reasons(counters.dropped), _reasons(counters.notes)) if t))
        table.add_row("store", str(self.stored_new + self.stored_existing), str(self.stored_new),
                      f"already stored: {self.stored_existing}" if self.stored_existing else "")
        console.print(table)
        for rejection in self.rejections:
            console.print(f"[yellow]skipped[/] {rejection}", highlight=False, markup=True)
        for warning in self.warnings:
            console.print(f"[blue]note[/] {warning}", highlight=False)
        console.print(
            f"{self.stored_new} new article(s), {self.stored_existing} already stored, "
            f"{self.inputs_rejected} input(s) refused in {self.seconds:.2f} s", highlight=False)


def _reasons(counter: Counter[str]) -> str:
    return ", ".join(f"{reason}: {n}" for reason, n in counter.most_common())
