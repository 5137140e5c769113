// xrun as a library: run a command with a retry policy, classify exit codes, explain a code.
// `npm run build && node examples/library.mjs` (the package imports itself by name).
import { classify, explain, models, run } from 'xrun';

// a command that reports buck2's "daemon busy" (exit 4) once, then succeeds
const marker = `/tmp/xrun-library-example-${process.pid}`;
const script = `if [ -e ${marker} ]; then rm ${marker}; exit 0; fi; touch ${marker}; exit 4`;
const result = await run(['sh', '-c', script], {
  tool: 'buck2',
  retryBusy: true,
  delay: '10ms',
  log: (line) => console.error(line),
});

for (const a of result.attempts) {
  console.log(
    `attempt ${a.attempt}: ${a.outcome.kind} ${a.outcome.code ?? ''} -> ${a.classification.category} (${a.classification.name}); ${a.decision.reason}`,
  );
}
console.log(`exit status: ${JSON.stringify(result.exitStatus)}`);
console.log(
  `bazel 9 is ${classify('bazel', 9).category}; docker 125 with "Cannot connect to the Docker daemon" is ${classify('docker', 125, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?').category}`,
);
console.log(`buck2 11 under --retry-connect: ${explain('buck2', 11, { retryConnect: true }).decision.reason}`);
console.log(`models: ${Object.keys(models).join(', ')}`);
