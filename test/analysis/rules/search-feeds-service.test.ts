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
});
