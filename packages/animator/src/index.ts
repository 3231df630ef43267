export { OneEuroFilter, type OneEuroOptions } from './one-euro.js';
