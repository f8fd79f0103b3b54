"""A static host on loopback for the browser benchmark: `python bench/static_server.py FOLDER PORT`.

Python's http.server, configured as web servers are: HTTP/1.1 with kept-alive
connections, and Nagle's algorithm off (nginx's `tcp_nodelay on`, its
default). With it on, a response written as headers then body waits for the
browser's delayed acknowledgement, about 40 ms, on every reused connection.
"""

from __future__ import annotations

import functools
import http.server
import sys


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    def log_message(self, format, *args):
        pass


def main(folder: str, port: str) -> None:
    handler = functools.partial(StaticHandler, directory=folder)
    http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler).serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
