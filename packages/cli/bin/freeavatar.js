#!/usr/bin/env node
// The `freeavatar` command. It runs the compiled CLI in `dist/`; in a checkout of the
// repository, build it first (`npm run build`).
try {
  await import('../dist/bin.js');
} catch (error) {
  const missing =
    error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js');
  if (!missing) throw error;
  process.stderr.write(
    'freeavatar: the command is not built yet (no dist/bin.js); run `npm run build` first\n',
  );
  process.exitCode = 1;
}
