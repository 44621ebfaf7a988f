/**
 * Preloaded (`node --import`) into every process the bench spawns, without
 * touching the services' code. Two jobs:
 *
 * 1. Orphan guard: if the bench process dies without cleaning up (SIGKILL),
 *    this process notices its parent is gone and terminates itself, so no
 *    service outlives the run.
 * 2. Profiles on shutdown: NestJS handles SIGTERM by closing the app and then
 *    re-raising the signal, and a process killed by a signal never writes its
 *    `--cpu-prof` profile. This listener stays subscribed, so the re-raised
 *    signal lands here and becomes `process.exit(0)`, which does write it.
 */
const parent = process.ppid;
let signals = 0;

function onSignal(signal: NodeJS.Signals): void {
  signals += 1;
  // The first signal is the app's to handle; the second is its re-raise (or an impatient user).
  if (signals >= 2) process.exit(0);
  // An app that does not handle signals at all would otherwise ignore this one forever.
  setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 20_000).unref();
}

process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();
