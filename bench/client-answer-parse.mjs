// What the SDK Client does with one answer line, piece by piece, warm in process (issue 13: the
// client's share of a one-call request). The lines are real: a one-call call_tools_parallel answer
// from the CLI given (its second request, after servers started) and the raw pass-through's answer
// to tools/call everything__echo. Per line, µs per answer (min / median / max over 7 rounds of
// 100,000): JSON.parse (the client's stdio ReadBuffer), + JSONRPCMessageSchema.parse (the SDK's
// deserializeMessage), + CallToolResultSchema (Protocol.request's result parse); then for ours
// the ajv check of structuredContent against call_tools_parallel's listed outputSchema (the
// SDK Client runs it only after a listTools: bench/proxy-overhead.ts never lists tools), and
// JSON.parse of our line with its structuredContent or its text left out (what each costs).
//
//   node bench/client-answer-parse.mjs [cli=dist/bundle/parallel-mcp.js]
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CallToolResultSchema, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { mkdirSync, writeFileSync } from 'node:fs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = resolve(process.argv[2] ?? join(root, 'dist/bundle/parallel-mcp.js'));
const everything = [join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'];
mkdirSync(join(root, '.tmp/bench'), { recursive: true });
const config = join(root, '.tmp/bench/client-answer-parse.json');
writeFileSync(config, JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: everything } } }));

/** Sends `requests` one after another (each after the previous answer) and returns the answer lines by id. */
async function answers(args, requests) {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, PARALLEL_MCP_STATE_DIR: 'none' } });
  const byId = new Map();
  let buffer = '';
  let waiting;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const id = JSON.parse(line).id;
      if (id !== undefined) byId.set(id, line);
      if (waiting && byId.has(waiting.id)) waiting.resolve();
    }
  });
  const init = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'client-answer-parse', version: '1' } };
  const all = [{ method: 'initialize', params: init }, { method: 'notifications/initialized' }, ...requests];
  let id = 0;
  for (const message of all) {
    const withId = message.method.startsWith('notifications/') ? { jsonrpc: '2.0', ...message } : { jsonrpc: '2.0', id: id++, ...message };
    child.stdin.write(`${JSON.stringify(withId)}\n`);
    if (withId.id !== undefined) await new Promise((resolve) => (waiting = { id: withId.id, resolve }, byId.has(withId.id) && resolve()));
  }
  child.kill();
  return byId;
}

const oneCall = { method: 'tools/call', params: { name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'm0' } }], max_concurrency: 1 } } };
const ours = await answers([cli, '--config', config], [{ method: 'tools/list' }, oneCall, oneCall]);
const tools = JSON.parse(ours.get(1)).result.tools;
const outputSchema = tools.find((tool) => tool.name === 'call_tools_parallel').outputSchema;
const ourLine = ours.get(3);
const pass = await answers([join(root, 'bench/pass-through.mjs'), '--name', 'everything', '--', process.execPath, ...everything], [{ method: 'tools/call', params: { name: 'everything__echo', arguments: { message: 'm0' } } }]);
const passLine = pass.get(1);

const ROUNDS = 7;
const N = 100_000;
function time(label, fn) {
  for (let i = 0; i < 20_000; i++) fn();
  const perAnswer = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn();
    perAnswer.push(Number(process.hrtime.bigint() - t0) / N / 1000);
  }
  perAnswer.sort((a, b) => a - b);
  process.stdout.write(`  ${label.padEnd(44)} ${[perAnswer[0], perAnswer[(ROUNDS - 1) / 2], perAnswer[ROUNDS - 1]].map((v) => v.toFixed(2)).join(' / ')} µs\n`);
}
const results = (line) => {
  const parsed = CallToolResultSchema.safeParse(JSONRPCMessageSchema.parse(JSON.parse(line)).result);
  if (!parsed.success) throw new Error(`Expected a CallToolResult, got ${line.slice(0, 300)}`);
  return parsed.data;
};
for (const [name, line] of [['parallel-mcp one-call answer', ourLine], ['pass-through answer', passLine]]) {
  process.stdout.write(`${name}: ${Buffer.byteLength(line)} B\n`);
  time('JSON.parse', () => JSON.parse(line));
  time('+ JSONRPCMessageSchema.parse', () => JSONRPCMessageSchema.parse(JSON.parse(line)));
  time('+ CallToolResultSchema', () => results(line));
}
const validator = new AjvJsonSchemaValidator().getValidator(outputSchema);
const structured = results(ourLine).structuredContent;
if (!validator(structured).valid) throw new Error('Expected our structuredContent to match our outputSchema');
process.stdout.write(`parallel-mcp one-call answer, parts:\n`);
time(`ajv: outputSchema (${JSON.stringify(outputSchema).length} B as listed)`, () => validator(structured));
const message = JSON.parse(ourLine);
const withoutStructured = JSON.stringify({ ...message, result: { ...message.result, structuredContent: undefined } });
const withoutText = JSON.stringify({ ...message, result: { ...message.result, content: [{ type: 'text', text: '' }] } });
time(`JSON.parse without structuredContent (${Buffer.byteLength(withoutStructured)} B)`, () => JSON.parse(withoutStructured));
time(`JSON.parse with an empty text (${Buffer.byteLength(withoutText)} B)`, () => JSON.parse(withoutText));
