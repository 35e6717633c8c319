/** A readable reference of the API, rendered from the OpenAPI document (no external viewer). */
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  parameters: Parameter[];
  responses: Record<string, { description: string }>;
}

export interface ApiReferenceProps {
  document: { paths: Record<string, Record<string, Operation>> };
}

/** A parameter's type in words: "integer", "string, repeatable", "one of: a, b, c". */
function typeOf(schema: Record<string, unknown>): string {
  if (schema.type === 'array') return `${typeOf((schema.items ?? {}) as Record<string, unknown>)}, repeatable`;
  if (Array.isArray(schema.enum)) return schema.enum.length > 8 ? `term id (${schema.enum.length} values)` : `one of: ${(schema.enum as string[]).join(', ')}`;
  return String(schema.type ?? 'any');
}

export function ApiReferencePage({ document }: ApiReferenceProps) {
  const { t } = useView();
  return (
    <Layout title={t('api.title')} json="/api/v1/openapi.json">
      <h1>{t('api.title')}</h1>
      <p class="lead">
        {t('api.lead')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1)
      </p>
      {Object.entries(document.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => (
          <section class="endpoint" aria-labelledby={op.operationId}>
            <h2 id={op.operationId}>
              <code>
                {method.toUpperCase()} {path}
              </code>
            </h2>
            <p>{op.summary}</p>
            {op.description && <p>{op.description}</p>}
            {op.parameters.length > 0 && (
              <>
                <h3>{t('api.parameters')}</h3>
                <dl class="params">
                  {op.parameters.map((p) => (
                    <div>
                      <dt>
                        <code>{p.name}</code> <span class="muted">{typeOf(p.schema)}, {t('api.in', { where: p.in })}{p.required ? `, ${t('api.required')}` : ''}</span>
                      </dt>
                      <dd>{p.description ?? ''}</dd>
                    </div>
                  ))}
                </dl>
              </>
            )}
            <h3>{t('api.responses')}</h3>
            <ul>
              {Object.entries(op.responses).map(([status, r]) => (
                <li>
                  <code>{status}</code> {r.description}
                </li>
              ))}
            </ul>
          </section>
        )),
      )}
    </Layout>
  );
}
