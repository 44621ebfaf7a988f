import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PortalTokens } from '@herald/api-auth';
import { pollUntil, REPO_ROOT, TestStack } from '@herald/testing';

/**
 * The tenant portal in real Chromium (Debian's `chromium`, driven by
 * playwright-core) against the five services and the gateway: a tenant's
 * link creates an endpoint to a real receiver, tests it, sees the attempt
 * and the health chart count it, switches it off (test disabled, messages
 * held) and on (held message delivered), sees a delivery in the live view
 * within 1 s, resends a message from its page and recovers an endpoint's
 * failed messages (each reaching the receiver once more, with the message's
 * id), and an expired link or another tenant's link never shows
 * this tenant's data. axe-core checks every screen; each screen's
 * screenshot goes to `.herald/portal-screenshots/` (or `docs/portal/` with
 * HERALD_UPDATE_SCREENSHOTS=1).
 */
const root = REPO_ROOT;
const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS =
  process.env.HERALD_UPDATE_SCREENSHOTS === '1'
    ? path.join(root, 'docs/portal')
    : path.join(root, '.herald/portal-screenshots');
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const SIGNING_KEY = randomBytes(32).toString('hex');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describe('the tenant portal (Chromium, real services)', () => {
  const stack = new TestStack({
    prefix: 'portal',
    gateway: true,
    env: {
      HERALD_ALLOW_PRIVATE_NETWORKS: 'true',
      HERALD_PORTAL_SIGNING_KEY: SIGNING_KEY,
      HERALD_PORTAL_DIR: path.join(root, 'apps/portal/dist'),
    },
  });
  const { receiver } = stack;
  let gateway: string;
  let browser: Browser;
  let page: Page;
  let acme: { id: string; apiKey: string };
  let globex: { id: string; apiKey: string };
  let endpointId: string;
  const axeFindings: Record<string, AxeViolation[]> = {};
  /** Script errors and CSP reports of the pages (there must be none). */
  const pageErrors: string[] = [];
  const watch = (target: Page) => {
    target.on('pageerror', (error) => pageErrors.push(error.message));
    target.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  };

  /** A call through the gateway. */
  const api = <T = Record<string, unknown>>(
    method: string,
    route: string,
    token: string,
    body?: unknown,
  ) => stack.api<T>('gateway', method, route, body, token);

  const link = async (apiKey: string, role = 'admin', locale?: string) => {
    const session = await api<{ url: string }>('POST', '/v1/portal-sessions', apiKey, {
      role,
      ...(locale ? { locale } : {}),
    });
    expect(session.status).toBe(201);
    return session.body.url;
  };

  const publish = async (apiKey: string, id: string) => {
    const accepted = await api('POST', '/v1/events', apiKey, {
      type: 'order.paid',
      id,
      payload: { order: id, amount: 42 },
    });
    expect(accepted.status).toBe(202);
  };

  /** Runs axe-core on the page as it is (CSP on: evaluated, not injected) and saves a screenshot. */
  async function screen(name: string) {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    if (!(await page.evaluate<boolean>('Boolean(window.axe)'))) await page.evaluate(AXE_SOURCE);
    const { violations, passes } = await page.evaluate<{
      violations: AxeViolation[];
      passes: number;
    }>('window.axe.run().then((r) => ({ violations: r.violations, passes: r.passes.length }))');
    // axe ran and checked something: a page it could not read would pass no rule.
    expect(passes).toBeGreaterThan(5);
    axeFindings[name] = violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? ''));
  }

  const go = async (hash: string) => {
    await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await stack.start();
    gateway = stack.gateway;
    const eventTypes = [
      {
        name: 'order.paid',
        description: 'An order was paid.',
        schema: {
          type: 'object',
          properties: { order: { type: 'string' }, amount: { type: 'number' } },
        },
      },
      { name: 'order.refunded', description: 'An order was refunded.' },
      { name: 'invoice.created', description: 'An invoice was issued.' },
    ];
    acme = await stack.tenant('acme', eventTypes, 'gateway');
    globex = await stack.tenant('globex', eventTypes, 'gateway');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    watch(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  it('creates an endpoint from a link, with the API’s validation errors at their fields', async () => {
    const url = await link(acme.apiKey);
    expect(new URL(url).origin).toBe(gateway);
    const response = await page.goto(url);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await page
      .getByRole('heading', { name: 'Endpoints' })
      .waitFor({ timeout: 5_000 })
      .catch((error: Error) => {
        throw new Error(`${error.message}; page errors: ${pageErrors.join(' | ')}`);
      });
    await page.getByText('No endpoints yet.').waitFor();

    await page.getByRole('link', { name: 'Add endpoint' }).click();
    await page.getByRole('heading', { name: 'Add endpoint' }).waitFor();
    await page.getByLabel('URL', { exact: true }).fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const urlError = page.locator('#url-error');
    await urlError.waitFor();
    expect(await urlError.textContent()).toMatch(/scheme|http/i);
    expect(await page.locator('#eventTypes-error').textContent()).toMatch(/event type/i);
    expect(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Search the catalog').fill('order');
    await screen('endpoint-form');

    await page.getByLabel('URL', { exact: true }).fill(receiver.url('/acme'));
    await page.getByLabel('order.paid').check();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint', exact: true }).waitFor();
    endpointId = page.url().split('#/endpoints/')[1]!;
    expect(endpointId).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await api<{ url: string; eventTypes: string[] }>(
      'GET',
      `/v1/endpoints/${endpointId}`,
      acme.apiKey,
    );
    expect(stored.body).toMatchObject({ url: receiver.url('/acme'), eventTypes: ['order.paid'] });
  });

  it('presses test, sees the attempt in the log and the health chart count it', async () => {
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.locator('[data-test-result="delivered"]').waitFor({ timeout: 30_000 });
    expect(receiver.on('/acme')).toHaveLength(1);
    await page.getByRole('button', { name: 'Show secret' }).click();
    await page.locator('[data-secret]').waitFor();
    expect(await page.locator('[data-secret]').textContent()).toMatch(/^whsec_/);
    await screen('endpoint');

    await go(`#/deliveries?endpointId=${endpointId}`);
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await pollUntil(async () => (await page.locator('[data-attempt]').count()) > 0, {
      what: 'the test attempt in the attempt log',
    });
    expect(await page.locator('[data-attempts] .badge').first().textContent()).toBe('success');
    await screen('deliveries');

    await go(`#/endpoints/${endpointId}/health`);
    await page.getByRole('heading', { name: 'Endpoint health' }).waitFor();
    const successful = page.locator('[data-kind="successful"]');
    await pollUntil(async () => (await successful.textContent()) === '1', {
      what: 'the chart to count the test delivery',
      timeoutMs: 15_000,
    });
    await page.locator('.chart canvas').waitFor();
    expect(await page.locator('.chart canvas').count()).toBe(1);
    expect(await page.locator('[data-time="fastest"]').textContent()).toMatch(/\d+ ms/);
    await screen('health');

    // The health view follows the live stream: a new delivery counts without a reload.
    // A reload would drop this marker from the page.
    await page.evaluate('window.sameDocument = true');
    await pollUntil(
      async () =>
        (
          await api('POST', '/v1/events', acme.apiKey, {
            type: 'order.paid',
            id: 'health-live-1',
            payload: { order: 'health-live-1', amount: 1 },
          })
        ).status === 202,
      { what: 'ingest to accept the event' },
    );
    await pollUntil(async () => (await successful.textContent()) === '2', {
      what: 'the open health view to count the new delivery',
      timeoutMs: 15_000,
    });
    expect(await page.evaluate<boolean>('window.sameDocument === true')).toBe(true);
  });

  it('switched off: test disabled with its reason, messages held; switched on: delivered', async () => {
    await go(`#/endpoints/${endpointId}`);
    const toggle = page.getByRole('switch');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await pollUntil(async () => (await toggle.getAttribute('aria-checked')) === 'false', {
      what: 'the switch to turn off',
    });
    const test = page.getByRole('button', { name: 'Send test' });
    expect(await test.isDisabled()).toBe(true);
    expect(await page.locator('#test-reason').textContent()).toContain('switched off');

    // The switch reaches the delivery services through the registry's read model
    // (milliseconds); the health-monitor's view of it shows when it has.
    await pollUntil(
      async () =>
        (await api<{ state: string }>('GET', `/v1/endpoints/${endpointId}/health`, acme.apiKey))
          .body.state === 'disabled',
      { what: 'the services to see the endpoint switched off' },
    );
    const before = receiver.on('/acme').length;
    await pollUntil(
      async () => {
        const { status } = await api('POST', '/v1/events', acme.apiKey, {
          type: 'order.paid',
          id: 'held-1',
          payload: { order: 'held-1', amount: 42 },
        });
        return status === 202;
      },
      { what: 'ingest to accept the event' },
    );
    await go('#/deliveries');
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    const heldRow = page.locator('[data-messages] tr', { hasText: 'order.paid' }).first();
    await pollUntil(
      async () => {
        await page.getByRole('button', { name: 'Filter' }).click();
        return (await heldRow.locator('.badge').textContent()) === 'held';
      },
      { what: 'the message to show as held', timeoutMs: 15_000 },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${await page.locator('[data-messages]').innerText()}`);
    });
    expect(receiver.on('/acme')).toHaveLength(before);

    await go('#/endpoints');
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    const row = page.locator(`[data-endpoint="${endpointId}"]`);
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('disabled');
    await row.getByRole('switch').click();
    await pollUntil(async () => (await row.locator('.badge').textContent()) === 'enabled', {
      what: 'the endpoint to show as enabled',
    });
    await screen('endpoints');
    await pollUntil(() => receiver.on('/acme').length === before + 1, {
      what: 'the held message to be delivered once switched on',
      timeoutMs: 30_000,
    });
    expect(JSON.parse(receiver.on('/acme').at(-1)!.body)).toEqual({ order: 'held-1', amount: 42 });
    await go('#/deliveries');
    await pollUntil(
      async () => {
        await page.getByRole('button', { name: 'Filter' }).click();
        return (await heldRow.locator('.badge').textContent()) === 'delivered';
      },
      { what: 'the message to show as delivered' },
    );
  });

  it('shows a delivery in the live view within 1 s of its arrival', async () => {
    await go('#/live');
    await page.locator('[data-live-state="connected"]').waitFor();
    // In the page: when each live row first appears (browser code, so a string).
    await page.evaluate(`(() => {
      const seen = (window.seenAt = {});
      new MutationObserver(() => {
        for (const row of document.querySelectorAll('[data-live] tr[data-message]')) {
          seen[row.dataset.message] ??= Date.now();
        }
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    const before = receiver.on('/acme').length;
    await publish(acme.apiKey, 'live-1');
    await pollUntil(() => receiver.on('/acme').length > before, { what: 'the live delivery' });
    const delivered = receiver.on('/acme').at(-1)!;
    const messageId = delivered.headers['webhook-id'] as string;
    const shownAt = await pollUntil(
      () => page.evaluate<number | undefined>(`window.seenAt[${JSON.stringify(messageId)}]`),
      { what: 'the delivery in the live view' },
    );
    const latency = shownAt - delivered.receivedAt;
    console.log(`live view: delivery shown ${latency} ms after the receiver got it`);
    expect(latency).toBeLessThan(1_000);
    await screen('live');
  });

  it('shows the event catalog, a message, dead letters, alerts and settings', async () => {
    await go('#/catalog');
    await page.getByRole('heading', { name: 'Event catalog' }).waitFor();
    await page.getByText('order.paid', { exact: false }).first().click();
    await screen('catalog');

    const { body } = await api<{ data: { id: string }[] }>('GET', '/v1/messages', acme.apiKey);
    await go(`#/messages/${body.data[0]!.id}`);
    await page.getByRole('heading', { name: 'Payload sent' }).waitFor();
    await screen('message');

    await go('#/dead-letters');
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    await page.getByRole('button', { name: 'Count matching (dry run)' }).click();
    await pollUntil(async () => (await page.locator('[data-dry-run]').textContent()) !== '', {
      what: 'the dry-run count',
    });
    expect(await page.locator('[data-dry-run]').textContent()).toBe('0 would be replayed.');
    await screen('dead-letters');

    await go('#/alerts');
    await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
    await page.getByLabel('Alert webhook URL').fill(receiver.url('/alerts'));
    await page.getByLabel('An endpoint was disabled').check();
    await page.getByRole('button', { name: 'Add destination' }).click();
    await page.locator('[data-alert-token]').waitFor();
    expect(await page.locator('[data-alert-token]').textContent()).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Send test alert' }).click();
    await page.getByText(/Test alert sent/).waitFor({ timeout: 15_000 });
    expect(receiver.on('/alerts').length).toBeGreaterThanOrEqual(1);
    await screen('alerts');

    await go('#/settings');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByLabel('Primary colour').fill('#ffee00');
    await page.getByRole('button', { name: 'Save theme' }).click();
    await page.locator('#primaryColor-error').waitFor();
    expect(await page.locator('#primaryColor-error').textContent()).toContain('contrast');
    await page.getByLabel('Primary colour').fill('#6a1b9a');
    await page.getByRole('button', { name: 'Save theme' }).click();
    await page.getByText('Saved.').waitFor();
    await screen('settings');
  });

  it('resends a delivered message from its page: the endpoint gets it again, signed, same id', async () => {
    const secret = await api<{ secret: string }>(
      'GET',
      `/v1/endpoints/${endpointId}/secret`,
      acme.apiKey,
    );
    receiver.expectSecret('/acme', secret.body.secret);
    const before = receiver.on('/acme').length;
    await publish(acme.apiKey, 'resend-1');
    const first = await pollUntil(
      () => receiver.on('/acme').length > before && receiver.on('/acme').at(-1),
      { what: 'the first delivery' },
    );
    const messageId = first.headers['webhook-id'] as string;

    await go(`#/messages/${messageId}`);
    await page.getByRole('heading', { name: 'Payload sent' }).waitFor();
    await page.getByLabel('Resend to').selectOption({ label: receiver.url('/acme') });
    await page.getByRole('button', { name: 'Resend' }).click();
    await page.getByText('Resent.').waitFor();
    const again = await pollUntil(
      () => receiver.on('/acme').length > before + 1 && receiver.on('/acme').at(-1),
      { what: 'the resent delivery' },
    );
    expect({
      id: again.headers['webhook-id'],
      verified: again.verified,
      body: JSON.parse(again.body) as unknown,
    }).toEqual({ id: messageId, verified: true, body: { order: 'resend-1', amount: 42 } });
    expect(receiver.on('/acme')).toHaveLength(before + 2);
  });

  it('recovers an endpoint’s failed messages since a time: each delivered once more', async () => {
    // No retries: the first failure makes the message a dead letter at once.
    const created = await api<{ id: string }>('POST', '/v1/endpoints', acme.apiKey, {
      url: receiver.url('/recover-acme'),
      eventTypes: ['order.refunded'],
      retrySchedule: [],
    });
    expect(created.status).toBe(201);
    const recoverId = created.body.id;
    receiver.respond('/recover-acme', () => ({ status: 503 }));
    await pollUntil(
      async () =>
        (
          await api('POST', '/v1/events', acme.apiKey, {
            type: 'order.refunded',
            id: 'recover-1',
            payload: { order: 'recover-1' },
          })
        ).status === 202,
      { what: 'ingest to accept the event (the new endpoint in its read model)' },
    );
    await pollUntil(
      async () =>
        (
          await api<{ data: unknown[] }>(
            'GET',
            `/v1/dead-letters?endpointId=${recoverId}`,
            acme.apiKey,
          )
        ).body.data.length === 1,
      { what: 'the failed delivery to become a dead letter', timeoutMs: 30_000 },
    );
    const failed = receiver.on('/recover-acme');
    expect(failed).toHaveLength(1);
    receiver.respond('/recover-acme', () => ({ status: 204 }));

    await go(`#/deliveries?endpointId=${recoverId}`);
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    // The browser's own local time, as a datetime-local field holds it.
    const tenMinutesAgo = await page.evaluate<string>(`(() => {
      const d = new Date(Date.now() - 600000);
      const pad = (n) => String(n).padStart(2, '0');
      return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' +
        pad(d.getHours()) + ':' + pad(d.getMinutes());
    })()`);
    await page.getByLabel('Recover failed messages since').fill(tenMinutesAgo);
    await page.getByRole('button', { name: 'Recover' }).click();
    await page.getByText('1 message(s) sent again.').waitFor();
    const recovered = await pollUntil(
      () => receiver.on('/recover-acme').length > 1 && receiver.on('/recover-acme').at(-1),
      { what: 'the recovered delivery', timeoutMs: 30_000 },
    );
    expect({
      id: recovered.headers['webhook-id'],
      body: JSON.parse(recovered.body) as unknown,
    }).toEqual({ id: failed[0]!.headers['webhook-id'], body: { order: 'recover-1' } });
    expect(receiver.on('/recover-acme')).toHaveLength(2);
  });

  it('can be embedded in an iframe by the tenant’s frame-ancestors only', async () => {
    // A product page on another origin (the receiver's port) that embeds the portal.
    const host = new URL(receiver.url('/')).origin;
    const frameHost = (portalUrl: string) =>
      receiver.respond('/host', () => ({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: `<!doctype html><html lang="en"><title>Product</title><iframe title="Webhooks" src="${portalUrl}" width="1000" height="700"></iframe></html>`,
      }));
    const saved = await api('PUT', '/v1/portal/settings', acme.apiKey, {
      frameAncestors: [host],
    });
    expect(saved.status).toBe(200);
    const acmeLink = await link(acme.apiKey);
    const acmePage = await fetch(acmeLink);
    expect(acmePage.headers.get('content-security-policy')).toContain(
      `frame-ancestors 'self' ${host}`,
    );
    const globexLink = await link(globex.apiKey);
    const globexPage = await fetch(globexLink);
    expect(globexPage.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/);

    const product = await browser.newPage();
    try {
      frameHost(acmeLink);
      await product.goto(receiver.url('/host'));
      await product
        .frameLocator('iframe')
        .getByRole('heading', { name: 'Endpoints' })
        .waitFor({ timeout: 15_000 });
      // The framed portal works: it shows the tenant's endpoint.
      await product.frameLocator('iframe').getByText(receiver.url('/acme')).waitFor();

      frameHost(globexLink);
      await product.goto(receiver.url('/host'));
      const frame = await pollUntil(() => product.frames()[1], { what: 'the iframe' });
      await pollUntil(() => frame.url().startsWith('chrome-error:'), {
        what: 'Chromium to refuse the frame another tenant did not allow',
      });
    } finally {
      await product.close();
    }
  });

  it('refuses an expired link', async () => {
    const expired = await new PortalTokens(SIGNING_KEY).sign(
      acme.id,
      'admin',
      new Date(Date.now() - 1_000),
    );
    await page.goto(`${gateway}/portal/?token=${expired}`);
    await page.getByRole('heading', { name: 'This link has expired' }).waitFor();
    expect(await page.getByText(receiver.url('/acme')).count()).toBe(0);
    await screen('expired');
  });

  it("never shows one tenant's data through another tenant's link", async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    watch(fresh);
    const previous = page;
    page = fresh;
    try {
      await page.goto(await link(globex.apiKey, 'viewer'));
      await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
      await page.getByText('No endpoints yet.').waitFor();
      expect(await page.getByText(receiver.url('/acme')).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Add endpoint' }).count()).toBe(0);

      await go(`#/endpoints/${endpointId}`);
      await page.locator('.notice.bad').waitFor();
      expect(await page.locator('.notice.bad').textContent()).toMatch(/not found/i);
      expect(await page.getByText(receiver.url('/acme')).count()).toBe(0);

      await go('#/live');
      await page.locator('[data-live-state="connected"]').waitFor();
      const before = receiver.on('/acme').length;
      await publish(acme.apiKey, 'other-tenant-1');
      await pollUntil(() => receiver.on('/acme').length > before, { what: "acme's delivery" });
      await go('#/deliveries');
      await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
      await page.getByText('No attempts match.').waitFor();
      expect(await page.locator('[data-message]').count()).toBe(0);
      await screen('other-tenant');
    } finally {
      await fresh.close();
      page = previous;
    }
  });

  it('speaks the language the link names (Spanish, Portuguese)', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(await link(globex.apiKey, 'viewer', 'es'));
      await other.getByText('Aún no hay endpoints.').waitFor();
      expect(await other.getAttribute('html', 'lang')).toBe('es');
      await other.goto(await link(globex.apiKey, 'viewer', 'pt'));
      await other.getByRole('link', { name: 'Entregas' }).waitFor();
      await other.getByText('Ainda não há endpoints.').waitFor();
    } finally {
      await other.close();
    }
  });

  it('no script error or CSP violation on any page', () => {
    // The API's refusals the tests provoked (invalid input, another tenant's id, the expired link).
    const expected =
      /^Failed to load resource: the server responded with a status of (400|401|404)/;
    expect(pageErrors.filter((text) => !expected.test(text))).toEqual([]);
  });

  it('axe-core finds no serious or critical violation on any screen', () => {
    expect(Object.keys(axeFindings).sort()).toEqual(
      [
        'alerts',
        'catalog',
        'dead-letters',
        'deliveries',
        'endpoint',
        'endpoint-form',
        'endpoints',
        'expired',
        'health',
        'live',
        'message',
        'other-tenant',
        'settings',
      ].sort(),
    );
    const serious = Object.entries(axeFindings).flatMap(([name, violations]) =>
      violations.map(
        (v) =>
          `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
    );
    expect(serious).toEqual([]);
  });
});
