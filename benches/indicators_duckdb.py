"""Every computed indicator and a province's indicator page: phakhi against DuckDB, same data, same run.

The national data set's plans (`phakhi generate --scale national --seed 1`) hold ten computed
indicators for the country and each province (`phakhi_generate::FORMULAS`). DuckDB computes the
same ten values for all 78 areas from the raw records exported to Parquet — one grouped query per
measure, its best way — and phakhi computes them twice: as a client asking for each value would,
one `/api/v1/indicators/evaluate` request per indicator, and as the whole year's recompute,
`/api/v1/indicators/computed?fiscal_year=2567` (indicators sharing a formula evaluated together, by
area). The values are compared (they must be equal: an independent recomputation from the raw
records), then both are timed:

- recomputing every computed indicator of fiscal year 2567 (780 values), both ways;
- a province's indicator page: phakhi's whole `/th/plans/{id}?fiscal_year=2567` page for Chiang Mai
  (its eleven indicators with targets and status), DuckDB the same ten values for that province.

Usage: python3 benches/indicators_duckdb.py SQLITE_FILE PHAKHI_URL [PHAKHI_URL ...]
(every URL a `phakhi serve` of the same data set, on SQLite or PostgreSQL; `pip install duckdb`).
"""

import json
import math
import statistics
import sys
import time
import urllib.parse
import urllib.request

import duckdb

from dashboard_duckdb import ACTIVITIES, CELLS, END, FISCAL_YEAR_BE, START, export

ROUNDS = 11
PROVINCE = "50"  # Chiang Mai

TABLES = (
    ACTIVITIES,
    CELLS,
    (
        "partners",
        "SELECT hex(activity_id) AS activity_id, hex(organization_id) AS organization_id FROM activity_partners",
        "SELECT activity_id, organization_id",
    ),
    (
        "programmes",
        "SELECT hex(id) AS id, fiscal_year, area_code, budget_satang FROM programmes",
        "SELECT id, CAST(fiscal_year AS INTEGER) AS fiscal_year, area_code, CAST(NULLIF(budget_satang, '') AS BIGINT) AS budget_satang",
    ),
    (
        "organizations",
        "SELECT hex(id) AS id, sector, area_code FROM organizations",
        "SELECT id, sector, area_code",
    ),
    (
        # Alignments of activities with the SDG goal their item falls under ('5' for target 5.2).
        "activity_goals",
        "SELECT DISTINCT hex(al.subject_id) AS activity_id, CAST(substr(fi.code, 1, instr(fi.code || '.', '.') - 1) AS TEXT) AS goal "
        "FROM alignments al JOIN framework_items fi ON fi.id = al.item_id JOIN frameworks f ON f.id = fi.framework_id "
        "WHERE al.subject_kind = 'activity' AND f.code = 'sdg'",
        "SELECT activity_id, goal",
    ),
)

FORMULAS = [
    "count(activities)",
    "sum(participants)",
    "sum(participants, gender = female) / sum(participants) * 100",
    "sum(hours, kind = training)",
    'count(activities, aligned_to = "sdg:5")',
    "sum(participants, target_group = children_youth)",
    "count(programmes)",
    "sum(budget)",
    "count(organizations, sector = local_government)",
    'share(organizations, sector = provincial_office | central_government; sum(hours, kind = training, aligned_to = "sdg:16") >= 3) * 100',
]


def duckdb_values(con, cache: str, province: str | None = None) -> dict:
    """The ten values for every area (province code, None for the country), or for one province."""
    t = lambda name: f"'{cache}/{name}.parquet'"  # noqa: E731
    # One province only: filter first, as a page for it would. Otherwise group by province and the whole.
    area_of = "substr(area_code, 1, 2)"
    where = f"AND area_code LIKE '{province}%'" if province else ""
    groups = f"GROUP BY GROUPING SETS (({area_of}), ())"
    key = f"CASE WHEN GROUPING({area_of}) = 1 THEN NULL ELSE {area_of} END"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW y AS SELECT * FROM {t('activities')} "
        f"WHERE starts_at >= TIMESTAMP '{START}' AND starts_at < TIMESTAMP '{END}' {where}"
    )
    values: dict = {}

    def put(rows, *indexes):
        for row in rows:
            area = row[0]
            if area is None and province is None or area is not None:
                for i, v in zip(indexes, row[1:]):
                    values.setdefault(area, [None] * 10)[i] = v

    put(
        con.execute(
            f"SELECT {key}, COUNT(*), SUM(CASE WHEN kind = 'training' THEN COALESCE(hours, 0) END), "
            f"COUNT(*) FILTER (WHERE id IN (SELECT activity_id FROM {t('activity_goals')} WHERE goal = '5')) FROM y {groups}"
        ).fetchall(),
        0, 3, 4,
    )
    put(
        con.execute(
            f"SELECT {key.replace('area_code', 'y.area_code')}, SUM(c.count), SUM(c.count) FILTER (WHERE c.gender = 'female'), "
            f"SUM(c.count) FILTER (WHERE c.target_group = 'children_youth') "
            f"FROM {t('cells')} c JOIN y ON y.id = c.activity_id {groups.replace('area_code', 'y.area_code')}"
        ).fetchall(),
        1, 2, 5,
    )
    put(
        con.execute(
            f"SELECT {key}, COUNT(*), SUM(budget_satang) / 100.0 FROM {t('programmes')} "
            f"WHERE fiscal_year = {FISCAL_YEAR_BE} {where} {groups}"
        ).fetchall(),
        6, 7,
    )
    put(
        con.execute(f"SELECT {key}, COUNT(*) FROM {t('organizations')} WHERE sector = 'local_government' {where} {groups}").fetchall(),
        8,
    )
    # The share: each government agency's own training hours aligned to SDG 16 in the year, as lead or
    # partner (each activity once per organisation), wherever they took place.
    put(
        con.execute(
            f"WITH work AS (SELECT * FROM {t('activities')} WHERE starts_at >= TIMESTAMP '{START}' AND starts_at < TIMESTAMP '{END}' "
            f"  AND kind = 'training' AND id IN (SELECT activity_id FROM {t('activity_goals')} WHERE goal = '16')), "
            f"own AS (SELECT lead AS org, id FROM work UNION SELECT p.organization_id, w.id FROM {t('partners')} p JOIN work w ON w.id = p.activity_id), "
            f"hours AS (SELECT own.org, SUM(COALESCE(w.hours, 0)) AS h FROM own JOIN work w ON w.id = own.id GROUP BY own.org) "
            f"SELECT {key}, AVG(CASE WHEN COALESCE(hours.h, 0) >= 3 THEN 1.0 ELSE 0.0 END) * 100 FROM {t('organizations')} o "
            f"LEFT JOIN hours ON hours.org = o.id WHERE o.sector IN ('provincial_office', 'central_government') {where} {groups}"
        ).fetchall(),
        9,
    )
    for row in values.values():
        row[2] = (row[2] or 0) / row[1] * 100 if row[1] else None  # women's share of participants
        for i in (0, 1, 3, 4, 5, 6, 7, 8):  # a count or sum over nothing is 0, as phakhi gives it
            row[i] = row[i] or 0
    return values


def phakhi_value(url: str, formula: str, area: str | None) -> dict:
    query = {"formula": formula, "fiscal_year": FISCAL_YEAR_BE}
    if area:
        query["area"] = area
    with urllib.request.urlopen(f"{url}/api/v1/indicators/evaluate?{urllib.parse.urlencode(query)}") as r:
        return json.load(r)


def recomputed_values(url: str) -> dict:
    """(area, formula) → the value as `/api/v1/indicators/computed` gives it for the whole year."""
    formulas, offset = {}, 0
    while True:
        with urllib.request.urlopen(f"{url}/api/v1/indicators?source=computed&limit=500&offset={offset}") as r:
            items = json.load(r)["items"]
        formulas.update((i["id"], i["source"]["formula"]) for i in items)
        if len(items) < 500:
            break
        offset += 500
    with urllib.request.urlopen(f"{url}/api/v1/indicators/computed?fiscal_year={FISCAL_YEAR_BE}") as r:
        values = json.load(r)["values"]
    return {(v["area"], formulas[v["indicator_id"]]): v for v in values}


def compare(url: str, how: str, areas: list, expected: dict, value_of) -> None:
    """Prints how many of phakhi's values (`value_of(area, formula)`) equal DuckDB's, and those that differ."""
    unequal, hidden = [], 0
    for area in areas:
        for i, formula in enumerate(FORMULAS):
            got = value_of(area, formula)
            want = expected[area][i]
            if got["suppressed"]:
                hidden += 1
            elif not (got["value"] is None and want is None) and not (
                got["value"] is not None and want is not None and math.isclose(got["value"], want, rel_tol=1e-9, abs_tol=1e-6)
            ):
                unequal.append((area, formula, got["value"], want))
    print(f"{url} ({how}): {len(areas) * len(FORMULAS) - hidden - len(unequal)} values equal DuckDB's, {hidden} hidden from the public, "
          f"{len(unequal)} differ")
    for u in unequal[:10]:
        print("   differs:", u)


def timed(run, rounds=ROUNDS) -> list:
    run()  # warm
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    return sorted(times)


def p(times: list, q: float) -> float:
    return times[round((len(times) - 1) * q)]


def stored_formulas(url: str) -> set:
    """The formulas of the computed indicators in Chiang Mai's plan, as the server holds them."""
    plan = chiang_mai_plan(url)
    with urllib.request.urlopen(f"{url}/api/v1/indicators?plan={plan}&source=computed&limit=100") as r:
        return {i["source"]["formula"] for i in json.load(r)["items"]}


def chiang_mai_plan(url: str) -> str:
    with urllib.request.urlopen(f"{url}/api/v1/plans?area={PROVINCE}&limit=100") as r:
        plans = json.load(r)["items"]
    return next(p["id"] for p in plans if p.get("area_code") == PROVINCE)


def main() -> None:
    sqlite_file, urls = sys.argv[1], [u.rstrip("/") for u in sys.argv[2:]]
    cache = "/tmp/phakhi-duckdb"
    export(sqlite_file, cache, TABLES)
    con = duckdb.connect()
    expected = duckdb_values(con, cache)
    areas = sorted(expected, key=lambda a: a or "")
    print(f"DuckDB {duckdb.__version__}: {len(areas)} areas × {len(FORMULAS)} formulas from the raw records")

    recompute_duckdb = timed(lambda: duckdb_values(con, cache), 5)
    page_duckdb = timed(lambda: duckdb_values(con, cache, PROVINCE))
    print(f"DuckDB: every value p50 {p(recompute_duckdb, 0.5):.0f} ms; Chiang Mai's ten values p50 {p(page_duckdb, 0.5):.1f} ms, "
          f"p99 {p(page_duckdb, 0.99):.1f} ms")

    for url in urls:
        # The list above must be the generator's (phakhi_generate::FORMULAS), or the check means little.
        if stored_formulas(url) != set(FORMULAS):
            sys.exit(f"{url}: the plans' formulas are not this script's FORMULAS; regenerate the data set or update the list")
        # The values first: phakhi's must equal DuckDB's, except those hidden from the public.
        compare(url, "one request each", areas, expected, lambda area, formula: phakhi_value(url, formula, area))
        together = recomputed_values(url)
        compare(url, "the year's recompute", areas, expected, lambda area, formula: together[(area, formula)])

        recompute = timed(lambda: [phakhi_value(url, f, a) for a in areas for f in FORMULAS], 3)
        computed = f"{url}/api/v1/indicators/computed?fiscal_year={FISCAL_YEAR_BE}"
        recompute_together = timed(lambda: urllib.request.urlopen(computed).read(), 5)
        plan = chiang_mai_plan(url)
        page = timed(lambda: urllib.request.urlopen(f"{url}/th/plans/{plan}?fiscal_year={FISCAL_YEAR_BE}").read(), 51)
        print(
            f"{url}: every value, one request each, p50 {p(recompute, 0.5):.0f} ms (ratio to DuckDB {p(recompute, 0.5) / p(recompute_duckdb, 0.5):.2f}); "
            f"the year's recompute in one request p50 {p(recompute_together, 0.5):.0f} ms "
            f"(ratio to DuckDB {p(recompute_together, 0.5) / p(recompute_duckdb, 0.5):.2f}); "
            f"Chiang Mai's plan page p50 {p(page, 0.5):.1f} ms, p99 {p(page, 0.99):.1f} ms "
            f"(ratio to DuckDB {p(page, 0.5) / p(page_duckdb, 0.5):.2f})"
        )


if __name__ == "__main__":
    main()
