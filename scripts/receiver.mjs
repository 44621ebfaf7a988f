/**
 * A webhook receiver for trying Herald out (README walkthrough):
 *   node scripts/receiver.mjs [port=9000] [whsec_… secret]
 * Prints every POST it gets (any other request just answers 200). Given the endpoint's secret, it checks the
 * Standard Webhooks signature first (HMAC-SHA256 over `id.timestamp.body`, key
 * = the base64 part of the secret) and answers 401 when it does not match.
 */
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const port = Number(process.argv[2] ?? 9000);
const secret = process.argv[3];
const key = secret ? Buffer.from(secret.replace(/^whsec_/, ''), 'base64') : null;
const TOLERANCE_S = 5 * 60;

function verify(headers, body) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = String(headers['webhook-signature'] ?? '').split(' ');
  if (!id || !timestamp) return 'missing webhook-id or webhook-timestamp';
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_S) return 'timestamp too old';
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  const ok = signatures.some((entry) => {
    const [version, value] = entry.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  return ok ? null : 'no v1 signature matches the secret';
}

http
  .createServer((req, res) => {
    // Anything but a POST (e.g. `curl localhost:9000`, to see that it listens) gets a quiet 200.
    if (req.method !== 'POST') {
      res.end('receiver ready\n');
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const problem = key ? verify(req.headers, body) : null;
      const check = key ? (problem ? `signature BAD (${problem})` : 'signature ok') : 'unchecked';
      console.log(
        `receiver: ${req.method} ${req.url} webhook-id=${req.headers['webhook-id']} ${check} ${body}`,
      );
      res.statusCode = problem ? 401 : 204;
      res.end();
    });
  })
  .listen(port, () => console.log(`receiver: listening on http://localhost:${port}`));
