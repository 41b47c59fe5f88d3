import { useState } from 'preact/hooks';
import { api, asApiError, type User } from '../../api';
import { Alert, Field } from '../../components/field';
import { AuthCard } from '../../components/page';
import { t } from '../../locale-ru';
import { href } from '../../router';

export function LoginPage({ onLogin, notice }: { onLogin: (user: User) => void; notice?: string | null }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ login?: string | undefined; password?: string | undefined }>({});
  const [error, setError] = useState<{ message: string; kind: 'error' | 'notice'; rejected?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const local = { login: login.trim() ? undefined : t.login.loginRequired, password: password ? undefined : t.login.passwordRequired };
    setErrors(local);
    if (local.login || local.password) return;
    setBusy(true);
    try {
      const { user } = await api<{ user: User }>('POST', '/api/auth/login', { login: login.trim(), password });
      onLogin(user);
    } catch (err) {
      const refusal = asApiError(err);
      if (refusal.fields.length) setErrors({ login: refusal.field('login'), password: refusal.field('password') });
      // An application still being decided is not a mistake of the person logging in.
      else setError({ message: refusal.message, kind: refusal.code === 'DEALER_PENDING' ? 'notice' : 'error', rejected: refusal.code === 'DEALER_REJECTED' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard heading={t.login.heading} onSubmit={submit}>
      <p class="muted">{t.login.intro}</p>
      {notice && <Alert kind="notice">{notice}</Alert>}
      <Field label={t.login.login} name="login" type="email" autoComplete="username" value={login} onValue={setLogin} error={errors.login} autoFocus />
      <Field label={t.login.password} name="password" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={errors.password} />
      {error && <Alert kind={error.kind}>{error.message}</Alert>}
      {error?.rejected && (
        <p>
          <a href={href('/register', { reapply: '1' })}>{t.login.reapply}</a>
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t.login.submitting : t.login.submit}
      </button>
      <p class="login__register">
        <a href={href('/forgot-password')}>{t.login.forgot}</a>
      </p>
      <p class="login__register">
        {t.login.noAccount} <a href={href('/register')}>{t.login.register}</a>
      </p>
    </AuthCard>
  );
}
