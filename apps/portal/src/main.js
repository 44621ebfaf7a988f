import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { configureApi, get } from './api.js';
import { html } from './html.js';
import { language, t } from './i18n.js';
import { claimsOf, readToken } from './session.js';
import { AlertsScreen } from './screens/alerts.js';
import { CatalogScreen } from './screens/catalog.js';
import { DeadLettersScreen } from './screens/dead-letters.js';
import { DeliveriesScreen } from './screens/deliveries.js';
import { EndpointFormScreen } from './screens/endpoint-form.js';
import { EndpointScreen } from './screens/endpoint.js';
import { EndpointsScreen } from './screens/endpoints.js';
import { HealthScreen } from './screens/health.js';
import { LiveScreen } from './screens/live.js';
import { MessageScreen } from './screens/message.js';
import { SettingsScreen } from './screens/settings.js';

/** Hash routes: `#/endpoints/<id>/health` → the screen and its parameters. */
const ROUTES = [
  [/^\/endpoints\/new$/, (role) => html`<${EndpointFormScreen} role=${role} />`],
  [
    /^\/endpoints\/([^/]+)\/edit$/,
    (role, id) => html`<${EndpointFormScreen} role=${role} id=${id} />`,
  ],
  [/^\/endpoints\/([^/]+)\/health$/, (role, id) => html`<${HealthScreen} id=${id} />`],
  [/^\/endpoints\/([^/]+)$/, (role, id) => html`<${EndpointScreen} role=${role} id=${id} />`],
  [/^\/endpoints$/, (role) => html`<${EndpointsScreen} role=${role} />`],
  [/^\/deliveries$/, (role) => html`<${DeliveriesScreen} role=${role} />`],
  [/^\/messages\/([^/]+)$/, (role, id) => html`<${MessageScreen} role=${role} id=${id} />`],
  [/^\/dead-letters$/, (role) => html`<${DeadLettersScreen} role=${role} />`],
  [/^\/live$/, () => html`<${LiveScreen} />`],
  [/^\/catalog$/, () => html`<${CatalogScreen} />`],
  [/^\/alerts$/, (role) => html`<${AlertsScreen} role=${role} />`],
  [/^\/settings$/, (role) => html`<${SettingsScreen} role=${role} />`],
];

const NAV = [
  ['/endpoints', 'Endpoints'],
  ['/deliveries', 'Deliveries'],
  ['/dead-letters', 'Dead letters'],
  ['/live', 'Live'],
  ['/catalog', 'Event catalog'],
  ['/alerts', 'Alerts'],
  ['/settings', 'Settings'],
];

const currentPath = () => location.hash.replace(/^#/, '').split('?')[0] || '/endpoints';

function useRoute() {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const changed = () => setPath(currentPath());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return path;
}

function Ended({ reason }) {
  return html`<main id="main" class="ended">
    <h1>
      ${reason === 'portal_session_expired' ? 'This link has expired' : 'This link is not valid'}
    </h1>
    <p>Open the webhooks page again from your product to get a new link.</p>
  </main>`;
}

function applyTheme(settings) {
  const root = document.documentElement;
  if (settings?.primaryColor) root.style.setProperty('--primary', settings.primaryColor);
}

/** Ends the session on the first 401 (set before any screen loads, see below). */
let endSession = () => {};

function App({ token }) {
  const [ended, setEnded] = useState(token ? null : 'invalid_portal_token');
  endSession = (failure) => setEnded(failure.code);
  const [settings, setSettings] = useState(null);
  const path = useRoute();
  const claims = token ? claimsOf(token) : null;
  const role = claims?.role === 'admin' ? 'admin' : 'viewer';

  useEffect(() => {
    if (!token) return;
    get('/v1/portal/settings')
      .then((loaded) => {
        setSettings(loaded);
        applyTheme(loaded);
      })
      .catch(() => {});
  }, []);

  useEffect(() => {
    const heading = document.querySelector('main h1');
    if (heading) document.title = `${heading.textContent} · Webhooks`;
  });

  if (ended) return html`<${Ended} reason=${ended} />`;
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  const screen = route
    ? route[1](role, ...path.match(route[0]).slice(1).map(decodeURIComponent))
    : html`<h1>Not found</h1>`;
  return html`
    <a
      class="skip"
      href="#main"
      onClick=${(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}
      >${t('Skip to content')}</a
    >
    <header class="top">
      ${settings?.logoUrl ? html`<img class="logo" src=${settings.logoUrl} alt="" />` : null}
      <span class="brand">Webhooks</span>
      <span class="role">${role === 'admin' ? t('Administrator') : t('Read-only')}</span>
    </header>
    <div class="layout">
      <nav aria-label="Portal">
        <ul>
          ${NAV.map(
            ([href, label]) =>
              html`<li>
                <a href=${`#${href}`} aria-current=${path.startsWith(href) ? 'page' : undefined}
                  >${t(label)}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <main id="main" tabindex="-1">${screen}</main>
    </div>
  `;
}

document.documentElement.lang = language;
const token = readToken();
// Before the first render: screens load in effects that run before App's own.
configureApi(token, (failure) => endSession(failure));
render(html`<${App} token=${token} />`, document.getElementById('app'));
