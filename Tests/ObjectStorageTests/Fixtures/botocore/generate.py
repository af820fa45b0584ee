"""Makes presigned GET URLs with botocore, the AWS SDK for Python, for fixed times and credentials.

The Swift signer's tests compare their own URLs against these, byte for byte. Regenerate with:

    python3 -m venv /tmp/boto && /tmp/boto/bin/pip install botocore
    /tmp/boto/bin/python generate.py > presigned-get.json

The output records botocore's version. Nothing here is written by hand but the inputs.
"""
import datetime
import json
from unittest import mock

import botocore
import botocore.auth
import botocore.session
from botocore.config import Config

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

CASES = [
    # name, endpoint (None: AWS), region, addressing, bucket, key, expires, time
    ("aws-virtual-hosted", None, "us-east-1", "virtual", "examplebucket", "test.txt", 86400, "2013-05-24T00:00:00"),
    ("aws-path-style", None, "sa-east-1", "path", "creatorflix-media", "modelos/ana/post 1/foto.jpg", 900, "2026-11-25T12:34:56"),
    ("minio-path-style", "http://127.0.0.1:9000", "us-east-1", "path", "media", "Ana Clara/Ensaio de Verão/0001.webp", 3600, "2026-01-02T03:04:05"),
    ("r2-path-style", "https://0123456789abcdef.r2.cloudflarestorage.com", "auto", "path", "wl", "a/b/c.mp4", 600, "2026-06-30T23:59:59"),
    ("b2-virtual-hosted", "https://s3.us-west-004.backblazeb2.com", "us-west-004", "virtual", "creatorflix", "x+y/(1)/ação & reação.png", 120, "2026-11-25T00:00:00"),
    ("special-characters", None, "eu-west-1", "path", "bucket.with.dots", "café/~tilde/a=b&c/emoji-😀.gif", 604800, "2026-03-15T08:00:00"),
]


def presign(endpoint, region, addressing, bucket, key, expires, when):
    session = botocore.session.get_session()
    session.set_credentials(ACCESS_KEY, SECRET_KEY)
    config = Config(signature_version="s3v4", s3={"addressing_style": addressing})
    client = session.create_client("s3", region_name=region, endpoint_url=endpoint, config=config)
    fixed = datetime.datetime.fromisoformat(when).replace(tzinfo=datetime.timezone.utc)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=fixed):
        return client.generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires)


def main():
    cases = []
    for name, endpoint, region, addressing, bucket, key, expires, when in CASES:
        cases.append({
            "name": name, "endpoint": endpoint, "region": region, "addressing": addressing, "bucket": bucket,
            "key": key, "expires": expires, "time": when + "Z", "access_key_id": ACCESS_KEY,
            "secret_access_key": SECRET_KEY,
            "url": presign(endpoint, region, addressing, bucket, key, expires, when),
        })
    print(json.dumps({"botocore_version": botocore.__version__, "cases": cases}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
