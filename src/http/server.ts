/** Listens and shuts down gracefully; everything else is in buildApp. */
import type { FastifyInstance } from 'fastify';

export async function listen(app: FastifyInstance, options: { port: number; host: string }, onClose: () => Promise<void>): Promise<string> {
  const address = await app.listen({ port: options.port, host: options.host });
  const stop = async (signal: string) => {
    app.log.info(`${signal} received, closing`);
    await app.close();
    await onClose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return address;
}
