#!/usr/bin/env node
// A downstream MCP server over stdio that costs next to nothing (issue 13): raw
// newline-delimited JSON-RPC, no SDK. It answers initialize, tools/list (one tool, `echo`) and
// tools/call of echo with the very line an SDK server writes for a one-text-block result
// (`{"result":{"content":[{"type":"text","text":"Echo: …"}]},"jsonrpc":"2.0","id":…}`), the
// answers to one chunk of requests in one write. In front of it the parallel-mcp process is
// the bottleneck, so its CPU per call is read with little of the real server's noise
// (bench/batch-cpu-raw.ts). Not a server for anything else.
//
//   node bench/batch-raw-echo-server.mjs
const ECHO = {
  name: 'echo',
  description: 'Echoes back the input',
  inputSchema: { type: 'object', properties: { message: { type: 'string', description: 'Message to echo' } }, required: ['message'] },
};
let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let out = '';
  let end;
  while ((end = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, end);
    buffer = buffer.slice(end + 1);
    if (line.trim() === '') continue;
    const message = JSON.parse(line);
    if (message.id === undefined || message.method === undefined) continue;
    let result;
    if (message.method === 'initialize') {
      result = { protocolVersion: message.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'raw-echo', version: '1.0.0' } };
    } else if (message.method === 'tools/list') {
      result = { tools: [ECHO] };
    } else if (message.method === 'tools/call' && message.params?.name === 'echo') {
      result = { content: [{ type: 'text', text: `Echo: ${message.params.arguments?.message}` }] };
    } else if (message.method === 'ping') {
      result = {};
    } else {
      out += `${JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } })}\n`;
      continue;
    }
    out += `${JSON.stringify({ result, jsonrpc: '2.0', id: message.id })}\n`;
  }
  if (out !== '') process.stdout.write(out);
});
process.stdin.on('end', () => process.exit(0));
