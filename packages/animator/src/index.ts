export { OneEuroFilter, type OneEuroOptions } from '@freeavatar/core';
