import type { FaceTemplate } from '../face/face-template.js';
import { ARKIT_BLENDSHAPE_NAMES } from './arkit.js';
import { authorLeftEyeShapes } from './author-eyes.js';
import { authorMouthShapes } from './author-mouth.js';
import { authorUpperFaceShapes } from './author-upper-face.js';
import { mirrorField, type Field } from './field-tools.js';

/**
 * Authors all 52 dense displacement fields on the template, in ARKit order. A shape whose name
 * ends in `Right` is the mirror image of its `Left` twin.
 */
export function authorBlendshapeFields(template: FaceTemplate): Field[] {
  const authored: Record<string, Field> = {
    ...authorLeftEyeShapes(template),
    ...authorUpperFaceShapes(template),
    ...authorMouthShapes(template),
  };
  return ARKIT_BLENDSHAPE_NAMES.map((name) => {
    const own = authored[name];
    if (own) return own;
    const twin = name.endsWith('Right')
      ? authored[`${name.slice(0, -'Right'.length)}Left`]
      : undefined;
    if (!twin) throw new Error(`blendshape authoring: no field for ${name}`);
    return mirrorField(template, twin);
  });
}
