/// In-place upgrades of databases made by older trawl versions: every step from one schema version to the
/// next lives here, and nowhere else.
///
/// `schema.sql` stays the one source of truth for new databases; a step here turns a database of version N
/// into exactly what `schema.sql` of version N + 1 creates (same tables, indexes, views and triggers, same SQL
/// text in `sqlite_master`), which the migration test checks against a fresh database. Steps are history: once
/// released, a step never changes; a later schema change is a new step.
enum Migrations {
    /// One upgrade: SQL that turns a database of version `from` into version `from + 1`.
    struct Step {
        let from: Int64
        let sql: String
    }

    static let steps: [Step] = [
        Step(from: 1, sql: version1To2),
        Step(from: 2, sql: version2To3),
        Step(from: 3, sql: linksNotQueuedAndBlockedLinks),
        Step(from: 4, sql: savedSettingsRunsAndLinkChecks),
        Step(from: 5, sql: pageMetaAndLinkKinds),
        Step(from: 6, sql: hostLeasesTable),
        Step(from: 7, sql: pageVersionsAndFetchHistory),
    ]

    /// Upgrades the database to `Schema.version` in one write transaction: all steps or none. Another process
    /// may have upgraded it meanwhile, so the version is read again under the write lock.
    static func upgrade(_ connection: SQLiteConnection, path: String) throws(StoreError) {
        var version: Int64 = 0
        do {
            try connection.writeTransaction {
                version = try connection.scalar("PRAGMA user_version")?.integer ?? 0
                while version < Schema.version {
                    guard let step = steps.first(where: { $0.from == version }) else {
                        throw StoreError.cannotOpen(
                            path: path, reason: "schema version \(version) is not one this trawl can upgrade")
                    }
                    try connection.execute(step.sql)
                    try connection.execute("PRAGMA user_version = \(version + 1)")
                    version += 1
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "upgrading it from schema version \(version) to \(Schema.version) "
                                + "failed, so it was left as it was: \(error)")
        }
    }

    /// Version 2: the robots.txt cache; indexes for `trawl status` (kinds of error, recent pages); the views
    /// broken_links, redirects, error_kinds, host_summary and crawl_progress.
    static let version1To2 = """
        CREATE TABLE robots (
            origin     TEXT PRIMARY KEY,
            fetched_at REAL    NOT NULL,   -- Unix time of the fetch
            status     INTEGER,            -- HTTP status of robots.txt; NULL when unreachable
            body       TEXT,               -- the rules (first 500 KiB), NULL when there are none
            error      TEXT                -- why it could not be fetched, when it could not
        ) WITHOUT ROWID;
        CREATE INDEX pages_by_error_kind
            ON pages(rtrim(substr(error, 1, min(instr(error || ':', ':'), instr(error || '(', '(')) - 1)))
            WHERE error IS NOT NULL;
        CREATE INDEX pages_by_fetched_at ON pages(fetched_at);
        CREATE VIEW broken_links AS
        SELECT src.url AS page_url, l.url AS link_url, target.status AS status, target.error AS error
        FROM links l
        JOIN pages src ON src.job_id = l.job_id
        JOIN jobs tj ON tj.url = l.url
        JOIN pages target ON target.job_id = tj.id
        WHERE target.status >= 400 OR target.error IS NOT NULL;
        CREATE VIEW redirects AS
        SELECT job_id, url, final_url, status
        FROM pages
        WHERE final_url IS NOT NULL AND final_url <> url;
        CREATE VIEW error_kinds AS
        SELECT rtrim(substr(error, 1, min(instr(error || ':', ':'), instr(error || '(', '(')) - 1)) AS kind,
               count(*) AS pages
        FROM pages
        WHERE error IS NOT NULL
        GROUP BY kind
        ORDER BY pages DESC, kind;
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
        CREATE VIEW crawl_progress AS
        SELECT queued, in_progress, done, failed, total,
               round(100.0 * (done + failed) / max(total, 1), 1) AS percent_finished,
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
        """

    /// Version 3: links stored compactly (link_targets once per URL, page_links as integer pairs) behind a
    /// `links` view with the same columns, because a URL index over every link row was most of a crawl's
    /// database time. The rows of the old table are carried over.
    static let version2To3 = """
        CREATE TABLE link_targets (
            id  INTEGER PRIMARY KEY,
            url TEXT    NOT NULL UNIQUE    -- normalized like jobs.url
        );
        CREATE TABLE page_links (
            job_id    INTEGER NOT NULL REFERENCES pages(job_id),
            target_id INTEGER NOT NULL REFERENCES link_targets(id),
            PRIMARY KEY (job_id, target_id)
        ) WITHOUT ROWID;
        CREATE INDEX page_links_by_target ON page_links(target_id);
        INSERT INTO link_targets (url) SELECT DISTINCT url FROM links;
        INSERT INTO page_links (job_id, target_id) SELECT l.job_id, t.id FROM links l JOIN link_targets t ON t.url = l.url;
        DROP TABLE links;
        CREATE VIEW links (job_id, url) AS
        SELECT pl.job_id, t.url FROM page_links pl JOIN link_targets t ON t.id = pl.target_id;
        CREATE TRIGGER links_insert INSTEAD OF INSERT ON links BEGIN
            INSERT INTO link_targets (url) VALUES (NEW.url) ON CONFLICT (url) DO NOTHING;
            INSERT OR IGNORE INTO page_links (job_id, target_id) SELECT NEW.job_id, id FROM link_targets WHERE url = NEW.url;
        END;
        CREATE TRIGGER links_delete INSTEAD OF DELETE ON links BEGIN
            DELETE FROM page_links
            WHERE job_id = OLD.job_id AND target_id = (SELECT id FROM link_targets WHERE url = OLD.url);
        END;
        """

    /// Version 4: what results say. The links_not_queued counters (links dropped by --max-depth and the
    /// --follow scope, shown by the summary and `trawl status`); broken_links without the pages robots.txt
    /// disallows (not fetched, so not known broken), which the new blocked_links view lists; crawl_progress's
    /// percent_finished rounded down, so that it says 100.0 only when no job is left.
    static let linksNotQueuedAndBlockedLinks = """
        DROP VIEW broken_links;
        CREATE VIEW broken_links AS
        SELECT src.url AS page_url, l.url AS link_url, target.status AS status, target.error AS error
        FROM links l
        JOIN pages src ON src.job_id = l.job_id
        JOIN jobs tj ON tj.url = l.url
        JOIN pages target ON target.job_id = tj.id
        WHERE (target.status >= 400 OR target.error IS NOT NULL) AND target.error IS NOT 'robots.txt';
        CREATE VIEW blocked_links AS
        SELECT src.url AS page_url, l.url AS link_url
        FROM links l
        JOIN pages src ON src.job_id = l.job_id
        JOIN jobs tj ON tj.url = l.url
        JOIN pages target ON target.job_id = tj.id
        WHERE target.error = 'robots.txt';
        DROP VIEW crawl_progress;
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
        CREATE TABLE links_not_queued (
            reason TEXT    PRIMARY KEY,
            links  INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        """

    /// Version 5: saved crawl settings (crawl_settings), one row per run (crawl_runs), the jobs that
    /// --check-external queued (link_checks) and the in_flight view. Only new objects: nothing is rewritten.
    static let savedSettingsRunsAndLinkChecks = """
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
        """

    /// Version 6: `page_meta` (canonical URL, description, robots directives, links cut by the cap) and the
    /// kinds and nofollow flag of each `page_links` row, shown by the `links` view. page_links is rebuilt
    /// (SQLite cannot add a column to it with the text a new database has): renamed, copied into the new
    /// table with every existing link as a followed `<a>`, dropped; its index, the `links` view and its
    /// triggers are made again. `broken_links` names the view, not the table, and is untouched.
    static let pageMetaAndLinkKinds = """
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
        ALTER TABLE page_links RENAME TO page_links_version3;
        CREATE TABLE page_links (
            job_id    INTEGER NOT NULL REFERENCES pages(job_id),
            target_id INTEGER NOT NULL REFERENCES link_targets(id),
            kinds     INTEGER NOT NULL DEFAULT 1,  -- bits: 1 <a>, 2 <area>, 4 <frame>, 8 <iframe>, 16 meta refresh,
                                                   -- 32 <link rel=canonical>; `kinds & 16` finds refresh links
            nofollow  INTEGER NOT NULL DEFAULT 0,  -- 1: every link to it here was nofollow (rel="nofollow", or the page's
                                                   -- robots directives), so it did not become a job
            PRIMARY KEY (job_id, target_id)
        ) WITHOUT ROWID;
        INSERT INTO page_links (job_id, target_id) SELECT job_id, target_id FROM page_links_version3 ORDER BY 1, 2;
        DROP VIEW links;
        DROP TABLE page_links_version3;
        CREATE INDEX page_links_by_target ON page_links(target_id);
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
        """

    /// Version 7: host leases, so that one crawler process serves a host at a time and the per-host bounds
    /// hold across processes sharing the database.
    static let hostLeasesTable = """
        CREATE TABLE host_leases (
            host         TEXT PRIMARY KEY,              -- hosts.host
            crawler_id   INTEGER,                       -- crawlers.id of the holder; NULL when handed back
            token        INTEGER NOT NULL,              -- fencing token of the grant (the claim's lease_token)
            expires_at   REAL    NOT NULL,              -- Unix time at which the lease ends unless renewed
            next_start   REAL    NOT NULL DEFAULT 0,    -- Unix time before which no request to the host may start
            min_interval REAL    NOT NULL DEFAULT 0     -- the holder's seconds between request starts to the host
        ) WITHOUT ROWID;
        CREATE INDEX host_leases_by_crawler ON host_leases(crawler_id) WHERE crawler_id IS NOT NULL;
        """

    /// Version 8: re-crawls. `page_versions` (ETag, Last-Modified, body hash of the stored version), the
    /// `fetches` history, the index of finished jobs by time, and the views `fetch_history` and
    /// `page_changes`. Only new objects: nothing is rewritten.
    static let pageVersionsAndFetchHistory = """
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
        """
}
