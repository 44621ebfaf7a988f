import { useState } from 'preact/hooks';
import { api, get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Badge, Columns, Failure, useLoad } from '../ui.js';

/**
 * The state shown for an endpoint: switched off (or disabled after a 410)
 * is `disabled`; otherwise the health-monitor's view (paused, failing…),
 * with `degraded`/`healthy` shown as `enabled`.
 */
export function endpointState(endpoint, health) {
  if (!endpoint.enabled) return 'disabled';
  const state = health?.state;
  if (state === 'paused' || state === 'failing' || state === 'disabled') return state;
  return 'enabled';
}

async function loadEndpoints() {
  const { data } = await get('/v1/endpoints?limit=100');
  const health = await Promise.all(
    data.map((endpoint) => get(`/v1/endpoints/${endpoint.id}/health`).catch(() => null)),
  );
  return data.map((endpoint, i) => ({ endpoint, health: health[i] }));
}

export function OnOffSwitch({ endpoint, disabled, onChanged }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('PATCH', `/v1/endpoints/${endpoint.id}`, { enabled: !endpoint.enabled });
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return html`<button
      type="button"
      class="switch"
      role="switch"
      aria-checked=${endpoint.enabled ? 'true' : 'false'}
      aria-label=${`Deliveries to ${endpoint.url}`}
      disabled=${busy || disabled}
      onClick=${toggle}
    >
      <span class="knob" aria-hidden="true"></span>${endpoint.enabled ? 'On' : 'Off'}
    </button>
    ${error ? html`<span class="error" role="alert">${error.message}</span>` : null}`;
}

export function EndpointsScreen({ role }) {
  const { data, error, reload, loading } = useLoad(loadEndpoints);
  return html`<h1>${t('Endpoints')}</h1>
    <p class="muted">Where your webhooks are delivered. Switch one off to hold its messages.</p>
    ${
      role === 'admin'
        ? html`<div class="actions">
            <a class="button" href="#/endpoints/new">${t('Add endpoint')}</a>
          </div>`
        : null
    }
    <${Failure} error=${error} />
    ${loading ? html`<p aria-live="polite">Loading…</p>` : null}
    ${data && data.length === 0 ? html`<p>${t('No endpoints yet.')}</p>` : null}
    ${
      data && data.length > 0
        ? html`<table>
            <caption class="sr-only">
              ${t('Endpoints')}
            </caption>
            <${Columns} names=${['URL', 'Events', 'State', t('Deliveries'), t('Health')]} />
            <tbody>
              ${data.map(
                ({ endpoint, health }) =>
                  html`<tr data-endpoint=${endpoint.id}>
                    <td>
                      <a href=${`#/endpoints/${endpoint.id}`}>${endpoint.url}</a>
                      ${
                        endpoint.description
                          ? html`<div class="muted">${endpoint.description}</div>`
                          : null
                      }
                    </td>
                    <td>${endpoint.eventTypes.join(', ')}</td>
                    <td><${Badge} value=${endpointState(endpoint, health)} /></td>
                    <td>
                      <${OnOffSwitch}
                        endpoint=${endpoint}
                        disabled=${role !== 'admin'}
                        onChanged=${reload}
                      />
                    </td>
                    <td><a href=${`#/endpoints/${endpoint.id}/health`}>${t('Health')}</a></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }`;
}
