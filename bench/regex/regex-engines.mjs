// Compares regular-expression engines for tenant JSON Schema patterns, as Ajv
// runs them (`code.regExp`): JavaScript's own (backtracking), re2js (pure
// JavaScript RE2) and re2 (native RE2 addon, optional). Run from the repo root
// after `pnpm build`:
//
//   node bench/regex/regex-engines.mjs                 # RegExp and re2js
//   RE2_MODULE=/path/to/node_modules/re2 node bench/regex/regex-engines.mjs
//
// It prints, per engine: schema compile time, validations per second of a
// realistic event against a schema with eight patterns, and the time to
// refuse 34 x "a" + "!" against "^(a+)+$" (skipped for RegExp beyond 24,
// where it takes seconds to minutes).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(new URL('../../libs/catalog/package.json', import.meta.url));
const { Ajv } = require('ajv');
const { RE2JS } = require('re2js');

const engines = {
  RegExp: null,
  re2js: Object.assign(
    (pattern, flags) => {
      const re = RE2JS.compile(RE2JS.translateRegExp(pattern));
      return { test: (s) => re.test(s), toString: () => `/${pattern}/${flags}` };
    },
    { code: 're2js' },
  ),
};
if (process.env.RE2_MODULE) {
  const RE2 = createRequire(import.meta.url)(process.env.RE2_MODULE);
  engines.re2 = Object.assign((pattern, flags) => new RE2(pattern, flags), { code: 're2' });
}

const schema = {
  type: 'object',
  required: ['id', 'agent', 'email', 'phone', 'channel', 'at'],
  properties: {
    id: { type: 'string', pattern: '^evt_[0-9a-f]{24}$' },
    agent: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]{2,63}$' },
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$' },
    phone: { type: 'string', pattern: '^\\+?[0-9 ()-]{7,20}$' },
    channel: { type: 'string', pattern: '^(webchat|whatsapp|sms|email|voice)$' },
    at: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]{1,32}$' } },
    text: { type: 'string', pattern: '\\S' },
  },
  patternProperties: { '^x-[a-z-]+$': { type: 'string' } },
};
const event = {
  id: 'evt_5d41402abc4b2a76b9719d91',
  agent: 'agent.smith_42',
  email: 'agent.smith@example.com',
  phone: '+49 (30) 1234-5678',
  channel: 'whatsapp',
  at: '2026-12-02T15:00:00.123Z',
  tags: ['vip', 'escalated', 'de-de'],
  text: 'Hello, I would like to know where my parcel is.',
  'x-trace-id': 'abc',
};

function ajvWith(engine) {
  return new Ajv({
    allErrors: true,
    strict: false,
    ...(engine ? { code: { regExp: engine } } : {}),
  });
}

const rows = [];
for (const [name, engine] of Object.entries(engines)) {
  const ajv = ajvWith(engine);
  let started = performance.now();
  const validate = ajv.compile(JSON.parse(JSON.stringify(schema)));
  const compileMs = performance.now() - started;
  if (!validate(event)) throw new Error(`${name}: the event should be valid`);
  for (let i = 0; i < 2_000; i += 1) validate(event); // warm up
  const n = 50_000;
  started = performance.now();
  for (let i = 0; i < n; i += 1) validate(event);
  const perSecond = Math.round(n / ((performance.now() - started) / 1000));
  const evil = ajvWith(engine).compile({ type: 'string', pattern: '^(a+)+$' });
  const length = name === 'RegExp' ? 24 : 34;
  started = performance.now();
  const refused = !evil(`${'a'.repeat(length)}!`);
  const evilMs = performance.now() - started;
  rows.push({
    engine: name,
    'compile ms': compileMs.toFixed(1),
    'validations/s': perSecond,
    'evil input': `${length} x a + !`,
    'evil ms': evilMs.toFixed(2),
    refused,
  });
}
console.table(rows);
