import { describe, expect, it, vi } from 'vitest';

// Pretend to run outside Node: the default model files cannot be found there.
vi.mock('@freeavatar/core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@freeavatar/core')>()),
  isNode: () => false,
}));

const { createFaceCropper } = await import('./cropper.js');
const { locateDefaultModels } = await import('./models.js');

describe('default models outside Node', () => {
  it('fail with a message asking for model URLs', async () => {
    await expect(locateDefaultModels()).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/in a browser pass detectorModel and meshModel as URLs/),
    });
    await expect(createFaceCropper()).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });
});
