export { OneEuroFilter, type OneEuroOptions } from '@freeavatar/core';
export * from './renderer/index.js';
export * from './network/index.js';
export * from './exporters/index.js';
export * from './training/index.js';
export * from './animator/index.js';
