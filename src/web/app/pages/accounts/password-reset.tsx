import type { passwordResetContracts } from '../../../../api/accounts/password-reset.schemas';
import type { WireOf } from '../../../../api/common.schemas';
import { useState } from 'preact/hooks';
import { passwordProblem } from '../../../../domain/dealers/password-policy';
import { passwordProblemText } from '../../../../locale/shared.ru';

const passwordText = (problem: ReturnType<typeof passwordProblem>) => (problem ? passwordProblemText(problem) : undefined);
import { api, showRefusal } from '../../api';
import { Alert, Field } from '../../components/field';
import { AuthCard } from '../../components/page';
import { t } from '../../locale-ru';
import { href } from '../../router';

const p = t.passwordReset;

/** "Forgot the password": the letter with a link goes to the account's address, if there is one. */
export function ForgotPasswordPage() {
  const [login, setLogin] = useState('');
  const [loginError, setLoginError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setLoginError(login.trim() ? undefined : t.login.loginRequired);
    if (!login.trim()) return;
    setBusy(true);
    try {
      setSent((await api<WireOf<(typeof passwordResetContracts)['request']['response'][202]>>('POST', '/api/auth/password-reset', { login: login.trim() })).message);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard heading={p.forgotHeading} onSubmit={submit}>
      {sent ? (
        <Alert kind="notice">{sent}</Alert>
      ) : (
        <>
          <p class="muted">{p.forgotIntro}</p>
          <Field label={t.login.login} name="login" type="email" autoComplete="username" value={login} onValue={setLogin} error={loginError} autoFocus />
          {error && <Alert>{error}</Alert>}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? p.sending : p.send}
          </button>
        </>
      )}
      <p class="login__register">
        <a href={href('/')}>{p.toLogin}</a>
      </p>
    </AuthCard>
  );
}

/**
 * The page a reset or invitation letter links to: a new password, twice. The link's token is
 * spent by setting it; the person then logs in.
 */
export function ResetPasswordPage({ token, invitation }: { token: string; invitation: boolean }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string | undefined; confirm?: string | undefined }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    // The login is not known here; the server also checks the password against it.
    const local = {
      password: password ? passwordText(passwordProblem(password)) : t.login.passwordRequired,
      confirm: confirm === password ? undefined : t.register.passwordMismatch,
    };
    setErrors(local);
    if (local.password || local.confirm) return;
    setBusy(true);
    try {
      setDone((await api<WireOf<(typeof passwordResetContracts)['confirm']['response'][200]>>('POST', '/api/auth/password-reset/confirm', { token, password })).message);
    } catch (err) {
      showRefusal(err, 'password', (password) => setErrors({ password }), setError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard heading={invitation ? p.invitationHeading : p.resetHeading} onSubmit={submit} testId="reset-password">
      {done ? (
        <>
          <Alert kind="notice">{done}</Alert>
          <a class="button primary" href={href('/')}>
            {t.login.submit}
          </a>
        </>
      ) : (
        <>
          <p class="muted">{invitation ? p.invitationIntro : p.resetIntro}</p>
          <Field label={p.newPassword} hint={t.register.passwordHint} name="password" type="password" autoComplete="new-password" value={password} onValue={setPassword} error={errors.password} autoFocus />
          <Field label={p.confirm} name="passwordConfirm" type="password" autoComplete="new-password" value={confirm} onValue={setConfirm} error={errors.confirm} />
          {error && <Alert>{error}</Alert>}
          {error && (
            <p>
              <a href={href('/forgot-password')}>{p.requestNew}</a>
            </p>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? p.saving : p.save}
          </button>
        </>
      )}
    </AuthCard>
  );
}
