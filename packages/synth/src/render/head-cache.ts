/**
 * Built heads kept for reuse by a face renderer, least recently used dropped first. Internal.
 */
import { assertArgument } from '@freeavatar/core';
import { createHead, type Head } from '../face/head.js';
import { LANDMARK } from '../face/landmarks.js';
import { sampleIdentity, type Identity } from '../identity/identity.js';
import { identitySplit, type DatasetSplit } from '../identity/split.js';

/** A built head with what framing and labels need. */
export interface CachedHead {
  head: Head;
  id: string;
  seed: number;
  split: DatasetSplit;
  /** Midpoint of forehead top and chin of the neutral face, head space (scaled). */
  center: [number, number, number];
  /** Reversed-winding triangles of the parts drawn from both sides, by part name. */
  backFaces: Map<string, Uint32Array>;
}

function faceCenter(head: Head): [number, number, number] {
  const n = head.neutral;
  const a = 3 * LANDMARK.forehead;
  const b = 3 * LANDMARK.chin;
  return [
    ((n[a] + n[b]) / 2) * head.scale,
    ((n[a + 1] + n[b + 1]) / 2) * head.scale,
    ((n[a + 2] + n[b + 2]) / 2) * head.scale,
  ];
}

/** An LRU cache of heads keyed by identity seed or by identity object. */
export class HeadCache {
  private readonly entries = new Map<number | Identity, CachedHead>();

  constructor(private readonly capacity: number) {
    assertArgument(
      Number.isInteger(capacity) && capacity >= 1,
      `headCacheSize must be a positive integer, got ${capacity}`,
    );
  }

  get(identity: number | Identity): CachedHead {
    const hit = this.entries.get(identity);
    if (hit) {
      this.entries.delete(identity);
      this.entries.set(identity, hit);
      return hit;
    }
    let person: Identity;
    if (typeof identity === 'number') {
      person = sampleIdentity(identity);
    } else {
      assertArgument(
        identity !== null && typeof identity === 'object' && typeof identity.id === 'string',
        `scene.identity must be an identity seed or an Identity object, got ${String(identity)}`,
      );
      person = identity;
    }
    const head = createHead(person);
    const entry: CachedHead = {
      head,
      id: person.id,
      seed: person.seed,
      split: person.split ?? identitySplit(person.seed),
      center: faceCenter(head),
      backFaces: new Map(),
    };
    this.entries.set(identity, entry);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as number | Identity);
    }
    return entry;
  }
}
