-- trawl database schema (version 8).
--
-- This file is the one source of truth: the trawl binary embeds these exact bytes at build time and applies
-- them to create a new database. Tables, columns and views here are a public interface: query them with
-- plain sqlite3. Times stored as TEXT are ISO 8601 UTC ("2026-11-25T07:37:31.123Z"); times stored as REAL
-- are Unix seconds, used where trawl computes with them (leases, retry back-off).

PRAGMA application_id = 1953658732;  -- 'trwl': how trawl recognises its own databases
PRAGMA user_version = 8;             -- the schema version: an older database is upgraded in place on open

-- One row per URL to crawl. `url` is normalized (lower-case scheme and host, no default port, no fragment,
-- path "/" when empty, consistent percent-encoding), so a URL is never queued twice.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    url         TEXT    NOT NULL UNIQUE,
    host        TEXT    NOT NULL,              -- lower-case host, ":port" only when not the scheme's default
    depth       INTEGER NOT NULL,              -- 0 for enqueued URLs (or --depth), parent's depth + 1 for links
    state       TEXT    NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'in_progress', 'done', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,    -- requests made for this job so far
    parent_id   INTEGER REFERENCES jobs(id),   -- the page this URL was discovered on; NULL when enqueued
    not_before  REAL    NOT NULL DEFAULT 0,    -- a retried job is not fetched before this Unix time
    last_error  TEXT,                          -- why the latest attempt failed (kept while it is retried)
    lease_owner INTEGER,                       -- crawlers.id of the process working on an in_progress job
    lease_token INTEGER,                       -- fencing token of that claim: a result commits only with it
    enqueued_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT
);
-- Claiming walks one host's queued jobs in id order (breadth first); the rowid ends every index.
CREATE INDEX jobs_by_host_state ON jobs(host, state);
-- Counting and finding jobs by state, and the in_progress jobs of one crawler.
CREATE INDEX jobs_by_state ON jobs(state, lease_owner);

-- One row per finished job (state done or failed).
CREATE TABLE pages (
    job_id       INTEGER PRIMARY KEY REFERENCES jobs(id),
    url          TEXT    NOT NULL,   -- the job's URL
    final_url    TEXT,               -- after redirects
    status       INTEGER,            -- HTTP status of the final response; NULL when no response came
    title        TEXT,               -- first <title>, entities decoded, whitespace collapsed; NULL when absent
    content_type TEXT,
    bytes        INTEGER,            -- body bytes received (decoded)
    fetched_at   TEXT,               -- ISO 8601 UTC
    elapsed_ms   INTEGER,            -- time of the last request, connection included
    error        TEXT                -- NULL on success, otherwise a short human-readable reason
);
CREATE INDEX pages_by_status ON pages(status);
-- `trawl status` and the error_kinds view: failed pages counted by kind of error (see error_kinds) from this
-- index alone, however many pages failed and however varied their messages.
CREATE INDEX pages_by_error_kind
    ON pages(rtrim(substr(error, 1, min(instr(error || ':', ':'), instr(error || '(', '(')) - 1)))
    WHERE error IS NOT NULL;
-- `trawl status` and crawl_progress: pages fetched in the last minutes, without a scan.
CREATE INDEX pages_by_fetched_at ON pages(fetched_at);

-- The links of each page, stored compactly: every distinct target URL once in link_targets, and one
-- (page, target) pair per distinct target per page in page_links. Query them through the `links` view
-- below, which has the columns (job_id, url). A URL index over one row per link made every link insert a
-- random B-tree write and was most of a crawl's database time; an index over integer target ids is a
-- tenth of the size.
CREATE TABLE link_targets (
    id  INTEGER PRIMARY KEY,
    url TEXT    NOT NULL UNIQUE    -- normalized like jobs.url
);
-- Version 4: each page_links row says by which kinds of element the page links the target and whether it
-- was nofollow. The common case (kinds 1, nofollow 0) takes no bytes in a row.
CREATE TABLE page_links (
    job_id    INTEGER NOT NULL REFERENCES pages(job_id),
    target_id INTEGER NOT NULL REFERENCES link_targets(id),
    kinds     INTEGER NOT NULL DEFAULT 1,  -- bits: 1 <a>, 2 <area>, 4 <frame>, 8 <iframe>, 16 meta refresh,
                                           -- 32 <link rel=canonical>; `kinds & 16` finds refresh links
    nofollow  INTEGER NOT NULL DEFAULT 0,  -- 1: every link to it here was nofollow (rel="nofollow", or the page's
                                           -- robots directives), so it did not become a job
    PRIMARY KEY (job_id, target_id)
) WITHOUT ROWID;
-- Links by target ("which pages link here", broken_links). A crawl run that will write many links drops this
-- index when it starts and builds it again when it finishes: updating it at a random place for every link
-- cost a crawl more than a tenth of its CPU, building it once takes a single sort (0.2 s for a million
-- links). After a run that was interrupted or killed it is absent until the next `trawl crawl` finishes;
-- lookups by target URL still work meanwhile, by scanning page_links.
CREATE INDEX page_links_by_target ON page_links(target_id);

-- One row per distinct http(s) link target per page: <a href>, <area href>, <frame src>, <iframe src>, the URL
-- of a <meta http-equiv=refresh> and <link rel=canonical href>, resolved against <base href> and the final
-- URL, normalized like jobs.url; `kinds` and `nofollow` as in page_links. An empty href links the page
-- itself. `WHERE url = ?` uses link_targets' index. Inserting into and deleting from this view work too
-- (the triggers below), for scripts that maintain links themselves.
CREATE VIEW links (job_id, url, kinds, nofollow) AS
SELECT pl.job_id, t.url, pl.kinds, pl.nofollow FROM page_links pl JOIN link_targets t ON t.id = pl.target_id;
CREATE TRIGGER links_insert INSTEAD OF INSERT ON links BEGIN
    INSERT INTO link_targets (url) VALUES (NEW.url) ON CONFLICT (url) DO NOTHING;
    INSERT OR IGNORE INTO page_links (job_id, target_id, kinds, nofollow)
    SELECT NEW.job_id, id, coalesce(NEW.kinds, 1), coalesce(NEW.nofollow, 0) FROM link_targets WHERE url = NEW.url;
END;
CREATE TRIGGER links_delete INSTEAD OF DELETE ON links BEGIN
    DELETE FROM page_links
    WHERE job_id = OLD.job_id AND target_id = (SELECT id FROM link_targets WHERE url = OLD.url);
END;

-- Version 4: what a page says about itself, one row per HTML page that says something (most pages with a
-- description or a canonical link; none for a page that says nothing, so absence means NULL / 0).
CREATE TABLE page_meta (
    job_id          INTEGER PRIMARY KEY REFERENCES pages(job_id),
    canonical_url   TEXT,                        -- <link rel=canonical href>, resolved and normalized like jobs.url
    description     TEXT,                        -- first <meta name=description>, whitespace collapsed
    robots          TEXT,                        -- robots directives addressed to trawl, lower-case, comma-separated:
                                                 -- <meta name=robots>, <meta name=TOKEN> (TOKEN: the User-Agent's
                                                 -- product token, "trawl"), X-Robots-Tag and X-Robots-Tag: TOKEN:
    noindex         INTEGER NOT NULL DEFAULT 0,  -- 1: robots says noindex (or none)
    nofollow        INTEGER NOT NULL DEFAULT 0,  -- 1: robots says nofollow (or none): its links became no jobs
    links_truncated INTEGER NOT NULL DEFAULT 0   -- 1: the page had more distinct links than --max-links-per-page
);

-- Per-host job counts by state, kept by the triggers below so that status never scans jobs.
CREATE TABLE hosts (
    host        TEXT PRIMARY KEY,
    queued      INTEGER NOT NULL DEFAULT 0,
    in_progress INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO hosts (host, queued, in_progress, done, failed)
    VALUES (NEW.host, NEW.state = 'queued', NEW.state = 'in_progress', NEW.state = 'done', NEW.state = 'failed')
    ON CONFLICT (host) DO UPDATE SET
        queued = queued + excluded.queued, in_progress = in_progress + excluded.in_progress,
        done = done + excluded.done, failed = failed + excluded.failed;
END;
CREATE TRIGGER jobs_count_update AFTER UPDATE OF state ON jobs WHEN OLD.state <> NEW.state BEGIN
    UPDATE hosts SET
        queued      = queued      - (OLD.state = 'queued')      + (NEW.state = 'queued'),
        in_progress = in_progress - (OLD.state = 'in_progress') + (NEW.state = 'in_progress'),
        done        = done        - (OLD.state = 'done')        + (NEW.state = 'done'),
        failed      = failed      - (OLD.state = 'failed')      + (NEW.state = 'failed')
    WHERE host = NEW.host;
END;
CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs BEGIN
    UPDATE hosts SET
        queued = queued - (OLD.state = 'queued'), in_progress = in_progress - (OLD.state = 'in_progress'),
        done = done - (OLD.state = 'done'), failed = failed - (OLD.state = 'failed')
    WHERE host = OLD.host;
END;

-- robots.txt of each origin (scheme://host[:port]), fetched once and kept for a day (RFC 9309 §2.4), so that a
-- resumed crawl does not fetch it again.
CREATE TABLE robots (
    origin     TEXT PRIMARY KEY,
    fetched_at REAL    NOT NULL,   -- Unix time of the fetch
    status     INTEGER,            -- HTTP status of robots.txt; NULL when unreachable
    body       TEXT,               -- the rules (first 500 KiB), NULL when there are none
    error      TEXT                -- why it could not be fetched, when it could not
) WITHOUT ROWID;

-- One row per running `trawl crawl` process. Its in_progress jobs are leased to it while its heartbeat is
-- fresh; a crawler whose heartbeat is stale (or whose process is gone) loses them to the next claim.
CREATE TABLE crawlers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    pid          INTEGER NOT NULL,
    hostname     TEXT    NOT NULL,
    started_at   TEXT    NOT NULL,
    heartbeat_at REAL    NOT NULL   -- Unix time of the last lease renewal
);

-- Counters and settings of trawl itself.
CREATE TABLE trawl_meta (
    key   TEXT PRIMARY KEY,
    value
) WITHOUT ROWID;
INSERT INTO trawl_meta (key, value) VALUES ('lease_token', 0);

-- Saved settings, the runs table and link checks (schema version 5). A crawl is defined once: the first
-- `trawl crawl` (or `trawl config`) saves every crawl setting here, and later runs use them unless a flag is
-- given again (which is then saved in turn). `SELECT * FROM crawl_settings` shows the crawl's definition.
CREATE TABLE crawl_settings (
    name       TEXT PRIMARY KEY,   -- the flag without its dashes: 'rate-per-host', 'follow', 'include'
    value      TEXT NOT NULL,      -- as on the command line ('2', 'domain', 'unlimited', 'true'); a repeatable
                                   -- flag (include, exclude, strip-query) as a JSON array: '["utm_*","sid"]'
    updated_at TEXT NOT NULL       -- when this value was saved (ISO 8601 UTC)
) WITHOUT ROWID;

-- One row per `trawl crawl` run, so that a data set says how it was made. `settings` is a JSON object of every
-- setting the run used, the per-run budgets (max-pages, time-limit) included:
-- `SELECT id, started_at, json_extract(settings, '$."rate-per-host"') FROM crawl_runs`.
CREATE TABLE crawl_runs (
    id         INTEGER PRIMARY KEY,
    started_at TEXT    NOT NULL,   -- ISO 8601 UTC
    ended_at   TEXT,               -- NULL while the run goes on, or when its process was killed
    pid        INTEGER NOT NULL,
    hostname   TEXT    NOT NULL,
    settings   TEXT    NOT NULL,   -- JSON object: setting name -> value, as in crawl_settings
    changed    TEXT,               -- what the run changed in the saved settings ('--rate-per-host 2 → 5'), or NULL
    pages      INTEGER,            -- pages finished in this run (done + failed)
    done       INTEGER,
    failed     INTEGER,
    discovered INTEGER,            -- new jobs from discovered links
    ending     TEXT                -- 'queue empty', '--max-pages reached', '--time-limit reached', 'interrupted',
                                   -- or 'error: ...'
);

-- Jobs queued by --check-external: links outside the --follow scope, fetched once so that broken_links covers
-- them; their own links are neither followed nor stored.
CREATE TABLE link_checks (
    job_id INTEGER PRIMARY KEY REFERENCES jobs(id)
);

-- Jobs leased to a crawler now (state in_progress): the URL, the crawler's process, and for how long
-- (`trawl status --in-flight`). A job is leased a moment before its request starts.
CREATE VIEW in_flight AS
SELECT j.url, j.host, c.pid, c.hostname AS crawler_host, j.updated_at AS since,
       round((julianday('now') - julianday(j.updated_at)) * 86400, 1) AS seconds
FROM jobs j LEFT JOIN crawlers c ON c.id = j.lease_owner
WHERE j.state = 'in_progress'
ORDER BY j.updated_at;

-- Host leases (version 7): one crawler process serves a host at a time, so that --limit-per-host,
-- --rate-per-host, robots.txt Crawl-delay and Retry-After pauses, which each process applies to the hosts it
-- holds, hold for the whole crawl however many processes share the database. Only a host's holder claims its
-- jobs. A lease lasts until expires_at and is renewed with the holder's heartbeat; a holder that could not
-- renew stops its own requests to the host before expires_at (self-fencing), so a host whose lease has
-- expired may be taken by another crawler at once. A holder hands a host back when it has no more work for
-- it (or stops), writing next_start, so that the next holder continues the spacing instead of starting a burst.
-- A row stays after hand-back (crawler_id NULL): it carries next_start to the next holder.
CREATE TABLE host_leases (
    host         TEXT PRIMARY KEY,              -- hosts.host
    crawler_id   INTEGER,                       -- crawlers.id of the holder; NULL when handed back
    token        INTEGER NOT NULL,              -- fencing token of the grant (the claim's lease_token)
    expires_at   REAL    NOT NULL,              -- Unix time at which the lease ends unless renewed
    next_start   REAL    NOT NULL DEFAULT 0,    -- Unix time before which no request to the host may start
    min_interval REAL    NOT NULL DEFAULT 0     -- the holder's seconds between request starts to the host
) WITHOUT ROWID;
CREATE INDEX host_leases_by_crawler ON host_leases(crawler_id) WHERE crawler_id IS NOT NULL;

-- Views: the questions asked most, answered in plain sqlite3 (`sqlite3 crawl.db "SELECT * FROM broken_links"`).
-- They are computed when queried; those that scan pages or links take a while on millions of rows.

-- Links whose target was crawled and is broken: a final response of 400 or more, or no usable response
-- (`error`, e.g. "connect: connection refused (curl: …)", "HTTP 503 (after 3 attempts)", a redirect loop).
-- `page_url` is the page the link is on; `status` and `error` are the target's. Links never crawled (not
-- followed) are not listed, nor links to pages robots.txt disallows: those were not fetched, and the
-- blocked_links view lists them.
CREATE VIEW broken_links AS
SELECT src.url AS page_url, l.url AS link_url, target.status AS status, target.error AS error
FROM links l
JOIN pages src ON src.job_id = l.job_id
JOIN jobs tj ON tj.url = l.url
JOIN pages target ON target.job_id = tj.id
WHERE (target.status >= 400 OR target.error IS NOT NULL) AND target.error IS NOT 'robots.txt';

-- Links to pages that were not fetched because robots.txt disallows them (`pages.error` = 'robots.txt'):
-- whether they work is unknown. `page_url` is the page the link is on.
CREATE VIEW blocked_links AS
SELECT src.url AS page_url, l.url AS link_url
FROM links l
JOIN pages src ON src.job_id = l.job_id
JOIN jobs tj ON tj.url = l.url
JOIN pages target ON target.job_id = tj.id
WHERE target.error = 'robots.txt';

-- Pages whose final URL differs from the URL asked for: the redirects followed (`status` is the final one's).
CREATE VIEW redirects AS
SELECT job_id, url, final_url, status
FROM pages
WHERE final_url IS NOT NULL AND final_url <> url;

-- Failed pages by kind of error, most common first: the message up to its first ':' or '(', trailing spaces
-- dropped ("DNS", "connect", "TLS", "timed out", "stalled", "HTTP 503", "robots.txt"), as `trawl status` and
-- the end-of-crawl summary count them. The kind is the cause: a host whose robots.txt could not be fetched
-- has its pages failed as "connect: connection refused (fetching robots.txt, after 3 attempts; curl: …)". Reads only the pages_by_error_kind index. Find the full messages of one kind with
-- `SELECT url, error FROM pages WHERE error LIKE 'timed out%'`.
CREATE VIEW error_kinds AS
SELECT rtrim(substr(error, 1, min(instr(error || ':', ':'), instr(error || '(', '(')) - 1)) AS kind,
       count(*) AS pages
FROM pages
WHERE error IS NOT NULL
GROUP BY kind
ORDER BY pages DESC, kind;

-- One row per host: its jobs by state (from the hosts counters), its finished pages, how many of them failed,
-- the body bytes received, and the mean and 95th percentile (nearest rank) of elapsed_ms over the pages that
-- got a response time. NULL times for a host with no page yet.
CREATE VIEW host_summary AS
WITH timed AS (
    SELECT j.host, p.elapsed_ms,
           row_number() OVER (PARTITION BY j.host ORDER BY p.elapsed_ms) AS rank,
           count(*) OVER (PARTITION BY j.host) AS timed_pages
    FROM pages p JOIN jobs j ON j.id = p.job_id
    WHERE p.elapsed_ms IS NOT NULL
), times AS (
    SELECT host, round(avg(elapsed_ms), 1) AS mean_ms,
           min(CASE WHEN rank >= 0.95 * timed_pages THEN elapsed_ms END) AS p95_ms
    FROM timed GROUP BY host
), fetched AS (
    SELECT j.host, count(*) AS pages, count(p.error) AS errors, coalesce(sum(p.bytes), 0) AS bytes
    FROM pages p JOIN jobs j ON j.id = p.job_id
    GROUP BY j.host
)
SELECT h.host, h.queued + h.in_progress + h.done + h.failed AS jobs, h.queued, h.in_progress, h.done, h.failed,
       coalesce(f.pages, 0) AS pages, coalesce(f.errors, 0) AS errors, coalesce(f.bytes, 0) AS bytes,
       t.mean_ms, t.p95_ms
FROM hosts h
LEFT JOIN fetched f ON f.host = h.host
LEFT JOIN times t ON t.host = h.host;

-- One row: jobs by state over all hosts, the share finished (rounded down: 100.0 only when no job is left),
-- pages fetched in the last minute and the last
-- five minutes, the time of the latest page, and the crawler processes alive now (a heartbeat in the last 30 s).
-- Cheap to query (counters and indexes), so it can be polled during a crawl:
-- `watch -n 2 sqlite3 -header -column crawl.db "'SELECT * FROM crawl_progress'"`.
CREATE VIEW crawl_progress AS
SELECT queued, in_progress, done, failed, total,
       (1000 * (done + failed) / max(total, 1)) / 10.0 AS percent_finished,
       (SELECT count(*) FROM pages WHERE fetched_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minute'))
           AS pages_last_minute,
       (SELECT count(*) FROM pages WHERE fetched_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-5 minutes'))
           AS pages_last_5_minutes,
       (SELECT max(fetched_at) FROM pages) AS last_fetched_at,
       (SELECT count(*) FROM crawlers WHERE heartbeat_at > (julianday('now') - 2440587.5) * 86400 - 30)
           AS crawlers
FROM (SELECT coalesce(sum(queued), 0) AS queued, coalesce(sum(in_progress), 0) AS in_progress,
             coalesce(sum(done), 0) AS done, coalesce(sum(failed), 0) AS failed,
             coalesce(sum(queued + in_progress + done + failed), 0) AS total
      FROM hosts);

-- Links found on pages that did not become jobs, by reason: 'max_depth' (in the --follow scope, one level
-- beyond --max-depth), 'follow_scope' (outside the --follow scope); later versions may add reasons. `links`
-- counts distinct target URLs that were not jobs when a run met them, summed over runs (a URL met again by a
-- later run counts again). The end-of-crawl summary shows a run's own counts, `trawl status` these totals.
CREATE TABLE links_not_queued (
    reason TEXT    PRIMARY KEY,
    links  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Re-crawls (schema version 8): what identifies the version of each page stored, the history of every fetch,
-- and finished jobs by when they finished, which `trawl recrawl --older-than` and --recrawl-interval select.
-- page_versions: the ETag, Last-Modified and body hash of the version in `pages` (no row when a page has
-- none). A re-fetch sends If-None-Match / If-Modified-Since from them; a 304 keeps pages, links and the hash
-- (and takes a new ETag if the 304 carries one), any other response replaces them.
-- fetches: one row per request that finished a job (the last attempt; retries count in jobs.attempts), never
-- deleted by trawl: the history compared across crawls. Integers but the error kind, keyed by page and time
-- in one B-tree, so a fetch costs a few tens of bytes. The fetch_history view shows it with URLs and dates.
-- page_changes: each fetch whose result differs from the same page's fetch before: another body hash,
-- another error kind, or another status (a 304 is no change of status: it confirms the version before).
-- `change` says which: 'error', 'status' or 'content'.
CREATE TABLE page_versions (
    job_id        INTEGER PRIMARY KEY REFERENCES pages(job_id),
    etag          TEXT,      -- the ETag header as received (quotes and W/ included), sent back as If-None-Match
    last_modified TEXT,      -- the Last-Modified header as received, sent back as If-Modified-Since
    body_hash     INTEGER    -- first 8 bytes of the SHA-256 of the decoded body, big-endian, as a signed integer
                             -- (printf '%016x' gives sha256sum's first 16 digits); NULL when the body was not
                             -- kept (not HTML)
);
CREATE TABLE fetches (
    job_id     INTEGER NOT NULL,   -- jobs.id
    at         INTEGER NOT NULL,   -- Unix time of the fetch in milliseconds: datetime(at / 1000, 'unixepoch')
    status     INTEGER,            -- HTTP status (304: not modified since the fetch before); NULL: no response
    body_hash  INTEGER,            -- as page_versions.body_hash; a 304 repeats the hash of the version it confirms
    bytes      INTEGER,            -- body bytes received (decoded)
    elapsed_ms INTEGER,            -- time of the request, connection included
    error      TEXT,               -- the kind of error, as error_kinds names it ('timed out', 'HTTP 503',
                                   -- 'connect'); NULL on success. pages.error has the full message.
    PRIMARY KEY (job_id, at)
) WITHOUT ROWID;
CREATE INDEX jobs_finished_by_time ON jobs(updated_at) WHERE state IN ('done', 'failed');
CREATE VIEW fetch_history AS
SELECT f.job_id, j.url, strftime('%Y-%m-%dT%H:%M:%fZ', f.at / 1000.0, 'unixepoch') AS fetched_at, f.status,
       f.body_hash, f.bytes, f.elapsed_ms, f.error
FROM fetches f JOIN jobs j ON j.id = f.job_id;
CREATE VIEW page_changes AS
WITH ordered AS (
    SELECT job_id, at, status, body_hash, error,
           lag(at) OVER history AS previous_at, lag(status) OVER history AS previous_status,
           lag(body_hash) OVER history AS previous_hash, lag(error) OVER history AS previous_error
    FROM fetches
    WINDOW history AS (PARTITION BY job_id ORDER BY at)
)
SELECT o.job_id, j.url,
       strftime('%Y-%m-%dT%H:%M:%fZ', o.previous_at / 1000.0, 'unixepoch') AS previous_fetched_at,
       strftime('%Y-%m-%dT%H:%M:%fZ', o.at / 1000.0, 'unixepoch') AS fetched_at,
       o.previous_status, o.status, o.previous_hash, o.body_hash, o.previous_error, o.error,
       CASE WHEN o.previous_error IS NOT o.error THEN 'error'
            WHEN o.previous_status IS NOT o.status AND o.status <> 304 AND o.previous_status <> 304 THEN 'status'
            ELSE 'content' END AS change
FROM ordered o JOIN jobs j ON j.id = o.job_id
WHERE o.previous_at IS NOT NULL
  AND (o.previous_hash IS NOT o.body_hash OR o.previous_error IS NOT o.error
       OR (o.previous_status IS NOT o.status AND o.status <> 304 AND o.previous_status <> 304));
