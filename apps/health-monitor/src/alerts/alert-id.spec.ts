import { describe, expect, it } from '@jest/globals';
import { alertIdFor } from './alert-id.js';

describe('alertIdFor', () => {
  it('is stable for the same cause and prefixed', () => {
    const id = alertIdFor('delivery.exhausted', 'msg_1', 'ep_1');
    expect(id).toBe(alertIdFor('delivery.exhausted', 'msg_1', 'ep_1'));
    expect(id).toMatch(/^alr_[0-9a-f]{32}$/);
  });

  it('differs when any part of the cause or the kind differs', () => {
    const id = alertIdFor('delivery.exhausted', 'msg_1', 'ep_1');
    expect(alertIdFor('delivery.exhausted', 'msg_2', 'ep_1')).not.toBe(id);
    expect(alertIdFor('delivery.exhausted', 'msg_1', 'ep_2')).not.toBe(id);
    expect(alertIdFor('endpoint.disabled', 'msg_1', 'ep_1')).not.toBe(id);
  });
});
