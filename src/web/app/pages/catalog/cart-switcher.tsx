import { useState } from 'preact/hooks';
import { errorText, showRefusal } from '../../api';
import { carts, useCarts } from '../../cart';
import { announce } from '../../components/announcer';
import { ConfirmButton } from '../../components/confirm-button';
import { Alert, Field, SelectField } from '../../components/field';
import { t } from '../../locale-ru';

/** A name form for a new cart or a rename, in place: the API's refusal (a name in use) on the field. */
function NameForm({ initial, submitLabel, onSubmit, onCancel }: { initial: string; submitLabel: string; onSubmit: (name: string) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    if (!name.trim()) return setError(t.cart.nameRequired);
    setBusy(true);
    try {
      await onSubmit(name.trim());
    } catch (err) {
      showRefusal(err, 'name', setError, setError);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="cart-switcher__form" onSubmit={submit} noValidate data-testid="cart-name-form">
      <Field label={t.cart.nameLabel} hint={t.cart.nameHint} value={name} onValue={(v) => (setName(v), setError(undefined))} error={error} maxLength={100} autoFocus />
      <div class="button-row">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.cart.busy : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cart.cancel}
        </button>
      </div>
    </form>
  );
}

/**
 * The dealer's named carts above the cart: which one is current (a select), a new one, a rename and
 * a delete. The carts live on the server, so another browser shows the same.
 */
export function CartSwitcher() {
  const meta = useCarts();
  const [editing, setEditing] = useState<'new' | 'rename' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = meta.items.find((c) => c.id === meta.currentId);

  if (meta.phase === 'loading') return <p class="muted small" data-testid="carts-loading">{t.cart.loadingCarts}</p>;
  if (meta.phase === 'failed')
    return (
      <Alert>
        {t.cart.loadFailed} {meta.saveError}{' '}
        <button type="button" class="link-button" onClick={() => carts.retry()}>
          {t.retry}
        </button>
      </Alert>
    );

  async function run(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="cart-switcher" data-testid="cart-switcher">
      <SelectField
        class="cart-switcher__select"
        label={t.cart.which}
        value={meta.currentId ?? ''}
        onValue={(id) =>
          void run(async () => {
            await carts.select(id);
            announce(t.cart.switched(carts.get().items.find((c) => c.id === id)?.name ?? ''));
          })
        }
        options={meta.items.map((c) => ({ value: c.id, label: t.cart.option(c.name, c.lineCount) }))}
      />
      {editing === null && (
        <div class="button-row cart-switcher__actions">
          <button type="button" disabled={busy} onClick={() => setEditing('new')} data-testid="cart-new">
            {t.cart.newCart}
          </button>
          <button type="button" disabled={busy || !current} onClick={() => setEditing('rename')} data-testid="cart-rename">
            {t.cart.rename}
          </button>
          {current && meta.items.length > 1 && (
            <ConfirmButton
              label={t.cart.deleteCart}
              question={t.cart.deleteQuestion(current.name)}
              busy={busy}
              onConfirm={() =>
                run(async () => {
                  await carts.remove(current.id);
                  announce(t.cart.deleted(current.name));
                })
              }
            />
          )}
        </div>
      )}
      {editing === 'new' && (
        <NameForm
          initial=""
          submitLabel={t.cart.create}
          onCancel={() => setEditing(null)}
          onSubmit={async (name) => {
            await carts.create(name);
            setEditing(null);
            announce(t.cart.switched(name));
          }}
        />
      )}
      {editing === 'rename' && current && (
        <NameForm
          initial={current.name}
          submitLabel={t.cart.save}
          onCancel={() => setEditing(null)}
          onSubmit={async (name) => {
            await carts.rename(current.id, name);
            setEditing(null);
          }}
        />
      )}
      {error && <Alert>{error}</Alert>}
      {meta.saveError && (
        <p class="hint" role="status" data-testid="cart-save-error">
          {meta.saveError}
        </p>
      )}
    </div>
  );
}
