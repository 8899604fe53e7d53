// Preloaded into the CLI by bench/batch-alloc-profile.ts: the first SIGUSR2 starts V8's
// sampling heap profiler (keeping what the collectors freed), the second stops it and writes
// the profile to $ALLOC_PROFILE_OUT, then a line "alloc-profile written" on stderr. With
// ALLOC_PROFILE_SURVIVORS=1 it keeps only what survived a scavenge (what the young collector
// freed is dropped): the allocation sites whose objects the scavenger copies or promotes.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
let sampling = false;
process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true;
    void post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.ALLOC_PROFILE_SURVIVORS !== '1' });
    return;
  }
  sampling = false;
  void post('HeapProfiler.stopSampling').then(({ profile }) => {
    writeFileSync(process.env.ALLOC_PROFILE_OUT ?? '/tmp/alloc.heapprofile', JSON.stringify(profile));
    process.stderr.write('alloc-profile written\n');
  });
});
