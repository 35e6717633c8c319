/** The one-time code step of signing in, and the page that turns two-factor sign-in on or off. */
import { useView } from '../context.ts';
import { Layout } from '../layout.tsx';

export function TotpCodePage({ failed }: { failed?: boolean }) {
  const { t } = useView();
  return (
    <Layout title={t('totp.codeTitle')}>
      <h1>{t('totp.codeTitle')}</h1>
      <p class="lead">{t('totp.codeLead')}</p>
      {failed && (
        <div class="error-summary" role="alert">
          <p>{t('totp.failed')}</p>
        </div>
      )}
      <form method="post" action="/login/code" class="questionnaire">
        <div class="question">
          <label for="code">{t('totp.code')}</label>
          <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
        </div>
        <button type="submit">{t('totp.verify')}</button>
      </form>
    </Layout>
  );
}

export function TotpSetupPage({ enabled, secret, uri, csrf, wrong }: { enabled: boolean; secret?: string; uri?: string; csrf: string; wrong?: boolean }) {
  const { t } = useView();
  return (
    <Layout title={t('totp.title')}>
      <p class="muted">
        <a href="/account">{t('account.title')}</a>
      </p>
      <h1>{t('totp.title')}</h1>
      <p>{enabled ? t('totp.on') : t('totp.off')}</p>
      {wrong && (
        <div class="error-summary" role="alert">
          <p>{t('totp.wrong')}</p>
        </div>
      )}
      {!enabled && secret && (
        <>
          <p>{t('totp.setupLead')}</p>
          <p>
            {t('totp.key')}: <code class="token">{secret}</code>
          </p>
          <p>
            <a href={uri}>{t('totp.link')}</a>
          </p>
        </>
      )}
      {enabled && <p class="hint">{t('totp.disableHint')}</p>}
      <form method="post" action="/account/totp" class="questionnaire">
        <input type="hidden" name="_csrf" value={csrf} />
        {!enabled && <input type="hidden" name="secret" value={secret} />}
        <div class="question">
          <label for="code">{t('totp.code')}</label>
          <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required />
        </div>
        <button type="submit">{enabled ? t('totp.disable') : t('totp.enable')}</button>
      </form>
    </Layout>
  );
}
