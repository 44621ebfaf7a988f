import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';

/** How a receiver verifies Herald's Standard Webhooks signatures, per language. */
const SNIPPETS = {
  'Node.js': `import { Webhook } from 'standardwebhooks';

const wh = new Webhook(process.env.WEBHOOK_SECRET); // whsec_…
// body: the raw request body as a string, before any JSON parsing
const event = wh.verify(body, {
  'webhook-id': req.headers['webhook-id'],
  'webhook-timestamp': req.headers['webhook-timestamp'],
  'webhook-signature': req.headers['webhook-signature'],
}); // throws if the signature or timestamp is wrong`,
  Python: `from standardwebhooks.webhooks import Webhook

wh = Webhook(os.environ["WEBHOOK_SECRET"])  # whsec_…
event = wh.verify(raw_body, request.headers)  # raises on a bad signature`,
  Go: `import standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

wh, _ := standardwebhooks.NewWebhook(os.Getenv("WEBHOOK_SECRET"))
err := wh.Verify(rawBody, r.Header) // nil when the signature is valid`,
  'Any language': `signed  = webhook-id + "." + webhook-timestamp + "." + raw body
key     = base64-decode(secret without "whsec_")
expected = base64(HMAC-SHA256(key, signed))
accept when one "v1,<signature>" in webhook-signature equals expected
(constant-time compare) and webhook-timestamp is within 5 minutes of now`,
};

export function VerifySnippets() {
  const [language, setLanguage] = useState('Node.js');
  return html`<section aria-labelledby="verify-heading">
    <h2 id="verify-heading">${t('Verify signatures')}</h2>
    <p>
      Every delivery carries <code>webhook-id</code>, <code>webhook-timestamp</code> and
      <code>webhook-signature</code> (Standard Webhooks). Check them with the signing secret before
      trusting a body.
    </p>
    <div class="tabs" role="group" aria-label="Language">
      ${Object.keys(SNIPPETS).map(
        (name) =>
          html`<button
            type="button"
            class=${name === language ? '' : 'secondary'}
            aria-pressed=${name === language ? 'true' : 'false'}
            onClick=${() => setLanguage(name)}
          >
            ${name}
          </button>`,
      )}
    </div>
    <pre><code>${SNIPPETS[language]}</code></pre>
  </section>`;
}
