import { createApiKey, listApiKeys, revokeApiKey, type ApiKey } from '../../account-api';
import { ConfirmButton } from '../../components/confirm-button';
import { DataTable, PageHead } from '../../components/page';
import { ShownOnce } from '../../components/shown-once';
import { SingleFieldForm } from '../../components/single-field-form';
import { date, dateTime } from '../../format';
import { t } from '../../locale-ru';
import { useResource, useRowActions, useShownOnce } from '../../use-resource';

const a = t.accounts;

/** A dealer admin's API keys: create one (shown once), see which are in use, revoke. */
export function ApiKeysPage() {
  const keys = useResource(listApiKeys);
  const actions = useRowActions(keys.reload);
  const { created, onCreated, onDone } = useShownOnce<{ apiKey: ApiKey; key: string }>(actions, keys.reload);

  const revoke = (key: ApiKey) =>
    actions.run(key.id, async () => {
      await revokeApiKey(key.id);
      return a.revokedNotice(key.name);
    });
  const error = actions.error ?? keys.error?.message;

  return (
    <section aria-labelledby="page-heading">
      <PageHead title={a.keysHeading} intro={a.keysIntro} error={error} notice={actions.notice} />
      {created ? <NewKey created={created} onDone={onDone} /> : <CreateForm onCreated={onCreated} />}
      <DataTable rows={keys.data} failed={keys.error !== null} empty={a.noKeys} testId="api-keys" class="accounts-table" columns={[a.keyName, a.prefix, a.createdBy, a.created, a.lastUsed, a.status, a.actions]}>
        {(key) => (
          <tr key={key.id} data-prefix={key.prefix}>
            <th scope="row">{key.name}</th>
            <td class="pn">sid_{key.prefix}_…</td>
            <td>{key.createdBy ?? t.none}</td>
            <td>{date(key.createdAt)}</td>
            <td>{key.lastUsedAt ? dateTime(key.lastUsedAt) : <span class="muted">{a.never}</span>}</td>
            <td>{key.revokedAt ? <span class="badge badge--muted">{`${a.revoked} ${date(key.revokedAt)}`}</span> : <span class="badge badge--ok">{a.active}</span>}</td>
            <td>{!key.revokedAt && <ConfirmButton label={a.revoke} question={a.confirmRevoke(key.name)} busy={actions.busyId === key.id} onConfirm={() => revoke(key)} />}</td>
          </tr>
        )}
      </DataTable>
    </section>
  );
}

function CreateForm({ onCreated }: { onCreated: (answer: { apiKey: ApiKey; key: string }) => void }) {
  return (
    <SingleFieldForm
      field={{ label: a.keyName, hint: a.keyNameHint, autoComplete: 'off', maxLength: 100, name: 'name' }}
      required={a.required}
      submitLabel={a.create}
      busyLabel={a.creating}
      create={createApiKey}
      onCreated={onCreated}
    />
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
