# Starts and stops a real SMTP server (aiosmtpd, scripts/smtp-test-server.py) on loopback, with STARTTLS on a
# certificate made here, AUTH, a TLS-from-the-start listener and a plain one. Sourced by scripts/test.
# Needs python_tools_ensure (scripts/lib-python.sh) first.
#
#   smtp_start DIR   start it, writing received mail to DIR/maildir; export CREATORFLIX_TEST_SMTP_PORT (STARTTLS),
#                    CREATORFLIX_TEST_SMTPS_PORT (TLS), CREATORFLIX_TEST_SMTP_PLAIN_PORT, CREATORFLIX_TEST_SMTP_USER,
#                    CREATORFLIX_TEST_SMTP_PASSWORD, CREATORFLIX_TEST_SMTP_CA (the certificate to trust) and
#                    CREATORFLIX_TEST_SMTP_MAILDIR
#   smtp_stop        stop it

smtp_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

smtp_start() {
    local dir=$1/smtp port tls_port plain_port
    mkdir -p "$dir/maildir"
    # A self-signed certificate for localhost and 127.0.0.1, made for this run only; the tests trust it alone.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1
    port=$(smtp_free_port); tls_port=$(smtp_free_port); plain_port=$(smtp_free_port)
    .venv-test/bin/python scripts/smtp-test-server.py --port "$port" --tls-port "$tls_port" \
        --plain-port "$plain_port" --cert "$dir/cert.pem" --key "$dir/key.pem" --user creatorflix \
        --password "smtp-test-password" --maildir "$dir/maildir" >"$dir/server.log" 2>&1 &
    SMTP_PID=$!
    for _ in $(seq 1 100); do
        grep -q ready "$dir/server.log" 2>/dev/null && break
        sleep 0.1
    done
    grep -q ready "$dir/server.log" || { cat "$dir/server.log"; return 1; }
    export CREATORFLIX_TEST_SMTP_PORT=$port CREATORFLIX_TEST_SMTPS_PORT=$tls_port
    export CREATORFLIX_TEST_SMTP_PLAIN_PORT=$plain_port CREATORFLIX_TEST_SMTP_USER=creatorflix
    export CREATORFLIX_TEST_SMTP_PASSWORD=smtp-test-password CREATORFLIX_TEST_SMTP_CA=$dir/cert.pem
    export CREATORFLIX_TEST_SMTP_MAILDIR=$dir/maildir
}

smtp_stop() {
    if [ -n "${SMTP_PID:-}" ]; then
        kill "$SMTP_PID" 2>/dev/null || true
        wait "$SMTP_PID" 2>/dev/null || true
        SMTP_PID=""
    fi
}
