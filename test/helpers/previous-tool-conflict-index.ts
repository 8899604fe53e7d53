/**
 * The tool conflict index before session 7 (for-of loops), kept to test the current one against.
 *
 * Finds the earlier tool-call steps a new tool step conflicts with, without comparing every
 * pair, and leaves out conflicts already implied through another conflict. Pure.
 *
 * Why leaving them out keeps every ordering: conflicts chain. All writes to one server
 * conflict pairwise, so the last write to a server follows every earlier one; a write with no
 * known resource ("barrier") conflicts with every earlier step on its server; every step
 * naming resource k conflicts with the last write naming k. A later step that conflicts with
 * such a step therefore already follows, transitively, whatever that step follows.
 * Candidates are only proposed here; the caller confirms each with `accessConflict`.
 */
import { enclosingResources, type ToolAccess } from '../../src/analysis/heuristic-tools.js';

interface ServerState {
  lastWrite?: number;
  /** Last write with no known resource: it follows every earlier step on the server. */
  barrier?: number;
  /** Reads with no known resource since `lastWrite`. */
  bareReadsSinceWrite: number[];
  /** All reads since `barrier`. */
  readsSinceBarrier: number[];
}

interface ResourceState {
  lastWrite?: number;
  readsSinceWrite: number[];
}

export class ToolConflictIndex {
  private readonly servers = new Map<string, ServerState>();
  private readonly resources = new Map<string, ResourceState>();
  /** resource -> the known resources lying under it ("/d" -> "/d/a.txt"). */
  private readonly under = new Map<string, Set<string>>();

  /**
   * Positions of earlier steps `access` may conflict with, in no particular order and with
   * repeats possible. An array, not a Set: most tool steps have none, and empty arrays cost nothing.
   */
  candidates(access: ToolAccess): number[] {
    const found: number[] = [];
    const write = access.kind === 'write';
    const bare = access.resources.length === 0;
    const server = access.server === undefined ? undefined : this.servers.get(access.server);
    if (server) {
      if (write || bare) {
        if (server.lastWrite !== undefined) found.push(server.lastWrite);
      } else if (server.barrier !== undefined) {
        found.push(server.barrier);
      }
      if (write && bare) for (const r of server.readsSinceBarrier) found.push(r);
      else if (write) for (const r of server.bareReadsSinceWrite) found.push(r);
    }
    for (const key of this.overlapping(access.resources)) {
      const state = this.resources.get(key);
      if (!state) continue;
      if (state.lastWrite !== undefined) found.push(state.lastWrite);
      if (write) for (const r of state.readsSinceWrite) found.push(r);
    }
    return found;
  }

  /** Records the step at `position` (call after its edges are settled, in order). */
  add(position: number, access: ToolAccess): void {
    const write = access.kind === 'write';
    const bare = access.resources.length === 0;
    if (access.server !== undefined) {
      let server = this.servers.get(access.server);
      if (!server) this.servers.set(access.server, (server = { bareReadsSinceWrite: [], readsSinceBarrier: [] }));
      if (write) {
        server.lastWrite = position;
        server.bareReadsSinceWrite = [];
        if (bare) {
          server.barrier = position;
          server.readsSinceBarrier = [];
        }
      } else {
        server.readsSinceBarrier.push(position);
        if (bare) server.bareReadsSinceWrite.push(position);
      }
    }
    for (const resource of access.resources.length > 1 ? new Set(access.resources) : access.resources) {
      let state = this.resources.get(resource);
      if (!state) {
        this.resources.set(resource, (state = { readsSinceWrite: [] }));
        for (const outer of enclosingResources(resource)) {
          let set = this.under.get(outer);
          if (!set) this.under.set(outer, (set = new Set()));
          set.add(resource);
        }
      }
      if (write) {
        state.lastWrite = position;
        state.readsSinceWrite = [];
      } else {
        state.readsSinceWrite.push(position);
      }
    }
  }

  /** Known resources overlapping any of `resources`: equal, enclosing, or lying under them. */
  private overlapping(resources: readonly string[]): Iterable<string> {
    if (resources.length === 0) return resources;
    const keys = new Set<string>();
    for (const resource of resources) {
      if (this.resources.has(resource)) keys.add(resource);
      for (const outer of enclosingResources(resource)) if (this.resources.has(outer)) keys.add(outer);
      for (const inner of this.under.get(resource) ?? []) keys.add(inner);
    }
    return keys;
  }
}
