/** Administration: accounts (role, disable) and invitations; and the page that accepts one. */
import { ROLE_IDS, type Role } from '../../domain/roles.ts';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export interface AdminProps {
  users: { id: number; login: string; display_name: string; role: Role; disabled_at: Date | null }[];
  open: { role: string; expires_at: Date }[];
  csrf: string;
  newLink?: string;
  days: number;
}

export function AdminPage({ users, open, csrf, newLink, days }: AdminProps) {
  const { t } = useView();
  return (
    <Layout title={t('admin.title')}>
      <h1>{t('admin.title')}</h1>
      <h2>{t('admin.users')}</h2>
      <table class="rules-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.login')}</th>
            <th scope="col">{t('admin.displayName')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.disable')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.login}</td>
              <td data-label={t('admin.displayName')}>{u.display_name}</td>
              <td data-label={t('admin.role')}>
                {u.disabled_at ? (
                  t(`role.${u.role}`)
                ) : (
                  <form method="post" action={`/admin/users/${u.id}/role`} class="inline">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <label class="visually-hidden" for={`role-${u.id}`}>
                      {t('admin.role')}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {ROLE_IDS.map((r) => (
                        <option value={r} selected={r === u.role}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>{' '}
                    <button type="submit" class="secondary">
                      {t('admin.changeRole')}
                    </button>
                  </form>
                )}
              </td>
              <td data-label={t('admin.disable')}>
                {u.disabled_at ? (
                  t('admin.disabled')
                ) : (
                  <form method="post" action={`/admin/users/${u.id}/disable`} class="inline">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button type="submit" class="secondary">
                      {t('admin.disable')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('admin.invitations')}</h2>
      <p>{t('admin.invitationsLead', { days })}</p>
      {newLink && (
        <div class="error-summary" role="status">
          <p>{t('admin.invited')}</p>
          <p>
            <code class="token">{newLink}</code>
          </p>
        </div>
      )}
      {open.length > 0 && <p class="muted">{t('admin.openInvitations', { list: open.map((o) => t(`role.${o.role as Role}`)).join(', ') })}</p>}
      <form method="post" action="/admin/invitations">
        <input type="hidden" name="_csrf" value={csrf} />
        <label for="invite-role">{t('admin.role')}</label>{' '}
        <select id="invite-role" name="role">
          {ROLE_IDS.map((r) => (
            <option value={r}>{t(`role.${r}`)}</option>
          ))}
        </select>{' '}
        <button type="submit">{t('admin.invite')}</button>
      </form>
    </Layout>
  );
}

export function InvitePage({ role, csrf, values, errors }: { role?: Role; csrf: string; values: Record<string, string>; errors: Map<string, string> }) {
  const { t } = useView();
  if (!role) {
    return (
      <Layout title={t('invite.title')}>
        <h1>{t('invite.title')}</h1>
        <p>{t('invite.gone')}</p>
      </Layout>
    );
  }
  const field = (name: string, label: string, type: 'text' | 'password' = 'text', autocomplete?: string) => (
    <div class="question">
      <label for={name}>{label}</label>
      {errors.get(name) && (
        <p class="field-error" id={`${name}-error`}>
          {errors.get(name)}
        </p>
      )}
      {type === 'password' ? (
        <input type="password" id={name} name={name} autocomplete={autocomplete} aria-describedby={errors.has(name) ? `${name}-error` : undefined} required />
      ) : (
        <input type="text" id={name} name={name} value={values[name] ?? ''} autocomplete={autocomplete} aria-describedby={errors.has(name) ? `${name}-error` : undefined} required />
      )}
    </div>
  );
  return (
    <Layout title={t('invite.title')}>
      <h1>{t('invite.title')}</h1>
      <p class="lead">{t('invite.lead', { role: t(`role.${role}`) })}</p>
      {errors.get('invitation') && (
        <div class="error-summary" role="alert">
          <p>{errors.get('invitation')}</p>
        </div>
      )}
      <form method="post" class="questionnaire">
        <input type="hidden" name="_csrf" value={csrf} />
        {field('login', t('login.login'), 'text', 'username')}
        {field('display_name', t('invite.displayName'), 'text', 'nickname')}
        {field('password', t('invite.password'), 'password', 'new-password')}
        <button type="submit">{t('invite.submit')}</button>
      </form>
    </Layout>
  );
}
