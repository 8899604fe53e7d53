/**
 * A sampled allocation profile of a spawned CLI (batch-alloc-profile.ts, request-alloc-profile.ts):
 * the CLI runs with alloc-profile-preload.mjs, `warm` runs unsampled, `measured` between the two
 * SIGUSR2 that start and stop V8's sampling heap profiler; the profile's allocation sites, and
 * the CLI closed. `survivors`: only what outlived a scavenge.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allocationSites } from './heap-sites.mjs';
import { openCli, type Session } from './mcp-session.js';

export async function cliAllocationSites(
  cli: string,
  config: string,
  options: { survivors?: boolean },
  warm: (session: Session) => Promise<void>,
  measured: (session: Session) => Promise<void>,
): Promise<{ bySite: Map<string, number>; total: number }> {
  const out = `/tmp/cli-alloc-${process.pid}-${Date.now()}.heapprofile`;
  const preload = fileURLToPath(new URL('./alloc-profile-preload.mjs', import.meta.url));
  const env: Record<string, string> = { NODE_OPTIONS: `--import ${preload}`, ALLOC_PROFILE_OUT: out };
  if (options.survivors) env.ALLOC_PROFILE_SURVIVORS = '1';
  const session = await openCli(cli, config, [], env);
  try {
    await warm(session);
    process.kill(session.pid, 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await measured(session);
    process.kill(session.pid, 'SIGUSR2');
    for (let waited = 0; !session.stderrTail().includes('alloc-profile written'); waited += 50) {
      if (waited > 20_000) throw new Error(`Expected "alloc-profile written" on the CLI's stderr, got: ${session.stderrTail().slice(-400)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await session.close();
  }
  const profile = JSON.parse(readFileSync(out, 'utf8')) as { head: Parameters<typeof allocationSites>[0] };
  rmSync(out, { force: true });
  return allocationSites(profile.head, 1);
}
