import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import path from 'node:path';
import { serviceEntry, serviceNodeFlags, serviceProcessEnv } from '@herald/heap-budget';
import { echoesToTerminal, restartDelay, type AppSpec } from './apps.ts';
import { ChildrenFile, removePidFile, tail, waitForExit } from './processes.ts';

/** A service or the gateway as this run runs it. */
export interface RunningApp extends AppSpec {
  url: string;
  logFile: string;
  env: NodeJS.ProcessEnv;
  child?: ChildProcess;
  startedAt?: number;
  restartDelay?: number;
  restarts?: number;
  restartTimer?: NodeJS.Timeout;
}

interface Stoppable {
  name: string;
  child: ChildProcess;
}

export interface SupervisorOptions {
  root: string;
  stateDir: string;
  namespace: string;
  say: (line: string) => void;
}

/**
 * The processes one `npm start` runs: the NATS and Postgres it started and
 * the services. A service that dies after all were ready once is restarted
 * with backoff while the others keep running; before that, an exit is a
 * start-up problem (a bad variable, a port taken) and stops the run. Stopping
 * stops the services first (they drain and disconnect), then the infrastructure.
 */
export class Supervisor {
  readonly root: string;
  readonly stateDir: string;
  readonly logDir: string;
  readonly namespace: string;
  readonly say: (line: string) => void;
  readonly children: ChildrenFile;
  readonly upPidFile: string;
  private readonly apps: RunningApp[] = [];
  private readonly infra: Stoppable[] = [];
  private stopping = false;
  /** Set once every app answered /readyz: from then on a dead service is restarted. */
  allReady = false;

  constructor(options: SupervisorOptions) {
    this.root = options.root;
    this.stateDir = options.stateDir;
    this.logDir = path.join(options.stateDir, 'logs');
    this.namespace = options.namespace;
    this.say = options.say;
    this.children = new ChildrenFile(path.join(options.stateDir, 'children'));
    this.upPidFile = path.join(options.stateDir, 'up.pid');
  }

  /** A path relative to the checkout, for output. */
  readonly rel = (file: string) => path.relative(this.root, file) || '.';

  /** NATS or Postgres this run started: stopped after the services, recorded for the next run. */
  adoptInfra(name: string, child: ChildProcess, marker: string): void {
    this.children.record(child, marker);
    this.infra.push({ name, child });
  }

  /** Starts (or restarts) an app from its build (`serviceEntry`) with the deploy's node flags. */
  start(app: RunningApp): void {
    const entry = serviceEntry(this.root, app.name, app.env);
    const flags = serviceNodeFlags(this.root, app.name, app.env);
    const child = spawn(process.execPath, [...flags, entry], {
      env: serviceProcessEnv({ ...app.env, [app.portVar]: String(app.port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.child = child;
    this.children.record(child, entry);
    // Full JSON logs go to the log file; the terminal gets warnings and errors.
    const log = createWriteStream(app.logFile);
    for (const stream of [child.stdout, child.stderr]) {
      stream.pipe(log, { end: false });
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          if (echoesToTerminal(line)) process.stdout.write(`[${app.name}] ${line}\n`);
        }
      });
    }
    app.startedAt = Date.now();
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      this.say(
        `${app.name} exited (${signal ?? `code ${code}`}); its log ${this.rel(app.logFile)} ends:`,
      );
      console.log(tail(app.logFile));
      if (this.allReady) this.scheduleRestart(app);
      else void this.stop(1);
    });
    if (!this.apps.includes(app)) this.apps.push(app);
  }

  private scheduleRestart(app: RunningApp): void {
    app.restartDelay = restartDelay(app.restartDelay, Date.now() - (app.startedAt ?? 0));
    app.restarts = (app.restarts ?? 0) + 1;
    this.say(
      `restarting ${app.name} in ${app.restartDelay / 1000} s (restart ${app.restarts}; ` +
        `the other services keep running)`,
    );
    app.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.start(app);
      this.say(`${app.name} restarted (pid ${app.child?.pid})`);
    }, app.restartDelay);
  }

  /** Stops everything (services first, then NATS and Postgres) and exits with `code`. */
  async stop(code = 0): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const app of this.apps) clearTimeout(app.restartTimer);
    const running = this.apps.flatMap(({ name, child }) => (child ? [{ name, child }] : []));
    const total = running.length + this.infra.length;
    if (total > 0) this.say('stopping…');
    for (const group of [running, [...this.infra].reverse()]) {
      for (const { child } of group) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(
        group.map(async ({ name, child }) => {
          if (!(await waitForExit(child, 20_000))) {
            this.say(`${name} (pid ${child.pid}) did not stop within 20 s; killing it`);
            child.kill('SIGKILL');
            await waitForExit(child, 5_000);
          }
        }),
      );
    }
    if (removePidFile(this.upPidFile, process.pid)) {
      rmSync(path.join(this.stateDir, 'env'), { force: true });
      this.children.forget();
    }
    if (total > 0) this.say(`stopped ${total} processes`);
    process.exit(code);
  }

  /** Signals every process still running (`SIGKILL`: a second Ctrl-C; `SIGTERM`: a last resort). */
  signalAll(signal: NodeJS.Signals): void {
    for (const { child } of [...this.apps, ...this.infra]) {
      if (child && (signal === 'SIGKILL' || child.exitCode === null)) child.kill(signal);
    }
  }
}
