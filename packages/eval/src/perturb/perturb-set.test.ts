import { describe, expect, it } from 'vitest';
import { sixTriplets } from '../harness/test-utils/fake-set.js';
import { assertPerturbation, perturbTripletSet } from './perturb-set.js';
import { builtInPerturbation, type Perturbation } from './perturbations.js';

/** Adds one to every byte of a picture. */
const shift: Perturbation = {
  id: 'shift',
  label: 'shift',
  description: 'every byte plus one',
  image: (image) => ({ ...image, data: image.data.map((v) => v + 1) }),
};

describe('perturbTripletSet', () => {
  it('changes every picture, keeping the triplets, labels and sources', () => {
    const set = sixTriplets();
    const out = perturbTripletSet(
      { ...set, faces: set.faces.map((f) => ({ ...f, emotion: 'happy', identity: 'id-1' })) },
      shift,
      1,
    );
    expect(out.triplets).toBe(set.triplets);
    expect(out.faces.map((f) => f.image.data[0])).toEqual(
      set.faces.map((f) => f.image.data[0] + 1),
    );
    expect(out.faces[3]).toMatchObject({ emotion: 'happy', identity: 'id-1', source: 'value 2' });
    expect(out.description).toBe('six hand-made triplets, under every byte plus one');
    expect(out.details).toEqual({ perturbation: 'shift' });
  });

  it('gives each face its own seeded noise, the same on every run', () => {
    const noise = builtInPerturbation('noise');
    const a = perturbTripletSet(sixTriplets(), noise, 3);
    const b = perturbTripletSet(sixTriplets(), noise, 3);
    const c = perturbTripletSet(sixTriplets(), noise, 4);
    expect(a.faces.map((f) => [...f.image.data])).toEqual(b.faces.map((f) => [...f.image.data]));
    expect(a.faces.map((f) => [...f.image.data])).not.toEqual(
      c.faces.map((f) => [...f.image.data]),
    );
  });

  it('refuses scene perturbations and malformed ones', () => {
    expect(() => perturbTripletSet(sixTriplets(), builtInPerturbation('yaw'), 1)).toThrow(
      /perturbation 'yaw' changes the rendered scene; it needs synthetic faces/,
    );
    expect(() => assertPerturbation({ id: 'x', label: 'x', description: 'x' })).toThrow(
      "perturbation 'x' must have a scene or an image function",
    );
    expect(() => perturbTripletSet(sixTriplets(), shift, 0.5)).toThrow(
      /seed must be an integer, got 0\.5/,
    );
  });
});
