// Must NOT compile: shows that the packed packages' types are read, not taken as `any`.
import { createExpressionEncoder } from '@freeavatar/expression-encoder';

const encoder = await createExpressionEncoder();
export const distance: string = encoder.distance(new Float32Array(16), new Float32Array(16));
