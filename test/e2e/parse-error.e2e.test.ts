import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT, startCli, waitFor, writeTempConfig } from '../helpers/cli-client.js';

const emptyConfig = () => writeTempConfig(() => ({ mcpServers: {} }));

describe('a line on stdin that is not JSON (built CLI)', () => {
  it('is answered with a JSON-RPC Parse error, id null, and the next request is answered', async () => {
    const child = spawn(process.execPath, [CLI_PATH, '--config', emptyConfig().path], {
      cwd: REPO_ROOT,
      env: { ...process.env, PARALLEL_MCP_LOG: 'error', PARALLEL_MCP_STATE_DIR: 'none' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const lines = () => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
      send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
      await waitFor(() => lines().some((m) => m.id === 1));
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      child.stdin.write('this is not JSON\n');
      send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      await waitFor(() => lines().some((m) => m.id === 2));
      const answers = lines().filter((m) => m.id !== 1);
      expect(answers).toHaveLength(2);
      expect(answers[0]).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
      expect((answers[0]!.error as { message: string }).message).toMatch(/^Parse error/);
      expect(answers[1]).toMatchObject({ jsonrpc: '2.0', id: 2, result: { tools: expect.any(Array) } });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('leaves the session of an SDK client working: the answer reaches the client as an error, the next call succeeds', async () => {
    const session = await startCli({ args: ['--config', emptyConfig().path] });
    try {
      const errors: Error[] = [];
      session.client.onerror = (error) => errors.push(error);
      // A raw line on the same stdin the SDK client writes to.
      const stdin = (session.transport as unknown as { _process: { stdin: NodeJS.WritableStream } })._process.stdin;
      stdin.write('{"jsonrpc":"2.0","id":5,\n');
      // The answer (id null, as JSON-RPC 2.0 says) is one the SDK client's message schema does
      // not take (its ids are strings or numbers): it reports it through onerror and goes on.
      await waitFor(() => errors.length > 0);
      expect(errors[0]!.message).toContain('received null');
      const tools = await session.client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('call_tools_parallel');
    } finally {
      await session.close();
    }
  });
});
