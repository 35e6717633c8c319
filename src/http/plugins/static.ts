/**
 * Static files served by the app itself (no CDN): our stylesheet from public/ and htmx from its
 * npm package, so the htmx version is pinned by package-lock.json.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');
const htmxDir = path.dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));

export async function registerStatic(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root, prefix: '/static/', maxAge: '1h', index: false });
  await app.register(fastifyStatic, { root: htmxDir, prefix: '/static/htmx/', decorateReply: false, maxAge: '7d', allowedPath: (p) => p === '/htmx.min.js' });
}
