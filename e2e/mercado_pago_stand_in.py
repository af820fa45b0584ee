"""TEST DOUBLE of an external service: a stand-in for Mercado Pago, for the browser journeys.

No network reaches Mercado Pago from here, so this plays both of its parts that CreatorFlix meets, following
Mercado Pago's published documentation (Checkout Pro, Payments API, Webhooks):
- the API (`POST /checkout/preferences`, `POST /v1/payments` for Pix, `GET /v1/payments/{id}`), checked against the
  access token;
- the buyer's side: the preference's `init_point` page, served from this origin (another address than the site's),
  where the buyer pays by card and is sent back to the preference's `back_urls` with the query Mercado Pago adds;
- the notifications: a signed webhook (`x-signature: ts=…,v1=HMAC-SHA256(id:<data.id>;request-id:<x-request-id>;ts:<ts>;)`)
  to the preference's or payment's `notification_url`, sent when a payment is approved.

- subscriptions (preapprovals without a plan): `POST /preapproval`, `GET` and `PUT /preapproval/{id}`,
  `GET /authorized_payments/{id}`, and the `init_point` page where the buyer authorises, which charges the first
  cycle and sends the buyer back to `back_url`. Their notifications (`subscription_preapproval`,
  `subscription_authorized_payment`) go where the account's webhook is set ("Suas integrações"), since a
  preapproval carries no notification_url: `POST /__stand-in/webhook` sets it, as the operator would.

It is not Mercado Pago: only the shapes and rules the integration relies on. `POST /__stand-in/pix/{id}/pay`
plays the buyer's bank paying a Pix charge; `POST /__stand-in/preapproval/{id}/charge` plays Mercado Pago
charging a subscription's next cycle.
"""
import argparse
import hashlib
import hmac
import html
import itertools
import json
import threading
import time
import urllib.parse
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACCESS_TOKEN = "APP_USR-e2e-stand-in-access-token"
WEBHOOK_SECRET = "e2e-stand-in-webhook-secret"

lock = threading.Lock()
preferences = {}  # id -> the preference as created
payments = {}  # id -> payment payload
next_payment_id = itertools.count(1_330_000_001)
log = []  # (method, path) of every API call
preapprovals = {}  # id -> the preapproval as Mercado Pago answers it
authorized_payments = {}  # id -> one cycle charged for a preapproval
next_authorized_id = itertools.count(7_000_000_001)
account_webhook = {"url": None}  # the webhook set in the account's panel


def crc16(data: bytes) -> str:
    """CRC-16/CCITT-FALSE, which the Pix BR Code (EMV QRCPS) ends with."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def pix_code(amount_cents: int, txid: str) -> str:
    def field(tag, value):
        return f"{tag}{len(value):02d}{value}"
    account = field("00", "br.gov.bcb.pix") + field("01", "pix@standin.mercadopago.invalid")
    payload = (field("00", "01") + field("26", account) + field("52", "0000") + field("53", "986")
               + field("54", f"{amount_cents // 100}.{amount_cents % 100:02d}") + field("58", "BR")
               + field("59", "STANDIN") + field("60", "SAO PAULO") + field("62", field("05", txid)) + "6304")
    return payload + crc16(payload.encode())


def notify(notification_url, payment_id, topic="payment"):
    """Mercado Pago's webhook for a payment (or another topic's resource): the query names the resource,
    x-signature signs the manifest."""
    if not notification_url:
        return None
    request_id = str(uuid.uuid4())
    ts = str(int(time.time()))
    manifest = f"id:{str(payment_id).lower()};request-id:{request_id};ts:{ts};"
    signature = hmac.new(WEBHOOK_SECRET.encode(), manifest.encode(), hashlib.sha256).hexdigest()
    if topic == "payment":
        event = {"action": "payment.updated", "api_version": "v1", "data": {"id": str(payment_id)},
                 "date_created": time.strftime("%Y-%m-%dT%H:%M:%S.000-03:00"), "id": 12345678,
                 "live_mode": False, "type": "payment", "user_id": "123456789"}
    else:
        event = {"action": "updated", "application_id": 6245132082630004, "data": {"id": str(payment_id)},
                 "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                 "entity": "preapproval" if topic == "subscription_preapproval" else "authorized_payment",
                 "id": 106059658567, "type": topic, "version": 0}
    body = json.dumps(event).encode()
    separator = "&" if "?" in notification_url else "?"
    request = urllib.request.Request(f"{notification_url}{separator}data.id={payment_id}&type={topic}", data=body,
                                     method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("x-signature", f"ts={ts},v1={signature}")
    request.add_header("x-request-id", request_id)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class StandIn(BaseHTTPRequestHandler):
    server_version = "MercadoPagoStandIn/1"

    def log_message(self, *_):
        pass

    # Plumbing

    def send_json(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_html(self, status, page):
        data = page.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def api_body(self):
        """The body of an API call, after the access token is checked; None when refused (already answered)."""
        with lock:
            log.append((self.command, self.path.split("?")[0]))
        if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
            self.send_json(401, {"message": "invalid access token", "error": "unauthorized", "status": 401})
            return None
        raw = self.read_body()
        return json.loads(raw) if raw else {}

    def origin(self):
        return f"http://{self.headers.get('Host')}"

    # Routes

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/v1/payments/"):
            if self.api_body() is None:
                return
            with lock:
                payment = payments.get(url.path.rsplit("/", 1)[1])
            if payment is None:
                return self.send_json(404, {"message": "Payment not found", "error": "not_found", "status": 404})
            return self.send_json(200, {key: value for key, value in payment.items() if not key.startswith("_")})
        if url.path == "/checkout/v1/redirect":
            return self.checkout_page(urllib.parse.parse_qs(url.query).get("pref_id", [""])[0])
        if url.path.startswith("/preapproval/"):
            if self.api_body() is None:
                return
            with lock:
                preapproval = preapprovals.get(url.path.rsplit("/", 1)[1])
            if preapproval is None:
                return self.send_json(404, {"message": "The preapproval does not exist", "error": "not_found", "status": 404})
            return self.send_json(200, preapproval)
        if url.path.startswith("/authorized_payments/"):
            if self.api_body() is None:
                return
            with lock:
                cycle = authorized_payments.get(url.path.rsplit("/", 1)[1])
            if cycle is None:
                return self.send_json(404, {"message": "authorized payment not found", "error": "not_found", "status": 404})
            return self.send_json(200, cycle)
        if url.path == "/subscriptions/checkout":
            return self.authorisation_page(urllib.parse.parse_qs(url.query).get("preapproval_id", [""])[0])
        if url.path == "/__stand-in/preapprovals":
            with lock:
                return self.send_json(200, {"preapprovals": list(preapprovals.values())})
        if url.path == "/__stand-in/payments":
            with lock:
                return self.send_json(200, {"payments": [{key: value for key, value in payment.items() if not key.startswith("_")}
                                                         for payment in payments.values()]})
        self.send_json(404, {"message": "not found", "error": "not_found", "status": 404})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/checkout/preferences":
            return self.create_preference()
        if url.path == "/v1/payments":
            return self.create_pix_payment()
        if url.path == "/checkout/v1/pay":
            return self.pay_preference()
        if url.path.startswith("/__stand-in/pix/") and url.path.endswith("/pay"):
            return self.pay_pix(url.path.split("/")[3])
        if url.path == "/preapproval":
            return self.create_preapproval()
        if url.path == "/subscriptions/checkout/authorize":
            return self.authorise()
        if url.path == "/__stand-in/webhook":
            account_webhook["url"] = json.loads(self.read_body() or b"{}").get("url")
            return self.send_json(200, account_webhook)
        if url.path.startswith("/__stand-in/preapproval/") and url.path.endswith("/charge"):
            status = json.loads(self.read_body() or b"{}").get("status", "approved")
            cycle = self.charge_cycle(url.path.split("/")[3], status)
            if cycle is None:
                return self.send_json(404, {"message": "The preapproval does not exist", "error": "not_found", "status": 404})
            return self.send_json(200, {"authorized_payment": cycle,
                                        "notified": notify(account_webhook["url"], cycle["id"], "subscription_authorized_payment")})
        self.send_json(404, {"message": "not found", "error": "not_found", "status": 404})

    def do_PUT(self):
        url = urllib.parse.urlsplit(self.path)
        if not url.path.startswith("/preapproval/"):
            return self.send_json(404, {"message": "not found", "error": "not_found", "status": 404})
        body = self.api_body()
        if body is None:
            return
        with lock:
            preapproval = preapprovals.get(url.path.rsplit("/", 1)[1])
            if preapproval is None:
                return self.send_json(404, {"message": "The preapproval does not exist", "error": "not_found", "status": 404})
            status = body.get("status")
            if status is not None:
                # Cancelled is irreversible; a paused one may be authorised again.
                if status not in ("cancelled", "paused", "authorized") or preapproval["status"] == "cancelled":
                    return self.send_json(400, {"message": "Invalid status change", "error": "bad_request", "status": 400})
                if preapproval["status"] != status:
                    preapproval["last_modified"] = time.strftime("%Y-%m-%dT%H:%M:%S.000-03:00")
                preapproval["status"] = status
            answer = dict(preapproval)
        self.send_json(200, answer)

    # Subscriptions (preapprovals without a plan)

    def create_preapproval(self):
        body = self.api_body()
        if body is None:
            return
        for field in ("payer_email", "back_url", "reason", "external_reference"):
            if not body.get(field):
                return self.send_json(400, {"message": f"{field} is required", "error": "bad_request", "status": 400})
        recurring = body.get("auto_recurring") or {}
        amount = recurring.get("transaction_amount")
        if (recurring.get("frequency_type") not in ("days", "months") or not isinstance(recurring.get("frequency"), int)
                or recurring.get("currency_id") != "BRL" or not isinstance(amount, (int, float)) or amount < 1):
            return self.send_json(400, {"message": "The parameters frequency, frequency_type, transaction_amount and "
                                                   "currency_id are required in the recurring payments scheme",
                                        "error": "bad_request", "status": 400})
        if body.get("status") != "pending":
            return self.send_json(400, {"message": "card_token_id is required", "error": "bad_request", "status": 400})
        preapproval_id = uuid.uuid4().hex
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000-03:00")
        preapproval = {
            "id": preapproval_id, "version": 0, "payer_id": 766790067, "payer_email": body["payer_email"],
            "back_url": body["back_url"], "collector_id": 823549964, "application_id": 6245132082630004,
            "status": "pending", "reason": body["reason"], "external_reference": body["external_reference"],
            "date_created": now, "last_modified": now, "next_payment_date": now,
            "init_point": f"{self.origin()}/subscriptions/checkout?preapproval_id={preapproval_id}",
            "auto_recurring": {"frequency": recurring["frequency"], "frequency_type": recurring["frequency_type"],
                               "transaction_amount": round(amount * 100) / 100, "currency_id": "BRL"},
        }
        with lock:
            preapprovals[preapproval_id] = preapproval
        self.send_json(201, preapproval)

    def authorisation_page(self, preapproval_id):
        with lock:
            preapproval = preapprovals.get(preapproval_id)
        if preapproval is None:
            return self.send_html(404, "<!doctype html><title>Mercado Pago</title><p>Assinatura não encontrada.</p>")
        cents = round(preapproval["auto_recurring"]["transaction_amount"] * 100)
        unit = "mês" if preapproval["auto_recurring"]["frequency_type"] == "months" else "dia"
        self.send_html(200, f"""<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Mercado Pago (stand-in): assinatura</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Mercado Pago</h1><p id="stand-in-notice">Stand-in de testes: nenhum cartão é cobrado.</p>
<p id="reason">{html.escape(preapproval["reason"])}</p>
<p id="amount">R$ {cents // 100},{cents % 100:02d} por {unit}</p>
<form method="post" action="/subscriptions/checkout/authorize">
<input type="hidden" name="preapproval_id" value="{html.escape(preapproval_id)}">
<label for="card">Número do cartão</label> <input id="card" name="card_number" autocomplete="cc-number">
<button type="submit" id="authorise">Assinar</button></form></main></body></html>""")

    def authorise(self):
        """The buyer authorises with a card: the preapproval is authorised, its first cycle charged, both
        notified, and the buyer sent back to back_url with the preapproval's id."""
        form = urllib.parse.parse_qs(self.read_body().decode())
        preapproval_id = form.get("preapproval_id", [""])[0]
        cycle = self.charge_cycle(preapproval_id, "approved")
        if cycle is None:
            return self.send_html(404, "<!doctype html><title>Mercado Pago</title><p>Assinatura não encontrada.</p>")
        notify(account_webhook["url"], preapproval_id, "subscription_preapproval")
        notify(account_webhook["url"], cycle["id"], "subscription_authorized_payment")
        with lock:
            back = preapprovals[preapproval_id]["back_url"]
        self.send_response(302)
        self.send_header("Location", back + ("&" if "?" in back else "?") + urllib.parse.urlencode(
            {"preapproval_id": preapproval_id}))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def charge_cycle(self, preapproval_id, status):
        """Mercado Pago charges one cycle: an authorized payment with the payment it made."""
        with lock:
            preapproval = preapprovals.get(preapproval_id)
            if preapproval is None or preapproval["status"] in ("cancelled", "paused"):
                return None
            preapproval["status"] = "authorized"
            amount = preapproval["auto_recurring"]["transaction_amount"]
            payment_id = next(next_payment_id)
            payments[str(payment_id)] = {
                "id": payment_id, "status": status,
                "status_detail": "accredited" if status == "approved" else "cc_rejected_insufficient_amount",
                "transaction_amount": amount, "currency_id": "BRL", "payment_method_id": "master",
                "payment_type_id": "credit_card", "live_mode": False,
                "external_reference": preapproval["external_reference"],
                "date_created": time.strftime("%Y-%m-%dT%H:%M:%S.000-03:00"),
            }
            cycle_id = next(next_authorized_id)
            cycle = {
                "id": cycle_id, "type": "scheduled", "preapproval_id": preapproval_id,
                "status": "processed" if status == "approved" else "recycling",
                "reason": preapproval["reason"], "external_reference": preapproval["external_reference"],
                "currency_id": "BRL", "transaction_amount": amount, "retry_attempt": 0, "summarized": "done",
                "date_created": time.strftime("%Y-%m-%dT%H:%M:%S.000-03:00"),
                "payment": {"id": payment_id, "status": status,
                            "status_detail": payments[str(payment_id)]["status_detail"]},
            }
            authorized_payments[str(cycle_id)] = cycle
            return dict(cycle)

    def create_preference(self):
        body = self.api_body()
        if body is None:
            return
        items = body.get("items") or []
        if not items:
            return self.send_json(400, {"message": "items required", "error": "bad_request", "status": 400})
        preference_id = f"123456789-{uuid.uuid4()}"
        total = sum(round(float(item.get("unit_price", 0)) * 100) * int(item.get("quantity", 1)) for item in items)
        with lock:
            preferences[preference_id] = {"body": body, "total_cents": total}
        init_point = f"{self.origin()}/checkout/v1/redirect?pref_id={preference_id}"
        self.send_json(201, {"id": preference_id, "collector_id": 123456789, "items": items,
                             "external_reference": body.get("external_reference", ""),
                             "init_point": init_point, "sandbox_init_point": init_point,
                             "date_created": time.strftime("%Y-%m-%dT%H:%M:%S.000-03:00")})

    def checkout_page(self, preference_id):
        with lock:
            preference = preferences.get(preference_id)
        if preference is None:
            return self.send_html(404, "<!doctype html><title>Mercado Pago</title><p>Preferência não encontrada.</p>")
        total = preference["total_cents"]
        title = html.escape(preference["body"]["items"][0].get("title", ""))
        self.send_html(200, f"""<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Mercado Pago (stand-in)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Mercado Pago</h1><p id="stand-in-notice">Stand-in de testes: nenhum cartão é cobrado.</p>
<p id="item">{title}</p><p id="amount">R$ {total // 100},{total % 100:02d}</p>
<form method="post" action="/checkout/v1/pay">
<input type="hidden" name="pref_id" value="{html.escape(preference_id)}">
<label for="card">Número do cartão</label> <input id="card" name="card_number" autocomplete="cc-number">
<button type="submit" id="pay">Pagar</button></form></main></body></html>""")

    def pay_preference(self):
        form = urllib.parse.parse_qs(self.read_body().decode())
        preference_id = form.get("pref_id", [""])[0]
        with lock:
            preference = preferences.get(preference_id)
            if preference is None:
                return self.send_html(404, "<!doctype html><title>Mercado Pago</title><p>Preferência não encontrada.</p>")
            payment_id = str(next(next_payment_id))
            body = preference["body"]
            payments[payment_id] = {
                "id": int(payment_id), "status": "approved", "status_detail": "accredited",
                "transaction_amount": preference["total_cents"] / 100, "currency_id": "BRL",
                "payment_method_id": "visa", "payment_type_id": "credit_card", "live_mode": False,
                "external_reference": body.get("external_reference"),
                "date_created": time.strftime("%Y-%m-%dT%H:%M:%S.000-03:00"),
            }
        notify(body.get("notification_url"), payment_id)
        # auto_return "approved": back to the success URL, with the query Checkout Pro documents.
        success = (body.get("back_urls") or {}).get("success")
        if not success:
            return self.send_html(200, "<!doctype html><title>Mercado Pago</title><p>Pagamento aprovado.</p>")
        query = urllib.parse.urlencode({
            "collection_id": payment_id, "collection_status": "approved", "payment_id": payment_id,
            "status": "approved", "external_reference": body.get("external_reference", ""),
            "payment_type": "credit_card", "merchant_order_id": "9876543210", "preference_id": preference_id,
            "site_id": "MLB", "processing_mode": "aggregator", "merchant_account_id": "null"})
        self.send_response(302)
        self.send_header("Location", success + ("&" if "?" in success else "?") + query)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def create_pix_payment(self):
        body = self.api_body()
        if body is None:
            return
        amount = body.get("transaction_amount")
        if body.get("payment_method_id") != "pix" or not isinstance(amount, (int, float)) or amount <= 0:
            return self.send_json(400, {"message": "a Pix payment needs a positive transaction_amount",
                                        "error": "bad_request", "status": 400})
        cents = round(amount * 100)
        with lock:
            payment_id = str(next(next_payment_id))
            payment = {
                "id": int(payment_id), "status": "pending", "status_detail": "pending_waiting_transfer",
                "transaction_amount": cents / 100, "currency_id": "BRL", "payment_method_id": "pix",
                "payment_type_id": "bank_transfer", "live_mode": False,
                "external_reference": body.get("external_reference"),
                "date_of_expiration": body.get("date_of_expiration"),
                "date_created": time.strftime("%Y-%m-%dT%H:%M:%S.000-03:00"),
                "point_of_interaction": {"type": "PIX", "transaction_data": {
                    "qr_code": pix_code(cents, f"MP{payment_id}"), "qr_code_base64": "iVBORw0KGgo=",
                    "ticket_url": f"{self.origin()}/payments/{payment_id}/ticket"}},
            }
            payments[payment_id] = payment
            payment["_notification_url"] = body.get("notification_url")
        self.send_json(201, {key: value for key, value in payment.items() if not key.startswith("_")})

    def pay_pix(self, payment_id):
        with lock:
            payment = payments.get(payment_id)
            if payment is None:
                return self.send_json(404, {"message": "Payment not found", "error": "not_found", "status": 404})
            payment["status"], payment["status_detail"] = "approved", "accredited"
            notification_url = payment.get("_notification_url")
        status = notify(notification_url, payment_id)
        self.send_json(200, {"notified": status})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.2")
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    ThreadingHTTPServer((arguments.host, arguments.port), StandIn).serve_forever()


if __name__ == "__main__":
    main()
