/** A rendered HTML page, as the response cache takes it. */
import type { FastifyReply } from 'fastify';
import type { Rendered } from '../response-cache.ts';

export function html(body: string): Rendered {
  return { type: 'text/html; charset=utf-8', body };
}

/**
 * Sends a page that must not be cached: it carries a form token or answers one person's input
 * (sign-in, forms, the questionnaire, editors' pages).
 */
export function sendUncachedPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}
