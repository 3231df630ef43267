export * from './raster/index.js';
