import { describe, expect, it } from '@jest/globals';
import { subscriptionProblems } from './subscription-rules.js';

const catalog = [
  { name: 'message_created', version: 1, archived: true },
  { name: 'message_created', version: 2, archived: false },
  { name: 'conversation.created', version: 1, archived: false },
  { name: 'old', version: 1, archived: true },
];

describe('subscriptionProblems', () => {
  it('accepts names, pinned versions, wildcards and * that the catalog has', () => {
    expect(
      subscriptionProblems(
        ['*', 'message_created', 'message_created@2', 'conversation.*'],
        catalog,
      ),
    ).toEqual([]);
    expect(subscriptionProblems(['*'], [])).toEqual([]);
  });

  it('refuses unknown names, versions and empty wildcards, naming the filter', () => {
    expect(
      subscriptionProblems(['typo', 'message_created@3', 'billing.*', 'bad name'], catalog),
    ).toEqual([
      { field: 'eventTypes.0', reason: 'unknown event type "typo" (not in the catalog)' },
      {
        field: 'eventTypes.1',
        reason: 'unknown event type "message_created" version 3 (not in the catalog)',
      },
      { field: 'eventTypes.2', reason: 'matches no event type in the catalog' },
      { field: 'eventTypes.3', reason: expect.stringContaining('must be') as unknown },
    ]);
  });

  it('refuses newly naming an archived type or version, but keeps one already subscribed', () => {
    expect(subscriptionProblems(['old', 'message_created@1'], catalog)).toEqual([
      { field: 'eventTypes.0', reason: expect.stringContaining('archived') as unknown },
      { field: 'eventTypes.1', reason: expect.stringContaining('archived') as unknown },
    ]);
    expect(subscriptionProblems(['old'], catalog, ['old'])).toEqual([]);
  });
});
