import { initBackend } from '@freeavatar/core';
import { ExpressionModel } from '@freeavatar/expression-encoder';
import { createSynthAnimatorData, trainAnimator } from '../dist/index.js';
await initBackend({ prefer: 'wasm' });
const encoder = ExpressionModel.create('tiny', 1);
const data = createSynthAnimatorData({ avatars: ['human', 'toon', 'robot'], batchSize: 8, seed: 1 });
// Pre-render batches once so every rate sees the same data.
const cache = Array.from({ length: 40 }, (_, i) => data.batchAt(i));
const clone = (b) => ({ avatars: b.avatars.map((p) => ({ ...p, crops: p.crops.clone(), rigs: p.rigs.clone(), renders: p.renders.clone() })) });
for (const lr of process.argv.slice(2).map(Number)) {
  const rig = [];
  const { network } = await trainAnimator({
    encoder, renderers: {}, avatars: ['human','toon','robot'].map((id)=>({id, controls: (cache[0].avatars.find(p=>p.avatar===id)).rigs.shape[1] === 0 ? [] : Array.from({length:(cache[0].avatars.find(p=>p.avatar===id)).rigs.shape[1]},(_,k)=>`c${k}`)})),
    data: async function* (s) { for (let i = s; ; i++) yield clone(cache[i % 40]); },
    steps: 80, seed: 1, learningRate: lr, lossWeights: { image: 0, perceptual: 0 },
    onProgress: (e) => { if (e.metrics?.rig !== undefined) rig.push(e.metrics.rig); },
  });
  const m = (a) => (a.reduce((x, y) => x + y, 0) / a.length).toFixed(4);
  console.log(`lr ${lr}: rig MSE first10 ${m(rig.slice(0,10))} steps40-50 ${m(rig.slice(40,50))} last10 ${m(rig.slice(70))}`);
  network.dispose();
}
