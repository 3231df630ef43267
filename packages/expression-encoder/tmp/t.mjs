import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm');
const x = tf.range(0, 32).reshape([2,4,4,1]);
tf.image.transform(x, tf.tensor2d([[1,0,0,0,1,0,0,0],[1,0,0,0,1,0,0,0]]), 'bilinear', 'nearest').print();
