import { useState } from 'preact/hooks';
import { get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Failure, useLoad } from '../ui.js';

/** The tenant's event types: versions, descriptions, schemas and examples. */
export function CatalogScreen() {
  const { data, error } = useLoad(() => get('/v1/event-types'));
  const [search, setSearch] = useState('');
  const types = (data?.data ?? []).filter((t) =>
    t.name.toLowerCase().includes(search.toLowerCase()),
  );
  return html`<h1>${t('Event catalog')}</h1>
    <div class="field">
      <label for="catalog-search">Search</label>
      <input
        id="catalog-search"
        type="search"
        value=${search}
        onInput=${(e) => setSearch(e.currentTarget.value)}
      />
    </div>
    <${Failure} error=${error} />
    ${types.map(
      (t) =>
        html`<details>
          <summary>
            <strong>${t.name}</strong> v${t.version}${t.archived ? ' (archived)' : ''} —
            ${t.description ?? ''}
          </summary>
          <h3>Schema</h3>
          <pre
            tabindex="0"
          ><code>${t.schema ? JSON.stringify(t.schema, null, 2) : 'No schema: any JSON payload.'}</code></pre>
          <h3>Example</h3>
          <pre
            tabindex="0"
          ><code>${t.example ? JSON.stringify(t.example, null, 2) : 'No example.'}</code></pre>
        </details>`,
    )}
    ${data && types.length === 0 ? html`<p>No event types.</p>` : null}`;
}
