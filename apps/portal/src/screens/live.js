import { useEffect, useState } from 'preact/hooks';
import { followAttempts } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { AttemptColumns, Badge, MessageLink, ms } from '../ui.js';

const KEEP = 100;

/** Deliveries as they happen, from `GET /v1/attempts/stream`; newest first. */
export function LiveScreen() {
  const [attempts, setAttempts] = useState([]);
  const [connected, setConnected] = useState(false);
  useEffect(
    () =>
      followAttempts((attempt) => setAttempts((list) => [attempt, ...list].slice(0, KEEP)), {
        onOpen: () => setConnected(true),
      }),
    [],
  );
  return html`<h1>${t('Live')}</h1>
    <p class="muted" data-live-state=${connected ? 'connected' : 'connecting'}>
      ${connected ? 'Connected: deliveries appear here as they happen.' : 'Connecting…'}
    </p>
    <table data-live>
      <caption class="sr-only">
        Latest deliveries
      </caption>
      <${AttemptColumns} />
      <tbody>
        ${attempts.map(
          (a) =>
            html`<tr data-attempt=${a.attemptId} data-message=${a.messageId}>
              <td>${new Date(a.at).toLocaleTimeString()}</td>
              <td><${Badge} value=${a.outcome} /></td>
              <td>${a.statusCode ?? '—'}</td>
              <td class="num">${ms(a.latencyMs)}</td>
              <td>${a.eventType}</td>
              <td>
                <${MessageLink} id=${a.messageId} />
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${attempts.length === 0 ? html`<p>Nothing yet.</p>` : null}`;
}
