/**
 * ConnectionRelay's record of the calls in flight: which upstream a server's request goes to
 * while calls of one or several upstream clients run on it, counted per target (no map entry
 * or closure per call).
 */
import { describe, expect, it } from 'vitest';
import { ConnectionRelay, RelayHub, type RelayTarget } from '../../src/downstream/relay.js';

function target(label: string, client: object = {}): RelayTarget {
  const refuse = () => Promise.reject(new Error('not in this test'));
  return { label, client, capabilities: () => ({}), createMessage: refuse, elicitInput: refuse, listRoots: refuse, log: () => undefined };
}

/** The relay's choice for a request from the server now: a target's label, or why none. */
function picked(relay: ConnectionRelay): string {
  const pick = (relay as unknown as { pick(): { target: RelayTarget } | { why: string } }).pick();
  return 'target' in pick ? pick.target.label : pick.why;
}

describe('ConnectionRelay', () => {
  it('routes to the one upstream with calls in flight while any of its calls is, and to no one after the last ends', () => {
    const hub = new RelayHub();
    const relay = new ConnectionRelay('s', hub);
    const a = target('a');
    const leaves = [relay.enter(a)!, relay.enter(a)!, relay.enter(a)!];
    expect(picked(relay)).toBe('a');
    leaves[0]!();
    leaves[2]!();
    expect(picked(relay)).toBe('a');
    leaves[1]!();
    expect(picked(relay)).toBe('no upstream client is connected');
  });

  it('refuses while two clients have calls in flight, and routes to the other once one client\'s calls have all ended', () => {
    const relay = new ConnectionRelay('s', new RelayHub());
    const a = target('a');
    const b = target('b');
    const leaveA1 = relay.enter(a)!;
    const leaveB = relay.enter(b)!;
    const leaveA2 = relay.enter(a)!;
    expect(picked(relay)).toBe('calls of 2 upstream clients are in flight on it and MCP does not say which one the request belongs to');
    leaveA1();
    expect(picked(relay)).toBe('calls of 2 upstream clients are in flight on it and MCP does not say which one the request belongs to');
    leaveA2();
    expect(picked(relay)).toBe('b');
    leaveB();
    // a's calls start again after it had none: counted afresh.
    const leaveA3 = relay.enter(a)!;
    expect(picked(relay)).toBe('a');
    leaveA3();
    expect(picked(relay)).toBe('no upstream client is connected');
  });

  it('treats two targets of one client as one upstream', () => {
    const client = {};
    const relay = new ConnectionRelay('s', new RelayHub());
    relay.enter(target('first', client));
    relay.enter(target('second', client));
    expect(picked(relay)).toBe('first');
  });

  it('hands the calls of one target the same leave function (nothing made per call), and none without a target', () => {
    const relay = new ConnectionRelay('s', new RelayHub());
    const a = target('a');
    const first = relay.enter(a);
    expect(relay.enter(a)).toBe(first);
    expect(relay.enter(undefined)).toBeUndefined();
  });
});
