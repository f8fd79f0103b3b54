"""A static host on loopback for the browser benchmark: `python bench/static_server.py FOLDER PORT`.

Python's http.server, configured as web servers are: HTTP/1.1 with kept-alive
connections, and Nagle's algorithm off (nginx's `tcp_nodelay on`, its
default). With it on, a response written as headers then body waits for the
browser's delayed acknowledgement, about 40 ms, on every reused connection.

Responses are gzip-compressed as hosts serve them (Content-Encoding: gzip, to
a browser that accepts it): a file's precompressed `NAME.gz` twin when there
is one (nginx's `gzip_static`), else text, JSON, JavaScript, SVG and
WebAssembly compressed at level 9 once and kept in memory, so that no request
waits for the compression but the first. Other files (images, Pagefind's
own `.pf_*` files, which it compresses itself) go as they are.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
import threading

COMPRESSED_TYPES = {"text/html", "text/css", "text/javascript", "text/plain", "text/xml", "text/csv", "text/calendar",
                    "application/json", "application/javascript", "application/xml", "application/rss+xml",
                    "application/atom+xml", "application/geo+json", "application/manifest+json", "image/svg+xml", "application/wasm"}

_cache: dict[tuple[str, float], bytes] = {}
_lock = threading.Lock()


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (not `gzip;q=0`)."""
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=").strip() if params.strip().startswith("q=") else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


def gzipped(path: str, content_type: str) -> bytes | None:
    """The gzip body to send for `path`, or None to send it as it is."""
    twin = path + ".gz"
    if os.path.isfile(twin):
        with open(twin, "rb") as handle:
            return handle.read()
    if content_type.split(";")[0].strip() not in COMPRESSED_TYPES:
        return None
    key = (path, os.stat(path).st_mtime)
    with _lock:
        if key not in _cache:
            with open(path, "rb") as handle:
                _cache[key] = gzip.compress(handle.read(), compresslevel=9, mtime=0)
        return _cache[key]


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript",
                      ".mjs": "text/javascript", ".json": "application/json"}

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or not accepts_gzip(self.headers.get("Accept-Encoding")):
            return super().send_head()
        content_type = self.guess_type(path)
        body = gzipped(path, content_type)
        if body is None:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._gzip_body = body
        return None

    def do_GET(self):
        self._gzip_body = None
        head = self.send_head()
        if self._gzip_body is not None:
            self.wfile.write(self._gzip_body)
        elif head:
            try:
                self.copyfile(head, self.wfile)
            finally:
                head.close()

    def do_HEAD(self):
        self._gzip_body = None
        head = self.send_head()
        if head:
            head.close()

    def log_message(self, format, *args):
        pass


def main(folder: str, port: str) -> None:
    handler = functools.partial(StaticHandler, directory=folder)
    http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler).serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
