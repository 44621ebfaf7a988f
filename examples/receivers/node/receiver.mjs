/**
 * A webhook receiver for Herald in Node.js: verifies each delivery's Standard
 * Webhooks signature with the `standardwebhooks` library, de-duplicates on
 * `webhook-id` (delivery is at least once), answers 204, or 400 when the
 * signature is wrong.
 *   PORT=9000 WEBHOOK_SECRET=whsec_… node receiver.mjs
 */
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const port = Number(process.env.PORT ?? 9000);
const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('set WEBHOOK_SECRET to the endpoint secret (whsec_…)');
  process.exit(2);
}
const webhook = new Webhook(secret);
const seen = new Set(); // use a store with expiry in production

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200).end('ok\n'); // a liveness check; deliveries are POSTs
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    // Verify the raw bytes: re-serialised JSON would not match the signature.
    const body = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      event = webhook.verify(body, req.headers);
    } catch (error) {
      console.log(`rejected: ${error.message}`);
      res.writeHead(400).end();
      return;
    }
    const id = req.headers['webhook-id'];
    if (seen.has(id)) {
      console.log(`duplicate ${id}, ignored`);
    } else {
      seen.add(id);
      console.log(`verified ${id}: ${JSON.stringify(event)}`);
    }
    res.writeHead(204).end();
  });
});
server.listen(port, () => console.log(`listening on :${port}`));
