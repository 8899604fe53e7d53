/**
 * The call lane's usual answer read without JSON.parse (src/downstream/text-answer-line.ts,
 * CallLane.receiveLine): for any line, reading it the new way first and JSON.parse + receive()
 * for what it leaves gives what JSON.parse + receive() alone gave — the same call answered
 * with the same result (keys in the same order), the same strays, the same parse errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallLane, type LaneCall, type WireError } from '../../src/downstream/call-lane.js';
import { readTextAnswer, type TextAnswer } from '../../src/downstream/text-answer-line.js';

const usual = (text: string, id: unknown) => JSON.stringify({ result: { content: [{ type: 'text', text }] }, jsonrpc: '2.0', id });

/** Texts with what JSON must escape: quotes, backslashes, control characters, lone surrogates, non-ASCII. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', '\u2028', '\ud800', '\udc00', '😀', '/', 'u', '0') }),
);

/** Changes to a line: a character inserted, removed or replaced somewhere; cut short; something after it. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof<fc.Arbitrary<Mutation>[]>(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(' ', '"', '\\', ',', '}', '\t', '\u0001', 'x', '\\u', '\\"', '"x":1,') }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), piece: fc.constantFrom(' ', '"', '\\', '1', 'p', '\u0000', ']', '{') }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), piece: fc.constantFrom(' ', '}', '\n', ',{}', 'x') }),
);

type Mutation = { kind: string; at?: number; piece?: string; length?: number };

function mutate(line: string, change: Mutation): string {
  const at = (change.at ?? 0) % (line.length + 1);
  switch (change.kind) {
    case 'insert':
      return line.slice(0, at) + change.piece + line.slice(at);
    case 'remove':
      return line.slice(0, at) + line.slice(at + (change.length ?? 1));
    case 'replace':
      return line.slice(0, at) + change.piece + line.slice(at + 1);
    case 'cut':
      return line.slice(0, at);
    default:
      return line + change.piece;
  }
}

/** What one lane call heard, and what the lane reported as stray. */
interface Heard {
  events: unknown[];
  strays: string[];
}

/** A lane with calls pm-1 .. pm-3 waiting, and what they hear. */
function laneWithCalls(): { lane: CallLane; heard: Heard } {
  const heard: Heard = { events: [], strays: [] };
  const lane = new CallLane({ write: () => {}, writeLine: () => {}, stray: (error) => void heard.strays.push(error.message) });
  for (let i = 0; i < 3; i++) {
    const call: LaneCall = {
      answered: (result: unknown, error: WireError | undefined) => void heard.events.push(['answered', i + 1, JSON.stringify(result), error]),
      malformed: (problem: string) => void heard.events.push(['malformed', i + 1, problem]),
      progressed: (...args: unknown[]) => void heard.events.push(['progressed', i + 1, ...args]),
      closed: () => void heard.events.push(['closed', i + 1]),
    };
    lane.open(call, 'echo', {}, false);
  }
  return { lane, heard };
}

/** The transport's onLine as it was: JSON.parse, then receive (true: the lane took it). */
function parsedWay(lane: CallLane, line: string): { taken: boolean } | { threw: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { threw: (error as Error).message };
  }
  return { taken: lane.receive(parsed) };
}

/** The transport's onLine now: receiveLine first, then the parsed way. */
function lineWay(lane: CallLane, line: string): { taken: boolean } | { threw: string } {
  if (lane.receiveLine(line)) return { taken: true };
  return parsedWay(lane, line);
}

function bothWays(line: string) {
  const before = laneWithCalls();
  const after = laneWithCalls();
  return { before: { way: parsedWay(before.lane, line), ...before.heard, pending: before.lane.pending }, after: { way: lineWay(after.lane, line), ...after.heard, pending: after.lane.pending } };
}

describe('readTextAnswer', () => {
  it('reads every usual answer JSON.stringify writes, with the text JSON.parse gives, whatever the text holds (property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 1e9 }), (value, n) => {
        const into: TextAnswer = { id: '', text: '' };
        expect(readTextAnswer(usual(value, `pm-${n}`), into)).toBe(true);
        expect(into).toEqual({ id: `pm-${n}`, text: (JSON.parse(usual(value, 'x')) as { result: { content: [{ text: string }] } }).result.content[0].text });
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a line only when JSON.parse gives exactly the usual answer with that id and text, for changed lines (property)', () => {
    fc.assert(
      fc.property(text, fc.string(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (value, id, changes) => {
        let line = usual(value, id);
        for (const change of changes) line = mutate(line, change);
        const into: TextAnswer = { id: '', text: '' };
        if (!readTextAnswer(line, into)) return;
        // Taken: JSON.parse reads the same message, key for key, in the same order.
        expect(JSON.stringify(JSON.parse(line))).toBe(usual(into.text, into.id));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves other lines to JSON.parse: whitespace, other keys or order, a number id, bad escapes, raw control characters, garbage', () => {
    const into: TextAnswer = { id: '', text: '' };
    const left = [
      '{"result":{"content":[{"type":"text","text":"a"}]},"jsonrpc":"2.0","id":1}',
      '{"result":{"content":[{"type":"text","text":"a"}]}, "jsonrpc":"2.0","id":"pm-1"}',
      '{"result":{"content":[{"type":"text","text":"a"}],"isError":true},"jsonrpc":"2.0","id":"pm-1"}',
      '{"result":{"content":[{"type":"text","text":"a"}],"structuredContent":{}},"jsonrpc":"2.0","id":"pm-1"}',
      '{"result":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},"jsonrpc":"2.0","id":"pm-1"}',
      '{"jsonrpc":"2.0","id":"pm-1","result":{"content":[{"type":"text","text":"a"}]}}',
      '{"result":{"content":[{"type":"text","text":"a\\x"}]},"jsonrpc":"2.0","id":"pm-1"}',
      '{"result":{"content":[{"type":"text","text":"a\tb"}]},"jsonrpc":"2.0","id":"pm-1"}',
      '{"result":{"content":[{"type":"text","text":"a"}]},"jsonrpc":"2.0","id":"pm-1\u0001"}',
      '{"result":{"content":[{"type":"text","text":"a"}]},"jsonrpc":"2.0","id":"pm-\\u0031"}',
      '{"result":{"content":[{"type":"text","text":"a"}]},"jsonrpc":"2.0","id":"pm-1","x":"y"}',
      '{"result":{"content":[{"type":"text","text":"a"}]},"jsonrpc":"2.0","id":""}',
      '{"result":{"content":[{"type":"text","text":"a\\"}]},"jsonrpc":"2.0","id":"pm-1"}',
      '{"result":{"content":[{"type":"text","text":"a"}]},"jsonrpc":"2.0","id":"pm-1"} ',
      '{"result":{"content":[{"type":"text","text":"a',
      'not json',
    ];
    expect(left.filter((line) => readTextAnswer(line, into))).toEqual([]);
    expect(readTextAnswer('{"result":{"content":[{"type":"text","text":"a\\\\"}]},"jsonrpc":"2.0","id":"pm-1"}', into)).toBe(true);
    expect(into).toEqual({ id: 'pm-1', text: 'a\\' });
  });
});

describe('CallLane.receiveLine', () => {
  it('answers, reports and leaves lines as JSON.parse + receive() did, for usual and changed lines and any id (property)', () => {
    const ids = fc.oneof(fc.constantFrom('pm-1', 'pm-2', 'pm-3', 'pm-4', 'pm-01', 'pm-', 'px-1'), fc.string(), fc.integer());
    fc.assert(
      fc.property(text, ids, fc.array(mutation, { maxLength: 2 }), (value, id, changes) => {
        let line = usual(value, id);
        for (const change of changes) line = mutate(line, change);
        const { before, after } = bothWays(line);
        expect(after).toEqual(before);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the usual answer of a waiting call before any parse and hands it the result JSON.parse would give', () => {
    const { lane, heard } = laneWithCalls();
    expect(lane.receiveLine(usual('Echo: é\n"x"', 'pm-2'))).toBe(true);
    expect(heard).toEqual({ events: [['answered', 2, '{"content":[{"type":"text","text":"Echo: é\\n\\"x\\""}]}', undefined]], strays: [] });
    expect(lane.pending).toBe(2);
    // Answered once: the same line again is no longer this call's (receive() reports it, once).
    expect(lane.receiveLine(usual('again', 'pm-2'))).toBe(false);
    expect(lane.receive(JSON.parse(usual('again', 'pm-2')))).toBe(true);
    expect(heard.strays).toEqual([`Received a response for an unknown message ID: ${usual('again', 'pm-2')}`]);
  });
});
