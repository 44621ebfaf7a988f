import { useState } from 'preact/hooks';
import { api, get, query } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Columns, Failure, fieldErrors, InputFields, MessageLink, useLoad, when } from '../ui.js';

const iso = (local) => (local ? new Date(local).toISOString() : undefined);

/** The replay filter the API takes, from the form (empty fields left out). */
function replayFilter(form) {
  return Object.fromEntries(
    Object.entries({
      endpointId: form.endpointId || undefined,
      eventType: form.eventType || undefined,
      statusCode: form.statusCode ? Number(form.statusCode) : undefined,
      since: iso(form.since),
    }).filter(([, v]) => v !== undefined),
  );
}

/** The filter's fields; the replay takes the same filter. */
const FILTER_FIELDS = [
  { name: 'endpointId', id: 'dl-endpoint', label: 'Endpoint id' },
  { name: 'eventType', id: 'dl-type', label: 'Event type' },
  {
    name: 'statusCode',
    id: 'dl-status',
    label: 'Last HTTP status',
    type: 'number',
    min: '100',
    max: '599',
  },
  { name: 'since', id: 'dl-since', label: 'Dead since', type: 'datetime-local' },
];

export function DeadLettersScreen({ role }) {
  const [form, setForm] = useState({ endpointId: '', eventType: '', statusCode: '', since: '' });
  const [applied, setApplied] = useState(form);
  const [count, setCount] = useState(null);
  const [replayed, setReplayed] = useState(null);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const list = useLoad(
    () => get(`/v1/dead-letters${query({ limit: 50, ...replayFilter(applied) })}`),
    [applied],
  );
  const set = (name) => (e) => {
    setForm({ ...form, [name]: e.currentTarget.value });
    setCount(null);
  };
  const run = async (dryRun) => {
    setFailure(null);
    setErrors({});
    try {
      const result = await api('POST', '/v1/dead-letters/replay', {
        ...replayFilter(form),
        dryRun,
      });
      if (dryRun) setCount(result.matched);
      else {
        setReplayed(result);
        setCount(null);
        list.reload();
      }
    } catch (error) {
      setErrors(fieldErrors(error.details));
      setFailure(error);
    }
  };
  return html`<h1>${t('Dead letters')}</h1>
    <p class="muted">
      Messages whose retries ran out. Replay sends them again; the count comes first.
    </p>
    <form
      class="filters"
      onSubmit=${(e) => {
        e.preventDefault();
        setApplied({ ...form });
      }}
    >
      <${InputFields} fields=${FILTER_FIELDS} form=${form} errors=${errors} set=${set} />
      <button type="submit">${t('Filter')}</button>
    </form>
    ${
      role === 'admin'
        ? html`<div class="actions">
            <button type="button" class="secondary" onClick=${() => run(true)}>
              ${t('Count matching (dry run)')}
            </button>
            <button
              type="button"
              disabled=${count === null || count === 0}
              onClick=${() => run(false)}
            >
              ${count === null ? 'Replay (count first)' : `Replay ${count} dead letter${count === 1 ? '' : 's'}`}
            </button>
            <span aria-live="polite" data-dry-run
              >${count === null ? '' : `${count} would be replayed.`}</span
            >
            <span aria-live="polite"
              >${replayed ? `Replay ${replayed.replayId} started for ${replayed.matched}.` : ''}</span
            >
          </div>`
        : null
    }
    <${Failure} error=${failure} />
    <${Failure} error=${list.error} />
    ${
      list.data
        ? list.data.data.length === 0
          ? html`<p>No dead letters match.</p>`
          : html`<table>
              <${Columns}
                names=${['Dead at', 'Event type', t('Endpoint'), 'Last status', t('Attempts'), t('Message')]}
              />
              <tbody>
                ${list.data.data.map(
                  (d) =>
                    html`<tr>
                      <td>${when(d.deadAt)}</td>
                      <td>${d.eventType}</td>
                      <td>
                        <a href=${`#/endpoints/${d.endpointId}`}
                          ><code>${d.endpointId.slice(0, 8)}</code></a
                        >
                      </td>
                      <td>${d.lastStatusCode ?? d.lastReason}</td>
                      <td>${d.attempts}</td>
                      <td>
                        <${MessageLink} id=${d.messageId} />
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : html`<p>Loading…</p>`
    }`;
}
