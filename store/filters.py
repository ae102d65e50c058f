"""Chroma `where` filters, evaluated locally too, so the BM25 side obeys exactly the same filter
as the dense side (including visibility: a member's search never sees a team-only chunk)."""

from __future__ import annotations

from typing import Any

import numpy as np

_OPS = {
    "$eq": lambda col, v: np.array([x == v for x in col]),
    "$ne": lambda col, v: np.array([x != v for x in col]),
    "$in": lambda col, v: np.array([x in v for x in col]),
    "$nin": lambda col, v: np.array([x not in v for x in col]),
    "$gte": lambda col, v: np.array([x is not None and x >= v for x in col]),
    "$lte": lambda col, v: np.array([x is not None and x <= v for x in col]),
    "$gt": lambda col, v: np.array([x is not None and x > v for x in col]),
    "$lt": lambda col, v: np.array([x is not None and x < v for x in col]),
    "$contains": lambda col, v: np.array([x is not None and v in x for x in col]),
}


def mask_for(where: dict | None, columns: dict[str, list[Any]], n: int) -> np.ndarray | None:
    """Boolean mask of the rows a Chroma-style `where` keeps (None = keep all)."""
    if not where:
        return None
    return _eval(where, columns, n)


def _eval(where: dict, columns: dict[str, list[Any]], n: int) -> np.ndarray:
    out = np.ones(n, dtype=bool)
    for key, cond in where.items():
        if key in ("$and", "$or"):
            parts = [_eval(c, columns, n) for c in cond]
            combined = np.logical_and.reduce(parts) if key == "$and" else np.logical_or.reduce(parts)
            out &= combined
            continue
        if key not in columns:
            raise KeyError(f"no column {key!r} for filtering")
        col = columns[key]
        conds = cond.items() if isinstance(cond, dict) else [("$eq", cond)]
        for op, value in conds:
            out &= _OPS[op](col, value) if n else np.zeros(0, dtype=bool)
    return out
