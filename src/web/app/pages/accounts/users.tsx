import { useState } from 'preact/hooks';
import { changeRole, inviteUser, listUsers, resendInvitation, setDisabled, type DealerRole, type DealerUser } from '../../account-api';
import { api, asApiError, showRefusal } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, Field, SelectField } from '../../components/field';
import { date, kopecksToRubles, rublesToKopecks } from '../../format';
import { t } from '../../locale-ru';
import { useResource, useRowActions } from '../../use-resource';
import { DataTable, PageHead } from '../../components/page';

const a = t.accounts;
const roleOptions = (['dealer_user', 'dealer_admin'] as const).map((value) => ({ value, label: a.roles[value]! }));

/** A dealer admin's users: who may log in, with which role; inviting, promoting, switching off. */
export function UsersPage({ me }: { me: string }) {
  const users = useResource(listUsers);
  const actions = useRowActions(users.reload);
  /** Runs one row's action; the API's refusal (the last admin, oneself) is shown as it says it. */
  const act = (user: DealerUser, run: () => Promise<string>) => actions.run(user.id, run);
  const error = actions.error ?? users.error?.message;

  return (
    <section aria-labelledby="page-heading">
      <PageHead title={a.usersHeading} intro={a.usersIntro} error={error} notice={actions.notice} />
      <DataTable rows={users.data} failed={users.error !== null} empty={a.noUsers} testId="dealer-users" class="accounts-table" columns={[a.user, a.role, a.status, a.created, a.actions]}>
        {(user) => {
          const self = user.login === me;
          const busy = actions.busyId === user.id;
          const nextRole: DealerRole = user.role === 'dealer_admin' ? 'dealer_user' : 'dealer_admin';
          return (
            <tr key={user.id} data-login={user.login}>
              <th scope="row">
                <span class="strong">{user.fullName}</span>
                {self && <span class="muted small"> ({a.you})</span>}
                <span class="accounts-table__login">{user.login}</span>
                {user.email !== user.login && <span class="accounts-table__login">{user.email}</span>}
              </th>
              <td>{a.roles[user.role] ?? user.role}</td>
              <td>
                <UserState user={user} />
              </td>
              <td>{date(user.createdAt)}</td>
              <td>
                {!self && (
                  <div class="button-row">
                    {!user.disabledAt && (
                      <button type="button" disabled={busy} onClick={() => act(user, async () => a.roleChanged(user.login, a.roles[(await changeRole(user.id, nextRole)).role]!))}>
                        {nextRole === 'dealer_admin' ? a.makeAdmin : a.makeUser}
                      </button>
                    )}
                    <button
                      type="button"
                      class={user.disabledAt ? undefined : 'danger'}
                      disabled={busy}
                      onClick={() => act(user, async () => ((await setDisabled(user.id, !user.disabledAt)).disabledAt ? a.disabledNotice(user.login) : a.enabledNotice(user.login)))}
                    >
                      {user.disabledAt ? a.enable : a.disable}
                    </button>
                    {!user.passwordSet && !user.disabledAt && (
                      <button type="button" class="link-button" disabled={busy} onClick={() => act(user, async () => (await resendInvitation(user.id)).invitation.message)}>
                        {a.resend}
                      </button>
                    )}
                  </div>
                )}
              </td>
            </tr>
          );
        }}
      </DataTable>
      <InviteForm
        onInvited={(message) => {
          actions.tell(message);
          void users.reload();
        }}
      />
      <ApprovalThresholdForm />
    </section>
  );
}

function UserState({ user }: { user: DealerUser }) {
  if (user.disabledAt) return <span class="badge badge--bad">{a.disabled}</span>;
  if (!user.passwordSet) return <span class="badge badge--progress">{a.invited}</span>;
  return <span class="badge badge--ok">{a.active}</span>;
}

type InviteFields = { login: string; fullName: string; email: string; role: DealerRole };
const emptyForm: InviteFields = { login: '', fullName: '', email: '', role: 'dealer_user' };

function InviteForm({ onInvited }: { onInvited: (message: string) => void }) {
  const [form, setForm] = useState<InviteFields>(emptyForm);
  const [errors, setErrors] = useState<Partial<Record<keyof InviteFields, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof InviteFields) => (value: string) => setForm({ ...form, [field]: value });

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const local = {
      login: form.login.trim() ? undefined : a.required,
      fullName: form.fullName.trim() ? undefined : a.required,
      email: form.email.trim() ? undefined : a.required,
    };
    setErrors(local);
    if (local.login || local.fullName || local.email) return;
    setBusy(true);
    try {
      const answer = await inviteUser({ login: form.login.trim(), fullName: form.fullName.trim(), email: form.email.trim(), role: form.role });
      setForm(emptyForm);
      setErrors({});
      onInvited(a.invitedNotice(answer.user.login, answer.invitation.message));
    } catch (err) {
      const refusal = asApiError(err);
      setErrors({ login: refusal.field('login'), fullName: refusal.field('fullName'), email: refusal.field('email'), role: refusal.field('role') });
      if (!refusal.fields.length) setError(refusal.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel accounts-form" onSubmit={submit} aria-labelledby="invite-heading" noValidate>
      <h2 id="invite-heading">{a.inviteHeading}</h2>
      <div class="form-grid">
        <Field label={a.login} hint={a.loginHint} value={form.login} onValue={set('login')} error={errors.login} autoComplete="off" spellcheck={false} name="login" />
        <Field label={a.email} type="email" value={form.email} onValue={set('email')} error={errors.email} autoComplete="off" name="email" />
        <Field label={a.fullName} value={form.fullName} onValue={set('fullName')} error={errors.fullName} autoComplete="off" name="fullName" />
        <SelectField label={a.role} hint={a.roleHint} value={form.role} onValue={(v) => set('role')(v)} options={roleOptions} error={errors.role} name="role" />
      </div>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? a.inviting : a.invite}
      </button>
      {error && <Alert>{error}</Alert>}
    </form>
  );
}

/** Above what amount a dealer user's orders wait for an admin's approval (empty: never). */
function ApprovalThresholdForm() {
  const p = t.approval;
  // The threshold as the form holds it, in rubles; a form that could not read it starts empty.
  const threshold = useResource(() =>
    api<{ orderApprovalThresholdKopecks: number | null }>('GET', '/api/dealer/settings').then(
      (r) => (r.orderApprovalThresholdKopecks === null ? '' : kopecksToRubles(r.orderApprovalThresholdKopecks)),
      () => '',
    ),
  );
  const value = threshold.data;
  const setValue = threshold.setData;
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: Event) {
    e.preventDefault();
    setNotice(null);
    const kopecks = value?.trim() ? rublesToKopecks(value) : null;
    if (kopecks === undefined) {
      setFieldError(p.thresholdInvalid);
      return;
    }
    setBusy(true);
    try {
      await api('PUT', '/api/dealer/settings', { orderApprovalThresholdKopecks: kopecks });
      setNotice(p.saved);
      announce(p.saved);
    } catch (err) {
      showRefusal(err, 'orderApprovalThresholdKopecks', setFieldError, setFieldError);
    } finally {
      setBusy(false);
    }
  }

  if (value === null) return null;
  return (
    <form class="panel" onSubmit={save} noValidate aria-labelledby="approval-settings-heading" data-testid="approval-threshold">
      <h2 id="approval-settings-heading">{p.settingsHeading}</h2>
      <Field
        label={p.threshold}
        hint={p.thresholdHint}
        value={value}
        onValue={(v) => {
          setValue(v);
          setFieldError(undefined);
        }}
        error={fieldError}
        inputMode="decimal"
        autoComplete="off"
      />
      {notice && <Alert kind="notice">{notice}</Alert>}
      <button type="submit" class="primary" disabled={busy}>
        {p.save}
      </button>
    </form>
  );
}
