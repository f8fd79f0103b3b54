"""The table `make bench` prints for the search: ours, the naive lunr.py index and Pagefind, side by side.

Each size's figures come as one dict (bench/search.py's main): "ours" and
"naive" (index builds), "pagefind" (bench/pagefind.py's build, or None when
it was not run), "queries" (Node latency, with "browser" for Chromium's
figures when measured), and the estimated downloads "download" and
"naive_download". Lower is better for every measure of the table; the
issue's targets are checked and printed as met or not, and so is every
measure where Pagefind does better than ours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass
class Line:
    label: str
    ours: float | None
    naive: float | None
    pagefind: float | None
    fmt: str
    target: str = ""


# The targets of issue 14: (line label, against, factor); "absolute" compares with the factor itself.
TARGETS = [
    ("index build time (s)", "naive", 0.25),
    ("downloaded before 1st result (KB) [a]", "pagefind", 0.75),
    ("1st result in Chromium (ms) [a]", "pagefind", 0.75),
    ("query latency, p95 (ms) [c]", "absolute", 50.0),
]


def _target_text(label: str) -> str:
    for name, against, factor in TARGETS:
        if name == label:
            return f"≤ {factor:g} ms" if against == "absolute" else f"≤ {factor:g} × {against}"
    return ""


def lines(figures: dict) -> list[Line]:
    """The table's lines for one size."""
    o, n, p, q = figures["ours"], figures["naive"], figures.get("pagefind"), figures["queries"]
    pf = p or {}
    browser = q.get("browser")
    latency = (browser or {}).get("pagefind_latency") or {}
    rows = [
        Line("index build time (s)", o["seconds"], n["seconds"], pf.get("seconds"), "{:.2f}"),
        Line("peak memory of the build (MiB)", o["peak_mib"], n["peak_mib"], pf.get("peak_mib"), "{:.0f}"),
        Line("index bytes, raw (KB) [b]", o["raw"] / 1000, n["raw"] / 1000, pf["raw"] / 1000 if p else None, "{:.0f}"),
        Line("index bytes, as served (KB) [b]", o["gzip"] / 1000, n["gzip"] / 1000, pf["served"] / 1000 if p else None, "{:.0f}"),
        Line("downloaded before 1st result, estimate (KB)", figures["download"] / 1000, figures["naive_download"] / 1000, None, "{:.0f}"),
    ]
    if browser:
        rows.append(Line("downloaded before 1st result (KB) [a]", *(_kb(browser.get(f"{name}_bytes")) for name in ENGINES), "{:.0f}"))
        rows.append(Line("  requests before 1st result [a]", *(browser.get(f"{name}_requests") for name in ENGINES), "{:.0f}"))
    rows += [
        Line("query latency, median (ms) [c]", q["ours"]["median_ms"], q["naive"]["median_ms"], latency.get("median_ms"), "{:.2f}"),
        Line("query latency, p95 (ms) [c]", q["ours"]["p95_ms"], q["naive"]["p95_ms"], latency.get("p95_ms"), "{:.2f}"),
    ]
    if latency:
        rows.append(Line("  Pagefind's first pass, median (ms) [c]", None, None, latency["cold_median_ms"], "{:.2f}"))
        rows.append(Line("  Pagefind's first pass, p95 (ms) [c]", None, None, latency["cold_p95_ms"], "{:.2f}"))
    rows.append(Line("index load in Node (ms)", q["ours"]["load_ms"], q["naive"]["load_ms"], None, "{:.0f}"))
    if browser:
        rows += [
            Line("1st result in Chromium (ms) [a]", *(browser.get(f"{name}_ms") for name in ENGINES), "{:.0f}"),
            Line("  of which after DOMContentLoaded (ms)", *(browser.get(f"{name}_after_dom_ms") for name in ENGINES), "{:.0f}"),
            Line("a plain page, for scale (ms) [a]", browser.get("floor_ms"), None, None, "{:.0f}"),
        ]
    if "site_seconds" in o:
        rows.append(Line("whole site build (s) [d]", o["site_seconds"], None, None, "{:.1f}"))
    if p:
        rows.append(Line("Pagefind's input pages written (s) [e]", None, None, p["pages_seconds"], "{:.1f}"))
    for row in rows:
        row.target = _target_text(row.label)
    return rows


ENGINES = ("ours", "naive", "pagefind")


def _kb(value: float | None) -> float | None:
    return None if value is None else value / 1000


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


def _value(fmt: str, value: float | None) -> str:
    return "-" if value is None else fmt.format(value)


def table(results: list[dict]) -> str:
    header = (f"{'records':>8} | {'measure':<44} | {'ours':>10} | {'naive':>10} | {'pagefind':>10} | "
              f"{'ours/naive':>10} | {'ours/pf':>8} | target")
    out = [header, "-" * len(header)]
    for figures in results:
        for row in lines(figures):
            out.append(f"{figures['size']:>8} | {row.label:<44} | {_value(row.fmt, row.ours):>10} | {_value(row.fmt, row.naive):>10} | "
                       f"{_value(row.fmt, row.pagefind):>10} | {ratio(row.ours, row.naive):>10} | {ratio(row.ours, row.pagefind):>8} | {row.target}")
        out.append("-" * len(header))
    return "\n".join(out)


def verdicts(results: list[dict]) -> list[str]:
    """Each target, met or not, at each size; then each measure where Pagefind does better than ours."""
    out = []
    for figures in results:
        by_label = {row.label: row for row in lines(figures)}
        for label, against, factor in TARGETS:
            row = by_label.get(label)
            reference = None if row is None else {"naive": row.naive, "pagefind": row.pagefind, "absolute": 1.0}[against]
            if row is None or row.ours is None or reference is None:
                out.append(f"{figures['size']:>8} records: {label.split(' [')[0]}: not measured in this run")
                continue
            limit = factor * reference
            met = "met" if row.ours <= limit else "NOT MET"
            shown = f"{row.ours / reference:.2f} × {against}" if against != "absolute" else f"{row.ours:.2f} ms"
            out.append(f"{figures['size']:>8} records: {label.split(' [')[0]}: {shown}, target {_target_text(label)}: {met}")
    for figures in results:
        for name in ENGINES:
            if failed := (figures["queries"].get("browser") or {}).get(f"{name}_failed"):
                out.append(f"{figures['size']:>8} records: the {name} page in Chromium: {failed}")
    for figures in results:
        for row in lines(figures):
            if row.ours is not None and row.pagefind is not None and row.pagefind < row.ours:
                out.append(f"{figures['size']:>8} records: Pagefind does better: {row.label.split(' [')[0].strip()}: "
                           f"Pagefind {_value(row.fmt, row.pagefind)}, ours {_value(row.fmt, row.ours)}")
    return out


def raw(results: list[dict]) -> str:
    """The run's figures as measured, one JSON line a size."""
    return "\n".join(json.dumps(figures, ensure_ascii=False, sort_keys=True, default=str) for figures in results)
