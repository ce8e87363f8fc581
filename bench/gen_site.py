#!/usr/bin/env python3
"""Generates the benchmark's site: a deterministic, realistic static web site over 8 loopback hosts.

Same seed and page count, same bytes. Layout of OUT (default bench/work):
  site/127.0.0.K/...          the files nginx serves, one directory per host (its document root)
  manifest.tsv                url, file (relative to site/), title, links, same_host_links, bytes
  roots.txt                   the 8 roots, http://127.0.0.K:PORT/ (https:// with --scheme https)
  paths/127.0.0.K.txt         every page path of one host (with its query), for wrk
  site.json                   the generator's parameters and totals

The site:
  * N pages over 8 hosts 127.0.0.2 .. 127.0.0.9, on one port. Each host has a root page (/), section index
    pages (/docs/, /docs/api/ ...), article pages (/docs/api/quiet-river-123.html) and "archive" pages whose
    URL carries a query string (/archive?id=123&view=full; nginx maps them to archive/123.html, see run.sh).
  * HTML of 10-60 KB (triangular distribution, median about 30 KB): head with meta, inline style and script,
    header with nav, breadcrumbs, article with headings, paragraphs, lists and tables, related links, footer.
  * 20-80 <a href> per page, written as a crawler meets them on the web: relative (p.html, ../x/, ./),
    root-relative, absolute, protocol-relative, with #fragments, with &amp; in query strings; links to the
    other 7 hosts and to external sites (https://example.org/...), a mailto: and a "#main" skip link.
  * Every page reachable from its host's root through same-host links (a random spanning tree: each page is
    linked from a random earlier page), checked here by a breadth-first walk before the files are written.

The manifest's `links` is the number of distinct http(s) link targets of a page after resolution with the
fragment dropped (what a crawler stores per page: a fragment-only link is the page itself; mailto: is not
counted); `same_host_links` the number among them on the page's own host (what a crawler follows).
"""

import argparse
import json
import multiprocessing
import os
import posixpath
import random
import shutil
import sys

HOSTS = [f"127.0.0.{k}" for k in range(2, 10)]
# "https" for the TLS benchmark (bench/tls.sh): absolute links, roots and the manifest then say https://.
SCHEME = "http"

WORDS = """
able about above access account across action active actual adapter address advance agent album algorithm
alpine amber anchor angle annual answer apple archive argument arrow article aspect asset atlas audio author
autumn avenue balance ballad banner barrel basin batch beacon bearing beacon belt bench binary birch blade
blossom border bottle boundary branch bridge brief bright broad bucket budget buffer builder bundle button
cable cache canvas canyon capital carbon career cargo carpet castle catalog cedar center channel chapter
charter cipher circle citrus clarity cloud cluster coast cobalt column comet commerce compass concert
context copper corner cotton council counter course crater credit crystal current cursor cycle dance
dataset debate decade delta depot desert design detail dialog digest direct domain draft drift dune
eagle echo editor effort elder element ember engine entry equator estate event export fabric factor
falcon feature ferry fiber field figure filter finch fjord flame fleet format forest fossil frame
freight fresco frontier future galaxy garden gateway gentle glacier global granite graph gravel
harbor harvest header helix heron highway history horizon hollow index inlet input island ivory
jasmine journal journey junction kernel kettle lantern ledger legend lemon lens letter library
lighthouse limestone linen listing locker logic lumber magnet manor marble margin market meadow
measure medal memory mentor meridian method metric mineral mirror module moment monitor mosaic
motion mountain museum native needle network noble notebook number oasis object ocean office
olive option orbit orchard origin outline oxygen packet paddle palace panel parcel pasture
pattern pebble pepper period pilot pine pixel planet plaza pocket polar portal prairie preview
prism profile project prompt quarry quartz query quiet radar radius rapid record reef region
relay report ribbon ridge river rocket route saddle salmon sample satellite scale schema scholar
season sector segment signal silver sketch slate socket solar sonnet source spark spiral spruce
stable station stone stream summit switch symbol system table talent tangent temple terrace
thicket thread throne timber token topic tower trail travel trellis tunnel update valley vector
velvet venture vertex village violet vision volume voyage walnut window winter yellow zenith
""".split()

TOP_SECTIONS = ["docs", "blog", "news", "guides", "products", "support", "research", "community", "events",
                "reference", "press", "about"]
SUB_SECTIONS = ["overview", "api", "tutorials", "2023", "2024", "releases", "faq", "team", "archive-notes",
                "downloads", "case-studies", "howto"]

CSS = (
    "body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}"
    ".site-header{display:flex;align-items:center;padding:.5rem 1rem;background:#123;color:#fff}"
    ".site-header a{color:#fff;text-decoration:none}.main-nav ul{display:flex;gap:1rem;list-style:none}"
    "main{max-width:52rem;margin:0 auto;padding:1rem}article h1{font-size:2rem;line-height:1.2}"
    "article p{line-height:1.6}.meta{color:#666;font-size:.9rem}.related ul{columns:2}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
    "footer{padding:2rem 1rem;background:#eee;font-size:.9rem}.skip{position:absolute;left:-999px}"
)
SCRIPT = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('js',new Date());document.addEventListener('DOMContentLoaded',function(){"
    "var b=document.querySelector('.menu-toggle');if(b){b.addEventListener('click',function(){"
    "document.body.classList.toggle('menu-open')})}});"
)


def html_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def sentence(rng, lo, hi):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def build_pool(seed, count=3000):
    """Paragraphs to draw page text from, each split in two halves so that a link can go in between."""
    rng = random.Random(f"{seed}:pool")
    pool = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(3, 8)):
            text = sentence(rng, 6, 18)
            roll = rng.random()
            if roll < 0.15:
                word = rng.choice(WORDS)
                text = text.replace(word, f"<em>{word}</em>", 1) if word in text else text
            elif roll < 0.25:
                text += f" <code>{rng.choice(WORDS)}_{rng.choice(WORDS)}()</code>"
            elif roll < 0.3:
                text += f" <strong>{rng.choice(WORDS)} {rng.choice(WORDS)}</strong>"
            parts.append(text)
        cut = rng.randint(1, len(parts) - 1) if len(parts) > 1 else 1
        pool.append((" ".join(parts[:cut]) + " ", " " + " ".join(parts[cut:])))
    return pool


class Page:
    __slots__ = ("host", "index", "path", "query", "file", "title", "kind", "parent", "children", "size",
                 "link_count")

    def __init__(self, host, index, path, query, file, title, kind):
        self.host, self.index, self.path, self.query, self.file = host, index, path, query, file
        self.title, self.kind = title, kind
        self.parent = None
        self.children = []
        self.size = 0
        self.link_count = 0

    @property
    def target(self):
        """Path and query, as in a request line."""
        return self.path + ("?" + self.query if self.query else "")

    @property
    def directory(self):
        return self.path if self.path.endswith("/") else posixpath.dirname(self.path) + "/"


def plan_host(seed, host_number, host, count):
    """The pages of one host (URLs, titles, sizes, link budgets, spanning tree): cheap, no HTML yet."""
    rng = random.Random(f"{seed}:plan:{host}")
    site_name = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS).capitalize()} {host_number}"
    pages = [Page(host, 0, "/", "", "index.html", f"{site_name} — home", "root")]
    directories = []
    for top in TOP_SECTIONS:
        directories.append(f"/{top}/")
        for sub in rng.sample(SUB_SECTIONS, rng.randint(1, 4)):
            directories.append(f"/{top}/{sub}/")
    for directory in directories:
        if len(pages) >= count:
            break
        name = " ".join(part.replace("-", " ").capitalize() for part in directory.strip("/").split("/"))
        pages.append(Page(host, len(pages), directory, "", directory.lstrip("/") + "index.html",
                          f"{name} — {site_name}", "section"))
    while len(pages) < count:
        index = len(pages)
        words = [rng.choice(WORDS) for _ in range(rng.randint(2, 5))]
        phrase = " ".join(words).capitalize()
        decoration = rng.random()
        if decoration < 0.2:
            phrase = f"{phrase} &amp; {rng.choice(WORDS)}"        # an entity in the title
        elif decoration < 0.3:
            phrase = f"Café {phrase}"                              # non-ASCII (UTF-8)
        if rng.random() < 0.1:
            page = Page(host, index, "/archive", f"id={index}&view=full", f"archive/{index}.html",
                        f"Archive {index}: {phrase} — {site_name}", "archive")
        else:
            directory = rng.choice(directories)
            page = Page(host, index, f"{directory}{'-'.join(words)}-{index}.html", "",
                        f"{directory.lstrip('/')}{'-'.join(words)}-{index}.html",
                        f"{phrase} ({index}) — {site_name}", "article")
        pages.append(page)
    for page in pages[1:]:
        page.parent = pages[rng.randrange(page.index)]  # a random earlier page: all reachable from the root
        page.parent.children.append(page.index)
    for page in pages:
        page.size = int(rng.triangular(10_240, 61_440, 24_576))  # 10-60 KB, median about 30 KB
        page.link_count = max(rng.randint(20, 80), len(page.children) + 16)
    return {"host": host, "site_name": site_name, "pages": pages, "nav": [p.index for p in pages[1:8]]}


class LinkWriter:
    """Spells links to targets the way real pages do, and records each one's resolved URL."""

    def __init__(self, rng, port, source):
        self.rng, self.port, self.source = rng, port, source
        self.resolved = set()

    def url(self, page):
        return f"{SCHEME}://{page.host}:{self.port}{page.target}"

    def href(self, page, fragment_ok=True):
        rng, source = self.rng, self.source
        self.resolved.add(self.url(page))
        roll = rng.random()
        if page.host != source.host:
            form = "absolute" if roll < 0.9 else "protocol"
        elif roll < 0.36:
            form = "relative"
        elif roll < 0.68:
            form = "root"
        elif roll < 0.95:
            form = "absolute"
        else:
            form = "protocol"
        target_path = page.path
        if form == "relative":
            start = source.directory.rstrip("/") or "/"
            rel = posixpath.relpath(target_path.rstrip("/") or "/", start)
            if target_path.endswith("/"):
                rel = "./" if rel == "." else rel + "/"
            elif rel == "." or rng.random() < 0.1:
                rel = "./" + rel if rel != "." else "./"
            href = rel
        elif form == "root":
            href = target_path
        elif form == "absolute":
            href = f"{SCHEME}://{page.host}:{self.port}{target_path}"
        else:
            href = f"//{page.host}:{self.port}{target_path}"
        if page.query:
            href += "?" + page.query
        if fragment_ok and rng.random() < 0.12:
            href += f"#sec-{rng.randint(1, 9)}"
        return html_escape(href)

    def external(self):
        rng = self.rng
        url = f"https://{rng.choice(['example.org', 'www.example.com', 'docs.example.net'])}/" \
              f"{rng.choice(WORDS)}/{rng.choice(WORDS)}-{rng.randint(1, 999)}"
        self.resolved.add(url)
        return url


def render_page(seed, port, plan, all_plans, page, pool):
    """The HTML of one page, and its manifest row."""
    rng = random.Random(f"{seed}:page:{page.host}:{page.index}")
    pages = plan["pages"]
    links = LinkWriter(rng, port, page)
    anchors = 0

    def a(target, text, cls=None):
        nonlocal anchors
        anchors += 1
        attr = f' class="{cls}"' if cls else ""
        return f'<a href="{links.href(target)}"{attr}>{text}</a>'

    def anchor_text():
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))

    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{'  ' if rng.random() < 0.1 else ''}{page.title}</title>\n"
        f'<meta name="description" content="{html_escape(sentence(rng, 10, 20))}">\n'
        f'<meta property="og:title" content="{page.title}">\n'
        f"<style>{CSS}</style>\n<script>{SCRIPT}</script>\n</head>\n"
    )
    links.resolved.add(links.url(page))  # the skip link below: a fragment-only link is the page itself
    anchors += 1
    top = [f'<body class="page-{page.kind}">\n<a class="skip" href="#main">Skip to content</a>\n',
           '<header class="site-header">\n<div class="logo">', a(pages[0], plan["site_name"]), "</div>\n",
           '<button class="menu-toggle" type="button">Menu</button>\n<nav class="main-nav"><ul>\n']
    for index in plan["nav"]:
        top.append(f"<li>{a(pages[index], pages[index].title.split(' — ')[0])}</li>\n")
    top.append("</ul></nav>\n</header>\n")
    if page.parent is not None:
        top.append(f'<div class="breadcrumbs">{a(pages[0], "Home")} › '
                   f'{a(page.parent, page.parent.title.split(" — ")[0])} › <span>{page.title}</span></div>\n')
    top.append(f'<main id="main">\n<article>\n<h1>{page.title.split(" — ")[0]}</h1>\n'
               f'<p class="meta">Published {2015 + rng.randrange(10)}-{rng.randint(1, 12):02d}-'
               f'{rng.randint(1, 28):02d} by {rng.choice(WORDS).capitalize()} '
               f'{rng.choice(WORDS).capitalize()}</p>\n')

    footer_links = [a(pages[rng.randrange(len(pages))], "Privacy"), a(pages[rng.randrange(len(pages))], "Contact")]
    anchors += 2
    external = links.external()
    footer = ('<footer>\n<p>' + " · ".join(footer_links) +
              f' · <a href="mailto:webmaster@{page.host}">Webmaster</a>'
              f' · <a href="{external}" rel="nofollow">Partner site</a></p>\n'
              f"<p>© {plan['site_name']}. All rights reserved.</p>\n</footer>\n</body>\n</html>\n")

    children = [pages[i] for i in page.children]
    used = anchors + len(children)
    budget = max(0, page.link_count - used)
    body_links = []
    others = [p for p in all_plans if p["host"] != page.host]
    for _ in range(budget):
        roll = rng.random()
        if roll < 0.85:
            body_links.append(a(pages[rng.randrange(len(pages))], anchor_text()))
        elif roll < 0.95:
            other = rng.choice(others)["pages"]
            body_links.append(a(other[rng.randrange(len(other))], anchor_text()))
        else:
            anchors += 1
            body_links.append(f'<a href="{links.external()}">{anchor_text()}</a>')
    child_links = [f"<li>{a(child, child.title.split(' — ')[0])}</li>\n" for child in children]

    fixed = len(head) + sum(map(len, top)) + len(footer) + sum(map(len, child_links)) + 200
    body = []
    size = fixed
    link_iter = iter(body_links)
    pending = len(body_links)
    section = 1
    while size < page.size:
        if rng.random() < 0.2:
            heading = f'<h2 id="sec-{section}">{sentence(rng, 2, 6)[:-1]}</h2>\n'
            section += 1
            body.append(heading)
            size += len(heading)
        roll = rng.random()
        if roll < 0.12:
            items = "".join(f"<li>{sentence(rng, 3, 10)}</li>" for _ in range(rng.randint(3, 8)))
            tag = "ul" if rng.random() < 0.7 else "ol"
            block = f"<{tag}>{items}</{tag}>\n"
        elif roll < 0.16:
            rows = "".join(f"<tr><td>{rng.choice(WORDS)}</td><td>{rng.randint(1, 9999)}</td>"
                           f"<td>{rng.choice(WORDS)} {rng.choice(WORDS)}</td></tr>" for _ in range(rng.randint(3, 10)))
            block = f"<table><thead><tr><th>Name</th><th>Value</th><th>Notes</th></tr></thead><tbody>{rows}</tbody></table>\n"
        else:
            first, second = rng.choice(pool)
            link = next(link_iter, None) if pending and rng.random() < 0.7 else None
            if link is not None:
                pending -= 1
            block = f"<p>{first}{link or ''}{second}</p>\n"
        body.append(block)
        size += len(block)
    related = [f"<li>{link}</li>\n" for link in link_iter]
    parts = [head, *top, *body]
    if related:
        parts += ['<section class="related">\n<h2>Related</h2>\n<ul>\n', *related, "</ul>\n</section>\n"]
    if child_links:
        parts += ['<section class="children">\n<h2>In this section</h2>\n<ul>\n', *child_links, "</ul>\n</section>\n"]
    parts += ["</article>\n</main>\n", footer]
    html = "".join(parts).encode("utf-8")

    same_host_prefix = f"{SCHEME}://{page.host}:{port}/"
    same_host = sum(1 for url in links.resolved if url.startswith(same_host_prefix))
    title = page.title.replace("&amp;", "&")
    return html, (links.url(page), f"{page.host}/{page.file}", title, len(links.resolved), same_host, len(html))


def check_reachable(plans, port):
    """Every page is reachable from its host's root through same-host links (the spanning tree)."""
    for plan in plans:
        pages = plan["pages"]
        seen = {0}
        frontier = [0]
        while frontier:
            following = []
            for index in frontier:
                for child in pages[index].children:
                    if child not in seen:
                        seen.add(child)
                        following.append(child)
            frontier = following
        if len(seen) != len(pages):
            sys.exit(f"gen_site: {plan['host']}: {len(pages) - len(seen)} pages unreachable (bug)")


_WORKER = {}


def _init_worker(seed, port, plans, out, scheme="http"):
    global SCHEME
    SCHEME = scheme
    _WORKER.update(seed=seed, port=port, plans=plans, out=out, pool=build_pool(seed))


def _render_host(host_number):
    seed, port, plans, out, pool = (_WORKER[k] for k in ("seed", "port", "plans", "out", "pool"))
    plan = plans[host_number]
    root = os.path.join(out, "site", plan["host"])
    rows = []
    made = set()
    for page in plan["pages"]:
        html, row = render_page(seed, port, plan, plans, page, pool)
        path = os.path.join(root, page.file)
        directory = os.path.dirname(path)
        if directory not in made:
            os.makedirs(directory, exist_ok=True)
            made.add(directory)
        with open(path, "wb") as f:
            f.write(html)
        rows.append(row)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20_000, help="pages in all (default 20000)")
    parser.add_argument("--port", type=int, default=8080, help="the port every host serves on (default 8080)")
    parser.add_argument("--scheme", choices=["http", "https"], default="http",
                        help="scheme of absolute links and roots (default http; https for bench/tls.sh)")
    parser.add_argument("--seed", default="trawl-bench-1", help="random seed (default trawl-bench-1)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work"),
                        help="output directory (default bench/work)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: cores)")
    args = parser.parse_args()
    if args.pages < 8 * 40:
        sys.exit("gen_site: --pages must be at least 320")

    global SCHEME
    SCHEME = args.scheme
    out = os.path.abspath(args.out)
    shutil.rmtree(os.path.join(out, "site"), ignore_errors=True)
    shutil.rmtree(os.path.join(out, "paths"), ignore_errors=True)
    os.makedirs(os.path.join(out, "paths"), exist_ok=True)
    counts = [args.pages // len(HOSTS) + (1 if i < args.pages % len(HOSTS) else 0) for i in range(len(HOSTS))]
    plans = [plan_host(args.seed, i + 1, host, counts[i]) for i, host in enumerate(HOSTS)]
    check_reachable(plans, args.port)

    with multiprocessing.Pool(max(1, args.jobs), _init_worker, (args.seed, args.port, plans, out, args.scheme)) as workers:
        results = workers.map(_render_host, range(len(plans)))

    rows = [row for host_rows in results for row in host_rows]
    with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("url\tfile\ttitle\tlinks\tsame_host_links\tbytes\n")
        for row in rows:
            f.write("\t".join(map(str, row)) + "\n")
    with open(os.path.join(out, "roots.txt"), "w") as f:
        f.writelines(f"{SCHEME}://{host}:{args.port}/\n" for host in HOSTS)
    for plan in plans:
        with open(os.path.join(out, "paths", plan["host"] + ".txt"), "w") as f:
            f.writelines(page.target + "\n" for page in plan["pages"])
    sizes = sorted(row[5] for row in rows)
    summary = {
        "pages": len(rows), "hosts": HOSTS, "port": args.port, "seed": args.seed,
        "bytes": sum(sizes), "median_bytes": sizes[len(sizes) // 2], "min_bytes": sizes[0], "max_bytes": sizes[-1],
        "links": sum(row[3] for row in rows), "same_host_links": sum(row[4] for row in rows),
        "query_pages": sum(1 for plan in plans for p in plan["pages"] if p.query),
    }
    with open(os.path.join(out, "site.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(f"gen_site: {summary['pages']} pages on {len(HOSTS)} hosts, {summary['bytes'] / 1e6:.0f} MB "
          f"(median {summary['median_bytes'] / 1024:.1f} KB), {summary['links']} distinct links "
          f"({summary['same_host_links']} same-host), {summary['query_pages']} pages with a query string")


if __name__ == "__main__":
    main()
