import { describe, expect, it } from 'vitest';
import { INTER_OCULAR_LANDMARKS, boxIoU, faceRecall, landmarkError } from './detection.js';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('boxIoU', () => {
  it('computes intersection over union', () => {
    expect(boxIoU(box(0, 0, 2, 2), box(1, 0, 2, 2))).toBeCloseTo(1 / 3, 12);
    expect(boxIoU(box(0, 0, 2, 2), box(0, 0, 2, 2))).toBe(1);
    expect(boxIoU(box(0, 0, 2, 2), box(5, 5, 1, 1))).toBe(0);
    expect(boxIoU(box(0, 0, 0, 0), box(0, 0, 0, 0))).toBe(0);
    expect(() => boxIoU(box(0, 0, -1, 2), box(0, 0, 1, 1))).toThrow(/a must be a box/);
    expect(() => boxIoU(box(0, NaN, 1, 2), box(0, 0, 1, 1))).toThrow(/a must be a box/);
  });
});

describe('faceRecall', () => {
  it('matches one-to-one above the IoU threshold', () => {
    const truth = [[box(0, 0, 10, 10), box(20, 0, 10, 10)], [box(0, 0, 10, 10)], []];
    const predicted = [
      // IoU 90/110 with the first face; 50/150 (too low); nothing
      [box(1, 0, 10, 10), box(5, 0, 10, 10), box(50, 50, 5, 5)],
      // two detections on one face: one match, one false positive
      [box(0, 0, 10, 10), box(1, 0, 10, 10)],
      [box(0, 0, 3, 3)],
    ];
    const r = faceRecall(predicted, truth);
    expect(r.total).toBe(3);
    expect(r.matched).toBe(2);
    expect(r.recall).toBeCloseTo(2 / 3, 12);
    expect(r.falsePositives).toBe(4);
    expect(Array.from(r.matchedPerImage)).toEqual([1, 1, 0]);
    expect(faceRecall(predicted, truth, { iouThreshold: 0.9 }).matched).toBe(1);
  });

  it('assigns the best pairs first so two close faces both match', () => {
    // D (2,0) has IoU 2/3 with both faces; D2 (4,0) has IoU 1 with the second and 60/140 with the first
    const r = faceRecall(
      [[box(2, 0, 10, 10), box(4, 0, 10, 10)]],
      [[box(0, 0, 10, 10), box(4, 0, 10, 10)]],
    );
    expect(r.recall).toBe(1);
    expect(r.falsePositives).toBe(0);
  });

  it('rejects bad inputs', () => {
    expect(() => faceRecall([[]], [[], []])).toThrow(
      /predicted images and truth images must have the same length/,
    );
    expect(() => faceRecall([[]], [[]])).toThrow(/at least one true face/);
    expect(() => faceRecall([[]], [[box(0, 0, 1, 1)]], { iouThreshold: 0 })).toThrow(
      /iouThreshold must be in \(0, 1\], got 0/,
    );
    expect(() => faceRecall([[box(0, 0, 1, 1)]], [[box(0, 0, Infinity, 1)]])).toThrow(
      /truth\[0\]\[0\] must be a box/,
    );
  });
});

describe('landmarkError', () => {
  const truth = [
    [
      [0, 0],
      [10, 0],
      [5, 5],
    ],
    [
      [0, 0],
      [4, 0],
      [2, 3],
    ],
  ];
  const predicted = [
    [
      [1, 0],
      [10, 0],
      [5, 5],
    ], // mean error 1/3, inter-ocular 10
    [
      [0, 3],
      [4, 0],
      [2, 3],
    ], // mean error 1, inter-ocular 4
  ];

  it('normalises the mean point error by the true inter-ocular distance', () => {
    const r = landmarkError(predicted, truth, { eyes: [0, 1] });
    expect(r.perFace[0]).toBeCloseTo(1 / 30, 12);
    expect(r.perFace[1]).toBeCloseTo(1 / 4, 12);
    expect(r.mean).toBeCloseTo((1 / 30 + 1 / 4) / 2, 12);
  });

  it('takes eye centres as means of several points, and 3-D points', () => {
    // eye centres (2.5, 2.5) and (10, 0): distance sqrt(62.5)
    const r = landmarkError([predicted[0]], [truth[0]], { eyes: [[0, 2], 1] });
    expect(r.mean).toBeCloseTo(1 / 3 / Math.sqrt(62.5), 12);
    const r3 = landmarkError(
      [
        [
          [0, 0, 2],
          [3, 0, 0],
        ],
      ],
      [
        [
          [0, 0, 0],
          [3, 0, 4],
        ],
      ],
      { eyes: [0, 1], dims: 3 },
    );
    // errors 2 and 4; inter-ocular sqrt(9 + 16) = 5
    expect(r3.mean).toBeCloseTo(3 / 5, 12);
    expect(INTER_OCULAR_LANDMARKS.mediapipe468).toEqual([33, 263]);
  });

  it('rejects bad inputs', () => {
    expect(() => landmarkError(predicted, truth, { eyes: [0, 5] })).toThrow(
      /eye landmark index \(face 0\) must be an integer in \[0, 2\], got 5/,
    );
    expect(() => landmarkError(predicted, truth, { eyes: [0, 0] })).toThrow(
      /inter-ocular distance 0/,
    );
    expect(() => landmarkError([predicted[0]], truth, { eyes: [0, 1] })).toThrow(
      /predicted faces and truth faces/,
    );
    expect(() =>
      landmarkError(
        [[[1, 0]]],
        [
          [
            [0, 0],
            [1, 1],
          ],
        ],
        { eyes: [0, 1] },
      ),
    ).toThrow(/predicted\[0\] points and truth\[0\] points/);
    expect(() =>
      landmarkError(
        [
          [
            [NaN, 0],
            [1, 1],
          ],
        ],
        [
          [
            [0, 0],
            [1, 1],
          ],
        ],
        { eyes: [0, 1] },
      ),
    ).toThrow(/predicted\[0\]\[0\]\[0\].*NaN/);
    expect(() =>
      landmarkError(
        [[[0], [1]]],
        [
          [
            [0, 0],
            [1, 1],
          ],
        ],
        { eyes: [0, 1] },
      ),
    ).toThrow(/at least 2 coordinates/);
    expect(() => landmarkError(predicted, truth, {} as never)).toThrow(/options\.eyes/);
    expect(() => landmarkError([], [], { eyes: [0, 1] })).toThrow(/non-empty lists of faces/);
  });
});
