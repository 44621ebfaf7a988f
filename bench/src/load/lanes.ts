/**
 * A lane is one way to publish: a NATS subject, and the receiver paths a
 * message published there must reach (one for a plain task, a thousand for a
 * fan-out event). Both systems are driven through lanes, so every scenario
 * publishes to either in the same way.
 */
export interface Lane {
  subject: string;
  paths: string[];
}

/** A stream of messages on some lanes, counted under one receiver tag. */
export interface Flow {
  tag: string;
  lanes: Lane[];
}

/** Messages published per lane, to know exactly what the receiver must have seen. */
export class PublishLedger {
  readonly perLane: number[];
  total = 0;
  readonly ids: string[] = [];

  constructor(readonly flow: Flow) {
    this.perLane = flow.lanes.map(() => 0);
  }

  count(laneIndex: number, id: string): void {
    this.perLane[laneIndex] = (this.perLane[laneIndex] ?? 0) + 1;
    this.total += 1;
    this.ids.push(id);
  }

  /** Deliveries the receiver must count: every message, once per path of its lane. */
  get expectedDeliveries(): number {
    return this.flow.lanes.reduce(
      (sum, lane, index) => sum + lane.paths.length * (this.perLane[index] ?? 0),
      0,
    );
  }

  /** Expected deliveries per receiver path. */
  expectedPerPath(): Map<string, number> {
    const expected = new Map<string, number>();
    this.flow.lanes.forEach((lane, index) => {
      for (const path of lane.paths) {
        expected.set(path, (expected.get(path) ?? 0) + (this.perLane[index] ?? 0));
      }
    });
    return expected;
  }
}
