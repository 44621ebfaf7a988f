import { describe, expect, it } from '@jest/globals';
import { listFlag, pairsFlag, parseArgs, positional } from './args.js';
import { UsageError } from './client.js';

describe('parseArgs', () => {
  it('separates words from flags, with values, = values, switches and repeats', () => {
    const args = parseArgs([
      'endpoints',
      'create',
      'https://x',
      '--events',
      'a,b.*',
      '--label=team:billing',
      '--label',
      'env:prod',
      '--follow',
    ]);
    expect(args.positionals).toEqual(['endpoints', 'create', 'https://x']);
    expect(args.flags).toMatchObject({ events: 'a,b.*', label: 'env:prod', follow: true });
    expect(listFlag(args, 'events')).toEqual(['a', 'b.*']);
    expect(pairsFlag(args, 'label')).toEqual({ team: 'billing', env: 'prod' });
  });

  it('says what is missing', () => {
    expect(() => parseArgs(['keys', 'create', '--role'])).toThrow(UsageError);
    expect(() => positional(parseArgs([]), 0, 'endpoint id')).toThrow('missing endpoint id');
    expect(() => pairsFlag(parseArgs(['--label', 'nocolon']), 'label')).toThrow('key:value');
  });
});
