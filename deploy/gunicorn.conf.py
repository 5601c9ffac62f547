"""gunicorn settings of the portal: deploy/systemd/ita-portal-web.service and .ci/smoke.sh.

`gunicorn --config deploy/gunicorn.conf.py --bind ADDRESS [--workers N]` (WEB_CONCURRENCY also
sets the workers). The master, the workers and the access log write through the portal's LOGGING
(ita_portal/settings.py): with LOG_FORMAT=json one JSON object per line, the time in the portal's
time zone with its offset, the access line with method, path, status, bytes, duration_ms and
remote_addr as fields.
"""

import logging
import os
import sys
from pathlib import Path

# The project folder, whatever folder gunicorn is started from.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

from django.conf import settings  # noqa: E402  (needs the path and the settings module above)

wsgi_app = "ita_portal.wsgi:application"
# Sync workers are processes: WeasyPrint must never render in two threads of one process.
worker_class = "sync"
timeout = 120
graceful_timeout = 30
max_requests = 1000
max_requests_jitter = 100
# The readable message of an access line (its fields are added by the JSON formatter).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# gunicornc's control socket in the unit's RuntimeDirectory (/run/ita-portal-web, $RUNTIME_DIRECTORY
# set by systemd): gunicorn's default, $HOME/.gunicorn/, is hidden by ProtectHome=yes and the
# master warned at every start that it could not make it.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"], "gunicorn.ctl")
# Reading settings.LOGGING here checks the environment in the master, before any worker starts.
logconfig_dict = settings.LOGGING
# Warnings of the master (warnings.warn) as log lines too; Django does so in the workers.
logging.captureWarnings(True)
