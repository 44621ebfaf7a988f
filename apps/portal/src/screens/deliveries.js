import { useState } from 'preact/hooks';
import { api, get, query } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import {
  AttemptColumns,
  Badge,
  Columns,
  Failure,
  Field,
  InputField,
  MessageLink,
  ms,
  useAction,
  useLoad,
  when,
} from '../ui.js';

const hashParams = () => new URLSearchParams(location.hash.split('?')[1] ?? '');
const isoOrUndefined = (local) => (local ? new Date(local).toISOString() : undefined);

/** A message's state at one endpoint: its latest attempt's, or held/pending before any. */
export function deliveryState(deliveries, endpoint) {
  const delivery = deliveries.find((d) => d.endpointId === endpoint?.id);
  if (delivery) return delivery.status;
  return endpoint && !endpoint.enabled ? 'held' : 'pending';
}

async function loadMessages(filters) {
  const [{ data: messages }, { data: endpoints }] = await Promise.all([
    get(
      `/v1/messages${query({ limit: 20, eventType: filters.eventType, since: isoOrUndefined(filters.since) })}`,
    ),
    get('/v1/endpoints?limit=100'),
  ]);
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return Promise.all(
    messages.map(async (message) => {
      const { data: deliveries } = await get(`/v1/messages/${message.id}/deliveries`).catch(() => ({
        data: [],
      }));
      return {
        message,
        states: message.endpointIds.map((id) => ({
          endpoint: byId.get(id),
          id,
          state: deliveryState(deliveries, byId.get(id)),
        })),
      };
    }),
  );
}

function Recover({ endpointId }) {
  const [since, setSince] = useState('');
  const { result, failure, submit } = useAction(() =>
    api('POST', `/v1/endpoints/${endpointId}/recover`, { since: isoOrUndefined(since) }),
  );
  return html`<form class="filters" onSubmit=${submit}>
    <${InputField}
      id="recover-since"
      label="Recover failed messages since"
      error=${failure?.details?.[0]?.reason}
      type="datetime-local"
      required
      value=${since}
      onInput=${(e) => setSince(e.currentTarget.value)}
    />
    <button type="submit">${t('Recover')}</button>
    <span aria-live="polite">${result ? `${result.matched} message(s) sent again.` : ''}</span>
    ${failure && !failure.details?.length ? html`<span class="error" role="alert">${failure.message}</span>` : null}
  </form>`;
}

export function DeliveriesScreen({ role }) {
  const initial = hashParams();
  const [filters, setFilters] = useState({
    endpointId: initial.get('endpointId') ?? '',
    outcome: '',
    eventType: '',
    since: '',
  });
  const [applied, setApplied] = useState(filters);
  const attempts = useLoad(
    () =>
      get(
        `/v1/attempts${query({ limit: 50, endpointId: applied.endpointId, outcome: applied.outcome, eventType: applied.eventType, since: isoOrUndefined(applied.since) })}`,
      ),
    [applied],
  );
  const messages = useLoad(() => loadMessages(applied), [applied]);
  const set = (name) => (e) => setFilters({ ...filters, [name]: e.currentTarget.value });
  return html`<h1>${t('Deliveries')}</h1>
    <form
      class="filters"
      onSubmit=${(e) => {
        e.preventDefault();
        setApplied({ ...filters });
      }}
    >
      <${Field} id="f-outcome" label="Outcome">
        <select id="f-outcome" value=${filters.outcome} onChange=${set('outcome')}>
          <option value="">Any</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </select>
      <//>
      <${Field} id="f-type" label="Event type">
        <input id="f-type" value=${filters.eventType} onInput=${set('eventType')} />
      <//>
      <${Field} id="f-since" label="Since">
        <input id="f-since" type="datetime-local" value=${filters.since} onInput=${set('since')} />
      <//>
      <button type="submit">${t('Filter')}</button>
    </form>
    ${
      applied.endpointId
        ? html`<p class="muted">
              ${`Endpoint ${applied.endpointId} only. `}
              <a href="#/deliveries" onClick=${() => setApplied({ ...applied, endpointId: '' })}
                >Show all</a
              >
            </p>
            ${role === 'admin' ? html`<${Recover} endpointId=${applied.endpointId} />` : null}`
        : null
    }
    <h2>${t('Messages')}</h2>
    <${Failure} error=${messages.error} />
    ${
      messages.data
        ? html`<table data-messages>
            <${Columns} names=${[t('Message'), 'Event type', 'Created', t('Endpoints')]} />
            <tbody>
              ${messages.data.map(
                ({ message, states }) =>
                  html`<tr data-message=${message.id}>
                    <td>
                      <${MessageLink} id=${message.id} />
                    </td>
                    <td>${message.eventType}</td>
                    <td>${when(message.createdAt)}</td>
                    <td>
                      ${states.map((s) => html`<div><${Badge} value=${s.state} /> <span class="muted">${s.endpoint?.url ?? s.id}</span></div>`)}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>Loading…</p>`
    }
    <h2>${t('Attempts')}</h2>
    <${Failure} error=${attempts.error} />
    ${
      attempts.data
        ? html`<table data-attempts>
              <${AttemptColumns} />
              <tbody>
                ${attempts.data.data.map(
                  (a) =>
                    html`<tr data-attempt=${a.attemptId}>
                      <td>${when(a.at)}</td>
                      <td>
                        <${Badge} value=${a.outcome} />
                        ${a.outcome === 'failure' ? html`<span class="muted">${a.error ?? a.reason}</span>` : null}
                      </td>
                      <td>${a.statusCode ?? '—'}</td>
                      <td class="num">${ms(a.latencyMs)}</td>
                      <td>${a.eventType}</td>
                      <td>
                        <${MessageLink} id=${a.messageId} />
                        #${a.attempt}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
            ${attempts.data.data.length === 0 ? html`<p>No attempts match.</p>` : null}`
        : html`<p>Loading…</p>`
    }`;
}
