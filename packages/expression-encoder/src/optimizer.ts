import * as tf from '@tensorflow/tfjs';
import { assertArgument, describeValue, type WeightMap } from '@freeavatar/core';
import { ownedVariable, type Params } from './params.js';

/**
 * An optimizer over named variables whose whole state (slot tensors and update count) can be
 * saved into a checkpoint and restored, so that a resumed run continues exactly.
 */
export interface ParamOptimizer {
  /** `'adamw'` or `'sgd'`. */
  readonly name: string;
  /** Updates applied so far. */
  readonly iterations: number;
  /** The learning rate of the next update; set it to follow a schedule. */
  learningRate: number;
  /** Applies one update to `params` from gradients of the same names; missing names are skipped. */
  apply(params: Params, grads: Readonly<Record<string, tf.Tensor>>): void;
  /** The slot tensors by name (owned by the optimizer: do not dispose). */
  state(): WeightMap;
  /** Restores slots saved by {@link ParamOptimizer.state} and the update count. */
  loadState(state: WeightMap, iterations: number): void;
  /** Frees the slot tensors. */
  dispose(): void;
}

/** Which parameters get weight decay, by name. */
export type DecayFilter = (name: string) => boolean;

/**
 * Decay only weight matrices (`…/kernel`), not biases, norms or embeddings.
 *
 * @example
 * ```ts
 * const sgd = createSgd({ decay: decayKernelsOnly });
 * ```
 */
export const decayKernelsOnly: DecayFilter = (name) => {
  assertArgument(typeof name === 'string', `name must be a string, got ${describeValue(name)}`);
  return name.endsWith('/kernel');
};

function checkRate(value: number, what: string): void {
  assertArgument(
    Number.isFinite(value) && value >= 0,
    `${what} must be a finite number ≥ 0, got ${value}`,
  );
}

/** A set of slot variables, one per parameter, created lazily. */
class Slots {
  private readonly slots = new Map<string, tf.Variable>();
  constructor(private readonly prefix: string) {}

  get(name: string, like: tf.Tensor): tf.Variable {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = ownedVariable(tf.zerosLike(like), false);
      this.slots.set(name, slot);
    }
    return slot;
  }

  export(into: WeightMap): void {
    for (const [name, slot] of this.slots) into[`${this.prefix}${name}`] = slot;
  }

  load(state: WeightMap): void {
    for (const [key, tensor] of Object.entries(state)) {
      if (!key.startsWith(this.prefix)) continue;
      const name = key.slice(this.prefix.length);
      const existing = this.slots.get(name);
      if (existing !== undefined && tf.util.arraysEqual(existing.shape, tensor.shape)) {
        existing.assign(tensor);
      } else {
        existing?.dispose();
        this.slots.set(name, ownedVariable(tf.cast(tensor, 'float32'), false));
      }
    }
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.slots.clear();
  }
}

/** Options of {@link createAdamW}. */
export interface AdamWOptions {
  /** Default 1.5e-4 (the MAE recipe's base rate). */
  learningRate?: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.95 (MAE pretraining). */
  beta2?: number;
  /** Default 1e-8. */
  epsilon?: number;
  /** Decoupled weight decay, default 0.05. */
  weightDecay?: number;
  /** Which parameters decay; default {@link decayKernelsOnly}. */
  decay?: DecayFilter;
}

/**
 * Adam with decoupled weight decay (AdamW, Loshchilov & Hutter): `p ← p − lr·(m̂/(√v̂+ε) + wd·p)`.
 *
 * @example
 * ```ts
 * declare const params: Params;
 * declare const grads: Record<string, tf.Tensor>; // keyed by parameter name, as `params`
 * const optimizer = createAdamW({ learningRate: 1e-3, weightDecay: 0.05 });
 * optimizer.apply(params, grads); // or let `optimizeStep` take the gradients and apply them
 * ```
 */
export function createAdamW(options: AdamWOptions = {}): ParamOptimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.95;
  const epsilon = options.epsilon ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0.05;
  const decay = options.decay ?? decayKernelsOnly;
  let learningRate = options.learningRate ?? 1.5e-4;
  checkRate(learningRate, 'learningRate');
  checkRate(weightDecay, 'weightDecay');
  assertArgument(beta1 >= 0 && beta1 < 1, `beta1 must be in [0, 1), got ${beta1}`);
  assertArgument(beta2 >= 0 && beta2 < 1, `beta2 must be in [0, 1), got ${beta2}`);
  const m = new Slots('m/');
  const v = new Slots('v/');
  let iterations = 0;
  return {
    name: 'adamw',
    get iterations() {
      return iterations;
    },
    get learningRate() {
      return learningRate;
    },
    set learningRate(value: number) {
      checkRate(value, 'learningRate');
      learningRate = value;
    },
    apply(params, grads) {
      iterations += 1;
      const c1 = 1 - beta1 ** iterations;
      const c2 = 1 - beta2 ** iterations;
      for (const [name, param] of Object.entries(params)) {
        const g = grads[name];
        if (g === undefined) continue;
        const mSlot = m.get(name, param);
        const vSlot = v.get(name, param);
        tf.tidy(() => {
          const mNew = tf.add(tf.mul(mSlot, beta1), tf.mul(g, 1 - beta1));
          const vNew = tf.add(tf.mul(vSlot, beta2), tf.mul(tf.square(g), 1 - beta2));
          mSlot.assign(mNew);
          vSlot.assign(vNew);
          let update = tf.div(tf.div(mNew, c1), tf.add(tf.sqrt(tf.div(vNew, c2)), epsilon));
          if (weightDecay > 0 && decay(name)) update = tf.add(update, tf.mul(param, weightDecay));
          param.assign(tf.sub(param, tf.mul(update, learningRate)));
        });
      }
    },
    state() {
      const out: WeightMap = {};
      m.export(out);
      v.export(out);
      return out;
    },
    loadState(state, count) {
      m.load(state);
      v.load(state);
      iterations = count;
    },
    dispose() {
      m.dispose();
      v.dispose();
    },
  };
}

/** Options of {@link createSgd}. Defaults are the FreeAvatar fine-tuning recipe. */
export interface SgdOptions {
  /** Default 0.002. */
  learningRate?: number;
  /** Default 0.9. */
  momentum?: number;
  /** L2 weight decay added to the gradient (as PyTorch's SGD does), default 5e-5. */
  weightDecay?: number;
  /** Which parameters decay; default all. */
  decay?: DecayFilter;
}

/**
 * SGD with momentum and L2 weight decay, PyTorch's form: `g ← g + wd·p`, `b ← μ·b + g`,
 * `p ← p − lr·b`.
 *
 * @example
 * ```ts
 * const optimizer = createSgd(); // lr 0.002, momentum 0.9, weight decay 5e-5
 * ```
 */
export function createSgd(options: SgdOptions = {}): ParamOptimizer {
  const momentum = options.momentum ?? 0.9;
  const weightDecay = options.weightDecay ?? 5e-5;
  const decay = options.decay ?? (() => true);
  let learningRate = options.learningRate ?? 0.002;
  checkRate(learningRate, 'learningRate');
  checkRate(weightDecay, 'weightDecay');
  assertArgument(momentum >= 0 && momentum < 1, `momentum must be in [0, 1), got ${momentum}`);
  const buffers = new Slots('momentum/');
  let iterations = 0;
  return {
    name: 'sgd',
    get iterations() {
      return iterations;
    },
    get learningRate() {
      return learningRate;
    },
    set learningRate(value: number) {
      checkRate(value, 'learningRate');
      learningRate = value;
    },
    apply(params, grads) {
      iterations += 1;
      for (const [name, param] of Object.entries(params)) {
        const g0 = grads[name];
        if (g0 === undefined) continue;
        const buffer = momentum > 0 ? buffers.get(name, param) : undefined;
        tf.tidy(() => {
          const g = weightDecay > 0 && decay(name) ? tf.add(g0, tf.mul(param, weightDecay)) : g0;
          let step = g;
          if (buffer !== undefined) {
            // The buffer starts at zero, so the first step equals PyTorch's `b ← g`.
            step = tf.add(tf.mul(buffer, momentum), g);
            buffer.assign(step);
          }
          param.assign(tf.sub(param, tf.mul(step, learningRate)));
        });
      }
    },
    state() {
      const out: WeightMap = {};
      buffers.export(out);
      return out;
    },
    loadState(state, count) {
      buffers.load(state);
      iterations = count;
    },
    dispose() {
      buffers.dispose();
    },
  };
}
