#!/usr/bin/env python3
"""The benchmark's measuring half, run by bench/run.sh once nginx serves the generated site.

1. The limits on this corpus: nginx's keep-alive request rate (wrk, 8 hosts x 8 connections) and its CPU per
   request, libxml2's parse rate through trawl's parser and link resolution (trawl-bench parse), SQLite's rate
   for the rows a crawl writes (trawl-bench sqlite).
2. The crawlers, interleaved (trawl aiohttp scrapy wget2, trawl aiohttp scrapy wget2, ...), each run under
   GNU time (wall, user + sys CPU, peak RSS of the crawler and its children), nginx's CPU counted apart.
3. Every run verified against the manifest: every page fetched with status 200, titles equal, link counts
   as expected. A crawler with a run that fails verification gets no speed figure.
4. Medians over the rounds, ratios to trawl, a table on stdout and everything in WORK/results.json.

Only the standard library: it runs on the system's python3.
"""

import argparse
import csv
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from urllib.parse import urldefrag

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------------- nginx CPU

def nginx_cpu_seconds(master_pid):
    """User + system CPU of nginx's master and workers so far (from /proc)."""
    if not master_pid:
        return None
    pids = [master_pid]
    try:
        with open(f"/proc/{master_pid}/task/{master_pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        return None
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            pass
    return total / CLOCK_TICKS


def machine_busy_seconds():
    """CPU seconds the whole machine has spent busy (all cores, /proc/stat), to tell whether something else ran
    during a measurement: busy time not accounted to the crawler or nginx is a neighbour's."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


# ---------------------------------------------------------------------------------------------------- manifest

def read_manifest(work):
    pages = {}
    with open(os.path.join(work, "manifest.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            url, file, title, links, same_host, size = line.rstrip("\n").split("\t")
            pages[url] = (title, int(links))
    return pages


# ---------------------------------------------------------------------------------------------------- crawlers

class Crawler:
    """One crawler: how to run it in a fresh directory, and how to read back what it stored."""

    name = ""
    stores = True  # stores titles and links (wget2 does not)

    def __init__(self, options):
        self.options = options

    def command(self, run_dir):
        raise NotImplementedError

    def results(self, run_dir):
        """{url: (status, title, link_count)} of every page the run stored."""
        raise NotImplementedError

    @staticmethod
    def query(db, sql):
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return {url: (status, title, links) for url, status, title, links in conn.execute(sql)}
        finally:
            conn.close()


class Trawl(Crawler):
    name = "trawl"

    def command(self, run_dir):
        o = self.options
        db = os.path.join(run_dir, "crawl.db")
        crawl = [o.trawl, "crawl", "--db", db, "--workers", "100", "--limit", "100", "--limit-per-host", "8",
                 "--max-depth", "unlimited", "--follow", "host"] + self.extra_flags()
        enqueue = [o.trawl, "enqueue", "--db", db, "--file", o.roots]
        # One measured command: GNU time counts the shell's children (enqueue, then crawl) together.
        return ["sh", "-c", " ".join(map(shell_quote, enqueue)) + " && exec " + " ".join(map(shell_quote, crawl))]

    _flags = None

    def extra_flags(self):
        """--ignore-robots when this build of trawl has it (robots.txt is a 404 here: allowed either way)."""
        if Trawl._flags is None:
            help_text = subprocess.run([self.options.trawl, "crawl", "--help"], capture_output=True, text=True).stdout
            Trawl._flags = ["--ignore-robots"] if "--ignore-robots" in help_text else []
            Trawl._flags += self.options.trawl_flags.split()
            if self.options.ca_cert:  # the TLS benchmark (bench/tls.sh): trust the test CA
                Trawl._flags += ["--ca-cert", self.options.ca_cert]
        return Trawl._flags

    def results(self, run_dir):
        return self.query(os.path.join(run_dir, "crawl.db"),
                          "SELECT p.url, p.status, p.title, (SELECT count(*) FROM links l WHERE l.job_id = p.job_id) "
                          "FROM pages p")


class TrawlHTTP11(Trawl):
    """trawl refusing HTTP/2 (--http1.1): over TLS, the HTTP/1.1 side of bench/tls.sh's comparison."""
    name = "trawl-http1.1"

    def extra_flags(self):
        return super().extra_flags() + ["--http1.1"]


class AiohttpCrawler(Crawler):
    name = "aiohttp"

    def command(self, run_dir):
        o = self.options
        return [os.path.join(o.venv, "bin", "python"), os.path.join(BENCH, "peers", "aiohttp_crawler.py"),
                "--db", os.path.join(run_dir, "crawl.db"), "--roots", o.roots,
                "--workers", "100", "--limit", "100", "--limit-per-host", "8", "--parse-threads", "2"] \
            + (["--ca-cert", o.ca_cert] if o.ca_cert else [])

    def results(self, run_dir):
        return self.query(os.path.join(run_dir, "crawl.db"),
                          "SELECT p.url, p.status, p.title, "
                          "(SELECT count(*) FROM page_links l WHERE l.job_id = p.job_id) FROM pages p")


class Scrapy(Crawler):
    name = "scrapy"

    def command(self, run_dir):
        o = self.options
        return [os.path.join(o.venv, "bin", "scrapy"), "runspider", os.path.join(BENCH, "peers", "scrapy_spider.py"),
                "-a", f"roots={o.roots}", "-s", f"BENCH_DB={os.path.join(run_dir, 'crawl.db')}",
                "-s", "ASYNCIO_EVENT_LOOP=uvloop.Loop"]

    def results(self, run_dir):
        return self.query(os.path.join(run_dir, "crawl.db"),
                          "SELECT p.url, p.status, p.title, "
                          "(SELECT count(*) FROM page_links l WHERE l.page_id = p.id) FROM pages p")


class Wget2(Crawler):
    """wget2 recursive: a raw C baseline that scans HTML with its own light scanner and stores nothing.
    64 threads = 8 hosts x 8 connections per host, the connections the others can use at once here."""
    name = "wget2"
    stores = False

    def command(self, run_dir):
        return ["wget2", "--recursive", "--level=0", "--robots=off", "--max-threads=64", "--delete-after",
                "--quiet", "--no-host-directories", f"--directory-prefix={run_dir}/files",
                f"--stats-site=csv:{os.path.join(run_dir, 'stats.csv')}", f"--input-file={self.options.roots}"] \
            + ([f"--ca-certificate={self.options.ca_cert}"] if self.options.ca_cert else []) + self.http_flags

    # wget2 negotiates HTTP/2 over TLS by default (ALPN, when built with nghttp2).
    http_flags = []

    def results(self, run_dir):
        # wget2 1.99.1 keeps "&amp;" of an href undecoded in the URL it requests (nginx serves the same file)
        # and reports each URL with the fragment it was first seen with: both are put right here.
        pages = {}
        with open(os.path.join(run_dir, "stats.csv"), newline="") as f:
            for row in csv.DictReader(f):
                url = urldefrag(row["URL"])[0].replace("&amp;", "&")
                pages[url] = (int(row["Status"]), None, None)
        return pages


class Wget2HTTP11(Wget2):
    """wget2 with --no-http2: HTTP/1.1 over TLS."""
    name = "wget2-http1.1"
    http_flags = ["--no-http2"]


CRAWLERS = {c.name: c for c in (Trawl, TrawlHTTP11, AiohttpCrawler, Scrapy, Wget2, Wget2HTTP11)}


def shell_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


# ---------------------------------------------------------------------------------------------------- one run

def verify(crawler, stored, manifest):
    """Checks a run's pages against the manifest."""
    fetched = [url for url in manifest if url in stored and stored[url][0] == 200]
    missing = len(manifest) - len(fetched)
    extra = sum(1 for url in stored if url not in manifest)
    check = {"pages_expected": len(manifest), "pages_fetched": len(fetched), "missing": missing, "extra": extra}
    problems = []
    if missing:
        examples = [url for url in manifest if url not in stored or stored[url][0] != 200][:3]
        problems.append(f"{missing} pages missing or not 200 (e.g. {', '.join(examples)})")
    if crawler.stores:
        wrong_titles = [url for url in fetched if stored[url][1] != manifest[url][0]]
        expected_links = sum(manifest[url][1] for url in fetched)
        stored_links = sum(stored[url][2] or 0 for url in fetched)
        exact = sum(1 for url in fetched if stored[url][2] == manifest[url][1])
        ratio = stored_links / expected_links if expected_links else 0
        check.update(titles_wrong=len(wrong_titles), links_expected=expected_links, links_stored=stored_links,
                     link_counts_exact=exact)
        if wrong_titles:
            url = wrong_titles[0]
            problems.append(f"{len(wrong_titles)} titles wrong (e.g. {url}: {stored[url][1]!r}, "
                            f"expected {manifest[url][0]!r})")
        if not 0.98 <= ratio <= 1.02:
            problems.append(f"{stored_links} links stored, {expected_links} expected")
    check["ok"] = not problems
    check["problems"] = problems
    return check


def parse_time_file(path):
    """GNU time -f '%e %U %S %M': wall, user, sys seconds and peak RSS in KB (the last line: the command's own
    stderr goes elsewhere)."""
    with open(path) as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    wall, user, system, rss = lines[-1].split()[-4:]
    return float(wall), float(user), float(system), int(rss)


def run_once(crawler, round_number, options, manifest):
    run_dir = os.path.join(options.work, "runs", f"{crawler.name}-{round_number}")
    shutil.rmtree(run_dir, ignore_errors=True)
    os.makedirs(run_dir)
    time_file = os.path.join(run_dir, "time.txt")
    command = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", time_file] + crawler.command(run_dir)
    with open(os.path.join(run_dir, "command.txt"), "w") as f:
        f.write(" ".join(map(shell_quote, command)) + "\n")
    nginx_before = nginx_cpu_seconds(options.nginx_pid)
    busy_before = machine_busy_seconds()
    started = time.monotonic()
    with open(os.path.join(run_dir, "output.log"), "wb") as log:
        try:
            process = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, cwd=run_dir,
                                     timeout=options.timeout)
            exit_code = process.returncode
        except subprocess.TimeoutExpired:
            exit_code = "timeout"
    elapsed = time.monotonic() - started
    busy = machine_busy_seconds() - busy_before
    nginx_after = nginx_cpu_seconds(options.nginx_pid)
    result = {"crawler": crawler.name, "round": round_number, "exit": exit_code, "dir": run_dir}
    if exit_code == 0:
        wall, user, system, rss_kb = parse_time_file(time_file)
        result.update(wall_s=wall, user_s=user, sys_s=system, peak_rss_mb=rss_kb / 1024)
    else:
        result.update(wall_s=elapsed)
    if nginx_before is not None and nginx_after is not None:
        result["nginx_cpu_s"] = nginx_after - nginx_before
    if "user_s" in result:
        # Busy CPU of the machine not spent by the crawler or nginx: a neighbour's work (or the kernel's on
        # their behalf: softirq of loopback traffic is mostly counted here). Large values flag a disturbed run.
        result["other_cpu_s"] = max(0.0, busy - result["user_s"] - result["sys_s"] - result.get("nginx_cpu_s", 0))
    try:
        stored = crawler.results(run_dir)
        check = verify(crawler, stored, manifest)
    except (OSError, sqlite3.Error, ValueError, KeyError) as error:
        check = {"ok": False, "problems": [f"cannot read its results: {error}"], "pages_fetched": 0}
    if exit_code != 0:
        check["ok"] = False
        check["problems"].insert(0, f"exit status {exit_code}; see {run_dir}/output.log")
    result["verification"] = check
    pages = check.get("pages_fetched", 0)
    if "user_s" in result and pages:
        result["pages_per_s"] = pages / result["wall_s"]
        result["cpu_s_per_1k_pages"] = (result["user_s"] + result["sys_s"]) / pages * 1000
        if "nginx_cpu_s" in result:
            result["nginx_cpu_us_per_page"] = result["nginx_cpu_s"] / pages * 1e6
    if not options.keep_databases:
        for name in ("crawl.db", "crawl.db-wal", "crawl.db-shm"):
            try:
                os.remove(os.path.join(run_dir, name))
            except OSError:
                pass
        shutil.rmtree(os.path.join(run_dir, "files"), ignore_errors=True)
    return result


def disturbed(result):
    """Whether other work on the machine took a noticeable share of the run's CPU time."""
    return result.get("other_cpu_s", 0) > 0.5 + 0.15 * (result.get("user_s", 0) + result.get("sys_s", 0))


def describe_run(result):
    check = result["verification"]
    if "pages_per_s" in result and check["ok"]:
        nginx = f", nginx {result['nginx_cpu_us_per_page']:.0f} µs/page" if "nginx_cpu_us_per_page" in result else ""
        other = f", other CPU {result['other_cpu_s']:.1f} s" if "other_cpu_s" in result else ""
        warning = "  (DISTURBED: other processes were busy)" if disturbed(result) else ""
        return (f"{result['pages_per_s']:8.0f} pages/s  {result['cpu_s_per_1k_pages']:5.2f} CPU-s/1k pages  "
                f"{result['peak_rss_mb']:6.1f} MB{nginx}{other}  verified{warning}")
    return "FAILED: " + "; ".join(check["problems"])


# ---------------------------------------------------------------------------------------------------- limits

def measure_nginx(options):
    """8 wrk processes, one per host, 1 thread and 8 keep-alive connections each, cycling through the host's
    page paths; the request rate summed, and nginx's CPU per request."""
    paths_dir = os.path.join(options.work, "paths")
    script = os.path.join(BENCH, "lib", "wrk_paths.lua")
    before = nginx_cpu_seconds(options.nginx_pid)
    processes = []
    for host_file in sorted(os.listdir(paths_dir)):
        host = host_file[:-len(".txt")]
        processes.append(subprocess.Popen(
            ["wrk", "-t1", "-c8", f"-d{options.wrk_seconds}s", "-s", script, f"http://{host}:{options.port}/",
             "--", os.path.join(paths_dir, host_file)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    rate, requests, errors = 0.0, 0, []
    for process in processes:
        output = process.communicate()[0]
        match = re.search(r"Requests/sec:\s+([\d.]+)", output)
        done = re.search(r"(\d+) requests in", output)
        if not match or not done or process.returncode != 0:
            errors.append(output.strip().splitlines()[-1] if output.strip() else f"wrk exit {process.returncode}")
            continue
        rate += float(match.group(1))
        requests += int(done.group(1))
        if "Non-2xx" in output or "Socket errors" in output:
            errors.append(" ".join(line.strip() for line in output.splitlines()
                                   if "Non-2xx" in line or "Socket errors" in line))
    after = nginx_cpu_seconds(options.nginx_pid)
    result = {"requests_per_s": rate, "requests": requests, "connections": 8 * len(processes),
              "seconds": options.wrk_seconds, "errors": errors}
    if before is not None and after is not None and requests:
        result["nginx_cpu_us_per_request"] = (after - before) / requests * 1e6
    return result


def run_trawl_bench(options, arguments):
    process = subprocess.run([options.trawl_bench] + arguments, capture_output=True, text=True)
    sys.stderr.write(process.stderr)
    if process.returncode != 0:
        return {"error": f"trawl-bench {' '.join(arguments[:1])} exited {process.returncode}"}
    return json.loads(process.stdout.strip().splitlines()[-1])


def measure_limits(options):
    limits = {}
    if "nginx" in options.limits:
        print(f"bench: limits: nginx keep-alive rate (wrk, {options.wrk_seconds} s) ...", file=sys.stderr, flush=True)
        limits["nginx"] = measure_nginx(options)
    manifest = os.path.join(options.work, "manifest.tsv")
    if "parse" in options.limits:
        print("bench: limits: libxml2 parse rate (trawl-bench parse) ...", file=sys.stderr, flush=True)
        limits["parse"] = run_trawl_bench(options, ["parse", os.path.join(options.work, "site"), "--manifest", manifest])
    if "sqlite" in options.limits:
        print("bench: limits: SQLite insert rate (trawl-bench sqlite) ...", file=sys.stderr, flush=True)
        limits["sqlite"] = run_trawl_bench(options, ["sqlite", "--manifest", manifest,
                                                     "--db", os.path.join(options.work, "sqlite-limit.db")])
    return limits


# ---------------------------------------------------------------------------------------------------- report

def summarize(runs, names):
    summary = {}
    for name in names:
        mine = [r for r in runs if r["crawler"] == name]
        passed = [r for r in mine if r["verification"]["ok"] and "pages_per_s" in r]
        entry = {"runs": len(mine), "verified": len(passed), "disturbed": sum(1 for r in mine if disturbed(r))}
        if mine and len(passed) == len(mine):
            for key in ("pages_per_s", "cpu_s_per_1k_pages", "peak_rss_mb", "wall_s", "nginx_cpu_us_per_page"):
                values = [r[key] for r in passed if key in r]
                if values:
                    entry[key] = statistics.median(values)
        else:
            entry["problems"] = sorted({p for r in mine for p in r["verification"]["problems"]})
        summary[name] = entry
    trawl = summary.get("trawl", {})
    for name, entry in summary.items():
        for key, ratio in (("pages_per_s", "pages_per_s_vs_trawl"), ("cpu_s_per_1k_pages", "cpu_vs_trawl"),
                           ("peak_rss_mb", "rss_vs_trawl")):
            if key in entry and trawl.get(key):
                entry[ratio] = entry[key] / trawl[key]
    return summary


def table(summary, site, rounds, title=None):
    w = max([9] + [len(name) for name in summary])  # the name column: "trawl-http1.1" in the TLS benchmark
    lines = [title or f"Crawl of {site['pages']:,} pages on 8 hosts ({site['bytes'] / 1e6:,.0f} MB), 100 connections, "
             f"8 per host; medians of {rounds} interleaved round{'s' if rounds != 1 else ''}",
             "",
             f"{'crawler':<{w}} {'pages/s':>8} {'CPU-s/1k pages':>15} {'peak RSS MB':>12} {'nginx µs/page':>14}"
             f"   {'pages/s ÷ trawl':>15} {'CPU ÷ trawl':>11} {'RSS ÷ trawl':>11}   verified",
             "-" * (109 + w)]
    for name, e in summary.items():
        verified = f"{e['verified']}/{e['runs']}"
        if "pages_per_s" not in e:
            lines.append(f"{name:<{w}} {'—':>8} {'—':>15} {'—':>12} {'—':>14}   {'—':>15} {'—':>11} {'—':>11}   "
                         f"{verified}: no figures — {'; '.join(e.get('problems', ['no run']))[:300]}")
            continue

        def ratio(key):
            return f"{e[key]:.2f}×" if key in e else "—"
        nginx = f"{e['nginx_cpu_us_per_page']:.0f}" if "nginx_cpu_us_per_page" in e else "—"
        note = "  (stores nothing: reference only)" if name.startswith("wget2") else ""
        if e.get("disturbed"):
            note += f"  [{e['disturbed']} run(s) disturbed by other processes]"
        lines.append(f"{name:<{w}} {e['pages_per_s']:>8,.0f} {e['cpu_s_per_1k_pages']:>15.2f} {e['peak_rss_mb']:>12.1f} "
                     f"{nginx:>14}   {ratio('pages_per_s_vs_trawl'):>15} {ratio('cpu_vs_trawl'):>11} "
                     f"{ratio('rss_vs_trawl'):>11}   {verified}{note}")
    return "\n".join(lines)


def limits_table(limits, summary, cores):
    if not limits:
        return ""
    lines = ["", "Limits on this corpus (same machine, same files)", "-" * 118]
    nginx = limits.get("nginx")
    if nginx:
        cpu = nginx.get("nginx_cpu_us_per_request")
        lines.append(f"nginx keep-alive requests (wrk, {nginx['connections']} connections, {nginx['seconds']} s)   "
                     f"{nginx['requests_per_s']:>10,.0f} req/s" + (f", nginx {cpu:.0f} µs CPU per request" if cpu else "")
                     + (f"   [{'; '.join(nginx['errors'])}]" if nginx.get("errors") else ""))
    parse = limits.get("parse", {})
    if "parse_us_per_page" in parse:
        lines.append(f"libxml2 SAX parse + title + links (HTMLPageParser)     {parse['parse_us_per_page']:>10.0f} µs CPU "
                     f"per page = {1e6 / parse['parse_us_per_page']:,.0f} pages/s per core")
        lines.append(f"link resolution + normalization (LinkResolver)        {parse['resolve_us_per_page']:>10.0f} µs CPU "
                     f"per page ({parse['links'] / max(parse['checked_pages'], 1):.0f} links/page; titles wrong "
                     f"{parse['title_mismatches']}, link counts wrong {parse['link_count_mismatches']})")
    elif parse:
        lines.append(f"parse: {parse.get('error')}")
    sql = limits.get("sqlite", {})
    if "all_links_us_per_page" in sql:
        lines.append(f"SQLite rows of one page, duplicates left to SQLite    {sql['all_links_cpu_us_per_page']:>10.0f} µs CPU "
                     f"per page ({sql['all_links_us_per_page']:.0f} µs wall; {sql['links'] / sql['pages']:.0f} links, "
                     f"{sql['all_links_job_inserts'] / sql['pages']:.0f} job inserts per page)")
        lines.append(f"SQLite rows of one page, known URLs kept out          {sql['known_filtered_cpu_us_per_page']:>10.0f} µs CPU "
                     f"per page ({sql['known_filtered_us_per_page']:.0f} µs wall; "
                     f"{sql['known_filtered_job_inserts'] / sql['pages']:.1f} job inserts per page)")
        if "store_cpu_us_per_page" in sql:
            lines.append(f"SQLite rows of one page, through trawl's store         {sql['store_cpu_us_per_page']:>10.0f} µs CPU "
                         f"per page ({sql['store_us_per_page']:.0f} µs wall; multi-row inserts, link index built at the end)")
    elif sql:
        lines.append(f"sqlite: {sql.get('error')}")
    if "parse_us_per_page" in parse and "known_filtered_us_per_page" in sql:
        # The database's share: the cheapest way measured to write a page's rows.
        database = min(sql["known_filtered_cpu_us_per_page"], sql.get("store_cpu_us_per_page", float("inf")))
        work = parse["parse_us_per_page"] + parse["resolve_us_per_page"] + database
        server = (nginx or {}).get("nginx_cpu_us_per_request") or 0
        lines.append(f"per page, measured alone: parse + resolve + SQLite (cheapest above) = {work:.0f} µs CPU, "
                     f"nginx {server:.0f} µs: {cores} cores do at most {cores * 1e6 / (work + server):,.0f} pages/s "
                     f"at those rates")
        trawl = summary.get("trawl", {})
        if "cpu_s_per_1k_pages" in trawl:
            spent = trawl["cpu_s_per_1k_pages"] * 1000
            lines.append(f"trawl's crawl used {spent:.0f} µs CPU per page ({spent / work:.2f}× that sum) and reached "
                         f"{trawl['pages_per_s'] / (cores * 1e6 / (work + server)) * 100:.0f}% of that rate")
    return "\n".join(lines)


def versions(options):
    def output(command):
        try:
            process = subprocess.run(command, capture_output=True, text=True, timeout=30)
            return (process.stdout + process.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return None
    found = {
        "trawl_commit": output(["git", "-C", os.path.dirname(BENCH), "describe", "--always", "--dirty"]),
        "nginx": output(["nginx", "-v"]),
        "wget2": output(["wget2", "--version"]),
        "wrk": output(["wrk", "-v"]),
        "sqlite3": sqlite3.sqlite_version,
        "python": platform.python_version(),
    }
    venv_python = os.path.join(options.venv, "bin", "python")
    # With --no-install on a machine without the Python peers (a trawl-only run), there is no venv to ask.
    packages = subprocess.run([venv_python, "-c",
                               "import aiohttp, lxml.etree as e, scrapy, uvloop; "
                               "print(aiohttp.__version__, '.'.join(map(str, e.LXML_VERSION)), "
                               "'.'.join(map(str, e.LIBXML_VERSION)), scrapy.__version__, uvloop.__version__)"],
                              capture_output=True, text=True) if os.path.exists(venv_python) else None
    if packages is not None and packages.returncode == 0:
        aiohttp, lxml, libxml2, scrapy, uvloop = packages.stdout.split()
        found.update(aiohttp=aiohttp, lxml=lxml, lxml_libxml2=libxml2, scrapy=scrapy, uvloop=uvloop)
    libxml2 = subprocess.run(["pkg-config", "--modversion", "libxml-2.0"], capture_output=True, text=True)
    found["trawl_libxml2"] = libxml2.stdout.strip() or None
    return found


def machine():
    model = None
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), None)
    except OSError:
        pass
    with open("/proc/meminfo") as f:
        memory = int(f.readline().split()[1]) // 1024
    return {"cores": os.cpu_count(), "cpu": model, "memory_mb": memory, "kernel": platform.release()}


# ---------------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", required=True)
    parser.add_argument("--trawl", required=True)
    parser.add_argument("--trawl-bench", required=True)
    parser.add_argument("--venv", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--nginx-pid", type=int)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--crawlers", default="trawl,aiohttp,scrapy,wget2")
    parser.add_argument("--trawl-flags", default="", help="more flags for trawl crawl, e.g. '--commit-delay 0.5'")
    parser.add_argument("--limits", default="nginx,parse,sqlite", help="comma-separated; empty for none")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--timeout", type=float, help="seconds per crawl (default: 600 or 50 ms per page)")
    parser.add_argument("--keep-databases", action="store_true")
    parser.add_argument("--ca-cert", help="PEM CA file every crawler trusts (the TLS benchmark, bench/tls.sh)")
    parser.add_argument("--title", help="the table's first line instead of the default")
    options = parser.parse_args()
    options.work = os.path.abspath(options.work)
    options.roots = os.path.join(options.work, "roots.txt")
    options.limits = [name for name in options.limits.split(",") if name]
    names = [name for name in options.crawlers.split(",") if name]
    for name in names:
        if name not in CRAWLERS:
            sys.exit(f"bench: unknown crawler '{name}' (choose from {', '.join(CRAWLERS)})")
    with open(os.path.join(options.work, "site.json")) as f:
        site = json.load(f)
    options.timeout = options.timeout or max(600.0, site["pages"] * 0.05)
    manifest = read_manifest(options.work)
    started = time.monotonic()

    limits = measure_limits(options)

    crawlers = [CRAWLERS[name](options) for name in names]
    runs = []
    shutil.rmtree(os.path.join(options.work, "runs"), ignore_errors=True)
    for round_number in range(1, options.rounds + 1):
        for crawler in crawlers:
            print(f"bench: round {round_number}/{options.rounds}: {crawler.name} ...", file=sys.stderr, flush=True)
            result = run_once(crawler, round_number, options, manifest)
            runs.append(result)
            print(f"bench: round {round_number}/{options.rounds}: {crawler.name:<8} {result['wall_s']:6.1f} s  "
                  f"{describe_run(result)}", file=sys.stderr, flush=True)

    summary = summarize(runs, names)
    report = table(summary, site, options.rounds, options.title) + "\n" + limits_table(limits, summary, os.cpu_count())
    results = {
        "site": site, "rounds": options.rounds, "machine": machine(), "versions": versions(options),
        "settings": {"connections": 100, "per_host": 8, "workers": 100, "depth": "unlimited", "follow": "same host",
                     "robots": "off", "trawl_flags": Trawl._flags or []},
        "summary": summary, "limits": limits, "runs": runs, "seconds": time.monotonic() - started,
        "table": report,
    }
    with open(os.path.join(options.work, "results.json"), "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    print()
    print(report)
    print(f"\nresults: {os.path.join(options.work, 'results.json')}; logs: {os.path.join(options.work, 'runs')}/")
    failed = [name for name, entry in summary.items() if "pages_per_s" not in entry]
    return 2 if "trawl" in failed else 0


if __name__ == "__main__":
    sys.exit(main())
