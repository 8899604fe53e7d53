/**
 * DownstreamPool.startCall (call-receiver.ts) against callTool on the same real pool: the same
 * outcome, the same sent and late-answer news, told when callTool's promise's reaction would
 * run (never within startCall), on the call lane, through a relay view, through a subclass's
 * callTool, and for what goes through callTool anyway (a task, a cancelled signal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallReceiver } from '../../src/downstream/call-receiver.js';
import { DownstreamPool, type CallOptions, type ResolvedTool } from '../../src/downstream/pool.js';
import type { CallOutcome, LateAnswer } from '../../src/engine/outcome.js';
import { silentLogger } from '../../src/log.js';
import { serverConfig, toolServer, type Downstream } from './in-memory-servers.js';

let alpha: Downstream;
let pool: DownstreamPool;

beforeAll(async () => {
  alpha = toolServer();
  pool = new DownstreamPool([serverConfig('alpha', { cancelGraceMs: 30 })], { log: silentLogger, transportFactory: () => alpha.transport() });
  await pool.startAll();
});

afterAll(async () => {
  await pool.close();
});

/** What a receiver heard of key 7, and in which turn. */
class Heard implements CallReceiver {
  sent = 0;
  outcome: CallOutcome | undefined;
  reportedWithinStart = false;
  late: LateAnswer | undefined;
  starting = false;
  readonly done: Promise<void>;
  private finish!: () => void;
  constructor() {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }
  callSent(key: number): void {
    expect(key).toBe(7);
    this.sent += 1;
  }
  callReported(key: number, outcome: CallOutcome): void {
    expect(key).toBe(7);
    expect(this.outcome).toBeUndefined();
    if (this.starting) this.reportedWithinStart = true;
    this.outcome = outcome;
    this.finish();
  }
  callLate(key: number, answer: LateAnswer): void {
    expect(key).toBe(7);
    this.late = answer;
  }
}

async function started(on: DownstreamPool, resolved: ResolvedTool, args: Record<string, unknown>, options: CallOptions): Promise<Heard> {
  const heard = new Heard();
  heard.starting = true;
  on.startCall(resolved, args, options, heard, 7);
  heard.starting = false;
  await heard.done;
  return heard;
}

async function viaCallTool(on: DownstreamPool, resolved: ResolvedTool, args: Record<string, unknown>, options: CallOptions): Promise<{ sent: number; outcome: CallOutcome }> {
  let sent = 0;
  const outcome = await on.callTool(resolved, args, { ...options, onSent: () => (sent += 1) });
  return { sent, outcome };
}

/** Requests the alpha session's call lane has sent (private: the test reads it to prove the lane is used). */
function laneSent(): number {
  const connection = (pool as unknown as { connections: Map<string, { session?: { wire: { lane?: { sent: number } } } }> }).connections.get('alpha');
  return connection!.session!.wire.lane!.sent;
}

const stable = (outcome: CallOutcome | undefined) => JSON.stringify(outcome);

describe('DownstreamPool.startCall', () => {
  it('tells the same outcome and send as callTool, never within the start, for ok, tool errors, thrown tools and bad results', async () => {
    const lane = (await pool.resolveTool('alpha', 'echo')) as ResolvedTool;
    const sentBefore = laneSent();
    for (const [tool, args] of [['echo', { message: 'hi' }], ['add', { a: 2, b: 3 }], ['fails', {}], ['throws', {}], ['nope', {}]] as const) {
      const resolved: ResolvedTool = { ...lane, tool };
      const heard = await started(pool, resolved, args, { timeoutMs: 2_000 });
      const called = await viaCallTool(pool, resolved, args, { timeoutMs: 2_000 });
      expect(heard.reportedWithinStart).toBe(false);
      expect(stable(heard.outcome)).toBe(stable(called.outcome));
      expect(heard.sent).toBe(called.sent);
    }
    // The calls went on the call lane (not through the SDK Client).
    expect(laneSent() - sentBefore).toBe(10);
  });

  it('tells a timeout, then the late answer, as callTool does', async () => {
    const resolved = (await pool.resolveTool('alpha', 'slow')) as ResolvedTool;
    const heard = await started(pool, resolved, { ms: 35 }, { timeoutMs: 20 });
    expect(heard.outcome?.ok).toBe(false);
    const lateCalled = await new Promise<{ outcome: CallOutcome; late: LateAnswer }>((resolve) => {
      let outcome: CallOutcome;
      void pool.callTool(resolved, { ms: 35 }, { timeoutMs: 20, onLateAnswer: (late) => resolve({ outcome, late }) }).then((o) => (outcome = o));
    });
    for (let waited = 0; heard.late === undefined && waited < 2_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stable(heard.outcome)).toBe(stable(lateCalled.outcome));
    expect(heard.late?.ok).toBe(true);
    expect(JSON.stringify({ ...heard.late, after_ms: 0 })).toBe(JSON.stringify({ ...lateCalled.late, after_ms: 0 }));
  });

  it('tells the caller\'s cancel as callTool does, and a signal aborted before the start', async () => {
    const resolved = (await pool.resolveTool('alpha', 'hang')) as ResolvedTool;
    const controller = new AbortController();
    const heard = new Heard();
    pool.startCall(resolved, {}, { signal: controller.signal, timeoutMs: 2_000 }, heard, 7);
    const other = new AbortController();
    const called = pool.callTool(resolved, {}, { signal: other.signal, timeoutMs: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('stop'));
    other.abort(new Error('stop'));
    await heard.done;
    expect(stable(heard.outcome)).toBe(stable(await called));
    expect(heard.outcome?.ok === false && heard.outcome.error.code).toBe('cancelled');
    const before = await started(pool, resolved, {}, { signal: controller.signal, timeoutMs: 2_000 });
    expect(before.reportedWithinStart).toBe(false);
    expect(stable(before.outcome)).toBe(stable(await pool.callTool(resolved, {}, { signal: controller.signal, timeoutMs: 2_000 })));
  });

  it('goes through a relay view and a subclass\'s callTool', async () => {
    const resolved = (await pool.resolveTool('alpha', 'echo')) as ResolvedTool;
    const view = pool.withRelayTarget({} as never);
    const heard = await started(view, resolved, { message: 'v' }, { timeoutMs: 2_000 });
    expect(stable(heard.outcome)).toBe(stable((await viaCallTool(view, resolved, { message: 'v' }, { timeoutMs: 2_000 })).outcome));
    expect(heard.sent).toBe(1);
    class Answering extends DownstreamPool {
      override callTool(): Promise<CallOutcome> {
        return Promise.resolve({ ok: true, result: { content: [{ type: 'text', text: 'from the subclass' }] } });
      }
    }
    const sub = new Answering([serverConfig('alpha')], { log: silentLogger, transportFactory: () => alpha.transport() });
    const subHeard = await started(sub, resolved, { message: 'v' }, { timeoutMs: 2_000 });
    expect(subHeard.reportedWithinStart).toBe(false);
    expect(stable(subHeard.outcome)).toBe(stable({ ok: true, result: { content: [{ type: 'text', text: 'from the subclass' }] } }));
    await sub.close();
  });
});
