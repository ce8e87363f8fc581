"""A Scrapy spider for the benchmark's second peer: run with `scrapy runspider`.

    scrapy runspider scrapy_spider.py -a roots=roots.txt -s BENCH_DB=crawl.db -s ASYNCIO_EVENT_LOOP=uvloop.Loop

(The event loop is a command-line setting: Scrapy installs its reactor before it reads a spider's settings.)

Settings are those of Scrapy's "Broad Crawls" advice at the benchmark's limits: 100 requests in all, 8 per
host (CONCURRENT_REQUESTS_PER_DOMAIN: each 127.0.0.K is its own download slot), no delay, no robots.txt, no
AutoThrottle, cookies off, log level WARNING, breadth-first order, Scrapy's default asyncio reactor on uvloop
(given with -s, below).
Retries stay at Scrapy's default (2, as trawl's), redirects are followed (as trawl does).

Every response gives an item (url, status, title, links: distinct http(s) targets, fragment dropped) that an
item pipeline writes to SQLite in batches of 256 per transaction, links in trawl's layout (link_targets +
page_links, ids of known targets kept in a dict); same-host links are followed, Scrapy's
duplicate filter keeping each URL to one request.
"""

import sqlite3
import time
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy.http import HtmlResponse

SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, status INTEGER, title TEXT, error TEXT, fetched_at REAL
);
CREATE INDEX IF NOT EXISTS pages_by_status ON pages(status);
CREATE TABLE IF NOT EXISTS link_targets (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS page_links (
    page_id INTEGER NOT NULL, target_id INTEGER NOT NULL, PRIMARY KEY (page_id, target_id)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS links (page_id, url) AS
SELECT pl.page_id, t.url FROM page_links pl JOIN link_targets t ON t.id = pl.target_id;
"""


class SQLitePipeline:
    """Writes items to SQLite, 256 per transaction (and the rest when the spider closes)."""

    batch_size = 256

    def __init__(self, path):
        self.path = path
        self.buffer = []
        self.targets = {}  # link_targets ids by URL

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("BENCH_DB"))

    def open_spider(self, spider=None):
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.executescript(SCHEMA)

    def close_spider(self, spider=None):
        self.flush()
        # As trawl does: the index of links by target is built once, when the crawl ends, not kept up link by link.
        self.conn.execute("CREATE INDEX IF NOT EXISTS page_links_by_target ON page_links(target_id)")
        self.conn.close()

    def process_item(self, item, spider=None):
        self.buffer.append(item)
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def flush(self):
        if not self.buffer:
            return
        now = time.time()
        self.conn.execute("BEGIN IMMEDIATE")
        links = []
        for item in self.buffer:
            cursor = self.conn.execute(
                "INSERT OR REPLACE INTO pages (url, status, title, error, fetched_at) VALUES (?, ?, ?, ?, ?)",
                (item["url"], item["status"], item["title"], item["error"], now))
            for url in item["links"]:
                target = self.targets.get(url)
                if target is None:
                    target = self.targets[url] = self.conn.execute(
                        "INSERT INTO link_targets (url) VALUES (?) RETURNING id", (url,)).fetchone()[0]
                links.append((cursor.lastrowid, target))
        self.conn.executemany("INSERT OR IGNORE INTO page_links (page_id, target_id) VALUES (?, ?)", links)
        self.conn.execute("COMMIT")
        self.buffer.clear()


class BenchSpider(scrapy.Spider):
    name = "bench"
    custom_settings = {
        "CONCURRENT_REQUESTS": 100,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "DEPTH_LIMIT": 0,
        "DEPTH_PRIORITY": 1,
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "HTTPERROR_ALLOW_ALL": True,
        "DOWNLOAD_TIMEOUT": 30,
        "RETRY_TIMES": 2,
        "ITEM_PIPELINES": {SQLitePipeline: 300},
    }

    def __init__(self, roots=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with open(roots) as f:
            self.roots = [line.strip() for line in f if line.strip() and not line.startswith("#")]

    async def start(self):
        for url in self.roots:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def parse(self, response):
        title, links = None, {}
        if isinstance(response, HtmlResponse):
            title = " ".join("".join(response.xpath("//title[1]//text()").getall()).split()) or None
            for href in response.xpath("//a/@href | //area/@href").getall():
                href = href.strip()
                if not href:
                    continue
                url = urldefrag(response.urljoin(href))[0]
                if url.startswith(("http://", "https://")):
                    links[url] = None
        yield {"url": response.request.url, "status": response.status, "title": title, "links": list(links),
               "error": None}
        netloc = urlsplit(response.url).netloc
        prefixes = (f"http://{netloc}/", f"https://{netloc}/")
        for url in links:
            if url.startswith(prefixes):
                yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def failed(self, failure):
        yield {"url": failure.request.url, "status": None, "title": None, "links": [],
               "error": repr(failure.value)}
