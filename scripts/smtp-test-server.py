"""A real SMTP server for the tests (aiosmtpd), on loopback, that behaves by the recipient's address.

Three listeners:
  --port         STARTTLS and AUTH (PLAIN, LOGIN), both required, as a submission server on 587 is
  --tls-port     TLS from the first byte, with AUTH, as on 465
  --plain-port   no TLS, no AUTH, as a relay on the same host is
Every accepted message is written to --maildir as NNNNNN.eml, with NNNNNN.json beside it: the envelope (MAIL FROM,
its options, RCPT TO) and which listener took it.

Recipients whose local part starts with:
  bounce    RCPT answers 550 5.1.1 (a permanent failure: the address bounces)
  tempfail  RCPT answers 451 4.3.0 the first time for that address, then accepts it (a retry succeeds)
  drop      the connection is cut after the message's data, before any reply, the first time for that address
  slow      the reply to DATA waits 3 seconds
"""

import argparse
import asyncio
import json
import os
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword, SMTP


# Shared by the three listeners, which run in threads of their own: one counter names every message. It starts
# past the highest number the folder holds (a restarted server) and is then kept, not recounted: listing the
# folder for every message made the thousandth one slower than the first.
MAILDIR_LOCK = threading.Lock()
MESSAGE_COUNT = [0]


class Recorder:
    def __init__(self, maildir, listener):
        self.maildir = maildir
        self.listener = listener
        self.seen = set()
        self.lock = MAILDIR_LOCK

    def first_time(self, key):
        with self.lock:
            if key in self.seen:
                return False
            self.seen.add(key)
            return True

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 No such user here"
        if local.startswith("tempfail") and self.first_time("tempfail:" + address):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        first = envelope.rcpt_tos[0].split("@")[0].lower() if envelope.rcpt_tos else ""
        if first.startswith("drop") and self.first_time("drop:" + envelope.rcpt_tos[0]):
            server.transport.abort()
            return "421 4.4.2 Cut off"
        if first.startswith("slow"):
            await asyncio.sleep(3)
        with MAILDIR_LOCK:
            MESSAGE_COUNT[0] += 1
            number = MESSAGE_COUNT[0]
            name = os.path.join(self.maildir, "%06d" % number)
            with open(name + ".json.tmp", "w") as out:
                json.dump({"mail_from": envelope.mail_from, "mail_options": envelope.mail_options,
                           "rcpt_tos": envelope.rcpt_tos, "listener": self.listener}, out)
            with open(name + ".eml.tmp", "wb") as out:
                out.write(envelope.original_content or envelope.content)
            # The envelope last: readers look for it, and then find its message already there.
            os.rename(name + ".eml.tmp", name + ".eml")
            os.rename(name + ".json.tmp", name + ".json")
        return "250 2.0.0 Queued as %06d" % number


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password:
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)
    return check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tls-port", type=int, required=True)
    parser.add_argument("--plain-port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--maildir", required=True)
    arguments = parser.parse_args()
    MESSAGE_COUNT[0] = max([int(n[:-5]) for n in os.listdir(arguments.maildir) if n.endswith(".json")
                            and n[:-5].isdigit()], default=0)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(arguments.cert, arguments.key)
    check = authenticator(arguments.user, arguments.password)
    # 8BITMIME and SMTPUTF8 are offered, as real submission servers do.
    common = dict(hostname="127.0.0.1", enable_SMTPUTF8=True, decode_data=False)
    controllers = [
        Controller(Recorder(arguments.maildir, "starttls"), port=arguments.port, tls_context=context,
                   require_starttls=True, authenticator=check, auth_required=True, auth_require_tls=True, **common),
        Controller(Recorder(arguments.maildir, "tls"), port=arguments.tls_port, ssl_context=context,
                   authenticator=check, auth_required=True, auth_require_tls=False, **common),
        Controller(Recorder(arguments.maildir, "plain"), port=arguments.plain_port, **common),
    ]
    for controller in controllers:
        controller.start()
    print("ready", flush=True)
    try:
        threading.Event().wait()
    finally:
        for controller in controllers:
            controller.stop()


if __name__ == "__main__":
    main()
