/** The one source of time for the engine. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that stands still until told to move (GRIDFLOW_TEST_CLOCK=1): a three-day time limit is
 * tested in seconds. It starts at the real time.
 */
export class TestClock implements Clock {
  private current = new Date();

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date): void {
    this.current = new Date(to.getTime());
  }
}
