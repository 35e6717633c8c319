/**
 * One place turns errors into responses: RFC 9457 problem documents (application/problem+json)
 * for /api, /data and /healthz, HTML pages for everything else. 5xx details are logged, never
 * shown; Fastify's own client errors (bad JSON, too large a body) keep their 4xx status.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type ErrorCode } from '../../errors.ts';
import { renderPage } from '../../views/render.tsx';
import { ErrorPage } from '../../views/pages/error.tsx';
import type { ViewContext } from '../../views/context.ts';

function wantsJson(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  return path.startsWith('/api/') || path === '/api' || path === '/healthz' || path.startsWith('/data/') || path.endsWith('.json');
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'BL_ERR_UNAUTHENTICATED';
  if (status === 403) return 'BL_ERR_FORBIDDEN';
  if (status === 404) return 'BL_ERR_NOT_FOUND';
  if (status === 405) return 'BL_ERR_METHOD_NOT_ALLOWED';
  if (status === 409) return 'BL_ERR_CONFLICT';
  if (status === 413) return 'BL_ERR_PAYLOAD_TOO_LARGE';
  if (status === 429) return 'BL_ERR_RATE_LIMITED';
  if (status === 503) return 'BL_ERR_UNAVAILABLE';
  if (status >= 400 && status < 500) return 'BL_ERR_VALIDATION';
  return 'BL_ERR_INTERNAL';
}

function send(request: FastifyRequest, reply: FastifyReply, view: ViewContext, err: AppError) {
  reply.status(err.status);
  if (wantsJson(request)) {
    return reply.type('application/problem+json; charset=utf-8').send({
      type: `https://borderlens.org/problems/${err.code.toLowerCase()}`,
      title: ERRORS[err.code].title,
      status: err.status,
      code: err.code,
      detail: err.message,
      instance: request.url,
      ...(err.problems.length && { errors: err.problems.map((p) => ({ field: p.path, message: p.message })) }),
    });
  }
  return reply.type('text/html; charset=utf-8').send(renderPage(view, <ErrorPage error={err} />));
}

export function registerErrorHandling(app: FastifyInstance, view: ViewContext): void {
  app.setNotFoundHandler((request, reply) => send(request, reply, view, new AppError('BL_ERR_NOT_FOUND', `Nothing at ${request.url.split('?')[0]}`)));
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) return send(request, reply, view, error);
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return send(request, reply, view, new AppError('BL_ERR_INTERNAL', 'An unexpected error occurred; it has been logged.'));
    }
    return send(request, reply, view, new AppError(codeForStatus(status), error.message));
  });
}
