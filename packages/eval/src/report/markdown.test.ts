import { describe, expect, it } from 'vitest';
import { markdownTable } from './markdown.js';

describe('markdownTable', () => {
  const rows = [
    { method: 'ours', values: { acc: 0.862, mae: 0.041 } },
    { method: 'face mesh', values: { acc: 0.713, mae: 0.102 } },
  ];

  it('formats a methods × metrics table with the best values in bold', () => {
    const md = markdownTable(rows, [
      { key: 'acc', label: 'triplet acc.', percent: true, digits: 1, better: 'higher' },
      { key: 'mae', label: 'rig MAE', better: 'lower' },
    ]);
    expect(md).toBe(
      [
        '| method    | triplet acc. ↑ | rig MAE ↓ |',
        '| :-------- | -------------: | --------: |',
        '| ours      |      **86.2%** | **0.041** |',
        '| face mesh |          71.3% |     0.102 |',
        '',
      ].join('\n'),
    );
  });

  it('uses one number of decimals per column, marks missing values and escapes text', () => {
    const md = markdownTable(
      [
        { method: 'a|b', values: { ms: 152.37, r: null } },
        { method: 'c', values: { ms: 8.5 } },
      ],
      ['ms', { key: 'r', better: 'higher' }],
      { methodHeader: 'peer', missing: 'n/a' },
    );
    const lines = md.trim().split('\n');
    expect(lines[0]).toBe('| peer |    ms | r ↑ |');
    expect(lines[2]).toBe('| a\\|b | 152.4 | n/a |');
    expect(lines[3]).toBe('| c    |   8.5 | n/a |');
  });

  it('bolds every tied best value and can turn highlighting off', () => {
    const tied = [
      { method: 'x', values: { m: 0.5 } },
      { method: 'y', values: { m: 0.5 } },
      { method: 'z', values: { m: 0.2 } },
    ];
    const md = markdownTable(tied, [{ key: 'm', better: 'higher' }]);
    expect(md.match(/\*\*0\.500\*\*/g)).toHaveLength(2);
    expect(
      markdownTable(tied, [{ key: 'm', better: 'higher' }], { highlightBest: false }),
    ).not.toContain('**');
  });

  it('rejects bad tables', () => {
    expect(() => markdownTable([], ['a'])).toThrow(/rows must be a non-empty list/);
    expect(() => markdownTable(rows, [])).toThrow(/columns must be a non-empty list/);
    expect(() => markdownTable(rows, ['acc', 'acc'])).toThrow(/column key 'acc' appears twice/);
    expect(() => markdownTable([{ method: 'm', values: { a: NaN } }], ['a'])).toThrow(
      /rows\[0\] \('m'\) value of 'a' must be a finite number or null, got NaN/,
    );
    expect(() => markdownTable(rows, [{ key: 'acc', digits: -1 }])).toThrow(
      /digits must be an integer in \[0, 12\], got -1/,
    );
  });
});
