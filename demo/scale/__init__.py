"""National-scale generated data for benchmarks and load tests (bench/): a deterministic tree
(``tree``) and the people in it (``people``), written fast (``bulk``). Never for a live database."""

from demo.scale.people import Request, generate

__all__ = ["Request", "generate"]
