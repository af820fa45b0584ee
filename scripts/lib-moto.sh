# Starts and stops moto, a real S3-protocol server, on loopback, with request signatures checked.
# Sourced by scripts/test. Needs python_tools_ensure (scripts/lib-python.sh) first.
#
#   moto_start DIR   start moto on a free port, logging to DIR; make an IAM user allowed everything; export
#                    CREATORFLIX_TEST_S3_ENDPOINT, CREATORFLIX_TEST_S3_ACCESS_KEY_ID, CREATORFLIX_TEST_S3_SECRET_ACCESS_KEY
#   moto_stop        stop it

moto_start() {
    local dir=$1 port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    # The first three requests (the IAM set-up below) go through unsigned; every request after that must carry
    # a valid signature from a key that moto's IAM knows, so a wrong secret fails as it would on AWS.
    INITIAL_NO_AUTH_ACTION_COUNT=3 .venv-test/bin/moto_server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
    MOTO_PID=$!
    for _ in $(seq 1 100); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), timeout=0.2)" 2>/dev/null && break
        sleep 0.1
    done
    local credentials
    credentials=$(.venv-test/bin/python - "$port" <<'PY'
import json, sys
import botocore.session
session = botocore.session.get_session()
iam = session.create_client("iam", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}",
                            aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="creatorflix-tests")
iam.put_user_policy(UserName="creatorflix-tests", PolicyName="everything", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="creatorflix-tests")["AccessKey"]
print(key["AccessKeyId"], key["SecretAccessKey"])
PY
    ) || { cat "$dir/moto.log"; return 1; }
    export CREATORFLIX_TEST_S3_ENDPOINT="http://127.0.0.1:$port"
    export CREATORFLIX_TEST_S3_ACCESS_KEY_ID="${credentials%% *}"
    export CREATORFLIX_TEST_S3_SECRET_ACCESS_KEY="${credentials#* }"
}

moto_stop() {
    if [ -n "${MOTO_PID:-}" ]; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
        MOTO_PID=""
    fi
}
