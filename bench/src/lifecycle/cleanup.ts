/**
 * Everything a bench run creates registers how to undo it here, and the undo
 * runs exactly once, newest first — on success, on error and on Ctrl-C /
 * SIGTERM / SIGHUP. A second Ctrl-C while cleaning up is ignored so the
 * database and namespace are always dropped; a stuck step is abandoned after
 * its deadline so cleanup itself cannot hang.
 */
type Undo = { what: string; run: () => Promise<void> | void };

export class Cleanup {
  private readonly steps: Undo[] = [];
  private running: Promise<void> | null = null;
  private interrupted: NodeJS.Signals | null = null;

  /** Registers an undo step; returns a function that runs (and forgets) just that step. */
  add(what: string, run: () => Promise<void> | void): () => Promise<void> {
    const step: Undo = { what, run };
    this.steps.push(step);
    return async () => {
      const index = this.steps.indexOf(step);
      if (index < 0) return;
      this.steps.splice(index, 1);
      await runStep(step);
    };
  }

  /** The signal that interrupted the run, if any. */
  get signal(): NodeJS.Signals | null {
    return this.interrupted;
  }

  /** Runs every registered step, newest first; safe to call more than once. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) await runStep(this.steps.pop()!);
    })();
    return this.running;
  }

  /**
   * On SIGINT, SIGTERM or SIGHUP: calls `onInterrupt` (which should stop the
   * run), cleans up and exits with 128 + signal number.
   */
  handleSignals(onInterrupt: (signal: NodeJS.Signals) => void): void {
    const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (this.interrupted) return;
        this.interrupted = signal;
        console.error(`\nbench: ${signal} — stopping and cleaning up…`);
        onInterrupt(signal);
        void this.runAll().finally(() => process.exit(128 + (numbers[signal] ?? 0)));
      });
    }
  }
}

async function runStep(step: Undo): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`bench: cleanup step "${step.what}" timed out, continuing`);
      resolve();
    }, 30_000);
  });
  try {
    await Promise.race([Promise.resolve().then(step.run), deadline]);
  } catch (error) {
    console.error(`bench: cleanup step "${step.what}" failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
