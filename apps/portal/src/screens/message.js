import { useState } from 'preact/hooks';
import { api, get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Badge, Failure, ms, useAction, useLoad, when } from '../ui.js';

const pretty = (text) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

function Resend({ messageId, endpoints }) {
  const [endpointId, setEndpointId] = useState(endpoints[0]?.id ?? '');
  const { result, failure, submit } = useAction(() =>
    api('POST', `/v1/messages/${messageId}/resend`, { endpointId }),
  );
  return html`<form class="filters" onSubmit=${submit}>
    <div class="field">
      <label for="resend-endpoint">Resend to</label>
      <select
        id="resend-endpoint"
        value=${endpointId}
        onChange=${(e) => setEndpointId(e.currentTarget.value)}
      >
        ${endpoints.map((e) => html`<option value=${e.id}>${e.url}</option>`)}
      </select>
    </div>
    <button type="submit">${t('Resend')}</button>
    <span aria-live="polite">${result ? 'Resent.' : ''}</span>
    ${failure ? html`<span class="error" role="alert">${failure.message}</span>` : null}
  </form>`;
}

export function MessageScreen({ role, id }) {
  const { data, error } = useLoad(async () => {
    const [message, attempts, endpoints] = await Promise.all([
      get(`/v1/messages/${id}`),
      get(`/v1/messages/${id}/attempts`).catch(() => ({ data: [] })),
      get('/v1/endpoints?limit=100'),
    ]);
    return { message, attempts: attempts.data, endpoints: endpoints.data };
  }, [id]);
  if (error)
    return html`<h1>${t('Message')}</h1>
      <${Failure} error=${error} />`;
  if (!data)
    return html`<h1>${t('Message')}</h1>
      <p aria-live="polite">Loading…</p>`;
  const { message, attempts, endpoints } = data;
  const custom = endpoints
    .filter((e) => message.endpointIds.includes(e.id))
    .flatMap((e) => Object.keys(e.headers));
  return html`<h1>${t('Message')}</h1>
    <p>
      <code>${message.id}</code> · ${message.eventType} v${message.eventVersion} ·
      ${when(message.createdAt)}${message.channel ? ` · channel ${message.channel}` : ''}
    </p>
    ${role === 'admin' && endpoints.length ? html`<${Resend} messageId=${message.id} endpoints=${endpoints} />` : null}
    <h2>${t('Payload sent')}</h2>
    <pre tabindex="0"><code>${pretty(message.body ?? message.payload)}</code></pre>
    <h2>${t('Headers sent')}</h2>
    <ul>
      <li><code>content-type: application/json</code></li>
      <li><code>webhook-id: ${message.id}</code></li>
      <li><code>webhook-timestamp</code>, <code>webhook-signature</code> (per attempt)</li>
      ${[...new Set(custom)].map((name) => html`<li><code>${name}</code> (custom header of the endpoint)</li>`)}
    </ul>
    <h2>${t('Attempts')}</h2>
    ${
      attempts.length === 0
        ? html`<p>No attempt yet.</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time</th>
                <th scope="col">${t('Endpoint')}</th>
                <th scope="col">Outcome</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">Latency</th>
                <th scope="col">Response</th>
              </tr>
            </thead>
            <tbody>
              ${attempts.map(
                (a) =>
                  html`<tr>
                    <td>${a.attempt}</td>
                    <td>${when(a.at)}</td>
                    <td>
                      <a href=${`#/endpoints/${a.endpointId}`}
                        >${endpoints.find((e) => e.id === a.endpointId)?.url ?? a.endpointId}</a
                      >
                    </td>
                    <td><${Badge} value=${a.outcome} /> ${a.error ?? ''}</td>
                    <td>${a.statusCode ?? '—'}</td>
                    <td class="num">${ms(a.latencyMs)}</td>
                    <td><code>${(a.responseBody ?? '').slice(0, 200)}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
