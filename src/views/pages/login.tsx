/** The sign-in form and the account page (sign out, sign out everywhere). */
import type { Role } from '../../domain/roles.ts';
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export function LoginPage({ csrf, login, failed }: { csrf: string; login?: string; failed?: 'credentials' | 'rate' }) {
  const { t } = useView();
  return (
    <Layout title={t('login.title')}>
      <h1>{t('login.title')}</h1>
      <p class="lead">{t('login.lead')}</p>
      {failed && (
        <div class="error-summary" role="alert">
          <p>{t(failed === 'rate' ? 'login.tooMany' : 'login.failed')}</p>
        </div>
      )}
      <form method="post" action="/login" class="questionnaire">
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="question">
          <label for="login">{t('login.login')}</label>
          <input type="text" id="login" name="login" value={login ?? ''} autocomplete="username" autocapitalize="none" spellcheck={false} required />
        </div>
        <div class="question">
          <label for="password">{t('login.password')}</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
        </div>
        <button type="submit">{t('login.submit')}</button>
      </form>
    </Layout>
  );
}

export interface TokenView {
  id: number;
  label: string;
  created_at: Date;
  revoked_at: Date | null;
}

export function AccountPage({ name, role, csrf, tokens, newToken }: { name: string; role: Role; csrf: string; tokens: TokenView[]; newToken?: string }) {
  const { t } = useView();
  return (
    <Layout title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      <p>{t('account.signedInAs', { name, role: t(`role.${role}`) })}</p>
      <p>
        <a href="/account/totp">{t('totp.manage')}</a>
      </p>
      <form method="post" action="/logout">
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit">{t('account.signOut')}</button>
      </form>
      <form method="post" action="/logout/everywhere">
        <input type="hidden" name="_csrf" value={csrf} />
        <p class="hint">{t('account.signOutEverywhereHint')}</p>
        <button type="submit" class="secondary">
          {t('account.signOutEverywhere')}
        </button>
      </form>
      <section aria-labelledby="tokens">
        <h2 id="tokens">{t('tokens.title')}</h2>
        <p>{t('tokens.lead')}</p>
        {newToken && (
          <div class="error-summary" role="status">
            <p>{t('tokens.created')}</p>
            <p>
              <code class="token">{newToken}</code>
            </p>
          </div>
        )}
        {tokens.length === 0 ? (
          <p>{t('tokens.none')}</p>
        ) : (
          <ul>
            {tokens.map((tk) => (
              <li>
                {tk.label}
                {tk.revoked_at ? (
                  ` (${t('tokens.revoked')})`
                ) : (
                  <form method="post" action={`/account/tokens/${tk.id}/revoke`} class="inline">
                    <input type="hidden" name="_csrf" value={csrf} /> <button type="submit" class="secondary">{t('tokens.revoke')}</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/account/tokens">
          <input type="hidden" name="_csrf" value={csrf} />
          <label for="token-label">{t('tokens.label')}</label> <input type="text" id="token-label" name="label" required maxlength={100} />{' '}
          <button type="submit">{t('tokens.create')}</button>
        </form>
      </section>
    </Layout>
  );
}
