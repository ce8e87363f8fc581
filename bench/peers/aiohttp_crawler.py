#!/usr/bin/env python3
"""An aiohttp + lxml batch crawler with trawl's design, as the benchmark's first peer.

Written the way aiohttp's documentation suggests, and tuned as a competent Python programmer would:
  * uvloop; one ClientSession for the whole crawl over one shared TCPConnector(limit=100, limit_per_host=8);
  * jobs in SQLite (trawl's tables and indexes: jobs, pages, links as link_targets + page_links behind a view;
    trawl's pragmas: WAL, synchronous=NORMAL),
    claimed host by host, 4 x limit_per_host per host ahead of the connections, by one dispatcher task;
    N asyncio worker tasks fetch and hand results back;
  * every SQLite statement on one dedicated thread (sqlite3 releases the GIL while SQLite works), batched: one
    transaction per 256 results or per 0.1 s, executemany for pages, links and new jobs;
  * URLs already queued, and link targets already stored, are known in memory (a set, a dict of ids) instead
    of asking the database for each link;
  * lxml parsing (libxml2's HTML parser, which releases the GIL while it parses) plus title and link
    extraction in a thread pool of 2 threads, off the event loop; links resolved with urljoin, with shortcuts
    for the common shapes (urljoin held the GIL for 40% of the crawl's Python time before);
  * same-host links followed without a depth bound; no robots.txt; retries on network errors, 429 and 5xx
    (2 retries, 1 s then 2 s), as trawl's defaults.

Usage: aiohttp_crawler.py --db crawl.db --roots roots.txt [--workers 100 --limit 100 --limit-per-host 8]
"""

import argparse
import asyncio
import concurrent.futures
import sqlite3
import ssl
import sys
import threading
import time
from urllib.parse import urldefrag, urljoin, urlsplit

import aiohttp
import uvloop
from lxml import etree

SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, host TEXT NOT NULL, depth INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0, parent_id INTEGER,
    last_error TEXT, updated_at REAL
);
CREATE INDEX IF NOT EXISTS jobs_by_host_state ON jobs(host, state);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state);
CREATE TABLE IF NOT EXISTS pages (
    job_id INTEGER PRIMARY KEY, url TEXT NOT NULL, final_url TEXT, status INTEGER, title TEXT,
    content_type TEXT, bytes INTEGER, fetched_at REAL, elapsed_ms INTEGER, error TEXT
);
CREATE INDEX IF NOT EXISTS pages_by_status ON pages(status);
CREATE TABLE IF NOT EXISTS link_targets (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS page_links (
    job_id INTEGER NOT NULL, target_id INTEGER NOT NULL, PRIMARY KEY (job_id, target_id)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS links (job_id, url) AS
SELECT pl.job_id, t.url FROM page_links pl JOIN link_targets t ON t.id = pl.target_id;
"""


class Store:
    """The SQLite side. Every method runs on the store's single thread (see `Crawler.db`)."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.executescript(SCHEMA)
        self.known = set(row[0] for row in self.conn.execute("SELECT url FROM jobs"))
        self.targets = {url: id for id, url in self.conn.execute("SELECT id, url FROM link_targets")}

    def enqueue(self, urls):
        """Adds root jobs; returns the hosts that have queued jobs."""
        rows = [(url, urlsplit(url).netloc, 0) for url in urls if url not in self.known]
        self.known.update(url for url, _, _ in rows)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany("INSERT OR IGNORE INTO jobs (url, host, depth) VALUES (?, ?, ?)", rows)
        self.conn.execute("UPDATE jobs SET state = 'queued' WHERE state = 'in_progress'")  # a crashed run's
        self.conn.execute("COMMIT")
        return {host for (host,) in self.conn.execute("SELECT DISTINCT host FROM jobs WHERE state = 'queued'")}

    def claim(self, wants):
        """Claims up to wants[host] queued jobs of each host (oldest first); returns {host: [job, ...]}."""
        claimed = {}
        self.conn.execute("BEGIN IMMEDIATE")
        for host, count in wants.items():
            claimed[host] = self.conn.execute(
                "UPDATE jobs SET state = 'in_progress' WHERE id IN "
                "(SELECT id FROM jobs WHERE host = ? AND state = 'queued' ORDER BY id LIMIT ?) "
                "RETURNING id, url, host, depth, attempts", (host, count)).fetchall()
        self.conn.execute("COMMIT")
        return claimed

    def record(self, results):
        """Writes a batch of results in one transaction; returns the hosts that got new queued jobs."""
        now = time.time()
        states, pages, links, new_jobs = [], [], [], []
        for job, page, page_links, follow in results:
            job_id, url, host, depth, attempts = job
            states.append(("failed" if page["error"] else "done", page["attempts"], page["error"], now, job_id))
            pages.append((job_id, url, page["final_url"], page["status"], page["title"], page["content_type"],
                          page["bytes"], now, page["elapsed_ms"], page["error"]))
            links.extend((job_id, link) for link in page_links)
            for link in follow:
                if link not in self.known:
                    self.known.add(link)
                    new_jobs.append((link, host, depth + 1, job_id))
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany(
            "UPDATE jobs SET state = ?, attempts = attempts + ?, last_error = ?, updated_at = ? WHERE id = ?", states)
        self.conn.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", pages)
        page_links = []
        for job_id, link in links:
            target = self.targets.get(link)
            if target is None:
                target = self.targets[link] = self.conn.execute(
                    "INSERT INTO link_targets (url) VALUES (?) RETURNING id", (link,)).fetchone()[0]
            page_links.append((job_id, target))
        self.conn.executemany("INSERT OR IGNORE INTO page_links (job_id, target_id) VALUES (?, ?)", page_links)
        self.conn.executemany(
            "INSERT OR IGNORE INTO jobs (url, host, depth, parent_id) VALUES (?, ?, ?, ?)", new_jobs)
        self.conn.execute("COMMIT")
        return {host for _, host, _, _ in new_jobs}

    def close(self):
        # As trawl does: the index of links by target is built once, when the crawl ends, not kept up link by link.
        self.conn.execute("CREATE INDEX IF NOT EXISTS page_links_by_target ON page_links(target_id)")
        self.conn.close()


_parsers = threading.local()


def resolve_links(base, hrefs):
    """urljoin(base, href) with the fragment dropped, for every href; distinct http(s) URLs in document order.

    urljoin is the GIL-holding hot spot of this crawler (profiled with py-spy), so the shapes most links have
    take a shortcut with the same result: absolute URLs, root-relative paths without dot segments, fragments
    of the page itself; other references go through urljoin."""
    split = urlsplit(base)
    origin = f"{split.scheme}://{split.netloc}"
    page = base.partition("#")[0]
    links = {}
    for href in hrefs:
        first = href[:1]
        if first == "#":
            url = page
        elif first == "/" and href[1:2] != "/" and "/." not in href:
            url = origin + href.partition("#")[0]
        elif href.startswith(("http://", "https://")):
            url = href.partition("#")[0]
        else:
            url = urldefrag(urljoin(base, href))[0]
        if url.startswith(("http://", "https://")):
            links[url] = None
    return list(links)


def parse_page(body, page_url, encoding):
    """Title, distinct http(s) links (fragment dropped) and the same-host ones among them. Runs in a pool thread."""
    parser = getattr(_parsers, encoding or "", None)
    if parser is None:
        parser = etree.HTMLParser(encoding=encoding)
        setattr(_parsers, encoding or "", parser)
    root = etree.fromstring(body, parser)
    if root is None:
        return None, [], []
    title = None
    element = root.find(".//title")
    if element is not None:
        title = " ".join("".join(element.itertext()).split()) or None
    base = page_url
    element = root.find(".//base[@href]")
    if element is not None and element.get("href").strip():
        base = urljoin(page_url, element.get("href").strip())
    hrefs = []
    for element in root.iter("a", "area"):
        href = element.get("href")
        if href is not None:
            href = href.strip()
            if href:
                hrefs.append(href)
    links = resolve_links(base, hrefs)
    netloc = urlsplit(page_url).netloc
    prefixes = (f"http://{netloc}/", f"https://{netloc}/")
    return title, links, [url for url in links if url.startswith(prefixes)]


class Crawler:
    def __init__(self, args):
        self.args = args
        self.db_thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sqlite")
        self.parse_pool = concurrent.futures.ThreadPoolExecutor(args.parse_threads, thread_name_prefix="lxml")
        self.results = []
        self.held = {}
        self.hosts_with_queued = set()
        self.wake = asyncio.Event()
        self.ready = asyncio.Queue()
        self.pages = 0

    async def db(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.db_thread, function, *args)

    async def run(self):
        self.store = await self.db(Store, self.args.db)
        with open(self.args.roots) as f:
            roots = [line.strip() for line in f if line.strip() and not line.startswith("#")]
        self.hosts_with_queued = await self.db(self.store.enqueue, roots)
        # --ca-cert (bench/tls.sh): the system's CAs plus the test CA, as trawl's --ca-cert.
        context = ssl.create_default_context()
        if self.args.ca_cert:
            context.load_verify_locations(cafile=self.args.ca_cert)
        connector = aiohttp.TCPConnector(limit=self.args.limit, limit_per_host=self.args.limit_per_host,
                                         keepalive_timeout=15, ssl=context)
        timeout = aiohttp.ClientTimeout(total=30, sock_connect=10)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                         cookie_jar=aiohttp.DummyCookieJar()) as session:
            workers = [asyncio.create_task(self.worker(session)) for _ in range(self.args.workers)]
            await self.dispatch()
            for _ in workers:
                self.ready.put_nowait(None)
            await asyncio.gather(*workers)
        await self.db(self.store.close)
        self.db_thread.shutdown()
        self.parse_pool.shutdown()

    async def dispatch(self):
        """Claims jobs host by host (up to ahead x limit_per_host held per host), commits results in batches,
        and ends the crawl when nothing is queued, in flight or waiting to be written. Holding 4 x 8 jobs per
        host rather than 2 x 8 keeps every connection busy while the store thread commits a batch."""
        target = self.args.ahead * self.args.limit_per_host
        last_flush = time.monotonic()
        while True:
            now = time.monotonic()
            idle = not any(self.held.values())
            if self.results and (len(self.results) >= self.args.batch or now - last_flush >= self.args.commit_interval
                                 or idle):
                batch, self.results = self.results, []
                self.hosts_with_queued |= await self.db(self.store.record, batch)
                last_flush = now
            wants = {host: target - self.held.get(host, 0) for host in self.hosts_with_queued
                     if self.held.get(host, 0) < target}
            if wants:
                claimed = await self.db(self.store.claim, wants)
                for host, jobs in claimed.items():
                    if len(jobs) < wants[host]:
                        self.hosts_with_queued.discard(host)
                    self.held[host] = self.held.get(host, 0) + len(jobs)
                # Interleave hosts so that the workers' queue never lines up one host's jobs.
                columns = [jobs for jobs in claimed.values() if jobs]
                for row in range(max(map(len, columns), default=0)):
                    for jobs in columns:
                        if row < len(jobs):
                            self.ready.put_nowait(jobs[row])
            if not self.hosts_with_queued and not any(self.held.values()) and not self.results:
                return
            self.wake.clear()
            try:
                await asyncio.wait_for(self.wake.wait(), self.args.commit_interval)
            except asyncio.TimeoutError:
                pass

    async def worker(self, session):
        loop = asyncio.get_running_loop()
        while True:
            job = await self.ready.get()
            if job is None:
                return
            result = await self.fetch(session, loop, job)
            self.results.append(result)
            self.held[job[2]] -= 1
            self.pages += 1
            if len(self.results) >= self.args.batch or self.held[job[2]] <= self.args.limit_per_host * 2:
                self.wake.set()

    async def fetch(self, session, loop, job):
        job_id, url, host, depth, attempts = job
        page = {"final_url": None, "status": None, "title": None, "content_type": None, "bytes": None,
                "elapsed_ms": None, "error": None, "attempts": 0}
        for attempt in range(self.args.retries + 1):
            page["attempts"] += 1
            started = time.monotonic()
            try:
                async with session.get(url) as response:
                    body = await response.read()
                    page.update(final_url=str(response.url), status=response.status, bytes=len(body),
                                content_type=response.headers.get("Content-Type"), error=None)
                    charset = response.charset
                page["elapsed_ms"] = int((time.monotonic() - started) * 1000)
                if (page["status"] == 429 or page["status"] >= 500) and attempt < self.args.retries:
                    await asyncio.sleep(self.args.retry_delay * 2 ** attempt)
                    continue
                if page["status"] == 429 or page["status"] >= 500:
                    page["error"] = f"HTTP {page['status']}"
                break
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                page["error"] = f"{type(error).__name__}: {error}"
                if attempt < self.args.retries:
                    await asyncio.sleep(self.args.retry_delay * 2 ** attempt)
        if page["error"] or "html" not in (page["content_type"] or "") or not body:
            return job, page, [], []
        title, links, follow = await loop.run_in_executor(self.parse_pool, parse_page, body, page["final_url"],
                                                          charset)
        page["title"] = title
        return job, page, links, follow


def main():
    parser = argparse.ArgumentParser(description="aiohttp + lxml batch crawler (trawl benchmark peer)")
    parser.add_argument("--db", required=True)
    parser.add_argument("--roots", required=True, help="file of root URLs, one per line")
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--limit-per-host", type=int, default=8)
    parser.add_argument("--parse-threads", type=int, default=2)
    parser.add_argument("--ahead", type=int, default=4, help="jobs held per host, in multiples of --limit-per-host")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--ca-cert", help="PEM file of CAs to trust besides the system's (HTTPS benchmark)")
    parser.add_argument("--commit-interval", type=float, default=0.1)
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--retry-delay", type=float, default=1.0)
    args = parser.parse_args()
    started = time.monotonic()
    crawler = Crawler(args)
    uvloop.run(crawler.run())
    elapsed = time.monotonic() - started
    print(f"aiohttp_crawler: {crawler.pages} pages in {elapsed:.1f} s ({crawler.pages / elapsed:.0f} pages/s)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
