// Entry of a check worker thread (see check-pool.ts). The sources are TypeScript: a thread
// started under tsx's --import already has its loader; one started from bin/borderlens.js,
// which registers tsx in the main thread only, registers it here.
try {
  await import('./check-worker.ts');
} catch (err) {
  if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
  const { register } = await import('tsx/esm/api');
  register();
  // A failed import is remembered: ask again under another address.
  await import('./check-worker.ts?with-loader');
}
