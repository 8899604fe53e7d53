import { describe, expect, it } from 'vitest';
import { edgePairs, independence } from './evidence.js';

describe('rule tool-facts', () => {
  it('makes read-only tool calls with all inputs in their arguments independent', () => {
    const steps = [
      { id: 'a', server: 'fs', tool: 'read_file', arguments: { path: '/a' } },
      { id: 'b', server: 'fs', tool: 'read_file', arguments: { path: '/b' } },
      { id: 'env', server: 'everything', tool: 'get-env', arguments: {} },
    ];
    expect(edgePairs(steps)).toEqual([]);
    expect(independence(steps)).toEqual(['a,b,env: tool calls that only read, with all their inputs in their arguments']);
  });

  it('makes writes on different resources independent, and keeps a bare "join" in plan order', () => {
    const writes = [
      { id: 'w1', server: 'fs', tool: 'write_file', arguments: { path: '/a', content: 'x' } },
      { id: 'w2', server: 'fs', tool: 'write_file', arguments: { path: '/b', content: 'y' } },
    ];
    expect(edgePairs(writes)).toEqual(['w1->w2']); // two writes on one server stay ordered (tool-conflict)
    const mixed = [
      { id: 'w', server: 'fs', tool: 'write_file', arguments: { path: '/a', content: 'x' } },
      { id: 'r', server: 'fs', tool: 'read_file', arguments: { path: '/b' } },
      { id: 'join', tool: 'join', arguments: {} },
    ];
    expect(independence(mixed)).toContain('w,r: tool calls on different resources (/a, /b) with all their inputs in their arguments');
    expect(edgePairs(mixed)).toEqual(['w->join', 'r->join']);
  });

  it('reads a write from the arguments when the name states none (HTTP method, SQL statement), and UI actions as writes', () => {
    const http = [
      { id: 'post', server: 'api', tool: 'http_request', arguments: { method: 'POST', url: 'http://x/items', body: '{}' } },
      { id: 'get', server: 'api', tool: 'http_request', arguments: { method: 'GET', url: 'http://x/items' } },
    ];
    expect(edgePairs(http)).toEqual(['post->get']);
    expect(independence(http)).toEqual([]);
    const sql = [
      { id: 'ins', server: 'db', tool: 'run_sql', arguments: { sql: "INSERT INTO users VALUES (1, 'a')" } },
      { id: 'sel', server: 'db', tool: 'run_sql', arguments: { sql: 'SELECT * FROM users' } },
    ];
    expect(edgePairs(sql)).toEqual(['ins->sel']);
    // Two GETs still only read.
    const gets = [http[1]!, { id: 'get2', server: 'api', tool: 'http_request', arguments: { method: 'GET', url: 'http://x/other' } }];
    expect(edgePairs(gets)).toEqual([]);
    // A browser: navigating and clicking change the page the others read.
    const browser = [
      { id: 'nav', server: 'playwright', tool: 'browser_navigate', arguments: { url: 'https://example.com' } },
      { id: 'click', server: 'playwright', tool: 'browser_click', arguments: { element: 'Login', ref: 'e12' } },
      { id: 'shot', server: 'playwright', tool: 'browser_take_screenshot', arguments: { filename: 'after.png' } },
    ];
    expect(independence(browser)).toEqual([]);
    expect(edgePairs(browser)).toEqual(['nav->click', 'click->shot']);
  });

  it('does not take different servers for independence when an effect passes between them (outside audit, round 11)', () => {
    const script = [
      { id: 's1', server: 'filesystem', tool: 'write_file', arguments: { path: '/work/clean.py', content: 'import pandas' } },
      { id: 's2', server: 'shell', tool: 'run_command', arguments: { command: 'python /work/clean.py' } },
      { id: 's3', server: 'filesystem', tool: 'read_file', arguments: { path: '/work/clean_output.csv' } },
    ];
    expect(edgePairs(script)).toEqual(['s1->s2', 's2->s3']);
    const pr = [
      { id: 'push', server: 'git', tool: 'git_push', arguments: { repo_path: '/repo', remote: 'origin', branch: 'feature/login' } },
      { id: 'pr', server: 'github', tool: 'create_pull_request', arguments: { owner: 'acme', repo: 'web', head: 'feature/login', base: 'main' } },
    ];
    expect(edgePairs(pr)).toEqual(['push->pr']);
    const deploy = [
      { id: 'build', server: 'docker', tool: 'build_image', arguments: { context: '/repo', tag: 'acme/api:1.4.0' } },
      { id: 'push', server: 'docker', tool: 'push_image', arguments: { tag: 'acme/api:1.4.0' } },
      { id: 'set', server: 'kubernetes', tool: 'set_image', arguments: { deployment: 'api', container: 'api', image: 'acme/api:1.4.0' } },
      { id: 'status', server: 'kubernetes', tool: 'rollout_status', arguments: { deployment: 'api' } },
    ];
    expect(edgePairs(deploy)).toEqual(['build->push', 'push->set', 'set->status']);
    const sql = [
      { id: 'up', server: 'sqlite', tool: 'write_query', arguments: { query: "UPDATE users SET plan = 'pro'" } },
      { id: 'get', server: 'fetch', tool: 'http_request', arguments: { method: 'GET', url: 'http://localhost:8080/api/users' } },
    ];
    expect(edgePairs(sql)).toEqual(['up->get']);
    const pdf = [
      { id: 'pdf', server: 'pdf', tool: 'render_html_to_pdf', arguments: { html_path: '/tmp/invoice.html', output_path: '/tmp/invoice.pdf' } },
      { id: 'describe', server: 'vision', tool: 'describe_document', arguments: { path: '/tmp/invoice.pdf' } },
    ];
    expect(edgePairs(pdf)).toEqual(['pdf->describe']);
    // A write on one server and a read of something else on another are still independent.
    const apart = [
      { id: 'w', server: 'memory', tool: 'create_entities', arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: [] }] } },
      { id: 'r', server: 'everything', tool: 'echo', arguments: { message: 'hello' } },
    ];
    expect(edgePairs(apart)).toEqual([]);
    expect(independence(apart)).toEqual(['w,r: tool calls on different servers ("memory", "everything"), at most one of them writing, with all their inputs in their arguments']);
  });

  it('takes a number under an id key for the record it names: calls on different ids are independent, on one id ordered (round 13)', () => {
    const apart = [
      { id: 'rm', tool: 'removeBookFromCollection', arguments: { book_id: 42 } },
      { id: 'info', tool: 'getLibrarySystemInfo', arguments: { library_name: 'Central Public Library' } },
    ];
    expect(edgePairs(apart)).toEqual([]);
    expect(independence(apart)).toEqual(['rm,info: tool calls on different resources (42, Central Public Library) with all their inputs in their arguments']);
    const writes = [
      { id: 'email', tool: 'updateUserEmail', arguments: { user_id: 85, email: 'example@gmail.com' } },
      { id: 'salary', tool: 'updateSalary', arguments: { employee_id: 62, new_salary: 50000 } },
    ];
    expect(edgePairs(writes)).toEqual([]);
    // One record: a write then a read of it stay ordered.
    const same = [
      { id: 'up', tool: 'updateUser', arguments: { user_id: 85, email: 'x@example.com' } },
      { id: 'get', tool: 'getUser', arguments: { user_id: 85 } },
    ];
    expect(edgePairs(same)).toEqual(['up->get']);
    // A number under a key that names no record (an amount, a year) is no resource.
    const amounts = [
      { id: 'a', tool: 'updateSalary', arguments: { new_salary: 50000 } },
      { id: 'b', tool: 'getReport', arguments: { year: 2022 } },
    ];
    expect(edgePairs(amounts)).toEqual(['a->b']);
  });

  it('keeps a write that carries prose after a read: the prose may be the read\'s answer written in as a literal (round 13)', () => {
    const steps = [
      { id: 'details', tool: 'FilmTMDB.get_movie_details', arguments: { movie_id: 968051 } },
      { id: 'save', tool: 'FileOperation.write_file', arguments: { file_path: 'movie_details.txt', text: 'In 1956 France, a priest is violently murdered, and Sister Irene begins to investigate the crime.' } },
    ];
    expect(edgePairs(steps)).toEqual(['details->save']);
    // A short value is a name or a setting, not an answer.
    const short = [steps[0]!, { id: 'save', tool: 'FileOperation.write_file', arguments: { file_path: 'movie_details.txt', text: 'movie night' } }];
    expect(edgePairs(short)).toEqual([]);
  });
});

