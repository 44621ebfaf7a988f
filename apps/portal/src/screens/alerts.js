import { useState } from 'preact/hooks';
import { api, get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Badge, Columns, Failure, InputField, useLoad, useSave, when } from '../ui.js';

const KINDS = [
  ['delivery.failing', 'A delivery keeps failing'],
  ['delivery.exhausted', 'A message ran out of retries'],
  ['endpoint.paused', 'An endpoint was paused'],
  ['endpoint.disable_warning', 'An endpoint will be disabled soon'],
  ['endpoint.disabled', 'An endpoint was disabled'],
  ['endpoint.recovered', 'An endpoint recovered'],
];

function NewDestination({ onCreated }) {
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState([]);
  const [created, setCreated] = useState(null);
  const { errors, failure, submit } = useSave(async () => {
    const destination = await api('POST', '/v1/alert-destinations', {
      url: url.trim(),
      ...(kinds.length ? { kinds } : {}),
    });
    setCreated(destination);
    setUrl('');
    onCreated();
  });
  const toggle = (kind) =>
    setKinds(kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind]);
  return html`<form onSubmit=${submit} novalidate>
    <${InputField}
      id="alert-url"
      label="Alert webhook URL"
      error=${errors.url}
      type="url"
      value=${url}
      onInput=${(e) => setUrl(e.currentTarget.value)}
    />
    <fieldset class="field">
      <legend class="label">Alert me when (none ticked: always)</legend>
      ${KINDS.map(
        ([kind, label]) =>
          html`<label>
            <input type="checkbox" checked=${kinds.includes(kind)} onChange=${() => toggle(kind)} />
            ${' '}${label}
          </label>`,
      )}
      ${errors.kinds ? html`<span class="error">${errors.kinds}</span>` : null}
    </fieldset>
    <div class="actions"><button type="submit">Add destination</button></div>
    ${failure && !failure.details.length ? html`<${Failure} error=${failure} />` : null}
    ${
      created
        ? html`<p class="notice" role="status">
            Token for ${created.url} (shown once; your receiver checks alerts with it): ${' '}<code
              data-alert-token
              >${created.token}</code
            >
          </p>`
        : null
    }
  </form>`;
}

function TestAlert({ id }) {
  const [result, setResult] = useState(null);
  const send = async () => {
    try {
      const sent = await api('POST', `/v1/alert-destinations/${id}/test`, {});
      setResult(`Test alert ${sent.status}${sent.statusCode ? ` (HTTP ${sent.statusCode})` : ''}`);
    } catch (error) {
      setResult(error.message);
    }
  };
  return html`<button type="button" class="secondary" onClick=${send}>Send test alert</button>
    <span aria-live="polite">${result ?? ''}</span>`;
}

/** Where the tenant's alerts go (create, token once, kinds, test) and the latest alerts. */
export function AlertsScreen({ role }) {
  const destinations = useLoad(() => get('/v1/alert-destinations'));
  const alerts = useLoad(() => get('/v1/alerts?limit=20'));
  return html`<h1>${t('Alerts')}</h1>
    <p class="muted">Herald tells you when deliveries fail, by webhook.</p>
    <h2>Destinations</h2>
    <${Failure} error=${destinations.error} />
    ${destinations.data && destinations.data.data.length === 0 ? html`<p>No alert destinations yet.</p>` : null}
    ${
      destinations.data && destinations.data.data.length > 0
        ? html`<table>
            <${Columns} names=${['URL', t('Alerts'), 'State', t('Test')]} />
            <tbody>
              ${destinations.data.data.map(
                (d) =>
                  html`<tr>
                    <td>${d.url}</td>
                    <td>${d.kinds ? d.kinds.join(', ') : 'all'}</td>
                    <td><${Badge} value=${d.enabled ? 'enabled' : 'disabled'} /></td>
                    <td>${role === 'admin' ? html`<${TestAlert} id=${d.id} />` : null}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }
    ${
      role === 'admin'
        ? html`<h2>Add a destination</h2>
            <${NewDestination}
              onCreated=${() => {
                destinations.reload();
                alerts.reload();
              }}
            />`
        : null
    }
    <h2>Latest alerts</h2>
    <${Failure} error=${alerts.error} />
    ${alerts.data && alerts.data.data.length === 0 ? html`<p>No alerts.</p>` : null}
    ${
      alerts.data && alerts.data.data.length > 0
        ? html`<table>
            <${Columns} names=${['Time', 'Kind', 'Status']} />
            <tbody>
              ${alerts.data.data.map(
                (a) =>
                  html`<tr>
                    <td>${when(a.createdAt)}</td>
                    <td>${a.kind}</td>
                    <td>${a.status}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }`;
}
