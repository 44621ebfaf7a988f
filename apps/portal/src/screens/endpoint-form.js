import { useState } from 'preact/hooks';
import { api, get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Failure, InputField, useLoad } from '../ui.js';

const split = (text) =>
  text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter(Boolean);

/** `Name: value` lines ↔ a headers object. */
const headersText = (headers) =>
  Object.entries(headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
function parseHeaders(text) {
  const headers = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `"${line.trim()}" is not "Name: value"` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { headers };
}

/** The API's `details[].field` (`eventTypes.0`, `headers.x-a`) → the form field it belongs to. */
export function fieldErrors(details) {
  const errors = {};
  for (const { field, reason } of details ?? []) {
    const key = (field || 'form').split('.')[0];
    errors[key] = errors[key] ? `${errors[key]}; ${reason}` : reason;
  }
  return errors;
}

function EventTypePicker({ catalog, value, onChange, error }) {
  const [search, setSearch] = useState('');
  const names = [...new Set(catalog.map((type) => type.name))];
  const prefixes = [
    ...new Set(names.filter((n) => n.includes('.')).map((n) => `${n.split('.')[0]}.*`)),
  ];
  const options = ['*', ...prefixes, ...names].filter((name) =>
    name.toLowerCase().includes(search.toLowerCase()),
  );
  const toggle = (name) =>
    onChange(value.includes(name) ? value.filter((v) => v !== name) : [...value, name]);
  return html`<fieldset class="field" aria-describedby=${error ? 'eventTypes-error' : undefined}>
    <legend class="label">Event types</legend>
    <label for="eventTypes-search" class="hint"
      >Search the catalog (wildcards: <code>*</code>, <code>name.*</code>)</label
    >
    <input
      id="eventTypes-search"
      type="search"
      value=${search}
      onInput=${(e) => setSearch(e.currentTarget.value)}
    />
    <div class="check-list">
      ${options.map(
        (name) =>
          html`<label>
            <input type="checkbox" checked=${value.includes(name)} onChange=${() => toggle(name)} />
            ${' '}${name === '*' ? '* (every event type)' : name}
          </label>`,
      )}
    </div>
    <span class="hint">Selected: ${value.length ? value.join(', ') : 'none'}</span>
    ${error ? html`<span class="error" id="eventTypes-error">${error}</span>` : null}
  </fieldset>`;
}

/** The fields after the event types: how the endpoint is delivered to (every one optional). */
const DELIVERY_FIELDS = [
  { id: 'channels', label: 'Channels', hint: 'Comma-separated; empty = every channel' },
  {
    id: 'payloadFilter',
    label: 'Payload filter',
    hint: 'JSON, e.g. {"status": {"$in": ["read"]}}; empty = every payload',
    multiline: true,
  },
  { id: 'headers', label: 'Custom headers', hint: 'One per line: Name: value', multiline: true },
  {
    id: 'rateLimit',
    label: 'Rate limit (requests per second)',
    hint: 'Empty = unlimited',
    type: 'number',
    min: '0.1',
    step: '0.1',
  },
  {
    id: 'retrySchedule',
    label: 'Retry schedule',
    hint: 'Delays before each retry, e.g. 5s, 5m, 30m, 2h; empty = the default',
  },
];

function EndpointForm({ endpoint, catalog }) {
  const [form, setForm] = useState({
    url: endpoint?.url ?? '',
    description: endpoint?.description ?? '',
    eventTypes: endpoint?.eventTypes ?? [],
    channels: (endpoint?.channels ?? []).join(', '),
    payloadFilter: endpoint?.payloadFilter ? JSON.stringify(endpoint.payloadFilter, null, 2) : '',
    headers: headersText(endpoint?.headers),
    rateLimit: endpoint?.rateLimit ?? '',
    retrySchedule: (endpoint?.retrySchedule ?? []).join(', '),
  });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [saving, setSaving] = useState(false);
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });

  const submit = async (e) => {
    e.preventDefault();
    const local = {};
    let payloadFilter = null;
    if (form.payloadFilter.trim()) {
      try {
        payloadFilter = JSON.parse(form.payloadFilter);
      } catch {
        local.payloadFilter = 'must be JSON, e.g. {"status": {"$in": ["read"]}}';
      }
    }
    const parsedHeaders = parseHeaders(form.headers);
    if (parsedHeaders.error) local.headers = parsedHeaders.error;
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    const body = {
      url: form.url.trim(),
      description: form.description.trim() || null,
      eventTypes: form.eventTypes,
      channels: split(form.channels),
      payloadFilter,
      headers: parsedHeaders.headers,
      rateLimit: form.rateLimit === '' ? null : Number(form.rateLimit),
      retrySchedule: form.retrySchedule.trim() ? split(form.retrySchedule) : null,
    };
    setSaving(true);
    setFailure(null);
    try {
      const saved = endpoint
        ? await api('PATCH', `/v1/endpoints/${endpoint.id}`, body)
        : await api(
            'POST',
            '/v1/endpoints',
            Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null)),
          );
      location.hash = `#/endpoints/${saved.id}`;
    } catch (error) {
      setErrors(fieldErrors(error.details));
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  return html`<form onSubmit=${submit} novalidate>
    <${Failure} error=${failure} />
    <${InputField}
      id="url"
      label="URL"
      hint="https:// address that receives the webhooks"
      error=${errors.url}
      type="url"
      required
      value=${form.url}
      onInput=${set('url')}
    />
    <${InputField}
      id="description"
      label="Description"
      error=${errors.description}
      value=${form.description}
      onInput=${set('description')}
    />
    <${EventTypePicker}
      catalog=${catalog}
      value=${form.eventTypes}
      onChange=${(eventTypes) => setForm({ ...form, eventTypes })}
      error=${errors.eventTypes}
    />
    ${DELIVERY_FIELDS.map(
      (field) =>
        html`<${InputField}
          ...${field}
          error=${errors[field.id]}
          value=${form[field.id]}
          onInput=${set(field.id)}
        />`,
    )}
    <div class="actions">
      <button type="submit" disabled=${saving}>
        ${endpoint ? t('Save') : t('Create endpoint')}
      </button>
      <a class="button secondary" href=${endpoint ? `#/endpoints/${endpoint.id}` : '#/endpoints'}
        >${t('Cancel')}</a
      >
    </div>
  </form>`;
}

export function EndpointFormScreen({ role, id }) {
  const { data, error } = useLoad(
    async () => ({
      endpoint: id ? await get(`/v1/endpoints/${id}`) : null,
      catalog: (await get('/v1/event-types')).data,
    }),
    [id],
  );
  if (role !== 'admin')
    return html`<h1>${t('Endpoint')}</h1>
      <p>This link is read-only.</p>`;
  return html`<h1>${id ? t('Edit endpoint') : t('Add endpoint')}</h1>
    <${Failure} error=${error} />
    ${data ? html`<${EndpointForm} endpoint=${data.endpoint} catalog=${data.catalog} />` : null}`;
}
