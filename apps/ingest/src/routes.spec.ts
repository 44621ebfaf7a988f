import { describe, expect, it } from '@jest/globals';
import { undeclaredRoutes } from '@herald/api-auth';
import { EventsController } from './events/events.controller.js';
import { MessagesController } from './messages/messages.controller.js';
import { RejectionsController } from './rejections/rejections.controller.js';
import { ResendsController } from './resends/resends.controller.js';

describe('ingest routes', () => {
  it('every tenant route declares the permission it needs', () => {
    expect(
      undeclaredRoutes([
        EventsController,
        MessagesController,
        ResendsController,
        RejectionsController,
      ]),
    ).toEqual([]);
  });
});
