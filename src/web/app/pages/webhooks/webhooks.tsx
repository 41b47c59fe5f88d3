import { useState } from 'preact/hooks';
import { Alert } from '../../components/field';
import { ShownOnce } from '../../components/shown-once';
import { SingleFieldForm } from '../../components/single-field-form';
import { date, dateTime } from '../../format';
import { t } from '../../locale-ru';
import { useResource, useRowActions, useShownOnce } from '../../use-resource';
import { ConfirmButton } from '../../components/confirm-button';
import { DataTable, PageHead } from '../../components/page';
import { createWebhook, disableWebhook, listDeliveries, listWebhooks, pingWebhook, type Webhook } from '../../webhooks-api';

const w = t.webhooks;

/** A dealer admin's webhooks: add an endpoint (its secret shown once), ping it, read its delivery log, disable it. */
export function WebhooksPage() {
  const hooks = useResource(listWebhooks);
  const actions = useRowActions(hooks.reload);
  const { created, onCreated, onDone } = useShownOnce<{ webhook: Webhook; secret: string }>(actions, hooks.reload);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  /** Bumped to make the open log read again (after a ping). */
  const [logVersion, setLogVersion] = useState(0);

  const ping = (hook: Webhook) =>
    actions.run(hook.id, async () => {
      await pingWebhook(hook.id);
      setLogOf(hook);
      setLogVersion((v) => v + 1);
      return w.pingSent(hook.url);
    });
  const disable = (hook: Webhook) =>
    actions.run(hook.id, async () => {
      await disableWebhook(hook.id);
      return w.disabledNotice(hook.url);
    });
  const error = actions.error ?? hooks.error?.message;

  return (
    <section aria-labelledby="page-heading">
      <PageHead title={w.heading} intro={w.intro} error={error} notice={actions.notice} />
      {created ? <NewSecret created={created} onDone={onDone} /> : <CreateForm onCreated={onCreated} />}
      <DataTable rows={hooks.data} failed={hooks.error !== null} empty={w.none} testId="webhooks" class="accounts-table" columns={[w.url, w.events, w.createdBy, w.created, w.state, w.actions]}>
        {(hook) => (
          <tr key={hook.id} data-webhook-id={hook.id}>
            <th scope="row" class="webhook-url">
              {hook.url}
            </th>
            <td>{hook.events.map((e) => w.eventNames[e] ?? e).join(', ')}</td>
            <td>{hook.createdBy ?? t.none}</td>
            <td>{date(hook.createdAt)}</td>
            <td>{hook.disabledAt ? <span class="badge badge--muted">{`${w.disabled} ${date(hook.disabledAt)}`}</span> : <span class="badge badge--ok">{w.active}</span>}</td>
            <td>
              <div class="button-row">
                {!hook.disabledAt && (
                  <button type="button" disabled={actions.busyId === hook.id} onClick={() => ping(hook)}>
                    {w.ping}
                  </button>
                )}
                <button type="button" aria-pressed={logOf?.id === hook.id} onClick={() => setLogOf(logOf?.id === hook.id ? null : hook)}>
                  {w.log}
                </button>
                {!hook.disabledAt && <ConfirmButton label={w.disable} question={w.confirmDisable} busy={actions.busyId === hook.id} onConfirm={() => disable(hook)} />}
              </div>
            </td>
          </tr>
        )}
      </DataTable>
      {logOf && <DeliveryLog key={`${logOf.id}/${logVersion}`} hook={logOf} />}
    </section>
  );
}

function CreateForm({ onCreated }: { onCreated: (answer: { webhook: Webhook; secret: string }) => void }) {
  return (
    <SingleFieldForm
      field={{ label: w.url, hint: w.urlHint, autoComplete: 'off', maxLength: 2000, name: 'url', type: 'url', spellcheck: false }}
      required={w.required}
      submitLabel={w.add}
      busyLabel={w.adding}
      create={createWebhook}
      onCreated={onCreated}
    />
  );
}

/** The signing secret, once: selected for copying, with how the signature is made. */
function NewSecret({ created, onDone }: { created: { webhook: Webhook; secret: string }; onDone: () => void }) {
  return (
    <ShownOnce id="new-webhook-secret" value={created.secret} heading={w.newHeading(created.webhook.url)} warning={w.secretWarning} label={w.secretLabel} texts={w} onDone={onDone}>
      <p class="hint">{w.signatureHint}</p>
    </ShownOnce>
  );
}

const STATUS_BADGE: Record<string, string> = { delivered: 'badge--ok', failed: 'badge--bad', pending: 'badge--progress' };

/** One endpoint's deliveries, newest first; re-read every 2 s while any is still being sent. */
function DeliveryLog({ hook }: { hook: Webhook }) {
  const log = useResource(() => listDeliveries(hook.id), [hook.id], { refreshMs: (rows) => (rows?.some((d) => d.status === 'pending') ? 2000 : null) });
  const items = log.data;
  const error = log.error?.message;

  return (
    <section class="panel webhook-log" aria-labelledby="webhook-log-heading">
      <h2 id="webhook-log-heading">{w.logHeading(hook.url)}</h2>
      {error && <Alert>{error}</Alert>}
      {items === null && !error && <p class="muted">{t.loading}</p>}
      {items && items.length === 0 && <p class="empty">{w.noDeliveries}</p>}
      {items && items.length > 0 && (
        <div class="table-scroll">
          <table data-testid="webhook-deliveries" class="accounts-table">
            <thead>
              <tr>
                <th scope="col">{w.event}</th>
                <th scope="col">{w.deliveryStatus}</th>
                <th scope="col">{w.attempts}</th>
                <th scope="col">{w.lastAnswer}</th>
                <th scope="col">{w.createdAt}</th>
                <th scope="col">{w.deliveredAt}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-delivery-id={d.id} data-status={d.status}>
                  <th scope="row">
                    {w.eventNames[d.event] ?? d.event}
                    <span class="accounts-table__login pn">{d.eventKey.startsWith('ping/') ? d.id : d.eventKey}</span>
                  </th>
                  <td>
                    <span class={`badge ${STATUS_BADGE[d.status] ?? 'badge--muted'}`}>{w.statuses[d.status] ?? d.status}</span>
                  </td>
                  <td>{d.attempts}</td>
                  <td class="webhook-log__answer">{d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : ''}{d.lastError ? <span class="accounts-table__login">{w.problems[d.lastError] ?? d.lastError}</span> : null}</td>
                  <td>{dateTime(d.createdAt)}</td>
                  <td>{dateTime(d.deliveredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
