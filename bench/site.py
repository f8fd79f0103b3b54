"""`make bench-site`: the whole site build at 1,000, 10,000 and 30,000 records, against plain Pelican.

For each size it writes a synthetic directory (bench/synthetic.py) for each
number of communes asked (a département has about 260, a region about 1,300),
and as many plain Markdown articles of 300 words for Pelican with its default
theme (bench/measure.py, as `make bench-import` does). With `--register`, the
directory of the register-format département 78 too: 15,000 rows written by
bench/register_files.py, then `annuaire communes` and `annuaire import-rna`
into a copy of the sample data (bench/import_rna.py's make_data).

Each command runs in its own process, measured for wall time and peak memory
(bench/measure.py), `--runs` rounds, interleaved within each round so that a
noisy machine weighs on both sides alike: full builds (ours for the first
number of communes, Pelican, ours for the others), then the rebuild after one
edit in the same order, then `annuaire validate` (what `make validate` runs).
The rebuild after one edit: one offer's title changed in the data folder (one
article's title for Pelican), and the same command built into the same output
folder; ours is incremental (annuaire.publish.page_cache), Pelican's is not (its
content cache is off by default). Memory is the larger of the main process's
peak and the sampled sum of its workers' (bench/measure.py). It prints, with medians, each measure's ratio to
Pelican and the lowest and highest ratio of the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.measure import SEED, TIME, measure, python, ratio, write_articles, write_pelican_settings

TODAY = "2026-12-01"
REGISTER_ROWS = 15_000


@dataclass
class Row:
    label: str
    ours: float | None
    pelican: float | None
    fmt: str
    rounds: list[float] | None = None  # the ratio of each round, when the round pairs them
    against: float | None = None  # what `ours` is divided by: `pelican` unless given
    has_ratio: bool = True


def _median(results: list[dict], key: str = "seconds") -> float:
    return statistics.median(result[key] for result in results)


def rows(case: dict) -> list[Row]:
    """The table's lines for one directory: `case` has "ours" and "pelican", each with lists of measured
    commands ("full", "incremental"; "validate" for ours alone) and the "files" and "bytes" of the full build."""
    ours, pelican = case["ours"], case["pelican"]

    def rounds(mine: list[dict], theirs: list[dict], key: str = "seconds") -> list[float]:
        return [a[key] / b[key] for a, b in zip(mine, theirs) if b[key]]

    full, incremental = _median(ours["full"]), _median(ours["incremental"])
    plain_full, plain_incremental = _median(pelican["full"]), _median(pelican["incremental"])
    return [
        Row("full build (s)", full, plain_full, "{:.1f}", rounds(ours["full"], pelican["full"])),
        Row("rebuild after one edit (s)", incremental, plain_incremental, "{:.1f}", rounds(ours["incremental"], pelican["incremental"])),
        Row("  rebuild / full build", incremental / full, plain_incremental / plain_full, "{:.2f}", has_ratio=False),
        # No Pelican counterpart: its ratio is to Pelican's full build [a].
        Row("make validate (s) [a]", _median(ours["validate"]), None, "{:.1f}", rounds(ours["validate"], pelican["full"]), against=plain_full),
        Row("peak memory, full build (MB)", max(r["peak_mb"] for r in ours["full"]), max(r["peak_mb"] for r in pelican["full"]), "{:.0f}",
            rounds(ours["full"], pelican["full"], "peak_mb")),
        Row("files written", ours["files"], pelican["files"], "{:.0f}"),
        Row("bytes written (MB)", ours["bytes"] / 1e6, pelican["bytes"] / 1e6, "{:.1f}"),
    ]


def _value(fmt: str, value: float | None) -> str:
    return "-" if value is None else fmt.format(value)


def _spread(values: list[float] | None) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if values else ""


HEADER = f"{'directory':<12} | {'records':>7} | {'communes':>8} | {'measure':<30} | {'ours':>8} | {'Pelican':>8} | {'ours/Pelican':>12} | of each round"


def table(cases: list[dict]) -> str:
    out = [HEADER, "-" * len(HEADER)]
    for case in cases:
        for row in rows(case):
            shown = ratio(row.ours, row.pelican if row.against is None else row.against) if row.has_ratio else ""
            out.append(f"{case['name']:<12} | {case['records']:>7} | {case['communes']:>8} | {row.label:<30} | {_value(row.fmt, row.ours):>8} | "
                       f"{_value(row.fmt, row.pelican):>8} | {shown:>12} | {_spread(row.rounds)}".rstrip())
        out.append("-" * len(HEADER))
    return "\n".join(out)


NOTES = """\
ours/Pelican: the ratio of the medians (of the highest peaks for memory); of each round: the lowest and highest ratio
of the commands run in turn in one round. Pelican: as many Markdown articles of 300 words, its default theme,
DEFAULT_PAGINATION 20; the same Pelican runs are the baseline of each number of communes of a size.
Rebuild after one edit: one offer's title changed (one article's for Pelican), then the same build into the same
output folder; ours reuses the unchanged pages of the previous build, Pelican renders all (its content cache is off
by default). Memory: the larger of the main process's peak and the sampled sum of the PSS of it and its workers.
[a] `python -m annuaire validate` as `make validate` runs it; no Pelican counterpart: ratio to Pelican's full build.
Files and bytes: what the full build left in its output folder."""


# Measuring -----------------------------------------------------------------------------------------------


def output_size(folder: Path) -> tuple[int, int]:
    """Files and bytes in `folder`, recursively."""
    files = total = 0
    for directory, _folders, names in os.walk(folder):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(directory, name))
    return files, total


def edit_offer_title(data: Path, number: int) -> Path:
    """Change the title of the directory's first offer, as a contributor's edit does."""
    path = sorted((data / "offers").glob("*.yaml"))[0]
    lines = path.read_text("utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("titre:"):
            title = re.sub(r" \(modifiée \d+\)$", "", yaml.safe_load(line)["titre"])
            lines[index] = yaml.safe_dump({"titre": f"{title} (modifiée {number})"}, allow_unicode=True, width=1000)
            path.write_text("".join(lines), "utf-8")
            return path
    sys.exit(f"pas de ligne « titre: » à modifier dans {path}")


def edit_article_title(content: Path, number: int) -> None:
    path = content / "article-0.md"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"^Title: .*$", f"Title: Association numéro 0 (modifiée {number})", text, count=1, flags=re.M), "utf-8")


def _clear(output: Path) -> None:
    """The site and everything a build keeps beside it (its staging folder, the cache of an incremental build,
    a previous site still being deleted): the next build starts from scratch."""
    for folder in (output, *output.parent.glob(f"{output.name}.*")):
        shutil.rmtree(folder, ignore_errors=True)


def _build(data: Path, output: Path) -> dict:
    return measure(python("-m", "annuaire", "build", "--data", str(data), "--output", str(output)), env={"ANNUAIRE_TODAY": TODAY})


def _pelican(content: Path, settings: Path, output: Path) -> dict:
    return measure(python("-m", "pelican", str(content), "-s", str(settings), "-o", str(output), "-q"))


def _validate(data: Path) -> dict:
    return measure(python("-m", "annuaire", "validate", "--data", str(data), "--today", TODAY))


def _kept(result: dict) -> dict:
    return {"seconds": result["seconds"], "peak_mb": result["peak_mb"]}


def bench_group(cases: list[tuple[dict, Path]], records: int, work: Path, runs: int) -> None:
    """Measure each (case, data folder) of one size against one plain Pelican site of `records` articles, in turn."""
    tag = f"{records}-{cases[0][0]['name'].replace(' ', '-')}"
    content, settings, plain_out = work / f"articles-{tag}", work / f"pelican-{tag}.py", work / f"plain-{tag}"
    write_articles(content, records)
    write_pelican_settings(settings)
    pelican = {"full": [], "incremental": []}
    for case, _data in cases:
        case["ours"] = {"full": [], "incremental": [], "validate": []}
        case["pelican"] = pelican
    outputs = [work / f"site-{tag}-{case['communes']}" for case, _data in cases]

    def in_turn(ours_step, pelican_step, number: int) -> None:
        """Ours for the first case, Pelican, ours for the others: each Pelican run sits beside one of ours."""
        for index, (case, data) in enumerate(cases):
            ours_step(index, case, data, number)
            if index == 0:
                pelican_step(number)

    def full(index, case, data, _number):
        _clear(outputs[index])
        case["ours"]["full"].append(_kept(_build(data, outputs[index])))
        if "files" not in case["ours"]:
            case["ours"]["files"], case["ours"]["bytes"] = output_size(outputs[index])

    def plain_full(_number):
        _clear(plain_out)
        pelican["full"].append(_kept(_pelican(content, settings, plain_out)))
        if "files" not in pelican:
            pelican["files"], pelican["bytes"] = output_size(plain_out)

    def rebuild(index, case, data, number):
        edit_offer_title(data, number)
        case["ours"]["incremental"].append(_kept(_build(data, outputs[index])))

    def plain_rebuild(number):
        edit_article_title(content, number)
        pelican["incremental"].append(_kept(_pelican(content, settings, plain_out)))

    for number in range(1, runs + 1):
        in_turn(full, plain_full, number)
        in_turn(rebuild, plain_rebuild, number)
        for case, data in cases:
            case["ours"]["validate"].append(_kept(_validate(data)))
        print(f"{tag}: round {number} of {runs} measured", file=sys.stderr, flush=True)
    for output in [*outputs, plain_out]:
        _clear(output)
    shutil.rmtree(content)
    for case, _data in cases:
        print(json.dumps(case), file=sys.stderr, flush=True)  # a long run's figures kept as they come


def synthetic_cases(size: int, communes: list[int], work: Path) -> list[tuple[dict, Path]]:
    from bench.synthetic import write_directory

    cases = []
    for count in communes:
        data = work / f"data-{size}-{count}"
        write_directory(data, size, seed=SEED, commune_count=count)
        cases.append(({"name": "synthetic", "records": _record_count(data), "communes": count}, data))
    return cases


def register_case(work: Path) -> tuple[dict, Path]:
    """Département 78 imported from a register file of 15,000 rows, as `make bench-import` prepares it."""
    from bench.import_rna import DATE, DEPARTEMENT, make_data

    source = work / f"rna_waldec_{DATE}_{REGISTER_ROWS}.csv"
    measure(python("-m", "bench.register_files", "--edition", "waldec", "--rows", str(REGISTER_ROWS), "--departement", DEPARTEMENT,
                   "--seed", str(SEED), "--date", DATE, "--output", str(source)))
    data = make_data(work / "data-register")
    measure(python("-m", "annuaire", "communes", "--data", str(data), "--departement", DEPARTEMENT))
    measure(python("-m", "annuaire", "import-rna", str(source), "--data", str(data), "--departement", DEPARTEMENT))
    source.unlink()
    communes = len(yaml.safe_load((data / "communes.yaml").read_text("utf-8")) or [])
    return {"name": f"register {DEPARTEMENT}", "records": _record_count(data), "communes": communes}, data


def _record_count(data: Path) -> int:
    from bench.import_rna import record_count

    return record_count(data)


def _numbers(values: list[str]) -> list[int]:
    return [int(part) for value in values for part in value.replace(",", " ").split()]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.site", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", nargs="*", default=["1000", "10000", "30000"], help="numbers of records (spaces or commas; none: --register alone)")
    parser.add_argument("--communes", nargs="+", default=["260", "1300"], help="numbers of communes of each synthetic directory")
    parser.add_argument("--register", action="store_true", help=f"also the département 78 imported from {REGISTER_ROWS} register rows")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="work in this folder (default: a temporary folder)")
    args = parser.parse_args()
    sizes, communes = _numbers(args.sizes), _numbers(args.communes)
    done = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temporary:
        work = args.workdir or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            cases = synthetic_cases(size, communes, work)
            bench_group(cases, size, work, args.runs)
            done += [case for case, _data in cases]
            for _case, data in cases:
                shutil.rmtree(data)
        if args.register:
            case, data = register_case(work)
            bench_group([(case, data)], case["records"], work, args.runs)
            done.append(case)
            shutil.rmtree(data)
    print(f"Site benchmark: `annuaire build` against plain Pelican, {args.runs} round(s), ANNUAIRE_TODAY={TODAY}; "
          f"memory by {'/usr/bin/time and the sampled PSS of the workers' if TIME.exists() else 'getrusage'}; JOBS={os.environ.get('JOBS') or 'every core'}.\n")
    print(table(done))
    print(NOTES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
