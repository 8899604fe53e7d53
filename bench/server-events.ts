/**
 * The event times a preloaded server writes to `file` on SIGUSR2 (bench/batch-tail.ts,
 * bench/batch-server-gaps.ts): the previous take's file is removed first, so only the one this
 * signal writes is read; waits up to ~3 s for it.
 */
import { readFileSync, rmSync } from 'node:fs';

export async function takeServerEvents(server: number, file: string): Promise<number[]> {
  rmSync(file, { force: true });
  process.kill(server, 'SIGUSR2');
  for (let waited = 0; ; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as number[];
    } catch (error) {
      if (waited > 3000) throw error;
    }
  }
}
