import { describe, expect, it } from 'vitest';
import { avatarsArg, previewSizeArg, selectAvatars, smoothingOption } from './animate-options.js';

describe('animate options', () => {
  it('parses --avatar as all or a comma list of ids', () => {
    expect(avatarsArg('all')).toBe('all');
    expect(avatarsArg('robot')).toEqual(['robot']);
    expect(avatarsArg(' toon, robot ,toon')).toEqual(['toon', 'robot']);
    expect(() => avatarsArg('')).toThrow(/--avatar must be 'all' or avatar ids .* got ''/);
    expect(() => avatarsArg('human,all')).toThrow(/got 'human,all'/);
    expect(() => avatarsArg('bad id')).toThrow(/got 'bad id'/);
  });

  it('selects avatars among those a model drives', () => {
    const available = ['human', 'toon', 'robot'];
    expect(selectAvatars('all', available)).toEqual(available);
    expect(selectAvatars(['robot', 'human'], available)).toEqual(['robot', 'human']);
    expect(() => selectAvatars(['cat', 'robot', 'dog'], available)).toThrow(
      '--avatar cat, dog: the model drives human, toon, robot',
    );
  });

  it('maps --smooth and --no-smooth to the smoothing option', () => {
    expect(smoothingOption(0.8)).toEqual({ minCutoff: 0.8 });
    expect(smoothingOption(false)).toBe(false);
    expect(smoothingOption(true)).toBeUndefined();
    expect(smoothingOption(undefined)).toBeUndefined();
  });

  it('takes even preview sizes only', () => {
    expect(previewSizeArg('128')).toBe(128);
    expect(() => previewSizeArg('127')).toThrow(/even integer in 32..1024, got 127/);
    expect(() => previewSizeArg('16')).toThrow(/got 16/);
  });
});
