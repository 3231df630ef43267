import { describe, expect, it } from 'vitest';
import { workerScript } from './worker-script.js';

describe('workerScript', () => {
  it('finds a built worker script from the sources, and nothing for an unknown name', () => {
    // The tests run from src/: the script is found in the package's dist (npm test builds first).
    const script = workerScript('synth-batch-worker', import.meta.url);
    expect(script?.pathname).toMatch(
      /packages\/cli\/(dist|src)\/commands\/synth-batch-worker\.js$/,
    );
    expect(workerScript('no-such-worker', import.meta.url)).toBeUndefined();
  });
});
