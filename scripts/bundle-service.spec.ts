import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * What the bundle changes in Nest's logger modules (ADR 0102), checked on a
 * service's built bundle in a process of its own: loading @nestjs/common
 * builds no `Intl.DateTimeFormat`; a console line still gets its timestamp.
 */
const root = path.resolve(import.meta.dirname, '..');
const nestCommon = path.join(root, 'apps', 'alerting', 'bundle', 'vendor-_nestjs_common.js');

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
});
