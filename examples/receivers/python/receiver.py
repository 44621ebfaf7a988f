"""A webhook receiver for Herald in Python: verifies each delivery's Standard
Webhooks signature with the `standardwebhooks` library, de-duplicates on
`webhook-id` (delivery is at least once), answers 204, or 400 when the
signature is wrong.

    pip install -r requirements.txt
    PORT=9000 WEBHOOK_SECRET=whsec_... python receiver.py
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from standardwebhooks import Webhook

secret = os.environ.get("WEBHOOK_SECRET")
if not secret:
    sys.exit("set WEBHOOK_SECRET to the endpoint secret (whsec_...)")
webhook = Webhook(secret)
seen = set()  # use a store with expiry in production


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        # Verify the raw bytes: re-serialised JSON would not match the signature.
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            event = webhook.verify(body, headers)
        except Exception as error:  # the library raises on a bad or old signature
            print(f"rejected: {error}", flush=True)
            self.send_response(400)
            self.end_headers()
            return
        message_id = headers["webhook-id"]
        if message_id in seen:
            print(f"duplicate {message_id}, ignored", flush=True)
        else:
            seen.add(message_id)
            print(f"verified {message_id}: {json.dumps(event)}", flush=True)
        self.send_response(204)
        self.end_headers()


HTTPServer(("", int(os.environ.get("PORT", "9000"))), Receiver).serve_forever()
