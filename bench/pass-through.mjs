#!/usr/bin/env node
// The ceiling of a stdio proxy, for section 1 (issue 13): raw newline-delimited JSON-RPC
// between one upstream client (our stdin/stdout) and one downstream stdio server, no SDK.
// Request ids are remapped; tools are listed and called as `server__tool`; one extra tool,
// `call_batch`, takes { calls: [{ tool, arguments }], max_concurrency } and answers the whole
// batch in one result, in input order (what call_tools_parallel does for a client).
//
//   node bench/pass-through.mjs --name everything -- node .../server-everything/dist/index.js stdio
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const name = argv[argv.indexOf('--name') + 1] ?? 'server';
const [command, ...args] = argv.slice(dash + 1);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const prefix = `${name}__`;
const BATCH_TOOL = { name: 'call_batch', description: 'Many tools/call in one request.', inputSchema: { type: 'object', properties: { calls: { type: 'array' }, max_concurrency: { type: 'integer' } }, required: ['calls'] } };

let nextId = 1;
/** Downstream id -> what its answer is for: an upstream request, or one call of a batch. */
const pending = new Map();

function writer(stream) {
  let queued = [];
  return (message) => {
    if (queued.push(JSON.stringify(message)) === 1) {
      process.nextTick(() => {
        const text = `${queued.join('\n')}\n`;
        queued = [];
        stream.write(text);
      });
    }
  };
}
const toUpstream = writer(process.stdout);
const toDownstream = writer(child.stdin);

function lines(stream, onMessage) {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      if (line.trim()) onMessage(JSON.parse(line));
    }
  });
}

function forward(message, entry) {
  const id = nextId++;
  pending.set(id, entry);
  toDownstream({ ...message, id });
}

function startBatch(upId, { calls = [], max_concurrency: cap = 16 }) {
  const batch = { upId, results: new Array(calls.length), left: calls.length, next: 0, calls };
  const sendNext = () => {
    const index = batch.next++;
    const call = calls[index];
    const tool = call.tool.startsWith(prefix) ? call.tool.slice(prefix.length) : call.tool;
    forward({ jsonrpc: '2.0', method: 'tools/call', params: { name: tool, arguments: call.arguments ?? {} } }, { batch, index, sendNext });
  };
  if (calls.length === 0) return finishBatch(batch);
  for (let i = 0; i < Math.min(cap, calls.length); i++) sendNext();
}

function finishBatch(batch) {
  const results = batch.results;
  toUpstream({ jsonrpc: '2.0', id: batch.upId, result: { content: [{ type: 'text', text: `${results.length} calls` }], structuredContent: { results } } });
}

lines(process.stdin, (message) => {
  if (message.id === undefined || message.method === undefined) return toDownstream(message); // notifications, answers to the server
  if (message.method === 'tools/call' && message.params?.name === 'call_batch') return startBatch(message.id, message.params.arguments ?? {});
  if (message.method === 'tools/call' && message.params?.name?.startsWith(prefix)) {
    return forward({ ...message, params: { ...message.params, name: message.params.name.slice(prefix.length) } }, { upId: message.id });
  }
  forward(message, { upId: message.id, list: message.method === 'tools/list' });
});

lines(child.stdout, (message) => {
  const entry = message.method === undefined ? pending.get(message.id) : undefined;
  if (!entry) return toUpstream(message); // the server's notifications and requests
  pending.delete(message.id);
  if (entry.batch) {
    const { batch, index } = entry;
    batch.results[index] = message.error ? { ok: false, error: message.error } : { ok: true, result: message.result };
    if (batch.next < batch.calls.length) entry.sendNext();
    if (--batch.left === 0) finishBatch(batch);
    return;
  }
  if (entry.list && message.result) {
    const tools = message.result.tools.map((tool) => ({ ...tool, name: prefix + tool.name }));
    return toUpstream({ ...message, id: entry.upId, result: { ...message.result, tools: [...tools, BATCH_TOOL] } });
  }
  toUpstream({ ...message, id: entry.upId });
});

child.on('exit', (code) => process.exit(code ?? 1));
process.stdin.on('end', () => child.stdin.end());
