"""The platform's production WSGI server configuration (gunicorn), read from the environment.

gunicorn picks this file up when started from the project's root (`gunicorn cesp.wsgi`); see
docs/deployment.md. Every value can be overridden with gunicorn's own `GUNICORN_CMD_ARGS` or on the
command line.

- `GUNICORN_BIND` (default 127.0.0.1:8000): the address the reverse proxy (TLS, body size limits)
  forwards to; gunicorn is never exposed directly.
- `WEB_CONCURRENCY` (default 2): sync worker processes; one per core is a good start, as pages are
  CPU-bound (template rendering) and their queries short.
- `GUNICORN_TIMEOUT` (default 60 s): a signature renders and seals a PDF, about half a second of CPU.

The application is preloaded in the master and warmed up there (URLconf and views, templates, the
English catalogue, WeasyPrint and pyHanko imported) before the workers fork, so a worker's first
request costs what the others do, and the code's memory is shared between workers. Nothing opens a
database connection before the fork (`cesp.wsgi.warm_up` runs no query).
"""

import os
import sys

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5  # seconds an idle keep-alive connection from the proxy stays open
preload_app = True
# Logs go to the standard streams; the access log is the reverse proxy's.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's runtime control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl),
# which two instances on one machine would share: off unless asked for (`--control-socket PATH`).
control_socket_disable = True
# Trust X-Forwarded-* only from the proxy on the same machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """In the master, after the application is loaded and before the first fork."""
    platform = sys.modules.get("cesp.wsgi")
    if platform is None:  # another application under the same settings (the benchmark's anchors)
        return
    seconds = platform.warm_up()
    server.log.info("Application warmed up in %.2f s", seconds)
