import { describe, expect, it } from '@jest/globals';
import { importSchema, exampleProblems } from './event-type-input.js';
import { EXAMPLE_CATALOGS } from '../catalogs/catalogs.js';

describe('example catalogs', () => {
  it('ships one catalog per source product', () => {
    expect([...EXAMPLE_CATALOGS.keys()].sort()).toEqual([
      'ai-agent-alerts',
      'chat-inbox',
      'chatbot',
      'contact-center',
    ]);
  });

  it.each([...EXAMPLE_CATALOGS.keys()])(
    '%s is a valid import whose examples satisfy their own schemas',
    (name) => {
      const parsed = importSchema.safeParse({ eventTypes: EXAMPLE_CATALOGS.get(name)!.eventTypes });
      expect(parsed.error?.issues ?? []).toEqual([]);
      for (const eventType of parsed.data!.eventTypes) {
        expect(exampleProblems(eventType)).toEqual([]);
      }
    },
  );
});
