import { useState } from 'preact/hooks';
import { api, get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Failure, InputFields, useLoad, useSave } from '../ui.js';

const THEME_FIELDS = [
  { name: 'logoUrl', label: 'Logo URL', hint: 'https:// image shown in the header', type: 'url' },
  {
    name: 'primaryColor',
    label: 'Primary colour',
    hint: '#rrggbb; white text on it must stay readable (contrast 4.5:1)',
  },
];

function Theme({ settings, role }) {
  const [form, setForm] = useState({
    logoUrl: settings.logoUrl ?? '',
    primaryColor: settings.primaryColor ?? '',
  });
  const [saved, setSaved] = useState(false);
  const { errors, failure, submit } = useSave(async () => {
    setSaved(false);
    const next = await api('PUT', '/v1/portal/settings', {
      logoUrl: form.logoUrl.trim() || null,
      primaryColor: form.primaryColor.trim() || null,
    });
    setSaved(true);
    if (next.primaryColor)
      document.documentElement.style.setProperty('--primary', next.primaryColor);
  });
  const readOnly = role !== 'admin';
  return html`<form onSubmit=${submit} novalidate>
    <${InputFields}
      fields=${THEME_FIELDS}
      form=${form}
      errors=${errors}
      set=${(name) => (e) => setForm({ ...form, [name]: e.currentTarget.value })}
      disabled=${readOnly}
    />
    ${readOnly ? null : html`<div class="actions"><button type="submit">${t('Save theme')}</button><span aria-live="polite">${saved ? 'Saved.' : ''}</span></div>`}
    ${failure && !failure.details.length ? html`<${Failure} error=${failure} />` : null}
  </form>`;
}

export function SettingsScreen({ role }) {
  const { data, error } = useLoad(async () => ({
    portal: await get('/v1/portal/settings'),
    tenant: await get('/v1/settings'),
  }));
  return html`<h1>${t('Settings')}</h1>
    <${Failure} error=${error} />
    ${
      data
        ? html`<h2>${t('Theme')}</h2>
            <${Theme} settings=${data.portal} role=${role} />
            <h2>Embedding</h2>
            <p>
              Sites that may show this page in a frame:
              ${data.portal.frameAncestors.length ? data.portal.frameAncestors.join(', ') : 'none (only this site)'}.
              Your platform sets this list.
            </p>
            <h2>Delivery rules</h2>
            <table>
              <tbody>
                <tr>
                  <th scope="row">HTTPS only</th>
                  <td>${data.tenant.httpsOnly ? 'yes' : 'no'}</td>
                </tr>
                <tr>
                  <th scope="row">Longest URL</th>
                  <td>${data.tenant.maxUrlLength ?? 'default'}</td>
                </tr>
                <tr>
                  <th scope="row">Default retry schedule</th>
                  <td>
                    ${data.tenant.retrySchedule ? data.tenant.retrySchedule.join(', ') : 'Herald default'}
                  </td>
                </tr>
              </tbody>
            </table>`
        : null
    }`;
}
