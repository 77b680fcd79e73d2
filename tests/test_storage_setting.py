"""MEDIA_S3_BUCKET switches uploaded files from the local disk to an S3-compatible bucket.

Settings are read once at start-up, so each case starts a fresh interpreter with the environment
a deployment would have and asks Django which storage it got."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, django
django.setup()
from django.core.files.storage import storages
from jobs.models import Job
s = storages["default"]
field = Job._meta.get_field("file").storage
field.exists  # the field's storage is lazy: touching it sets it up
print(json.dumps({"cls": type(s).__module__ + "." + type(s).__name__,
                  "field": type(field._wrapped).__name__,
                  "bucket": getattr(s, "bucket_name", None), "endpoint": getattr(s, "endpoint_url", None),
                  "acl": getattr(s, "default_acl", None), "location": getattr(s, "location", None),
                  "overwrite": getattr(s, "file_overwrite", None)}))
"""


def _storage(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_S3_")}
    base["DJANGO_SETTINGS_MODULE"] = "redcross_portal.settings"
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env={**base, **env}, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_media_on_local_disk_by_default():
    found = _storage()
    assert found["cls"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["field"] == "FileSystemStorage"


def test_media_s3_bucket_switches_to_a_private_s3_store():
    found = _storage(MEDIA_S3_BUCKET="redcross-media", MEDIA_S3_ENDPOINT_URL="http://minio.internal:9000",
                     MEDIA_S3_ACCESS_KEY_ID="k", MEDIA_S3_SECRET_ACCESS_KEY="s")
    assert found["cls"] == "storages.backends.s3.S3Storage"
    assert found["field"] == "S3Storage"  # job results and uploads go there too
    assert found["bucket"] == "redcross-media" and found["endpoint"] == "http://minio.internal:9000"
    assert found["acl"] == "private" and found["location"] == "media" and found["overwrite"] is False
