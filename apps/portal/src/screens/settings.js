import { useState } from 'preact/hooks';
import { api, get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Failure, InputField, useLoad } from '../ui.js';
import { fieldErrors } from './endpoint-form.js';

function Theme({ settings, role }) {
  const [form, setForm] = useState({
    logoUrl: settings.logoUrl ?? '',
    primaryColor: settings.primaryColor ?? '',
  });
  const [errors, setErrors] = useState({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setSaved(false);
    setFailure(null);
    try {
      const next = await api('PUT', '/v1/portal/settings', {
        logoUrl: form.logoUrl.trim() || null,
        primaryColor: form.primaryColor.trim() || null,
      });
      setErrors({});
      setSaved(true);
      if (next.primaryColor)
        document.documentElement.style.setProperty('--primary', next.primaryColor);
    } catch (error) {
      setErrors(fieldErrors(error.details));
      setFailure(error);
    }
  };
  const readOnly = role !== 'admin';
  return html`<form onSubmit=${submit} novalidate>
    <${InputField}
      id="logoUrl"
      label="Logo URL"
      hint="https:// image shown in the header"
      error=${errors.logoUrl}
      type="url"
      disabled=${readOnly}
      value=${form.logoUrl}
      onInput=${(e) => setForm({ ...form, logoUrl: e.currentTarget.value })}
    />
    <${InputField}
      id="primaryColor"
      label="Primary colour"
      hint="#rrggbb; white text on it must stay readable (contrast 4.5:1)"
      error=${errors.primaryColor}
      disabled=${readOnly}
      value=${form.primaryColor}
      onInput=${(e) => setForm({ ...form, primaryColor: e.currentTarget.value })}
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
