import { describe, expect, it } from 'vitest';
import { dependence, edgePairs } from './evidence.js';

describe('rule search-feeds-service', () => {
  it("orders a call with literal arguments after the earlier searches on its service (namespace or server)", () => {
    const found = dependence([
      { id: 'search', tool: 'GoogleScholar.search_google_scholar', arguments: { query: 'short-term rentals' } },
      { id: 'cite', tool: 'GoogleScholar.get_citation_format', arguments: { q: 'aa0yAA7T27oJ' } },
      { id: 'weather', tool: 'Weather.get_weather_today', arguments: { location: 'Berlin' } },
      { id: 'find', server: 'fs', tool: 'search_files', arguments: { pattern: '*.md' } },
      { id: 'read', server: 'fs', tool: 'read_file', arguments: { path: '/docs/a.md' } },
    ]);
    expect(found).toEqual([
      'search->cite: "GoogleScholar.get_citation_format" takes literal arguments on the service "GoogleScholar", which "GoogleScholar.search_google_scholar" searched before it',
      'find->read: "read_file" takes literal arguments on the service "fs", which "search_files" searched before it',
    ]);
  });

  it('keeps searches on one service siblings, and reads nothing from calls without a service or literals', () => {
    expect(edgePairs([
      { id: 'a', server: 'web', tool: 'search', arguments: { query: 'Paris' } },
      { id: 'b', server: 'web', tool: 'search', arguments: { query: 'London' } },
    ])).toEqual([]);
    expect(dependence([
      { id: 'a', tool: 'search_flights', arguments: { to: 'Paris' } },
      { id: 'b', tool: 'get_flight', arguments: { number: 'AF12' } },
      { id: 'c', server: 'fs', tool: 'list_dir', arguments: { path: '/d' } },
      { id: 'd', server: 'fs', tool: 'read_file', arguments: { path: '{{c.first}}' } },
      { id: 'e', server: 'fs', tool: 'get_status', arguments: {} },
    ]).filter((e) => e.includes('searched before it'))).toEqual([]);
  });

  it('orders a search after an earlier one on the service whose query it takes (outside audit, round 11)', () => {
    expect(edgePairs([
      { id: 's1', server: 'github', tool: 'search_repositories', arguments: { query: 'fastapi' } },
      { id: 's2', server: 'github', tool: 'list_issues', arguments: { owner: 'fastapi', repo: 'fastapi', state: 'open' } },
    ])).toEqual(['s1->s2']);
    expect(edgePairs([
      { id: 's1', server: 'github', tool: 'search_repositories', arguments: { query: 'modelcontextprotocol typescript sdk' } },
      { id: 's2', server: 'github', tool: 'list_commits', arguments: { owner: 'modelcontextprotocol', repo: 'typescript-sdk' } },
    ])).toEqual(['s1->s2']);
    // Whole words only, and a later query that only contains the earlier one stays a sibling.
    expect(edgePairs([
      { id: 'a', server: 'web', tool: 'search', arguments: { query: 'fastapi' } },
      { id: 'b', server: 'web', tool: 'search', arguments: { query: 'fastapi router' } },
      { id: 'c', server: 'web', tool: 'search', arguments: { query: 'api' } },
    ])).toEqual([]);
  });
});
