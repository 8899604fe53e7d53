import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { readTopLevelId } from '../../src/server/request-id.js';
import { BoundedStdioServerTransport, isPlainRequest } from '../../src/server/stdio-transport.js';

async function open(maxMessageBytes: number) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new BoundedStdioServerTransport({ stdin, stdout, maxMessageBytes });
  const messages: JSONRPCMessage[] = [];
  const errors: string[] = [];
  let closed = false;
  transport.onmessage = (m) => messages.push(m);
  transport.onerror = (e) => errors.push(e.message);
  transport.onclose = () => {
    closed = true;
  };
  await transport.start();
  let written = '';
  stdout.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  const replies = () => written.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stdin, transport, messages, errors, replies, closed: () => closed };
}

const tick = () => new Promise((r) => setImmediate(r));
const request = (id: number, text: string) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'x', arguments: { text } } });

describe('BoundedStdioServerTransport', () => {
  it('writes the messages sent while one piece of work runs in one write, in order, and resolves each send once written', async () => {
    const stdout = new PassThrough();
    const writes: string[] = [];
    const write = stdout.write.bind(stdout);
    stdout.write = ((chunk: string) => {
      writes.push(chunk);
      return write(chunk);
    }) as typeof stdout.write;
    const transport = new BoundedStdioServerTransport({ stdin: new PassThrough(), stdout });
    // As answers settled by one downstream chunk are sent: from promise callbacks of one task.
    const sent = await Promise.all(
      [1, 2, 3].map((id) => Promise.resolve().then(() => transport.send({ jsonrpc: '2.0', id, result: {} }))),
    );
    expect(sent).toEqual([undefined, undefined, undefined]);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: number }).id)).toEqual([1, 2, 3]);
    // Later work: a write of its own.
    await transport.send({ jsonrpc: '2.0', id: 4, result: {} });
    expect(writes).toHaveLength(2);
  });

  it('queues sendQueued messages with sent ones in the same write, in order, and a full stdout resolves send on drain', async () => {
    const writes: string[] = [];
    let full = false;
    const stdout = new PassThrough();
    stdout.write = ((chunk: string) => {
      writes.push(chunk);
      return !full;
    }) as typeof stdout.write;
    const transport = new BoundedStdioServerTransport({ stdin: new PassThrough(), stdout });
    expect(transport.sendQueued({ jsonrpc: '2.0', id: 1, result: {} })).toBeUndefined();
    const sent = transport.send({ jsonrpc: '2.0', id: 2, result: {} });
    transport.sendQueued({ jsonrpc: '2.0', id: 3, result: {} });
    await sent;
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: number }).id)).toEqual([1, 2, 3]);
    // Only sendQueued in a turn: written, with no promise waiting.
    transport.sendQueued({ jsonrpc: '2.0', id: 4, result: {} });
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
    // stdout full: send resolves once it drains, not before.
    full = true;
    let resolved = false;
    const pending = transport.send({ jsonrpc: '2.0', id: 5, result: {} }).then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(3);
    expect(resolved).toBe(false);
    stdout.emit('drain');
    await pending;
    expect(resolved).toBe(true);
  });

  it('answers a message over the limit with a JSON-RPC error carrying its id, and reads the next one', async () => {
    const t = await open(1000);
    const big = request(7, 'y'.repeat(5000));
    // In pieces, as a pipe delivers it, with the next request in the same chunk as the end.
    t.stdin.write(big.slice(0, 300));
    t.stdin.write(big.slice(300, 4000));
    t.stdin.write(`${big.slice(4000)}\n${request(8, 'small')}\n`);
    await tick();
    expect(t.replies()).toEqual([{ jsonrpc: '2.0', id: 7, error: { code: -32600, message: `request too large: ${Buffer.byteLength(big)} bytes, limit 1000` } }]);
    expect(t.messages).toEqual([JSON.parse(request(8, 'small'))]);
    expect(t.closed()).toBe(false);
  });

  it('answers a line that is not JSON with a Parse error (-32700, id null), and reads the next one', async () => {
    const t = await open(1000);
    t.stdin.write(`hello, not json\n{"jsonrpc":"2.0","id":3,\n${request(9, 'after')}\n`);
    await tick();
    const replies = t.replies();
    expect(replies).toHaveLength(2);
    for (const reply of replies) {
      expect(reply).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
      expect((reply.error as { message: string }).message).toMatch(/^Parse error: /);
    }
    expect(t.messages).toEqual([JSON.parse(request(9, 'after'))]);
    expect(t.errors).toHaveLength(2);
    expect(t.closed()).toBe(false);
  });

  it('finds an id written after the params, and answers without one when there is none to read', async () => {
    const t = await open(1000);
    const idLast = JSON.stringify({ jsonrpc: '2.0', method: 'tools/call', params: { id: 99, text: 'z'.repeat(200_000) }, id: 'req-1' });
    const noId = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/x', params: { text: 'z'.repeat(200_000) } });
    t.stdin.write(`${idLast}\n${noId}\n`);
    await tick();
    const replies = t.replies();
    expect(replies.map((r) => r.id)).toEqual(['req-1', undefined]);
    expect(replies.every((r) => (r.error as { code: number }).code === -32600)).toBe(true);
  });

  it('does not answer an oversized response to a request of its own, and reports it', async () => {
    const t = await open(1000);
    t.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 3, result: { text: 'r'.repeat(5000) } })}\n`);
    await tick();
    expect(t.replies()).toEqual([]);
    expect(t.errors[0]).toMatch(/^refused a message: request too large: \d+ bytes, limit 1000$/);
  });

  it('delivers messages up to the limit, split across chunks, with CRLF line ends', async () => {
    const t = await open(1000);
    const line = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    t.stdin.write(line.slice(0, 10));
    t.stdin.write(`${line.slice(10)}\r\n\n`);
    await tick();
    expect(t.messages).toEqual([JSON.parse(line)]);
    expect(t.replies()).toEqual([]);
  });

  it('reads the same messages and answers the same errors however the bytes are chunked (property)', async () => {
    const limit = 200;
    const lineArb = fc.oneof(
      { weight: 6, arbitrary: fc.record({ id: fc.nat(1000), text: fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '"', '\\', '\n'), maxLength: 80, size: 'max' }), crlf: fc.boolean() }).map(({ id, text, crlf }) => `${request(id, text)}${crlf ? '\r' : ''}`) },
      { weight: 1, arbitrary: fc.constantFrom('', '   ', 'not json', '{"jsonrpc":"2.0","id":') },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 12, size: 'max' }), fc.array(fc.nat(), { maxLength: 12 }), async (lines, cuts) => {
        const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
        // What each line should give: skipped when blank, refused when over the limit, a Parse error when not JSON.
        const expected: unknown[] = [];
        const replies: Array<{ code: number; id: unknown }> = [];
        for (const line of lines) {
          const text = line.endsWith('\r') ? line.slice(0, -1) : line;
          if (Buffer.byteLength(line, 'utf8') > limit) replies.push({ code: -32600, id: (JSON.parse(text) as { id: number }).id });
          else if (text.trim() === '') continue;
          else {
            try {
              expected.push(JSON.parse(text));
            } catch {
              replies.push({ code: -32700, id: null });
            }
          }
        }
        const t = await open(limit);
        // Cut anywhere, inside a character's bytes too.
        const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        let start = 0;
        for (const end of [...at, bytes.length]) {
          if (end > start) t.stdin.write(bytes.subarray(start, end));
          start = end;
        }
        await tick();
        expect(t.messages).toEqual(expected);
        expect(t.replies().map((reply) => ({ code: (reply.error as { code: number }).code, id: reply.id }))).toEqual(replies);
      }),
      { numRuns: 300 },
    );
  });
});

describe('readTopLevelId', () => {
  it('reads the id of the top-level object only', () => {
    expect(readTopLevelId('{"jsonrpc":"2.0","params":{"id":5,"x":[1,{"id":6}]},"id":12,"method":"a","params2":"')).toEqual({ id: 12, isResponse: false });
    expect(readTopLevelId('{"method":"a","params":{"text":"\\"id\\":4 and more')).toEqual({ isResponse: false });
    expect(readTopLevelId('{"id":"s","result":{"big":"')).toEqual({ id: 's', isResponse: true });
    expect(readTopLevelId('{"method":"a","params":{"t":"', 'aaaa"},"id":41}')).toEqual({ id: 41, isResponse: false });
    expect(readTopLevelId('{"method":"a","params":{"t":"', 'aa"},"id":41}}')).toEqual({ isResponse: false });
  });

  it('takes by hand only requests the SDK schema accepts as they are (property)', () => {
    const anything = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 1 }));
    const request = fc.record(
      {
        jsonrpc: fc.oneof(fc.constant('2.0'), fc.constant('1.0')),
        id: fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null)),
        method: fc.oneof(fc.constant('tools/call'), fc.integer()),
        params: fc.oneof(
          anything,
          fc.record({ name: fc.string(), arguments: anything, _meta: fc.oneof(anything, fc.record({ progressToken: fc.oneof(fc.string(), fc.integer(), fc.double()) }, { requiredKeys: [] })) }, { requiredKeys: [] }),
        ),
        extra: anything,
      },
      { requiredKeys: ['jsonrpc', 'method'] },
    );
    fc.assert(
      fc.property(request, (candidate) => {
        const value = JSON.parse(JSON.stringify(candidate)) as unknown;
        if (!isPlainRequest(value)) return;
        const parsed = JSONRPCMessageSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(value);
      }),
      { numRuns: 1000 },
    );
    expect(isPlainRequest({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x', _meta: { progressToken: 7 } } })).toBe(true);
  });
});
