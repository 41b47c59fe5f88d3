/**
 * What staff decide about a vendor letter the ingestion would not take by itself: a sender the
 * vendor has not configured (accept once, or add the address or domain to the vendor), and a
 * letter whose keys a person must choose, with the letter beside the candidates.
 */
import { useState } from 'preact/hooks';
import type { WireOf } from '../../../../api/common.schemas';
import type { vendorMailContracts } from '../../../../api/mail/vendor-mail.schemas';
import { api, asApiError, type ApiError, type SenderAuthentication } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, CheckboxGroup } from '../../components/field';
import { t } from '../../locale-ru';

/**
 * One staff decision: its request runs once at a time, its answer is shown and announced, and a
 * refusal is shown where the decision was asked.
 */
function useDecision(state: { setError: (e: ApiError | null) => void; setDone: (m: string) => void; setBusy: (b: boolean) => void; onDone?: (() => void) | undefined }) {
  return async (request: () => Promise<string>) => {
    state.setError(null);
    state.setBusy(true);
    try {
      const message = await request();
      state.setDone(message);
      announce(message);
      state.onDone?.();
    } catch (err) {
      state.setError(asApiError(err));
    } finally {
      state.setBusy(false);
    }
  };
}

/** The receiving server's SPF/DKIM/DMARC results for the sender's domain, as staff read them. */
export function AuthenticationResults({ authentication }: { authentication: SenderAuthentication | null | undefined }) {
  const m = t.staff.mailAuth;
  if (!authentication) return <p class="muted" data-testid="mail-auth">{m.none}</p>;
  const parts = (['spf', 'dkim', 'dmarc'] as const).filter((k) => authentication[k]).map((k) => `${k.toUpperCase()}: ${authentication[k]}`);
  return (
    <p data-testid="mail-auth" class={authentication.failed ? 'field-error' : undefined}>
      {m.heading}: {parts.join(', ')} — {authentication.failed ? m.failed : authentication.passed ? m.passed : m.unknown}
    </p>
  );
}

export function SenderDecision({ mailId, from, onDone }: { mailId: string; from: string | null; onDone?: () => void }) {
  const m = t.staff.mailSender;
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const domain = from?.includes('@') ? from.slice(from.lastIndexOf('@') + 1) : null;

  const decide = useDecision({ setError, setDone, setBusy, onDone });
  const accept = (addSender?: 'address' | 'domain') =>
    decide(async () => {
      const answer = await api<Accepted>('POST', `/api/staff/vendor-mail/${mailId}/accept`, addSender ? { addSender } : {});
      return m.done(answer.orderNumber ?? '', answer.keysStored, answer.senderAdded, answer.status);
    });

  return (
    <div class="match-form" role="group" aria-label={m.heading} data-testid="sender-decision">
      <p>{m.explain}</p>
      <button type="button" class="primary" disabled={busy || done !== null} onClick={() => accept()}>
        {m.acceptOnce}
      </button>
      {from && (
        <button type="button" disabled={busy || done !== null} onClick={() => accept('address')}>
          {m.addAddress(from)}
        </button>
      )}
      {domain && (
        <button type="button" disabled={busy || done !== null} onClick={() => accept('domain')}>
          {m.addDomain(domain)}
        </button>
      )}
      {error && <Alert>{error.message}</Alert>}
      {done && <Alert kind="notice">{done}</Alert>}
    </div>
  );
}

type Letter = WireOf<(typeof vendorMailContracts)['letter']['response'][200]>;
type Accepted = WireOf<(typeof vendorMailContracts)['accept']['response'][200]>;
type KeysChosen = WireOf<(typeof vendorMailContracts)['chooseKeys']['response'][200]>;

export function ChooseKeys({ mailId, onDone }: { mailId: string; onDone?: () => void }) {
  const m = t.staff.mailChoose;
  const [letter, setLetter] = useState<Letter | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const decide = useDecision({ setError, setDone, setBusy, onDone });

  async function open() {
    setError(null);
    try {
      setLetter(await api<Letter>('GET', `/api/staff/vendor-mail/${mailId}/letter`));
    } catch (err) {
      setError(asApiError(err));
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    await decide(async () => {
      const answer = await api<KeysChosen>('POST', `/api/staff/vendor-mail/${mailId}/keys`, { keys: chosen });
      return t.staff.matched(answer.orderNumber ?? '', answer.keysStored);
    });
  }

  if (!letter) {
    return (
      <div class="match-form">
        <button type="button" onClick={open}>
          {m.open}
        </button>
        {error && <Alert>{error.message}</Alert>}
      </div>
    );
  }
  return (
    <form class="choose-keys" onSubmit={submit} aria-label={m.heading} data-testid="choose-keys">
      <div class="choose-keys__letter">
        <h3>{m.letter}</h3>
        <pre tabIndex={0} data-testid="letter-text">
          {letter.text || m.noText}
        </pre>
      </div>
      <div class="choose-keys__candidates">
        <CheckboxGroup
          legend={m.legend(letter.openPlaces)}
          name="keys"
          options={letter.candidates.map((c) => ({ value: c.key, label: c.fileName ? `${c.key} (${c.fileName})` : c.key }))}
          values={chosen}
          onValues={setChosen}
          error={error?.fields.length ? error.message : undefined}
        />
        <button type="submit" class="primary" disabled={busy || done !== null || chosen.length === 0}>
          {m.submit(chosen.length)}
        </button>
        {error && !error.fields.length && <Alert>{error.message}</Alert>}
        {done && <Alert kind="notice">{done}</Alert>}
      </div>
    </form>
  );
}
