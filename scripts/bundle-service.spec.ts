import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_SERVICES } from '@herald/heap-budget';

/**
 * What the bundle changes, checked on the services' built bundles, each
 * probe in a process of its own:
 * - Nest's logger modules (ADR 0102): loading @nestjs/common builds no
 *   `Intl.DateTimeFormat`; a console line still gets its timestamp;
 * - built-in modules (ADR 0115): loading @nestjs/core, which imports `http`,
 *   does not load Node's own undici, nor does the dispatcher's undici; every
 *   file is ASCII, so Node holds its source one byte per character.
 */
const root = path.resolve(import.meta.dirname, '..');
const nestCommon = path.join(root, 'apps', 'alerting', 'bundle', 'vendor-_nestjs_common.js');
const nestCore = path.join(root, 'apps', 'ingest', 'bundle', 'vendor-_nestjs_core.js');

const builtinsProbe = `
await import(${JSON.stringify(nestCore)});
console.log(JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule '))));
`;

const probe = `
let made = 0;
const Real = Intl.DateTimeFormat;
Intl.DateTimeFormat = function (...options) { made += 1; return new Real(...options); };
const common = await import(${JSON.stringify(nestCommon)});
const { ConsoleLogger } = common.default ?? common;
const afterLoad = made;
let line = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk) => { line += String(chunk); return true; };
new ConsoleLogger('probe', { colors: false }).log('hello');
new ConsoleLogger('probe', { colors: false }).log('again');
process.stdout.write = write;
console.log(JSON.stringify({ afterLoad, afterLines: made, line }));
`;

describe('service bundle', () => {
  it('builds Nest logger timestamp formatters on first use, not at load', () => {
    expect(existsSync(nestCommon)).toBe(true);
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
      encoding: 'utf8',
    });
    const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
      afterLoad: number;
      afterLines: number;
      line: string;
    };
    expect(result.afterLoad).toBe(0);
    // One formatter, built for the first line and kept for the next.
    expect(result.afterLines).toBe(1);
    const stamp = new Intl.DateTimeFormat(undefined, {
      year: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      day: '2-digit',
      month: '2-digit',
    })
      .formatToParts(new Date())
      .find((part) => part.type === 'year')?.value;
    expect(result.line).toContain(String(stamp));
    expect(result.line).toMatch(/LOG \[probe\] hello[\s\S]*LOG \[probe\] again/);
  });

  it("loads built-in modules without the facade that brings in Node's own undici", () => {
    expect(existsSync(nestCore)).toBe(true);
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', builtinsProbe], {
      encoding: 'utf8',
    });
    const loaded = JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as string[];
    // @nestjs/core's exception filter imports http: it is loaded, as before.
    expect(loaded).toContain('NativeModule http');
    expect(loaded.filter((name) => /deps\/undici|http2/.test(name))).toEqual([]);
  });

  it("leaves undici's index out of the dispatcher: its cookies read globalThis.Headers", () => {
    const dir = path.join(root, 'apps', 'dispatcher', 'bundle');
    const files = readdirSync(dir).filter((file) => file.endsWith('.js'));
    const sources = files.map((file) => readFileSync(path.join(dir, file), 'utf8'));
    // The sender's agent is bundled…
    expect(sources.some((text) => text.includes('UND_ERR_'))).toBe(true);
    // …and no module that reads the global Headers, which loads Node's own undici.
    expect(files.filter((_, i) => sources[i]!.includes('globalThis.Headers'))).toEqual([]);
  });

  it('writes every file of every service bundle in ASCII', () => {
    for (const service of BUNDLED_SERVICES) {
      const dir = path.join(root, 'apps', service, 'bundle');
      const files = readdirSync(dir).filter((file) => file.endsWith('.js'));
      expect(files.length).toBeGreaterThan(10);
      const outside = files.filter((file) =>
        /[\u0080-\uffff]/.test(readFileSync(path.join(dir, file), 'utf8')),
      );
      expect({ service, outside }).toEqual({ service, outside: [] });
    }
  });
});
