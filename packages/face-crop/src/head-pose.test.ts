import { describe, expect, it } from 'vitest';
import { FreeAvatarError } from '@freeavatar/core';
import { CANONICAL_FACE_POSITIONS } from './canonical-face.js';
import { estimateHeadPose, fitRotation, rotationToPose } from './head-pose.js';
import { FACE_LANDMARKS, LANDMARK_COUNT } from './landmarks.js';
import type { Point3 } from './types.js';

type Mat3 = number[][];
const rad = Math.PI / 180;
const mul = (a: Mat3, b: Mat3): Mat3 =>
  a.map((row) => [0, 1, 2].map((c) => row[0] * b[0][c] + row[1] * b[1][c] + row[2] * b[2][c]));
const rx = (t: number): Mat3 => [
  [1, 0, 0],
  [0, Math.cos(t), -Math.sin(t)],
  [0, Math.sin(t), Math.cos(t)],
];
const ry = (t: number): Mat3 => [
  [Math.cos(t), 0, Math.sin(t)],
  [0, 1, 0],
  [-Math.sin(t), 0, Math.cos(t)],
];
const rz = (t: number): Mat3 => [
  [Math.cos(t), -Math.sin(t), 0],
  [Math.sin(t), Math.cos(t), 0],
  [0, 0, 1],
];

/** The canonical face turned by a pose, as image landmarks (y down, z away), 9 px per cm. */
function posedFace(yaw: number, pitch: number, roll: number): Point3[] {
  const r = mul(mul(ry(yaw * rad), rx(-pitch * rad)), rz(roll * rad));
  return Array.from({ length: LANDMARK_COUNT }, (_, i) => {
    const p = [0, 1, 2].map((k) => CANONICAL_FACE_POSITIONS[3 * i + k]);
    const q = [0, 1, 2].map((k) => r[k][0] * p[0] + r[k][1] * p[1] + r[k][2] * p[2]);
    return [320 + 9 * q[0], 240 - 9 * q[1], -9 * q[2]] as Point3;
  });
}

describe('estimateHeadPose', () => {
  it('gives zero for the canonical frontal face', () => {
    const pose = estimateHeadPose(posedFace(0, 0, 0));
    expect(pose.yaw).toBeCloseTo(0, 6);
    expect(pose.pitch).toBeCloseTo(0, 6);
    expect(pose.roll).toBeCloseTo(0, 6);
  });

  it.each([
    [25, 0, 0],
    [0, -15, 0],
    [0, 0, 30],
    [-40, 20, -10],
    [10, 35, 50],
  ])('recovers yaw %d, pitch %d, roll %d', (yaw, pitch, roll) => {
    const pose = estimateHeadPose(posedFace(yaw, pitch, roll));
    expect(pose.yaw).toBeCloseTo(yaw, 4);
    expect(pose.pitch).toBeCloseTo(pitch, 4);
    expect(pose.roll).toBeCloseTo(roll, 4);
  });

  it('follows the documented signs in image terms', () => {
    const frontal = posedFace(0, 0, 0);
    const nose = FACE_LANDMARKS.noseTip;
    const [rEye, lEye] = [FACE_LANDMARKS.rightEyeOuter, FACE_LANDMARKS.leftEyeOuter];
    // yaw > 0: the nose tip moves towards the image's right.
    expect(posedFace(20, 0, 0)[nose][0]).toBeGreaterThan(frontal[nose][0]);
    // pitch > 0: the nose tip moves up (smaller y).
    expect(posedFace(0, 20, 0)[nose][1]).toBeLessThan(frontal[nose][1]);
    // roll > 0: the eye on the image's right side is higher (smaller y).
    const rolled = posedFace(0, 0, 20);
    expect(rolled[lEye][0]).toBeGreaterThan(rolled[rEye][0]);
    expect(rolled[lEye][1]).toBeLessThan(rolled[rEye][1]);
  });

  it('ignores translation, scale and noise on the non-rigid points', () => {
    const face = posedFace(15, -5, 8).map(
      ([x, y, z], i) => [x * 0.5 + 1000, y * 0.5 - 40, z * 0.5 + (i === 14 ? 30 : 0)] as Point3,
    );
    const pose = estimateHeadPose(face);
    expect(pose.yaw).toBeCloseTo(15, 3);
    expect(pose.pitch).toBeCloseTo(-5, 3);
    expect(pose.roll).toBeCloseTo(8, 3);
  });

  it('rejects anything but 468 [x, y, z] points', () => {
    expect(() => estimateHeadPose([])).toThrow(FreeAvatarError);
    expect(() => estimateHeadPose([[1, 2, 3]])).toThrow(/needs 468 \[x, y, z\] landmarks, got 1/);
    expect(() => estimateHeadPose(new Array(468).fill([1, 2]) as never)).toThrow(FreeAvatarError);
  });
});

describe('fitRotation and rotationToPose', () => {
  it('finds a rotation between point sets and reads it back as angles', () => {
    const r = mul(mul(ry(0.3), rx(-0.2)), rz(0.1));
    const from = [
      [1, 0, 0],
      [0, 2, 0],
      [0, 0, 3],
      [1, 1, 1],
      [-2, 0.5, 1],
    ];
    const to = from.map((p) =>
      [0, 1, 2].map((k) => r[k][0] * p[0] + r[k][1] * p[1] + r[k][2] * p[2] + 5),
    );
    const fit = fitRotation(from, to, [1, 1, 1, 1, 1]);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(fit[i][j]).toBeCloseTo(r[i][j], 9);
    const pose = rotationToPose(fit as never);
    expect(pose.yaw).toBeCloseTo(0.3 / rad, 6);
    expect(pose.pitch).toBeCloseTo(0.2 / rad, 6);
    expect(pose.roll).toBeCloseTo(0.1 / rad, 6);
  });
});
