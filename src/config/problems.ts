/**
 * What is wrong (`lines`, which make the config error) and what is merely worth telling
 * (`warnings`), each line led by its JSON path: `mcpServers.memory.maxConcurrency: expected ...`.
 */
import type * as z from 'zod';
import { describeValue, jsonPath } from './json-path.js';

export class Problems {
  readonly lines: string[] = [];
  readonly warnings: string[] = [];
  add(path: readonly PropertyKey[], message: string): void {
    this.lines.push(located(path, message));
  }
  warn(path: readonly PropertyKey[], message: string): void {
    this.warnings.push(located(path, message));
  }
  /** zod issues, one line per JSON path; an unrecognized key lists `knownKeys`. */
  addIssues(base: readonly PropertyKey[], issues: readonly z.core.$ZodIssue[], knownKeys: readonly string[] = []): void {
    const seen = new Set<string>();
    for (const issue of issues) {
      const path = [...base, ...issue.path];
      const key = jsonPath(path);
      if (seen.has(key)) continue; // one problem per place: the first says it
      seen.add(key);
      if (issue.code === 'unrecognized_keys') {
        for (const unknown of issue.keys) {
          this.add([...path, unknown], `unknown setting; expected one of ${knownKeys.join(', ')}`);
        }
        continue;
      }
      this.add(path, `${issue.message}, got ${describeValue(issue.input)}`);
    }
  }
}

function located(path: readonly PropertyKey[], message: string): string {
  const at = jsonPath(path);
  return at === '' ? message : `${at}: ${message}`;
}
