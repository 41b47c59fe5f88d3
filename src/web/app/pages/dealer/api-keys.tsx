import { useEffect, useState } from 'preact/hooks';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey } from '../../account-api';
import { ApiError } from '../../api';
import { announce } from '../../components/announcer';
import { ShownOnce } from '../../components/shown-once';
import { Alert, Field } from '../../components/field';
import { date, dateTime } from '../../format';
import { t } from '../../locale-ru';

const a = t.accounts;

/** A dealer admin's API keys: create one (shown once), see which are in use, revoke. */
export function ApiKeysPage() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [created, setCreated] = useState<{ apiKey: ApiKey; key: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = () => listApiKeys().then(setKeys, (err) => setError(err instanceof ApiError ? err.message : String(err)));
  useEffect(() => void load(), []);

  async function revoke(key: ApiKey) {
    setBusyId(key.id);
    setNotice(null);
    try {
      await revokeApiKey(key.id);
      setConfirming(null);
      const message = a.revokedNotice(key.name);
      setNotice(message);
      announce(message);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {a.keysHeading}
      </h1>
      <p class="muted">{a.keysIntro}</p>
      {error && <Alert>{error}</Alert>}
      {notice && <Alert kind="notice">{notice}</Alert>}
      {created ? (
        <NewKey
          created={created}
          onDone={() => {
            setCreated(null);
            document.getElementById('page-heading')?.focus();
          }}
        />
      ) : (
        <CreateForm
          onCreated={(answer) => {
            setNotice(null);
            setCreated(answer);
            void load();
          }}
        />
      )}
      {keys === null && !error && <p class="muted">{t.loading}</p>}
      {keys && keys.length === 0 && <p class="empty">{a.noKeys}</p>}
      {keys && keys.length > 0 && (
        <div class="table-scroll">
          <table data-testid="api-keys" class="accounts-table">
            <thead>
              <tr>
                <th scope="col">{a.keyName}</th>
                <th scope="col">{a.prefix}</th>
                <th scope="col">{a.createdBy}</th>
                <th scope="col">{a.created}</th>
                <th scope="col">{a.lastUsed}</th>
                <th scope="col">{a.status}</th>
                <th scope="col">{a.actions}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} data-prefix={key.prefix}>
                  <th scope="row">{key.name}</th>
                  <td class="pn">sid_{key.prefix}_…</td>
                  <td>{key.createdBy ?? t.none}</td>
                  <td>{date(key.createdAt)}</td>
                  <td>{key.lastUsedAt ? dateTime(key.lastUsedAt) : <span class="muted">{a.never}</span>}</td>
                  <td>{key.revokedAt ? <span class="badge badge--muted">{`${a.revoked} ${date(key.revokedAt)}`}</span> : <span class="badge badge--ok">{a.active}</span>}</td>
                  <td>
                    {!key.revokedAt &&
                      (confirming === key.id ? (
                        <div class="button-row" role="group" aria-label={a.confirmRevoke(key.name)}>
                          <span class="small">{a.confirmRevoke(key.name)}</span>
                          <button type="button" class="danger" disabled={busyId === key.id} onClick={() => revoke(key)}>
                            {a.revoke}
                          </button>
                          <button type="button" onClick={() => setConfirming(null)}>
                            {t.close}
                          </button>
                        </div>
                      ) : (
                        <button type="button" class="danger" onClick={() => setConfirming(key.id)}>
                          {a.revoke}
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CreateForm({ onCreated }: { onCreated: (answer: { apiKey: ApiKey; key: string }) => void }) {
  const [name, setName] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!name.trim()) return setFieldError(a.required);
    setBusy(true);
    try {
      onCreated(await createApiKey(name.trim()));
      setName('');
      setFieldError(undefined);
    } catch (err) {
      if (err instanceof ApiError) {
        setFieldError(err.field('name'));
        if (!err.fields.length) setError(err.message);
      } else setError(String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel form-narrow accounts-form" onSubmit={submit} noValidate>
      <Field label={a.keyName} hint={a.keyNameHint} value={name} onValue={setName} error={fieldError} autoComplete="off" maxLength={100} name="name" />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? a.creating : a.create}
      </button>
      {error && <Alert>{error}</Alert>}
    </form>
  );
}

/** The key, once: selected for copying, with how to use it. */
function NewKey({ created, onDone }: { created: { apiKey: ApiKey; key: string }; onDone: () => void }) {
  return (
    <ShownOnce id="new-api-key" value={created.key} heading={a.newKeyHeading(created.apiKey.name)} warning={a.newKeyWarning} label={a.newKeyLabel} texts={a} onDone={onDone}>
      <p class="hint">{a.usage(`sid_${created.apiKey.prefix}_…`, `${location.origin}/api/orders`)}</p>
    </ShownOnce>
  );
}
