import { describe, expect, it } from 'vitest';
import type { AnalysisStep } from '../../../src/analysis/schema.js';
import { dependence, edgePairs } from './evidence.js';

describe('rule found-paths', () => {
  it('orders a call on a path under a listed directory after the listing, and a write naming read files after the read', () => {
    // Without the rule the search and the read are read-only calls with literal paths: independent.
    const steps: AnalysisStep[] = [
      { id: 's1', server: 'filesystem', tool: 'search_files', arguments: { path: '/repo/docs', pattern: '*.md' } },
      { id: 's2', server: 'filesystem', tool: 'read_multiple_files', arguments: { paths: ['/repo/docs/setup.md', '/repo/docs/faq.md'] } },
      { id: 's3', server: 'filesystem', tool: 'write_file', arguments: { path: '/repo/index.md', content: '- [Setup](setup.md)\n- [FAQ](faq.md)' } },
    ];
    const found = dependence(steps);
    expect(found).toContain('s1->s2: "s2" works on /repo/docs/setup.md, under the directory "s1" lists (search_files)');
    expect(found).toContain('s2->s3: "s3" names setup.md, the file "s2" touches (/repo/docs/setup.md)');
  });

  it('does not take a host or an address for a file name', () => {
    const steps: AnalysisStep[] = [
      { id: 'a', tool: 'ping_host', arguments: { url: '192.168.1.100', name: 'www.example.com' } },
      { id: 'b', tool: 'scan_ports', arguments: { target: 'scan 192.168.1.100 and www.example.com' } },
    ];
    expect(dependence(steps).filter((e) => e.includes('the file'))).toEqual([]);
  });

  it('leaves two reads of the very same path, and reads of other directories, unordered', () => {
    const steps: AnalysisStep[] = [
      { id: 'a', tool: 'list_directory', arguments: { path: 'src' } },
      { id: 'b', tool: 'read_file', arguments: { path: 'docs/a.md' } },
      { id: 'c', tool: 'read_file', arguments: { path: 'docs/a.md' } },
    ];
    expect(dependence(steps).filter((e) => e.includes('lists') || e.includes('the file'))).toEqual([]);
    expect(edgePairs(steps)).not.toContain('b->c');
  });
});
