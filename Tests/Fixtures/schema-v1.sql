-- trawl database schema (version 1).
--
-- This file is the one source of truth: the trawl binary embeds these exact bytes at build time and applies
-- them to create a new database. Tables, columns and views here are a public interface: query them with
-- plain sqlite3. Times stored as TEXT are ISO 8601 UTC ("2026-11-25T07:37:31.123Z"); times stored as REAL
-- are Unix seconds, used where trawl computes with them (leases, retry back-off).

PRAGMA application_id = 1953658732;  -- 'trwl': how trawl recognises its own databases
PRAGMA user_version = 1;             -- the schema version, for in-place upgrades

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

-- One row per distinct http(s) link target per page: <a href> and <area href>, resolved against <base href>
-- and the final URL, normalized like jobs.url.
CREATE TABLE links (
    job_id INTEGER NOT NULL REFERENCES pages(job_id),
    url    TEXT    NOT NULL,
    PRIMARY KEY (job_id, url)
) WITHOUT ROWID;
CREATE INDEX links_by_url ON links(url);

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
