import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@freeavatar/core';
import type { DetectedFace, FaceCropper } from '@freeavatar/face-crop';
import { handOverCropper, trackedFrames } from './animate-tracked-frames.js';
import type { TrackedFrame } from './animate-track-worker.js';
import { EXAMPLE_CLIP } from './test-utils/animate-fixture.js';

const job = {
  input: EXAMPLE_CLIP,
  maxFrames: 4,
  cropper: { maxFaces: 1 },
  backend: 'wasm' as const,
};

async function collect(worker: boolean): Promise<TrackedFrame[]> {
  const out: TrackedFrame[] = [];
  for await (const tracked of trackedFrames(job, { worker })) out.push(tracked);
  return out;
}

// The worker runs the job's backend; this thread must run the same one for equal results.
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('trackedFrames', () => {
  it('gives the same frames and faces on the worker as on this thread', async () => {
    let workerMs = 0;
    const remote: TrackedFrame[] = [];
    for await (const t of trackedFrames(job, { onWorkerCrop: (ms) => (workerMs += ms) }))
      remote.push(t);
    const before = tf.memory().numTensors;
    const local = await collect(false);
    expect(tf.memory().numTensors).toBe(before);
    expect(remote.map((t) => t.frame.timestampMs)).toEqual(local.map((t) => t.frame.timestampMs));
    expect(remote.map((t) => t.faces.length)).toEqual([1, 1, 1, 1]);
    expect(workerMs).toBeGreaterThan(0);
    remote.forEach((t, i) => {
      const [r, l] = [t.faces[0], local[i].faces[0]];
      expect(Buffer.from(t.frame.image.data).equals(Buffer.from(local[i].frame.image.data))).toBe(
        true,
      );
      expect(r.trackId).toBe(l.trackId);
      expect(r.box).toEqual(l.box);
      expect(Buffer.from(r.crop.data).equals(Buffer.from(l.crop.data))).toBe(true);
    });
  }, 60_000);

  it('stops the worker when the caller stops early', async () => {
    const seen: number[] = [];
    for await (const t of trackedFrames({ ...job, maxFrames: undefined })) {
      seen.push(t.frame.index);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([0, 1]);
  }, 60_000);

  it('names a missing input and a bad depth, on the worker as on this thread', async () => {
    const missing = { ...job, input: '/no/such/clip.mp4' };
    const fail = async (worker: boolean) => {
      try {
        for await (const _ of trackedFrames(missing, { worker })) void _;
      } catch (error) {
        return error as Error & { code?: string };
      }
      throw new Error('expected an error');
    };
    const [local, remote] = [await fail(false), await fail(true)];
    expect(remote.message).toBe(local.message);
    expect(remote.code).toBe(local.code);
    expect(remote.message).toMatch(/\/no\/such\/clip\.mp4/);
    await expect(trackedFrames(job, { depth: 0 }).next()).rejects.toThrow(
      'depth must be a positive integer, got 0',
    );
  }, 60_000);
});

describe('handOverCropper', () => {
  it('returns the faces handed over once, and asks its cropper otherwise', async () => {
    const calls: string[] = [];
    const own: DetectedFace[] = [];
    const cropper = {
      options: { maxFaces: 1 },
      lastTimings: {},
      detect: async () => (calls.push('detect'), own),
      detectForVideo: async () => (calls.push('video'), own),
      reset: () => calls.push('reset'),
      dispose: () => calls.push('dispose'),
    } as unknown as FaceCropper;
    const handed = handOverCropper(cropper);
    const faces = [{ score: 1 }] as unknown as DetectedFace[];
    handed.hand(faces);
    expect(await handed.detectForVideo({} as never, 0)).toBe(faces);
    expect(await handed.detectForVideo({} as never, 40)).toBe(own);
    handed.hand(faces);
    handed.reset();
    expect(await handed.detectForVideo({} as never, 80)).toBe(own);
    expect(await handed.detect({} as never)).toBe(own);
    handed.dispose();
    expect(calls).toEqual(['video', 'reset', 'video', 'detect', 'dispose']);
    expect(handed.options).toBe(cropper.options);
  });
});
