import { useState } from 'preact/hooks';
import { api, get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Badge, Failure, ms, pending, useLoad, when } from '../ui.js';
import { endpointState, OnOffSwitch } from './endpoints.js';
import { VerifySnippets } from './snippets.js';

/** Why the test button is off, or null when a test may be sent. */
export function testBlocked(endpoint, health, role) {
  if (role !== 'admin') return 'This link is read-only.';
  if (!endpoint.enabled) return t('The endpoint is switched off: switch it on to send a test.');
  if (health?.state === 'paused') {
    return `The endpoint is paused after repeated failures until ${when(health.pausedUntil)}.`;
  }
  return null;
}

/** "Test delivered — HTTP 204 in 26 ms". */
export function testSummary(result) {
  const attempt = result.attempt;
  if (!attempt) return `Test ${result.status}`;
  const answer = attempt.statusCode ? `HTTP ${attempt.statusCode}` : 'no answer';
  const error = attempt.error ? ` (${attempt.error})` : '';
  return `Test ${result.status} — ${answer} in ${ms(attempt.latencyMs)}${error}`;
}

function TestButton({ endpoint, health, role, onDone }) {
  const [result, setResult] = useState(null);
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const blocked = testBlocked(endpoint, health, role);
  const send = async () => {
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      setResult(await api('POST', `/v1/endpoints/${endpoint.id}/test`, {}));
      onDone();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="actions">
      <button
        type="button"
        disabled=${busy || blocked !== null}
        aria-describedby=${blocked ? 'test-reason' : undefined}
        onClick=${send}
      >
        ${t('Send test')}
      </button>
      ${blocked ? html`<span id="test-reason" class="muted">${blocked}</span>` : null}
    </div>
    <div aria-live="polite">
      ${busy ? html`<p>Sending…</p>` : null}
      ${
        result
          ? html`<p class="notice" data-test-result=${result.status}>
              ${testSummary(result)}${' · '}<a href=${`#/messages/${result.messageId}`}>message</a>
            </p>`
          : null
      }
    </div>
    <${Failure} error=${failure} />`;
}

function Secret({ endpoint, role }) {
  const [secret, setSecret] = useState(null);
  const [failure, setFailure] = useState(null);
  if (role !== 'admin') return null;
  const reveal = async () => {
    setFailure(null);
    try {
      setSecret(await get(`/v1/endpoints/${endpoint.id}/secret`));
    } catch (error) {
      setFailure(error);
    }
  };
  const rotate = async () => {
    if (!window.confirm('Rotate the signing secret? The old one keeps signing for a grace period.'))
      return;
    setFailure(null);
    try {
      await api('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, {});
      setSecret(await get(`/v1/endpoints/${endpoint.id}/secret`));
    } catch (error) {
      setFailure(error);
    }
  };
  return html`<section aria-labelledby="secret-heading">
    <h2 id="secret-heading">${t('Signing secret')}</h2>
    <div class="actions">
      ${
        secret
          ? html`<button type="button" class="secondary" onClick=${() => setSecret(null)}>
              ${t('Hide secret')}
            </button>`
          : html`<button type="button" class="secondary" onClick=${reveal}>
              ${t('Show secret')}
            </button>`
      }
      <button type="button" class="secondary" onClick=${rotate}>${t('Rotate secret')}</button>
    </div>
    ${
      secret
        ? html`<p><code data-secret>${secret.secret}</code></p>
            ${
              secret.previousSecret
                ? html`<p class="muted">
                    Previous secret still signs until ${when(secret.previousSecret.expiresAt)}.
                  </p>`
                : null
            }`
        : null
    }
    <${Failure} error=${failure} />
  </section>`;
}

export function EndpointScreen({ role, id }) {
  const { data, error, reload } = useLoad(
    async () => ({
      endpoint: await get(`/v1/endpoints/${id}`),
      health: await get(`/v1/endpoints/${id}/health`).catch(() => null),
    }),
    [id],
  );
  const [deleteFailure, setDeleteFailure] = useState(null);
  const waiting = pending(t('Endpoint'), { data, error });
  if (waiting) return waiting;
  const { endpoint, health } = data;
  const remove = async () => {
    if (!window.confirm(`Delete the endpoint ${endpoint.url}?`)) return;
    try {
      await api('DELETE', `/v1/endpoints/${endpoint.id}`);
      location.hash = '#/endpoints';
    } catch (failure) {
      setDeleteFailure(failure);
    }
  };
  return html`<h1>${t('Endpoint')}</h1>
    <p><code>${endpoint.url}</code> <${Badge} value=${endpointState(endpoint, health)} /></p>
    ${
      endpoint.disabledReason
        ? html`<p class="notice">
            Off since ${when(endpoint.disabledAt)} (${endpoint.disabledReason}); new messages are
            held until it is switched on.
          </p>`
        : null
    }
    <div class="actions">
      <span class="label" id="switch-label">${t('Deliveries')}</span>
      <${OnOffSwitch} endpoint=${endpoint} disabled=${role !== 'admin'} onChanged=${reload} />
      <a class="button secondary" href=${`#/endpoints/${endpoint.id}/health`}>${t('Health')}</a>
      <a class="button secondary" href=${`#/deliveries?endpointId=${endpoint.id}`}
        >${t('Deliveries')}</a
      >
      ${
        role === 'admin'
          ? html`<a class="button secondary" href=${`#/endpoints/${endpoint.id}/edit`}
                >${t('Edit')}</a
              >
              <button type="button" class="danger" onClick=${remove}>${t('Delete')}</button>`
          : null
      }
    </div>
    <${Failure} error=${deleteFailure} />
    <h2>${t('Test')}</h2>
    <${TestButton} endpoint=${endpoint} health=${health} role=${role} onDone=${reload} />
    <h2>${t('Settings')}</h2>
    <table>
      <tbody>
        <tr>
          <th scope="row">Event types</th>
          <td>${endpoint.eventTypes.join(', ')}</td>
        </tr>
        <tr>
          <th scope="row">Channels</th>
          <td>${endpoint.channels.length ? endpoint.channels.join(', ') : 'every channel'}</td>
        </tr>
        <tr>
          <th scope="row">Payload filter</th>
          <td>
            ${endpoint.payloadFilter ? html`<code>${JSON.stringify(endpoint.payloadFilter)}</code>` : 'none'}
          </td>
        </tr>
        <tr>
          <th scope="row">Custom headers</th>
          <td>
            ${Object.keys(endpoint.headers).length ? Object.keys(endpoint.headers).join(', ') : 'none'}
          </td>
        </tr>
        <tr>
          <th scope="row">Rate limit</th>
          <td>${endpoint.rateLimit ? `${endpoint.rateLimit}/s` : 'unlimited'}</td>
        </tr>
        <tr>
          <th scope="row">Retry schedule</th>
          <td>${endpoint.retrySchedule ? endpoint.retrySchedule.join(', ') : 'default'}</td>
        </tr>
        <tr>
          <th scope="row">Created</th>
          <td>${when(endpoint.createdAt)}</td>
        </tr>
      </tbody>
    </table>
    <${Secret} endpoint=${endpoint} role=${role} />
    <${VerifySnippets} />`;
}
