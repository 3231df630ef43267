import { defineConfig } from 'vitest/config';

const packages = ['core', 'face-crop', 'synth', 'expression-encoder', 'animator', 'eval', 'cli'];

const alias = Object.fromEntries(
  packages
    .filter((name) => name !== 'cli')
    .map((name) => [
      `@freeavatar/${name}`,
      new URL(`./packages/${name}/src/index.ts`, import.meta.url).pathname,
    ]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      ...packages.map((name) => ({
        extends: true,
        test: {
          name,
          root: `packages/${name}`,
          include: ['src/**/*.test.ts'],
        },
      })),
      // The examples run against the built packages, as users' code does.
      { extends: true, test: { name: 'examples', root: 'examples', include: ['**/*.test.js'] } },
      // The API reference's examples are checked against the built packages too.
      { extends: true, test: { name: 'docs', root: 'docs', include: ['tests/**/*.test.ts'] } },
      // The packages as a user imports them: every public function on bad input.
      {
        extends: true,
        test: { name: 'public-api', root: 'tests', include: ['public-api/**/*.test.ts'] },
      },
      // The packages as npm publishes them, installed into a new project.
      {
        extends: true,
        test: { name: 'packaging', root: 'tests', include: ['packaging/**/*.test.ts'] },
      },
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
