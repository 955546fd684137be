"""The home dashboard's aggregates: phakhi against DuckDB over the same data, in the same run.

phakhi answers `/th/?fy=YEAR` (the whole page: the year's totals, participants by gender and target
group, activities and participants by province and month) from its yearly figures (decision 28).
DuckDB answers the same aggregates from the raw records: the activities and participation cells of a
national dataset exported once to Parquet. Both are timed warm, p50 of ROUNDS runs; the ratio is
phakhi's time over DuckDB's (below 1: phakhi is faster).

Usage: python3 benches/dashboard_duckdb.py SQLITE_FILE PHAKHI_URL [PHAKHI_URL ...]
(the SQLite file of `phakhi generate --scale national --seed 1`; every URL a `phakhi serve` of the
same dataset, on SQLite or PostgreSQL). Needs `pip install duckdb`.
"""

import os
import statistics
import subprocess
import sys
import time
import urllib.request

import duckdb

ROUNDS = 11
FISCAL_YEAR_BE = 2567
# The fiscal year 2567 in UTC: 1 October 2566 BE 00:00 to 1 October 2567 BE 00:00, Thai time (UTC+7).
START, END = "2023-09-30 17:00:00", "2024-09-30 17:00:00"


# Columns typed as DuckDB reads them best: ids as hex text, instants as UTC timestamps (phakhi stores
# them in UTC), counts as integers. (name, SQLite query, DuckDB typing of its CSV)
ACTIVITIES = (
    "activities",
    "SELECT hex(id) AS id, substr(starts_at, 1, 19) AS starts_at, area_code, kind, hours, hex(lead_organization_id) AS lead FROM activities",
    "SELECT id, CAST(starts_at AS TIMESTAMP) AS starts_at, area_code, kind, CAST(NULLIF(hours, '') AS DOUBLE) AS hours, lead",
)
CELLS = (
    "cells",
    "SELECT hex(activity_id) AS activity_id, gender, target_group, count FROM participation_cells",
    "SELECT activity_id, gender, target_group, CAST(count AS INTEGER) AS count",
)


def export(sqlite_file: str, cache: str, tables=(ACTIVITIES, CELLS)) -> None:
    """Writes tables to Parquet once (each reused while the SQLite file is unchanged)."""
    os.makedirs(cache, exist_ok=True)
    source = f"{sqlite_file} {os.path.getmtime(sqlite_file)}"
    for name, sql, typed in tables:
        stamp = os.path.join(cache, f"{name}.source")
        if os.path.exists(stamp) and open(stamp).read() == source:
            continue
        csv = os.path.join(cache, f"{name}.csv")
        with open(csv, "w") as out:
            subprocess.run(["sqlite3", "-csv", "-header", sqlite_file, sql], stdout=out, check=True)
        csv_source = f"read_csv('{csv}', header = true, all_varchar = true)"
        duckdb.sql(f"COPY ({typed} FROM {csv_source}) TO '{cache}/{name}.parquet' (FORMAT parquet)")
        os.remove(csv)
        open(stamp, "w").write(source)


def duckdb_dashboard(con, cache: str) -> None:
    """The dashboard's aggregates for the fiscal year, from the raw records."""
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW y AS SELECT a.id, a.area_code, a.starts_at FROM '{cache}/activities.parquet' a "
        f"WHERE a.starts_at >= TIMESTAMP '{START}' AND a.starts_at < TIMESTAMP '{END}'"
    )
    cells = f"'{cache}/cells.parquet'"
    con.execute(f"SELECT COUNT(*), (SELECT SUM(c.count) FROM {cells} c JOIN y ON y.id = c.activity_id) FROM y").fetchall()
    con.execute(f"SELECT c.gender, SUM(c.count) FROM {cells} c JOIN y ON y.id = c.activity_id GROUP BY 1").fetchall()
    con.execute(f"SELECT c.target_group, COUNT(DISTINCT y.id), SUM(c.count) FROM {cells} c JOIN y ON y.id = c.activity_id GROUP BY 1").fetchall()
    con.execute(
        f"SELECT substr(y.area_code, 1, 2), COUNT(DISTINCT y.id), SUM(c.count) FROM y LEFT JOIN {cells} c ON y.id = c.activity_id GROUP BY 1"
    ).fetchall()
    con.execute(
        "SELECT strftime(y.starts_at + INTERVAL 7 HOUR, '%Y-%m'), COUNT(DISTINCT y.id), SUM(c.count) "
        f"FROM y LEFT JOIN {cells} c ON y.id = c.activity_id GROUP BY 1"
    ).fetchall()


def p50(run) -> float:
    run()  # warm
    times = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    sqlite_file, urls = sys.argv[1], sys.argv[2:]
    cache = "/tmp/phakhi-duckdb"
    export(sqlite_file, cache)
    con = duckdb.connect()
    reference = p50(lambda: duckdb_dashboard(con, cache))
    print(f"DuckDB {duckdb.__version__}, raw records in Parquet: p50 {reference:.1f} ms")
    for url in urls:
        page = f"{url.rstrip('/')}/th/?fy={FISCAL_YEAR_BE}"
        ms = p50(lambda: urllib.request.urlopen(page).read())
        print(f"phakhi {page}: p50 {ms:.1f} ms; phakhi / DuckDB ratio {ms / reference:.2f}")


if __name__ == "__main__":
    main()
