// Preloaded into a benchmarked process (NODE_OPTIONS=--import) to try V8 flags that V8 reads
// at run time: v8.setFlagsFromString(MEMORY_FLAGS) at import, or MEMORY_FLAGS_DELAY_MS ms later
// (after start-up). Diagnosis only: what a flag would do to peak RSS and CPU, before any code.
import v8 from 'node:v8';

const flags = process.env.MEMORY_FLAGS ?? '';
const delay = Number(process.env.MEMORY_FLAGS_DELAY_MS ?? 0);
if (flags) {
  if (delay > 0) setTimeout(() => v8.setFlagsFromString(flags), delay).unref();
  else v8.setFlagsFromString(flags);
}
