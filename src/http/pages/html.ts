/** Sends a rendered page; every page varies on HX-Request because htmx gets a fragment. */
import type { FastifyReply } from 'fastify';

export function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('vary', 'HX-Request').send(html);
}
