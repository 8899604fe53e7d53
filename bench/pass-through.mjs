#!/usr/bin/env node
// The ceiling of a stdio proxy, for section 1 (issue 13): raw newline-delimited JSON-RPC
// between one upstream client (our stdin/stdout) and one downstream stdio server, no SDK.
// Request ids are remapped; tools are listed and called as `server__tool`; one extra tool,
// `call_batch`, takes { calls: [{ tool, arguments }], max_concurrency } and answers the whole
// batch in one result, in input order (what call_tools_parallel does for a client).
// `--answer-shape one-call` answers each `server__tool` call as parallel-mcp answers a one-call
// call_tools_parallel (its text, run_id and structuredContent with the call's record and the
// summary); `one-call-text` the same without structuredContent: what the answer's shape alone
// costs a client (bench/answer-shape-pair.ts).
//
//   node bench/pass-through.mjs --name everything [--answer-shape one-call|one-call-text] -- node .../server-everything/dist/index.js stdio
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const name = argv[argv.indexOf('--name') + 1] ?? 'server';
const shapeAt = argv.indexOf('--answer-shape');
const answerShape = shapeAt >= 0 && shapeAt < dash ? argv[shapeAt + 1] : undefined;
if (answerShape !== undefined && answerShape !== 'one-call' && answerShape !== 'one-call-text') throw new Error(`Expected --answer-shape one-call or one-call-text, got ${answerShape}`);
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
    const tool = message.params.name.slice(prefix.length);
    // The plain pass-through keeps no more than the upstream id (it is section 1's ceiling).
    return forward({ ...message, params: { ...message.params, name: tool } }, answerShape === undefined ? { upId: message.id } : { upId: message.id, tool, sentAt: performance.now() });
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
  if (answerShape !== undefined && entry.tool !== undefined && message.result) return toUpstream(oneCallAnswer(message.result, entry));
  toUpstream({ ...message, id: entry.upId });
});

/** An ok call's answer in the shape of parallel-mcp's one-call call_tools_parallel answer (--answer-shape). */
function oneCallAnswer(result, entry) {
  const ms = Math.round((performance.now() - entry.sentAt) * 10) / 10;
  const runId = randomUUID();
  const first = result.content?.[0];
  const shown = first?.type === 'text' ? first.text : JSON.stringify(result);
  const text = `1/1 calls succeeded in ${Math.round(ms)} ms (sequential ${Math.round(ms)} ms, speedup n/a, no two calls ran at once)\n\n[0] ok ${name}/${entry.tool} (${Math.round(ms)} ms)\n${shown}\nrun_id: ${runId}`;
  const answer = { content: [{ type: 'text', text }] };
  if (answerShape === 'one-call') {
    answer.structuredContent = {
      run_id: runId,
      status: 'completed',
      results: [{ index: 0, server: name, tool: entry.tool, attempts: 1, started_ms: 0.1, duration_ms: ms, ok: true, result }],
      summary: { total: 1, succeeded: 1, failed: 0, cancelled: 0, wall_ms: Math.round(ms), sum_ms: ms, speedup: Math.round((ms / Math.max(1, Math.round(ms))) * 100) / 100 },
    };
  }
  answer.isError = false;
  return { result: answer, jsonrpc: '2.0', id: entry.upId };
}

child.on('exit', (code) => process.exit(code ?? 1));
process.stdin.on('end', () => child.stdin.end());
