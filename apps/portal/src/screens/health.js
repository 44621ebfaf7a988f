import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { followAttempts, get } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Badge, Columns, ms, pending, useLoad, when } from '../ui.js';

const KINDS = [
  ['successful', 'Successful', '#1d7f45'],
  ['slow', 'Slow', '#c77c0a'],
  ['error', 'Error', '#c0392b'],
  ['rejected', 'Rejected', '#6b4fbb'],
];

/**
 * Per-minute columns over the histogram's range, zeros where no bucket:
 * uPlot's `[x, ...stacked series]`, each series the running sum of the
 * kinds up to it, so drawing them largest first stacks the bars.
 */
/** A figure with its label; `time` names a response time for the page's readers. */
const Card = ({ label, time, children }) =>
  html`<div class="card">
    <div class="label">${label}</div>
    <div class="value" data-time=${time}>${children}</div>
  </div>`;

export function chartData(histogram) {
  const step = histogram.bucketSeconds;
  const from = Math.floor(Date.parse(histogram.from) / 1000 / step) * step;
  const to = Math.floor(Date.parse(histogram.to) / 1000 / step) * step;
  const byStart = new Map(
    histogram.buckets.map((b) => [Math.floor(Date.parse(b.start) / 1000), b]),
  );
  const xs = [];
  const sums = KINDS.map(() => []);
  for (let t = from; t <= to; t += step) {
    xs.push(t);
    const bucket = byStart.get(t);
    let running = 0;
    KINDS.forEach(([kind], i) => {
      running += bucket?.[kind] ?? 0;
      sums[i].push(running);
    });
  }
  return [xs, ...sums];
}

function Chart({ histogram }) {
  const box = useRef(null);
  const plot = useRef(null);
  useEffect(() => {
    const data = chartData(histogram);
    const width = Math.max(320, Math.min(box.current.clientWidth || 900, 1100));
    if (!plot.current) {
      const bars = uPlot.paths.bars({ size: [1, 8, 3], align: 1 });
      plot.current = new uPlot(
        {
          width,
          height: 240,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: true } },
          axes: [{ stroke: '#525a65' }, { stroke: '#525a65', label: 'responses / min' }],
          series: [
            {},
            ...KINDS.map(([, label, colour]) => ({
              label,
              fill: colour,
              stroke: colour,
              paths: bars,
              points: { show: false },
            })),
          ].map((s, i, all) => (i === 0 ? s : all[all.length - i])),
        },
        [data[0], ...data.slice(1).reverse()],
        box.current,
      );
    } else {
      plot.current.setData([data[0], ...data.slice(1).reverse()]);
    }
  }, [histogram]);
  useEffect(() => () => plot.current?.destroy(), []);
  const totals = histogram.totals;
  return html`<figure>
    <div
      class="chart"
      ref=${box}
      role="img"
      aria-label=${`Responses per minute over 24 hours: ${totals.successful} successful, ${totals.slow} slow, ${totals.error} error, ${totals.rejected} rejected`}
    ></div>
    <figcaption class="legend" data-totals>
      ${KINDS.map(([kind, label]) => html`<span class=${kind}>${label}: <strong data-kind=${kind}>${totals[kind]}</strong></span>`)}
    </figcaption>
  </figure>`;
}

function WhatNext({ health }) {
  const lines = [];
  if (health.disabled)
    lines.push(
      `Disabled since ${when(health.disabled.since)}${health.disabled.reason ? ` (${health.disabled.reason})` : ''}: messages are held until it is switched on.`,
    );
  if (health.pausedUntil)
    lines.push(
      `Paused after repeated failures until ${when(health.pausedUntil)}; deliveries resume then by themselves.`,
    );
  if (health.failingSince)
    lines.push(
      `Failing since ${when(health.failingSince)} (${health.consecutiveFailures} failures in a row).`,
    );
  if (health.disableAt)
    lines.push(`If it keeps failing it will be disabled at ${when(health.disableAt)}.`);
  if (health.breaker && health.breaker !== 'closed')
    lines.push(`Circuit breaker ${health.breaker}.`);
  if (!lines.length) lines.push('Nothing to do: deliveries go out as they come.');
  return html`<ul>
    ${lines.map((line) => html`<li>${line}</li>`)}
  </ul>`;
}

export function HealthScreen({ id }) {
  const { data, error, reload } = useLoad(
    async () => ({
      endpoint: await get(`/v1/endpoints/${id}`),
      health: await get(`/v1/endpoints/${id}/health`),
    }),
    [id],
  );
  // Live: each attempt of this endpoint refreshes the figures (at most every 300 ms).
  useEffect(() => {
    let timer = null;
    const stop = followAttempts(
      () => {
        if (timer) return;
        timer = setTimeout(() => {
          timer = null;
          reload();
        }, 300);
      },
      { endpointId: id },
    );
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [id]);
  const waiting = pending(t('Endpoint health'), { data, error });
  if (waiting) return waiting;
  const { endpoint, health } = data;
  const times = health.responseTimes;
  return html`<h1>${t('Endpoint health')}</h1>
    <p><a href=${`#/endpoints/${id}`}>${endpoint.url}</a> <${Badge} value=${health.state} /></p>
    <p class="muted">${health.reason ?? ''}</p>
    <h2>${t('What happens next')}</h2>
    <${WhatNext} health=${health} />
    <h2>${t('Responses per minute, last 24 hours')}</h2>
    <${Chart} histogram=${health.histogram} />
    <p class="muted">
      Slow: slower than ${ms(health.histogram.slowThresholdMs)}. Rejected: not attempted (rate or
      quota limits).
    </p>
    <h2>${t('Response times, last 30 minutes')}</h2>
    <div class="cards">
      <${Card} label="Fastest" time="fastest">${ms(times.fastestMs)}<//>
      <${Card} label="Average" time="average">${ms(times.averageMs)}<//>
      <${Card} label="Slowest" time="slowest">${ms(times.slowestMs)}<//>
      <${Card} label="Responses">${times.responses}<//>
    </div>
    <h2>${t('Error log')}</h2>
    ${
      health.latestErrors.length === 0
        ? html`<p>No errors.</p>`
        : html`<table>
            <${Columns} names=${['Time', 'Status', 'Reason', 'Response', t('Message')]} />
            <tbody>
              ${health.latestErrors.map(
                (e) =>
                  html`<tr>
                    <td>${when(e.at)}</td>
                    <td>${e.statusCode ?? '—'}</td>
                    <td>${e.error ?? e.reason}</td>
                    <td><code>${(e.responseBody ?? '').slice(0, 200)}</code></td>
                    <td><a href=${`#/messages/${e.messageId}`}>${e.eventType}</a></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
